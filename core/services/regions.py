"""The tier tree: adding, moving and seeding regions, and doing so through the API.

:func:`add_region`, :func:`move_region` and :func:`seed_regions` keep the tree consistent; :func:`add`
and :func:`move` are what the API calls, within the caller's permissions. Only this module writes ``Region.path``, ``depth`` and the ancestor columns, always in the
caller's transaction, so the tree is never seen half-updated.
"""

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit
from core.access.grants import Principal, region_at, require
from core.errors import FieldError, InvalidInput, NotFound, problems_from
from core.indicators import summary
from core.models import Region, Tenant, TenantPlugin
from core.models.region import RegionFacts
from core.plugins.declarations import RegionDecl
from core.plugins.registry import Registry
from core.tree.paths import check_path, within
from core.tree.tiers import TIER_ORDER, CommunityKind, Tier

CODE_MAX_LENGTH = 64
ATTRIBUTE_KEY = r"[a-z][a-z0-9_]{0,63}"


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


def branch(region: Region) -> sa.ColumnElement[bool]:
    """Predicate on ``Region`` for ``region``, its ancestors and everything below it: where a list
    serving ``region`` may be kept (a street's list serves its communities, and is compiled from theirs)."""
    above = [region_id for tier in Tier if (region_id := region.ancestor_id(tier)) is not None]
    return sa.or_(col(Region.id).in_(above), subtree(region))


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
    population_year: int | None = None,
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
        population_year=population_year,
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
                population_year=decl.population_year,
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
        kept = set(region.maintained or [])  # what an office set stays theirs
        declared: dict[str, Any] = {"name": decl.name, "kind": decl.kind, "source": decl.source, "position": position,
                                    "attributes": _declared_attributes(region, decl, kept)}
        for field in ("resident_population", "urban_population", "population_year", "division_code"):
            if getattr(decl, field) is not None:
                declared[field] = getattr(decl, field)
        for field, wanted in declared.items():
            if field not in kept and getattr(region, field) != wanted:
                setattr(region, field, wanted)
                changed = True
        if changed:
            session.add(region)
            updated += 1
    await session.flush()
    return added, updated


def _declared_attributes(region: Region, decl: RegionDecl, kept: set[str]) -> dict[str, Any]:
    """The declared attributes, except those an office set (kept as stored, or absent if removed)."""
    stored = region.attributes or {}
    out = {k: v for k, v in decl.attributes.items() if f"attributes.{k}" not in kept}
    out |= {k: stored[k] for k in stored if f"attributes.{k}" in kept}
    return out


# --- through the API -------------------------------------------------------------------------------

FACTS = ("name", "division_code", "kind", "resident_population", "urban_population", "population_year", "attributes")
"""The facts of a region its office maintains (:func:`update_facts`); code, tier and place are not
among them (a move changes the place, the code is part of every path below)."""

POPULATIONS = ("resident_population", "urban_population")


def would_be(parent: Region, tier: Tier) -> Region:
    """A region of ``tier`` not yet stored under ``parent``, for the permission check of adding or
    moving one there: its ancestors are the parent's, and it has none at its own tier yet.

    ``region:create`` is checked on it like any permission on an object: the role's lines name the
    tiers of the regions it may create (``region:create@street,community``), and a role held at a
    region covers only what lies strictly below it when the new region's tier column is unset, so an
    office never adds a sibling of its own region, nor moves its own region under another parent."""
    region = Region(tenant_id=parent.tenant_id, tier=tier, code="", name="", path="", depth=parent.depth + 1)
    for above in TIER_ORDER:
        setattr(region, above.column, parent.ancestor_id(above) if above.rank < tier.rank else None)
    return region


