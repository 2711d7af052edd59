"""The tier tree: adding, moving and seeding regions, and doing so through the API.

:func:`add_region`, :func:`move_region` and :func:`seed_regions` keep the tree consistent; :func:`add`
and :func:`move` are what the API calls, within the caller's permissions. Only this module writes ``Region.path``, ``depth`` and the ancestor columns, always in the
caller's transaction, so the tree is never seen half-updated.
"""

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, region_at, require
from core.errors import FieldError, InvalidInput, NotFound
from core.indicators import summary
from core.models import Region, Tenant
from core.plugins.declarations import RegionDecl
from core.tree.paths import check_path, within
from core.tree.tiers import TIER_ORDER, CommunityKind, Tier

CODE_MAX_LENGTH = 64


async def region_by_path(session: AsyncSession, path: str) -> Region | None:
    """The region at ``path`` regardless of who asks: for seeding and administration only.
    Resolvers go through :mod:`core.access.grants` instead."""
    return (await session.exec(select(Region).where(Region.path == path))).first()


async def tenant_root(session: AsyncSession, tenant_id: int) -> Region | None:
    """The root region of a tenant (where tenant-wide permissions are held), regardless of who asks."""
    query = select(Region).where(Region.tenant_id == tenant_id, col(Region.parent_id).is_(None))
    return (await session.exec(query)).first()


def subtree(region: Region) -> sa.ColumnElement[bool]:
    """Predicate on ``Region`` for ``region`` and everything below it (an indexed equality)."""
    return getattr(Region, region.tier.column) == region.id


async def add_region(
    session: AsyncSession,
    *,
    parent: Region | None,
    tenant: Tenant,
    code: str,
    name: str,
    tier: Tier,
    kind: CommunityKind | None = None,
    resident_population: int | None = None,
    urban_population: int | None = None,
    source: str | None = None,
    division_code: str | None = None,
    attributes: dict[str, Any] | None = None,
    position: int | None = None,
) -> Region:
    """Add a region under ``parent`` (or a tenant root when ``parent`` is None).

    ``position`` orders it among its siblings; by default it comes after them."""
    check_code(code)
    if parent is not None:
        if parent.tenant_id != tenant.id:
            raise FieldError("parent", f"region {parent.path!r} belongs to another tenant")
        check_tier_below(tier, parent)
        if await _sibling_exists(session, parent.id, code):
            raise FieldError("code", f"{code!r} is already used under {parent.path!r}")
    if kind is not None and tier is not Tier.COMMUNITY:
        raise FieldError("kind", "urban/rural applies to communities only")
    if position is None:
        last = await session.exec(select(sa.func.max(Region.position)).where(Region.parent_id == (parent.id if parent else None)))
        position = (last.one() or 0) + 1
    region = Region(
        tenant_id=tenant.id,  # type: ignore[arg-type]
        parent_id=parent.id if parent else None,
        code=code,
        name=name,
        tier=tier,
        kind=kind,
        resident_population=resident_population,
        urban_population=urban_population,
        path=f"{parent.path}/{code}" if parent else code,
        depth=parent.depth + 1 if parent else 0,
        position=position,
        division_code=division_code,
        attributes=dict(attributes or {}),
        source=source,
    )
    for above in TIER_ORDER:
        setattr(region, above.column, parent.ancestor_id(above) if parent else None)
    session.add(region)
    await session.flush()
    setattr(region, tier.column, region.id)
    await session.flush()
    return region


async def move_region(session: AsyncSession, region: Region, new_parent: Region) -> Region:
    """Move ``region`` and its whole subtree under ``new_parent``, in one statement.

    Paths, depths and the ancestor columns of the tiers above ``region`` are rewritten for
    every descendant; the tiers at and below ``region`` keep their values.
    """
    if new_parent.tenant_id != region.tenant_id:
        raise FieldError("parent", "a region cannot move to another tenant")
    if within(new_parent.path, region.path):
        raise FieldError("parent", f"{new_parent.path!r} lies inside {region.path!r}")
    if new_parent.id == region.parent_id:
        raise FieldError("parent", f"{region.path!r} already lies under {new_parent.path!r}")
    check_tier_below(region.tier, new_parent)
    if await _sibling_exists(session, new_parent.id, region.code):
        raise FieldError("code", f"{region.code!r} is already used under {new_parent.path!r}")
    await session.flush()  # pending changes reach the database before the bulk update
    old_parent_id = region.parent_id
    old_path, new_path = region.path, f"{new_parent.path}/{region.code}"
    depth_change = new_parent.depth + 1 - region.depth
    values: dict[str, object] = {
        "path": sa.literal(new_path) + sa.func.substr(Region.path, len(old_path) + 1),
        "depth": Region.depth + depth_change,
    }
    for above in region.tier.above():
        values[above.column] = new_parent.ancestor_id(above)
    await session.exec(
        sa.update(Region).where(subtree(region)).values(**values).execution_options(
            synchronize_session=False
        )
    )
    await session.exec(
        sa.update(Region).where(col(Region.id) == region.id).values(parent_id=new_parent.id)
    )
    # the bulk update bypassed the identity map: every loaded region may now be stale
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Region):
            session.expire(loaded)
    # and the ORM events that keep the indicator sums: the old and the new ancestors lose and gain it
    await session.run_sync(lambda s: summary.refresh_subtrees(s.connection(), [old_parent_id, new_parent.id]))
    await session.refresh(region)
    return region


