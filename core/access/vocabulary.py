"""The resources and actions of the core, the vocabulary permissions are checked against, and the
``resource:action@tier,tier`` notation.

The core declares :data:`CORE_RESOURCES` through the ``register_permissions`` hook, as a plugin
declares its own (a procedure's steps, ``xiamen_grant:apply``); the :class:`Vocabulary` is the
union. A role's permissions, declared or given at run time, must name a resource and action in it.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.tree.tiers import Tier

CORE_RESOURCES: dict[str, tuple[str, ...]] = {
    "region": ("read", "create", "update"),
    "community_profile": ("read", "update"),
    "social_organization": ("read", "create", "update", "dispatch"),
    "social_worker": ("read", "create", "update"),
    "volunteer": ("read", "create", "update", "dispatch"),
    "volunteer_team": ("read", "create", "update", "dispatch"),
    "community_fund": ("read", "create", "update", "grant"),
    "donation": ("read", "create", "dispatch"),
    "personal_data": ("read_full", "erase"),
    "user": ("read", "create", "update"),
    "role": ("read", "create", "update"),
    "assignment": ("read", "create", "delete"),
    "audit": ("read",),
    "emergency": ("read", "create", "update"),
    "form": ("read", "submit", "review"),
    "target": ("read",),
    "indicator": ("read", "update"),
    "activity": ("read", "create", "update"),
    "service_record": ("read", "create", "inspect"),
    "catalogue": ("read",),
    "rule": ("run",),
    "setting": ("read", "update"),
    "case": ("read",),
    "time_bank": ("read", "deposit", "withdraw", "convert"),
    "points": ("read", "earn", "award", "exchange", "convert"),
    "demand": ("read", "create", "update", "match"),
    "service_resource": ("read", "create"),
    "service_project": ("read", "create"),
}
"""Every resource the core protects, with its actions."""

ANY_TIER = "*"

_NAME = r"[a-z][a-z0-9_]*"
_PERMISSION = re.compile(rf"^(?P<resource>{_NAME}):(?P<action>{_NAME})(?:@(?P<tiers>[a-z,]+))?$")


@dataclass(frozen=True, order=True)
class PolicyLine:
    """One line of a role's policy: ``tier`` is a tier value or ``*``."""

    tier: str
    resource: str
    action: str

    def notation(self) -> str:
        suffix = "" if self.tier == ANY_TIER else f"@{self.tier}"
        return f"{self.resource}:{self.action}{suffix}"


def parse_permission(text: str) -> list[PolicyLine]:
    """``volunteer:read`` (any tier) or ``volunteer:dispatch@street,community`` → policy lines.

    Raises ValueError naming what is wrong.
    """
    match = _PERMISSION.match(text.strip())
    if not match or text.strip() != match.group(0):
        raise ValueError(f"permission {text!r} is not 'resource:action' or 'resource:action@tier,tier'")
    tiers = match.group("tiers")
    if not tiers:
        return [PolicyLine(ANY_TIER, match.group("resource"), match.group("action"))]
    lines = []
    for tier in tiers.split(","):
        try:
            Tier(tier)
        except ValueError:
            raise ValueError(f"permission {text!r}: {tier!r} is not a tier") from None
        lines.append(PolicyLine(tier, match.group("resource"), match.group("action")))
    return lines


def every_core_permission() -> list[PolicyLine]:
    return [PolicyLine(ANY_TIER, r, a) for r, actions in CORE_RESOURCES.items() for a in actions]


@dataclass(frozen=True)
class Vocabulary:
    """The resources a permission may name, each with its actions."""

    resources: Mapping[str, tuple[str, ...]]

    def problem(self, resource: str, action: str) -> str | None:
        """Why ``resource:action`` is not in the vocabulary (with the likely one meant), or None."""
        actions = self.resources.get(resource)
        if actions is None:
            close = difflib.get_close_matches(resource, list(self.resources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(self.resources))})"
            return f"unknown resource {resource!r}{hint}"
        if action not in actions:
            close = difflib.get_close_matches(action, actions, n=1)
            hint = f"; did you mean '{resource}:{close[0]}'?" if close else ""
            return f"resource {resource!r} has no action {action!r}{hint} (its actions: {', '.join(actions)})"
        return None

    def lines(self, permission: str) -> list[PolicyLine]:
        """:func:`parse_permission`, then the vocabulary: ValueError naming what is wrong."""
        lines = parse_permission(permission)
        problem = self.problem(lines[0].resource, lines[0].action)
        if problem is not None:
            raise ValueError(f"permission {permission!r}: {problem}")
        return lines
