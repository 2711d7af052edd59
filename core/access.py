"""The one access layer: who is asking, and the SQL that limits what they see.

Every read of tenant data goes through :func:`visible` (a list, a count, a rollup or a single
object by id), so lists and single-object checks cannot disagree. A principal sees a row when
the row's region lies in one of the principal's scopes, in the principal's tenant; the
platform administrator sees every tenant. The permissions layer (Casbin) decides which scopes
a principal holds for which action; this module only turns scopes into SQL.
"""

from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from core.errors import NotFound
from core.models import Region
from core.tiers import Tier

M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True)
class Scope:
    """A region subtree: the region's id, tier and path."""

    region_id: int
    tier: Tier
    path: str

    def contains(self, region: Region) -> bool:
        return region.ancestor_id(self.tier) == self.region_id


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user (or service) of one tenant with region scopes, or the platform."""

    username: str
    user_id: int | None = None
    tenant_id: int | None = None
    scopes: tuple[Scope, ...] = ()
    platform_admin: bool = False
    attributes: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.platform_admin and self.tenant_id is None and self.scopes:
            raise ValueError("a principal with scopes must belong to a tenant")


def region_predicate(principal: Principal) -> sa.ColumnElement[bool]:
    """Predicate on ``Region``: the regions this principal may see."""
    if principal.platform_admin:
        return sa.true()
    if principal.tenant_id is None or not principal.scopes:
        return sa.false()
    by_tier: dict[Tier, list[int]] = {}
    for scope in principal.scopes:
        by_tier.setdefault(scope.tier, []).append(scope.region_id)
    within = [col(getattr(Region, tier.column)).in_(ids) for tier, ids in by_tier.items()]
    return sa.and_(Region.tenant_id == principal.tenant_id, sa.or_(*within))


def visible(model: type[M], principal: Principal) -> SelectOfScalar[M]:
    """``SELECT model`` limited to what ``principal`` may see.

    For tenant tables the region is joined, so callers may add further conditions on
    ``Region`` (a subtree, a tier) without another join.
    """
    if model is Region:
        return select(model).where(region_predicate(principal))
    query = select(model).join(Region, col(model.region_id) == Region.id)  # type: ignore[attr-defined]
    if not principal.platform_admin:
        query = query.where(model.tenant_id == principal.tenant_id)  # type: ignore[attr-defined]
    return query.where(region_predicate(principal))


async def get_visible(
    session: AsyncSession, model: type[M], id_: int, principal: Principal, *, field: str = "id"
) -> M:
    """One object by id, through the same filter as every list; NotFound naming ``field`` otherwise."""
    row = (await session.exec(visible(model, principal).where(col(model.id) == id_))).first()  # type: ignore[attr-defined]
    if row is None:
        raise NotFound(field, f"no {model.__name__} with id {id_}")
    return row


async def region_at(
    session: AsyncSession, path: str, principal: Principal, *, field: str = "region"
) -> Region:
    """The region at ``path`` if the principal may see it; NotFound naming ``field`` otherwise."""
    region = (
        await session.exec(visible(Region, principal).where(Region.path == path.strip().strip("/")))
    ).first()
    if region is None:
        raise NotFound(field, f"no region at path {path!r}")
    return region
