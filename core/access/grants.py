"""The one access layer: who is asking, and the SQL that limits what they see and change.

A principal holds role assignments (a role at a region, covering that region's subtree). For a
resource and an action, Casbin says at which tiers each role may act; that gives the principal's
:class:`Grant` list, and a grant is both a SQL predicate (for lists, counts and rollups) and a
Python check (for one object already loaded). Both come from the same grant, so a list and a
single-object check cannot disagree; and nothing is ever decided row by row.
"""

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from core.access import known_regions
from core.errors import FieldError, NotFound
from core.models import Region
from core.tree.paths import within
from core.tree.tiers import TIER_ORDER, Tier

if TYPE_CHECKING:
    from core.access.policy import Policy

M = TypeVar("M", bound=SQLModel)

ALL_TIERS = frozenset(TIER_ORDER)


@dataclass(frozen=True)
class Assignment:
    """A role held at a region (id, tier, path): it covers the region's whole subtree."""

    role: str
    region_id: int
    tier: Tier
    path: str
    emergency_powers: bool = False

    def covers(self, region: Region) -> bool:
        return region.tenant_id is not None and region.ancestor_id(self.tier) == self.region_id


@dataclass(frozen=True)
class EmergencyArea:
    """A street or community in emergency mode now (应急状态)."""

    id: int
    region_id: int
    tier: Tier
    path: str


EMERGENCY_POWERS = frozenset(
    {("region", "read")}
    | {(resource, action) for resource in ("volunteer", "volunteer_team", "social_organization", "donation")
       for action in ("read", "dispatch")}
)
"""What holders of an emergency-powers role inside an emergency area may do across that area."""


@dataclass(frozen=True)
class Grant:
    """What one assignment allows for one resource and action: its subtree, at some tiers."""

    region_id: int
    tier: Tier
    path: str
    tiers: frozenset[Tier]
    emergency_id: int | None = None

    def covers(self, region: Region) -> bool:
        return region.ancestor_id(self.tier) == self.region_id and region.tier in self.tiers

    def covers_subtree(self, region: Region) -> bool:
        """Does the grant's subtree contain ``region`` (whatever the tiers it allows)?"""
        return region.ancestor_id(self.tier) == self.region_id

    def predicate(self) -> sa.ColumnElement[bool]:
        inside = col(getattr(Region, self.tier.column)) == self.region_id
        if self.tiers >= ALL_TIERS:
            return inside
        return sa.and_(inside, col(Region.tier).in_(sorted(t.value for t in self.tiers)))


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user or service of one tenant with role assignments, or the platform."""

    username: str
    user_id: int | None = None
    tenant_id: int | None = None
    assignments: tuple[Assignment, ...] = ()
    emergencies: tuple[EmergencyArea, ...] = ()
    platform_admin: bool = False
    policy: "Policy | None" = field(default=None, compare=False, repr=False)
    _grants: dict[tuple[str, str], tuple[Grant, ...]] = field(default_factory=dict, compare=False, repr=False)

    def grants(self, resource: str, action: str) -> tuple[Grant, ...]:
        """The subtrees (and tiers in them) where this principal may ``action`` on ``resource``."""
        key = (resource, action)
        if key not in self._grants:
            self._grants[key] = self._compute(resource, action)
        return self._grants[key]

    def _compute(self, resource: str, action: str) -> tuple[Grant, ...]:
        if self.tenant_id is None or self.policy is None:
            return ()
        out = []
        for a in self.assignments:
            tiers = self.policy.allowed_tiers(self.tenant_id, a.role, resource, action)
            tiers = frozenset(t for t in tiers if t.rank >= a.tier.rank)  # never upward
            if tiers:
                out.append(Grant(a.region_id, a.tier, a.path, tiers))
        if (resource, action) in EMERGENCY_POWERS:
            for e in self.emergencies:
                if any(a.emergency_powers and within(a.path, e.path) for a in self.assignments):
                    out.append(Grant(e.region_id, e.tier, e.path, ALL_TIERS, emergency_id=e.id))
        return tuple(out)

    def without_emergency(self) -> "Principal":
        """The same principal with only its ordinary grants (to tell what emergency powers added)."""
        return replace(self, emergencies=(), _grants={})

    def may(self, resource: str, action: str, region: Region) -> bool:
        """The single-object check: may this principal act on something at ``region``?"""
        if self.platform_admin:
            return True
        if region.tenant_id != self.tenant_id:
            return False
        return any(g.covers(region) for g in self.grants(resource, action))

    def sees_subtree(self, resource: str, action: str, region: Region) -> bool:
        """May this principal ``action`` on ``resource`` everywhere in ``region``'s subtree?

        Then a count there filtered by :func:`visible` counts everything in the subtree, and the
        subtree's kept sums say the same. True when the grants whose subtree holds ``region`` allow,
        together, its tier and every tier below it; a subtree covered only by grants held further
        down (one per child, say) is answered False, which only costs a filtered count."""
        if self.platform_admin:
            return True
        if self.tenant_id is None or region.tenant_id != self.tenant_id:
            return False
        allowed: set[Tier] = set()
        for grant in self.grants(resource, action):
            if grant.covers_subtree(region):
                allowed |= grant.tiers
        return allowed >= {region.tier, *region.tier.below()}


def resource_of(model: type[SQLModel]) -> str:
    """A table's resource name for permissions: its ``__resource__`` or its table name."""
    return str(getattr(model, "__resource__", None) or model.__tablename__)


