"""The resources and actions of the core, and the ``resource:action@tier,tier`` notation.

Plugins may name further resources (their forms, projects …) in their roles' permissions.
"""

import re
from dataclasses import dataclass

from core.tree.tiers import Tier

CORE_RESOURCES: dict[str, tuple[str, ...]] = {
    "region": ("read", "create", "update"),
    "community_profile": ("read", "update"),
    "social_organization": ("read", "create", "update", "dispatch"),
    "social_worker": ("read", "create", "update"),
    "volunteer": ("read", "create", "update", "dispatch"),
    "volunteer_team": ("read", "create", "update", "dispatch"),
    "community_fund": ("read", "create", "update"),
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
    "service_record": ("read", "create"),
    "catalogue": ("read",),
    "rule": ("run",),
    "setting": ("read", "update"),
    "case": ("read",),
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