async def add(
    session: AsyncSession, principal: Principal, parent_path: str, data: dict[str, Any], *, registry: Registry | None = None
) -> Region:
    """Add a region under the region at ``parent_path``, within the caller's permissions, audited.

    Needs ``region:read`` at the parent and ``region:create`` for a region of the new tier there
    (:func:`would_be`). ``data`` holds ``code``, ``tier`` and the facts of :data:`FACTS`, validated as
    :func:`update_facts` validates them (attributes need ``registry``)."""
    try:
        parent = await region_at(session, parent_path, principal, field="parent")
        tier = data["tier"]
        if tier.rank > parent.tier.rank and not principal.may("region", "create", would_be(parent, tier)):
            raise FieldError("tier", f"you may not create a {tier.value} under {parent.path!r}", code="forbidden")
        tenant = await session.get(Tenant, parent.tenant_id)
        if tenant is None:
            raise NotFound("parent", f"no tenant with id {parent.tenant_id}")
        facts = _validated({k: v for k, v in data.items() if k in FACTS and v is not None})
        check_code(data["code"])
        check_tier_below(tier, parent)
        _check_kind(tier, facts.get("kind"))
        _check_populations(facts.get("resident_population"), facts.get("urban_population"))
        placed = would_be(parent, tier)
        placed.path = f"{parent.path}/{data['code']}"
        attributes = await _attributes(session, registry, placed, {}, facts.pop("attributes", None) or {})
        region = await add_region(session, parent=parent, tenant=tenant, code=data["code"], tier=tier,
                                  attributes=attributes, **facts)
        region.maintained = sorted(_maintained_names(facts, attributes))
        session.add(region)
        await session.flush()
        after = {"tier": tier.value, **_stored(facts)} | ({"attributes": attributes} if attributes else {})
        await audit.record(session, principal, "region.create", region.path, tenant_id=region.tenant_id, after=after)
        return region
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def move(session: AsyncSession, principal: Principal, path: str, new_parent_path: str) -> Region:
    """Move a region and its subtree: ``region:update`` on it, and ``region:create`` for a region of
    its tier under the new parent (:func:`would_be`); audited with the old and new paths."""
    try:
        region = await region_at(session, path, principal, field="path")
        require(principal, "region", "update", region, field="path")
        new_parent = await region_at(session, new_parent_path, principal, field="newParent")
        if region.tier.rank > new_parent.tier.rank and not principal.may("region", "create", would_be(new_parent, region.tier)):
            raise FieldError("newParent", f"you may not create a {region.tier.value} under {new_parent.path!r}", code="forbidden")
        old_path = region.path
        moved = await move_region(session, region, new_parent)
        await audit.record(session, principal, "region.move", old_path, tenant_id=moved.tenant_id,
                           before={"path": old_path}, after={"path": moved.path})
        return moved
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def update_facts(
    session: AsyncSession,
    principal: Principal,
    region: Region | str,
    changes: Mapping[str, Any],
    *,
    registry: Registry | None = None,
) -> Region:
    """Change the facts of one region as its office does, validated and audited; return the region.

    ``region`` is a stored row or a path (``"<tenant>/<district>/<street>"``); the caller needs
    ``region:read`` on it (else ``not_found`` naming ``path``) and ``region:update`` (else
    ``forbidden``), held at the region or above it. ``changes`` maps facts of :data:`FACTS` (snake_case)
    to new values; facts left out stay as they are:

    - ``name`` (text, 1–100 characters); ``division_code`` (GB/T 2260, 6, 9 or 12 digits, or None);
    - ``kind`` (:class:`~core.tree.tiers.CommunityKind` or its value; communities only, or None);
    - ``resident_population``, ``urban_population`` (whole numbers ≥ 0, urban ≤ resident, or None)
      and ``population_year`` (the census or statistics year they are of: 1950 to this year). When the
      region has a year and a population changes, the year must be sent too (the stored one again if
      the figures are of that year): a year never silently describes other figures;
    - ``attributes``: a dict of attribute key → value (None removes the key), merged into the stored
      ones; each key must be declared (``register_region_attributes``) by a plugin enabled in the
      region's tenant whose scope covers the region, for its tier, and the value of its kind.
      ``registry`` (the platform's) is needed to change attributes.

    Raises :class:`~core.errors.InvalidInput` naming every bad field (``urban_population``,
    ``attributes.<key>`` …) with nothing written. On success the row is changed in the caller's
    transaction, the indicator summaries of the region and its ancestors are refreshed at the next
    flush (done here), the changed facts are remembered as maintained (a later ``wushe init`` keeps
    them) and one audit event ``region.update`` records each changed fact's old and new value. A
    change that changes nothing writes nothing, not even an audit event. Bulk imports call it once
    per row, in one transaction, inside :func:`core.indicators.summary.deferred` so that the sums
    are rewritten once at the end rather than at each row's flush.
    """
    try:
        if isinstance(region, str):
            region = await region_at(session, region, principal, field="path")
        elif not principal.may("region", "read", region):
            raise NotFound("path", f"no region at path {region.path!r}")
        require(principal, "region", "update", region, field="path")
        unknown = sorted(set(changes) - set(FACTS))
        if unknown:
            raise FieldError(unknown[0], "is not a fact of a region that can be changed "
                             f"(those are {', '.join(FACTS)}; codes and places change by moving)")
        facts = _validated(dict(changes))
        if "name" in facts and facts["name"] is None:
            raise FieldError("name", "a region must have a name")
        if "attributes" in facts:
            if facts["attributes"] is None:
                raise FieldError("attributes", "send the keys to change, with null for a key to remove")
            facts["attributes"] = await _attributes(session, registry, region, region.attributes or {}, facts["attributes"])
        if "kind" in facts:
            _check_kind(region.tier, facts["kind"])
        resident = facts.get("resident_population", region.resident_population)
        urban = facts.get("urban_population", region.urban_population)
        _check_populations(resident, urban)
        changed = {name: value for name, value in facts.items() if _stored_value(getattr(region, name)) != _stored_value(value)}
        if (
            region.population_year is not None
            and any(name in changed for name in POPULATIONS)
            and "population_year" not in facts
        ):
            raise FieldError("population_year", f"the populations change: say which year the new figures are of "
                             f"(the stored ones are of {region.population_year})")
        if not changed:
            return region
        before = {name: _stored_value(getattr(region, name)) for name in changed}
        after = {name: _stored_value(value) for name, value in changed.items()}
        if "attributes" in changed:
            keys = {k for k in {*before["attributes"], *after["attributes"]}
                    if before["attributes"].get(k) != after["attributes"].get(k)}
            before["attributes"] = {k: before["attributes"].get(k) for k in sorted(keys)}
            after["attributes"] = {k: after["attributes"].get(k) for k in sorted(keys)}
        for name, value in changed.items():
            setattr(region, name, value)
        names = {n for n in changed if n != "attributes"} | {f"attributes.{k}" for k in after.get("attributes", {})}
        region.maintained = sorted(set(region.maintained or []) | names)
        session.add(region)
        await session.flush()  # the summaries of the region and its ancestors follow (core.indicators.summary)
        await audit.record(session, principal, "region.update", region.path, tenant_id=region.tenant_id,
                           before=before, after=after)
        return region
    except FieldError as error:
        raise InvalidInput.of(error) from error


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    """The facts sent, validated one by one (types, bounds, the year); those sent, not the rest."""
    try:
        valid = RegionFacts.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from error
    return {name: getattr(valid, name) for name in valid.model_fields_set}