def check_code(code: str) -> None:
    try:
        check_path(code)
    except ValueError as error:
        raise FieldError("code", str(error)) from error
    if "/" in code:
        raise FieldError("code", "must be one segment, without '/'")
    if len(code) > CODE_MAX_LENGTH:
        raise FieldError("code", f"must be at most {CODE_MAX_LENGTH} characters, got {len(code)}")


def check_tier_below(tier: Tier, parent: Region) -> None:
    if tier.rank <= parent.tier.rank:
        raise FieldError(
            "tier", f"a {tier.value} cannot lie under the {parent.tier.value} {parent.path!r}"
        )


async def _sibling_exists(session: AsyncSession, parent_id: int | None, code: str) -> bool:
    query = select(Region.id).where(Region.parent_id == parent_id, Region.code == code)
    return (await session.exec(query)).first() is not None


async def seed_regions(
    session: AsyncSession, declarations: Iterable[RegionDecl], tenants: dict[str, Tenant]
) -> tuple[int, int]:
    """Write declared regions (parents first); existing paths are updated, never duplicated.

    ``tenants`` maps a tenant code to its row. Returns (added, updated). The indicator sums of
    the regions are written once at the end, not at each region's flush.
    """
    async with summary.deferred(session):
        return await _seed_regions(session, declarations, tenants)


async def _seed_regions(
    session: AsyncSession, declarations: Iterable[RegionDecl], tenants: dict[str, Tenant]
) -> tuple[int, int]:
    existing = {
        r.path: r
        for r in (await session.exec(
            select(Region).where(col(Region.tenant_id).in_([t.id for t in tenants.values()]))
        )).all()
    }
    added = updated = 0
    siblings: dict[str | None, int] = {}
    for decl in sorted(declarations, key=lambda d: d.path.count("/")):
        position = siblings[decl.parent_path] = siblings.get(decl.parent_path, 0) + 1
        tenant = tenants[decl.path.split("/", 1)[0]]
        region = existing.get(decl.path)
        if region is None:
            parent = existing.get(decl.parent_path) if decl.parent_path else None
            if decl.parent_path and parent is None:
                raise NotFound("parent", f"region {decl.parent_path!r} does not exist")
            existing[decl.path] = await add_region(
                session,
                parent=parent,
                tenant=tenant,
                code=decl.code,
                name=decl.name,
                tier=decl.tier,
                kind=decl.kind,
                resident_population=decl.resident_population,
                urban_population=decl.urban_population,
                source=decl.source,
                division_code=decl.division_code,
                attributes=decl.attributes,
                position=position,
            )
            added += 1
            continue
        if region.tier is not decl.tier:
            raise FieldError("tier", f"{decl.path!r} is stored as {region.tier.value}, declared {decl.tier.value}")
        changed = False
        declared = {"name": decl.name, "kind": decl.kind, "source": decl.source, "position": position,
                    "attributes": dict(decl.attributes)}
        for field, wanted in declared.items():
            if getattr(region, field) != wanted:
                setattr(region, field, wanted)
                changed = True
        for field in ("resident_population", "urban_population", "division_code"):
            if getattr(decl, field) is not None and getattr(region, field) != getattr(decl, field):
                setattr(region, field, getattr(decl, field))
                changed = True
        if changed:
            session.add(region)
            updated += 1
    await session.flush()
    return added, updated


# --- through the API -------------------------------------------------------------------------------


async def add(session: AsyncSession, principal: Principal, parent_path: str, data: dict[str, Any]) -> Region:
    try:
        parent = await region_at(session, parent_path, principal, field="parent")
        require(principal, "region", "create", parent, field="parent")
        tenant = await session.get(Tenant, parent.tenant_id)
        if tenant is None:
            raise NotFound("parent", f"no tenant with id {parent.tenant_id}")
        return await add_region(session, parent=parent, tenant=tenant, **data)
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def move(session: AsyncSession, principal: Principal, path: str, new_parent_path: str) -> Region:
    try:
        region = await region_at(session, path, principal, field="path")
        require(principal, "region", "update", region, field="path")
        new_parent = await region_at(session, new_parent_path, principal, field="newParent")
        require(principal, "region", "create", new_parent, field="newParent")
        return await move_region(session, region, new_parent)
    except FieldError as error:
        raise InvalidInput.of(error) from error
