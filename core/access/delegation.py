"""Delegation never escalates: what an actor must hold to hand a role on, change one, or act on a user.

An actor *holds* a policy line at a region when its ordinary grants cover the region's subtree
for every tier the line names there. Powers received through an emergency never count: they
belong to the area for as long as the emergency lasts, and handing them on would let them
outlive it. A role with emergency powers hands those powers on too (reading and dispatching
across the street its holder sits in, while that street or community is in emergency mode), so
whoever grants, changes or takes away such a role must hold them there in ordinary times.

Acting on a user (a service token, switching them off or on, revoking their tokens, setting their
password) puts everything the user holds in the actor's hands: the actor must hold all of it, at
the user's regions. Nobody of a tenant ever acts on a platform administrator.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import EMERGENCY_POWERS, Principal
from core.access.vocabulary import ANY_TIER, PolicyLine
from core.errors import FieldError, NotFound
from core.models import Region, Role, RoleAssignment, RolePermission, User
from core.tree.tiers import TIER_ORDER, Tier

EMERGENCY_LINES: tuple[PolicyLine, ...] = tuple(sorted(PolicyLine(ANY_TIER, r, a) for r, a in EMERGENCY_POWERS))
"""What a role with emergency powers hands on, as policy lines over the area of an emergency."""


@dataclass(frozen=True)
class Held:
    """Policy lines held over a region's subtree; ``emergency`` when they are a role's emergency powers."""

    lines: tuple[PolicyLine, ...]
    region: Region
    emergency: bool = False


def missing(principal: Principal, held: Held) -> list[str]:
    """The lines of ``held`` the principal does not hold: a line is held when the principal's
    ordinary grants (never powers received through an emergency) cover the region's subtree for
    every tier the line names there."""
    if principal.platform_admin:
        return []
    ordinary = principal.without_emergency()
    below = [t for t in TIER_ORDER if t.rank >= held.region.tier.rank]
    lacking = []
    for line in held.lines:
        tiers = below if line.tier == ANY_TIER else [t for t in below if t.value == line.tier]
        grants = [g for g in ordinary.grants(line.resource, line.action) if g.covers_subtree(held.region)]
        if not all(any(t in g.tiers for g in grants) for t in tiers):
            lacking.append(line.notation())
    return lacking


def refuse_unless_held(principal: Principal, held: Iterable[Held], field: str, verb: str = "grant") -> None:
    """Raise a forbidden FieldError naming ``field`` unless the principal holds all of ``held``."""
    for part in held:
        lacking = missing(principal, part)
        if lacking:
            what = " (the emergency powers of the role)" if part.emergency else ""
            raise FieldError(field, f"you cannot {verb} what you do not hold at {part.region.path!r}{what}: "
                             f"{', '.join(lacking)}", "forbidden")


async def handed_on(session: AsyncSession, role: Role, lines: Iterable[PolicyLine], place: Region) -> list[Held]:
    """What holding ``role`` (with ``lines``) at ``place`` gives: its lines over the subtree and,
    for a role with emergency powers at a street or community, those powers over the street."""
    held = [Held(tuple(lines), place)]
    if role.emergency_powers:
        area = await emergency_area(session, place)
        if area is not None:
            held.append(Held(EMERGENCY_LINES, area, emergency=True))
    return held


async def emergency_area(session: AsyncSession, place: Region) -> Region | None:
    """The widest area an emergency can cover for a holder at ``place``: its street (emergencies
    are declared for streets and communities, and reach holders inside them)."""
    if place.tier is Tier.STREET:
        return place
    if place.tier is Tier.COMMUNITY and place.street_id is not None:
        return await session.get(Region, place.street_id)
    return None


async def held_by(session: AsyncSession, user: User) -> list[Held]:
    """Everything ``user`` holds: each assignment's role lines at its region (and emergency powers)."""
    rows = (
        await session.exec(
            select(Role, Region)
            .join(RoleAssignment, col(RoleAssignment.role_id) == Role.id)
            .join(Region, col(RoleAssignment.region_id) == Region.id)
            .where(RoleAssignment.user_id == user.id, Role.tenant_id == user.tenant_id,
                   Region.tenant_id == user.tenant_id)
        )
    ).all()
    if not rows:
        return []
    permissions = (
        await session.exec(
            select(RolePermission).where(RolePermission.tenant_id == user.tenant_id,
                                         col(RolePermission.role_code).in_({role.code for role, _ in rows}))
        )
    ).all()
    lines: dict[str, list[PolicyLine]] = {}
    for p in permissions:
        lines.setdefault(p.role_code, []).append(PolicyLine(p.tier, p.resource, p.action))
    held: list[Held] = []
    for role, region in rows:
        held.extend(await handed_on(session, role, sorted(lines.get(role.code, [])), region))
    return held


async def refuse_unless_stronger(session: AsyncSession, actor: Principal, user: User, field: str = "username") -> None:
    """Refuse to act on ``user`` unless ``actor`` holds everything the user holds (oneself excepted)."""
    if actor.platform_admin or (actor.user_id is not None and user.id == actor.user_id):
        return
    if user.is_platform_admin or user.tenant_id != actor.tenant_id:
        raise NotFound(field, f"no user {user.username!r}")
    if any(missing(actor, part) for part in await held_by(session, user)):
        raise FieldError(field, f"you may not act on {user.username!r}: they hold permissions you do not hold",
                         "forbidden")
