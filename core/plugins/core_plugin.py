"""The core's own declarations, made through the hooks exactly as a plugin makes its own.

The plugin manager registers this module first, under the name ``core`` (which no plugin may take).
It is not a plugin of any tenant: it has no scope, no regions, and is not listed among the plugins.
"""

from core.access.vocabulary import CORE_RESOURCES
from core.plugins.declarations import PermissionDecl
from core.plugins.hookspecs import hookimpl
from core.plugins.problems import CORE as PLUGIN_NAME

__all__ = ["PLUGIN_NAME", "register_permissions"]


@hookimpl
def register_permissions() -> list[PermissionDecl]:
    """The resources the core protects (docs/plugins.md, Permissions table)."""
    return [PermissionDecl(resource=resource, actions=actions, source="wushe core")
            for resource, actions in CORE_RESOURCES.items()]
