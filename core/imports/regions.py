"""Importing regions and their facts (``wushe import regions``): the streets and communities an
office adds below its own region, and the populations, census year and urban/rural kind that the
ratios of the documents divide by.

A row names a region by its path of codes. A region that does not exist yet is added with
:func:`core.services.regions.add` (``region:create`` at its parent, the tier below the parent's,
a code unused among its siblings); parents come before children whatever the order of the file.
Its facts are set, for a new region as for a stored one, by ``update_facts`` of the regions
service (``region:update`` at the region, audited there), through :func:`update_facts` below. A stored region whose
facts already say what the row says is left alone, so a second run changes nothing.
"""

from typing import Any

from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.errors import FieldError, InvalidInput
from core.imports.columns import KIND_LABELS, TIER_LABELS, Column, Kind, choice, integer
from core.imports.loader import Progress, Result, problems
from core.imports.parse import Row, RowError, ordered
from core.imports.places import Places
from core.indicators import summary
from core.models import Region, Tenant
from core.services import regions as region_service

FACTS = ("kind", "resident_population", "urban_population", "population_year")
"""The columns set through ``update_facts``; the others (path, name, tier, division code) say
which region it is and are used only to add a missing one."""

REGIONS = Kind(
    "regions",
    "区域",
    (
        Column("区域路径", "path", required=True, aliases=("路径", "区域代码路径"), example="shanhai/donghu/xiyuan/xinmin",
               note="代码路径：新区域的上级须已存在或在本文件中"),
        Column("名称", "name", aliases=("区域名称",), example="新民社区", note="新增区域必填"),
        Column("层级", "tier", choice(TIER_LABELS), aliases=("级别",), example="社区", note="省/市/区县/街道/社区；新增区域必填"),
        Column("类型", "kind", choice(KIND_LABELS), aliases=("城乡类型", "社区类型"), example="城市社区"),
        Column("常住人口", "resident_population", integer, aliases=("人口", "户籍人口"), example=8600),
        Column("城镇人口", "urban_population", integer, example=8600),
        Column("人口年份", "population_year", integer, aliases=("普查年份", "统计年份"), example=2020),
        Column("行政区划代码", "division_code", aliases=("区划代码",), note="新增区域时写入"),
    ),
    key="区域路径",
)


async def update_facts(session: AsyncSession, principal: Principal, region: Region, changes: dict[str, Any]) -> None:
    """Set ``changes`` (some of :data:`FACTS`) on ``region`` through the regions service, with its
    permissions, validation and audit (``region:update`` at the region)."""
    await region_service.update_facts(session, principal, region, changes)


def _path(places: Places, text: str) -> str:
    path = text.strip().strip("/")
    if places.root is not None and not path.startswith(f"{places.root.path}/") and path != places.root.path:
        path = f"{places.root.path}/{path}"
    return path


async def load(session: AsyncSession, principal: Principal, tenant: Tenant, rows: list[Row], *,
               headers: dict[str, str], progress: Progress | None = None) -> Result:
    """Add the missing regions and set the facts of every row, parents first; every problem listed."""
    kind = REGIONS
    result = Result(kind.name, rows=len(rows))
    places = await Places.of(session, principal, tenant)
    errors: list[RowError] = []
    given = [name for name in FACTS if name in headers]
    seen: dict[str, int] = {}
    todo = []
    for row in rows:
        if "path" in row.failed:
            continue
        path = _path(places, str(row.values["path"]))
        if path in seen:
            errors.append(RowError(row.number, headers["path"], f"与第{seen[path]}行重复（同一区域只能有一行）"))
            continue
        seen[path] = row.number
        todo.append((path.count("/"), row.number, path, row))
    async with summary.deferred(session):
        for done, (_, _, path, row) in enumerate(sorted(todo), start=1):
            if progress is not None and done % 200 == 0:
                progress("写入", done, len(todo))
            try:
                region = places.by_path.get(path)
                if region is not None and not principal.may("region", "read", region):
                    region = None  # one the principal may not see is one that does not exist
                if region is None:
                    region = await _add(session, principal, path, row)
                    places.by_path[path] = region
                    changes = {name: row.values[name] for name in given if row.values.get(name) is not None}
                    outcome = "created"
                else:
                    _same_region(region, row)
                    changes = {name: row.values.get(name) for name in given
                               if _value(row.values.get(name)) != _value(getattr(region, name, None))}
                    outcome = "updated" if changes else "unchanged"
                if changes:
                    async with session.begin_nested():
                        await update_facts(session, principal, region, changes)
                setattr(result, outcome, getattr(result, outcome) + 1)
            except (FieldError, InvalidInput, ValidationError) as error:
                errors += problems(row, kind, headers, error)
    result.errors = ordered(errors, headers)
    return result


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _same_region(region: Region, row: Row) -> None:
    """A row about a stored region may repeat its name and tier; it cannot change them."""
    if row.values.get("tier") is not None and row.values["tier"] is not region.tier:
        raise FieldError("tier", f"{region.path!r} is a {region.tier.value}")
    if row.values.get("name") and row.values["name"] != region.name:
        raise FieldError("name", f"{region.path!r} is named {region.name}; an import does not rename a region")


async def _add(session: AsyncSession, principal: Principal, path: str, row: Row) -> Region:
    """A missing region, added below its parent by the regions service (``region:create`` there)."""
    parent_path, _, code = path.rpartition("/")
    if not row.values.get("name"):
        raise FieldError("name", "a new region needs its name")
    if row.values.get("tier") is None:
        raise FieldError("tier", "a new region needs its tier")
    data = {"code": code, "name": row.values["name"], "tier": row.values["tier"],
            "division_code": row.values.get("division_code")}
    return await region_service.add(session, principal, parent_path, data)
