"""Importing baselines (``wushe import baselines``): an indicator's value at a region at the end of a
year, from a yearbook or a bulletin, so that "double the 2020 count" is computed
(:mod:`core.indicators.baselines`).

A row names the region (path of codes or names, or its administrative division code), the
indicator (its key, or its Chinese label), the year, the value and its source. Every row is
checked by :func:`core.indicators.baselines.check`, exactly as ``setBaseline`` checks one
(``indicator:update`` at the region, an indicator computed from live data, a past year, a value
> 0, a source), before any is written; then each new or changed one is written by
:func:`core.indicators.baselines.write`, audited as ``setBaseline`` audits it (``baseline.set``).
A baseline already set with the same value and source is left alone, so a second run changes nothing.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.errors import FieldError
from core.imports.columns import Column, Kind, decimal_text, integer
from core.imports.loader import Progress, Result, problems
from core.imports.parse import Row, RowError, ordered
from core.imports.places import Places
from core.indicators import baselines
from core.indicators.rollup import catalogue
from core.models import Tenant

BASELINES = Kind(
    "baselines",
    "指标基数",
    (
        Column("区域", "region", required=True, aliases=("所在区域", "区域路径", "行政区划代码", "区划代码"),
               example="shanhai/donghu", note="区域代码路径、名称路径（东湖区），或行政区划代码（6、9 或 12 位）"),
        Column("指标", "indicator", required=True, aliases=("指标代码", "指标名称"), example="charity_organizations",
               note="指标代码或中文名称（如 慈善组织数）；须是由平台数据计算的指标"),
        Column("年份", "year", integer, required=True, aliases=("基数年份", "年度"), example=2020,
               note="数值是该年年末的；2000 年至去年"),
        Column("数值", "value", decimal_text, required=True, aliases=("基数", "数量"), example=120,
               note="大于 0，最多 6 位小数"),
        Column("来源", "source", required=True, aliases=("数据来源", "出处"), example="民政事业发展统计公报（2020年）",
               note="统计年鉴、公报、台账等，最多 200 字"),
    ),
    key="区域 + 指标 + 年份（同一区域、指标、年份只有一个基数；数值或来源不同时更新）",
)


def _labels(registry: Any) -> dict[str, str]:
    """Indicator keys by their Chinese label, for the labels only one indicator has."""
    by_label: dict[str, list[str]] = {}
    for key, indicator in catalogue(registry).items():
        if indicator.label:
            by_label.setdefault(indicator.label, []).append(key)
    return {label: keys[0] for label, keys in by_label.items() if len(keys) == 1}


async def load(session: AsyncSession, principal: Principal, tenant: Tenant, rows: list[Row], *,
               headers: dict[str, str], registry: Any, progress: Progress | None = None) -> Result:
    """Check every row as ``setBaseline`` does, then (when all pass) set the new and changed ones
    in the caller's transaction; every problem listed."""
    kind = BASELINES
    result = Result(kind.name, rows=len(rows))
    places = await Places.of(session, principal, tenant)
    keys = set(catalogue(registry))
    labels = _labels(registry)
    errors: list[RowError] = []
    seen: dict[tuple[Any, ...], int] = {}
    todo: list[baselines.Checked] = []
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 200 == 0:
            progress("校验", done, len(rows))
        region = places.find_or_code(row.values.get("region"))
        if isinstance(region, str):
            errors.append(RowError(row.number, headers["region"], region))
            continue
        if region is None or row.failed:
            continue  # a cell that could not be read: said already
        indicator = str(row.values["indicator"])
        indicator = indicator if indicator in keys else labels.get(indicator, indicator)
        key = (region.id, indicator, row.values["year"])
        if key in seen:
            errors.append(RowError(row.number, headers["region"],
                                   f"与第{seen[key]}行重复（同一区域、指标和年份只能有一行）"))
            continue
        seen[key] = row.number
        try:
            todo.append(await baselines.check(session, principal, registry, region=region.path, indicator=indicator,
                                              year=row.values["year"], value=row.values["value"],
                                              source=row.values["source"]))
        except FieldError as error:
            errors += problems(row, kind, headers, error)
    if errors:
        result.errors = ordered(errors, headers)
        return result
    try:
        for done, checked in enumerate(todo, start=1):
            if progress is not None and done % 200 == 0:
                progress("写入", done, len(todo))
            stored = await baselines.existing(session, checked)
            if baselines.same(stored, checked):
                result.unchanged += 1
                continue
            await baselines.write(session, principal, checked)
            if stored is None:
                result.created += 1
            else:
                result.updated += 1
    except sa.exc.IntegrityError:  # another import or setBaseline set the same one meanwhile: nothing is kept
        result.created = result.updated = result.unchanged = 0
        result.errors = [RowError(None, "", "写入时与同时设置的基数冲突（同一区域、指标和年份），请重新导入")]
    return result