def _check_kind(tier: Tier, kind: CommunityKind | None) -> None:
    if kind is not None and tier is not Tier.COMMUNITY:
        raise FieldError("kind", f"urban/rural applies to communities only, not a {tier.value}")


def _check_populations(resident: int | None, urban: int | None) -> None:
    if resident is not None and urban is not None and urban > resident:
        raise FieldError("urban_population", f"{urban} exceeds the resident population {resident}")


async def _attributes(
    session: AsyncSession, registry: Registry | None, region: Region, stored: dict[str, Any], sent: dict[str, Any]
) -> dict[str, Any]:
    """``stored`` with the attributes ``sent`` set (or removed, for None), each checked against its
    declaration; a FieldError naming ``attributes.<key>`` otherwise."""
    if not sent:
        return dict(stored)
    if registry is None:
        raise FieldError("attributes", "attributes cannot be checked here (no plugin registry)")
    enabled = set((await session.exec(
        select(TenantPlugin.plugin).where(TenantPlugin.tenant_id == region.tenant_id, TenantPlugin.enabled == sa.true())
    )).all())
    declared = registry.attributes_at(region.path, enabled)
    out = dict(stored)
    for key, value in sent.items():
        if not isinstance(key, str) or not re.fullmatch(ATTRIBUTE_KEY, key):
            raise FieldError("attributes", f"{str(key)[:64]!r} is not an attribute key (snake_case, at most 64 characters)")
        field = f"attributes.{key}"
        found = declared.get(key)
        if found is None:
            known = ", ".join(sorted(k for k, d in declared.items() if d.item.applies_to(region.tier))) or "none"
            raise FieldError(field, f"no attribute {key!r} is declared for this region (declared here: {known})")
        if not found.item.applies_to(region.tier):
            tiers = ", ".join(t.value for t in found.item.tiers)
            raise FieldError(field, f"{found.item.label} applies to a {tiers}, not a {region.tier.value}")
        if value is None:
            out.pop(key, None)
            continue
        try:
            out[key] = found.item.check(value)
        except ValueError as error:
            raise FieldError(field, str(error)) from None
    return out


def _stored_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else (dict(value) if isinstance(value, dict) else value)


def _stored(facts: dict[str, Any]) -> dict[str, Any]:
    return {name: _stored_value(value) for name, value in facts.items() if name != "attributes"}


def _maintained_names(facts: dict[str, Any], attributes: dict[str, Any]) -> set[str]:
    return {n for n in facts if n != "attributes"} | {f"attributes.{k}" for k in attributes}