def region_predicate(principal: Principal, resource: str = "region", action: str = "read") -> sa.ColumnElement[bool]:
    """Predicate on ``Region``: where this principal may ``action`` on ``resource``."""
    if principal.platform_admin:
        return sa.true()
    grants = principal.grants(resource, action)
    if principal.tenant_id is None or not grants:
        return sa.false()
    return sa.and_(col(Region.tenant_id) == principal.tenant_id, sa.or_(*(g.predicate() for g in grants)))


def visible(model: type[M], principal: Principal, action: str = "read") -> SelectOfScalar[M]:
    """``SELECT model`` limited to the rows ``principal`` may ``action`` on.

    For tenant tables the region is joined, so callers may add conditions on ``Region`` (a
    subtree, a tier) without another join: the row's own, or for a model naming ``PLACED_BY`` (a
    foreign-key column) the region of the row that column refers to.
    """
    resource = resource_of(model)
    if model is Region:
        return select(model).where(region_predicate(principal, resource, action))
    placed_by = getattr(model, "PLACED_BY", None)
    if placed_by is None:
        query = select(model).join(Region, col(model.region_id) == Region.id)  # type: ignore[attr-defined]
    else:  # read where the row it refers to sits now (an entry of hours: where its volunteer lives)
        column = model.__table__.c[placed_by]  # type: ignore[attr-defined]
        owner = next(iter(column.foreign_keys)).column.table
        query = select(model).join(owner, owner.c.id == column).join(Region, owner.c.region_id == Region.id)
    if not principal.platform_admin:
        query = query.where(model.tenant_id == principal.tenant_id)  # type: ignore[attr-defined]
    return query.where(region_predicate(principal, resource, action))


async def get_visible(
    session: AsyncSession,
    model: type[M],
    id_: int,
    principal: Principal,
    *,
    field: str = "id",
    action: str = "read",
) -> M:
    """One object by id, through the same filter as every list; NotFound naming ``field`` otherwise."""
    row = (await session.exec(visible(model, principal, action).where(col(model.id) == id_))).first()  # type: ignore[attr-defined]
    if row is None:
        raise NotFound(field, f"no {model.__name__} with id {id_}")
    return row


async def region_at(
    session: AsyncSession, path: str, principal: Principal, *, field: str = "region"
) -> Region:
    """The region at ``path`` if the principal may read it; NotFound naming ``field`` otherwise (the
    same whether it does not exist or lies outside what the principal sees). Read once per worker
    and policy version (:mod:`core.access.known_regions`); the check is :meth:`Principal.may`, what
    :func:`visible`'s condition says of one row."""
    known = principal.policy.regions if principal.policy is not None else None
    region = await known_regions.find(session, path.strip().strip("/"), known)
    if region is None or not principal.may("region", "read", region):
        raise NotFound(field, f"no region at path {path!r}")
    return region


def require(principal: Principal, resource: str, action: str, region: Region, *, field: str = "region") -> None:
    """Refuse (naming ``field``) unless the principal may ``action`` on ``resource`` at ``region``."""
    if not principal.may(resource, action, region):
        raise FieldError(field, f"you may not {action} {resource} at {region.path!r}", code="forbidden")
