"""The core's own declarations, made through the hooks exactly as a plugin makes its own.

The plugin manager registers this module first, under the name ``core`` (which no plugin may take).
It is not a plugin of any tenant: it has no scope, no regions, and is not listed among the plugins.
"""

from decimal import Decimal

from core.access.vocabulary import ACTION_LABELS, CORE_RESOURCES, RESOURCE_LABELS
from core.plugins.declarations import PermissionDecl
from core.plugins.hookspecs import hookimpl
from core.plugins.problems import CORE as PLUGIN_NAME
from core.plugins.programmes import TIME_BANK, VOLUNTEER_POINTS, ProgrammeDecl

__all__ = ["PLUGIN_NAME", "register_permissions", "register_programmes"]


@hookimpl
def register_permissions() -> list[PermissionDecl]:
    """The resources the core protects (docs/plugins.md, Permissions table)."""
    return [PermissionDecl(resource=resource, actions=actions, source="wushe core", label=RESOURCE_LABELS[resource],
                           action_labels={a: ACTION_LABELS[a] for a in actions if a in ACTION_LABELS})
            for resource, actions in CORE_RESOURCES.items()]


@hookimpl
def register_programmes() -> list[ProgrammeDecl]:
    """The time bank (minutes of service deposited from service records) and volunteer points (one
    point an hour of recorded service, awarded and exchanged), in every tenant."""
    return [
        ProgrammeDecl(key=TIME_BANK, label="志愿服务时间银行", unit="minute", source="wushe core"),
        ProgrammeDecl(key=VOLUNTEER_POINTS, label="志愿服务积分", unit="point", earn_per_hour=Decimal(1),
                      source="wushe core"),
    ]
