"""Series over years: a region's indicators, or a rollup, for several years at once.

Each year counts its yearly measures (sessions, hours, money raised) over that calendar year and
its stock measures (volunteers, stations, organizations …) as of 31 December, or today for the
current year (:func:`core.indicators.history.year_end`). A year is one statement, as a one-year
query is: a series of three years costs what three one-year queries cost, never more. Years are
checked together (:func:`core.indicators.rollup.check_years`): at most
:data:`core.indicators.history.MAX_YEARS`, none twice, none after the current one.
"""

import asyncio
import datetime as dt
from collections.abc import Callable

import strawberry

from core import clock, models
from core.access.grants import region_at, require
from core.errors import FieldError
from core.indicators import history
from core.indicators.rollup import Group, check_by, check_years, rollup
from core.indicators.rollup import Rollup as RollupResult
from core.tree.tiers import CommunityKind, Tier
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.indicator_values import IndicatorValue, chosen_indicators, indicators_at


@strawberry.type(description="The indicators of one year of a series.")
class IndicatorYear:
    year: int
    as_of: dt.date = strawberry.field(
        description="the day the counts of what exists are as of: 31 December, or today for the current year")
    values: list[IndicatorValue]


def series_years(years: list[int], *, field: str = "years") -> list[tuple[int, dt.date | None]]:
    """Each year of a series with the day its stock is counted as of (None: today)."""
    checked = check_years(years, field=field)
    current = clock.today().year
    if checked[-1] > current:
        raise FieldError(field, f"{checked[-1]} has not begun (the current year is {current})")
    return [(year, history.year_end(year)) for year in checked]


async def region_indicator_series(info: Info, row: models.Region, keys: list[str] | None, years: list[int],
                                  kind: CommunityKind | None) -> list[IndicatorYear]:
    """``Region.indicatorSeries``: the region's indicators in each year (one DataLoader batch per year)."""
    require(info.context.who, "indicator", "read", row, field="indicatorSeries")
    chosen = chosen_indicators(info, keys, "keys")
    asked = series_years(years)
    found = await asyncio.gather(*(indicators_at(info, row, chosen, year, kind, as_of) for year, as_of in asked))
    return [IndicatorYear(year=year, as_of=as_of or clock.today(), values=values)
            for (year, as_of), values in zip(asked, found, strict=True)]


@strawberry.type(description="One row of a series rollup: a region of the tier grouped by (or the total), per year.")
class SeriesRow:
    path: str | None = strawberry.field(description="null for the row of what sits above the tier grouped by")
    name: str | None
    years: list[IndicatorYear]


@strawberry.type(description="A rollup for several years: one row per region of a tier, with each year's values.")
class RollupSeries:
    under: str
    by: enums.Tier
    years: list[int]
    rows: list[SeriesRow]
    total: SeriesRow
    above: SeriesRow | None = strawberry.field(
        description="what is recorded above the tier grouped by, in any of the years, if anything")


def _row(path: str | None, name: str | None, group_of: Callable[[RollupResult], Group | None],
         results: list[RollupResult]) -> SeriesRow:
    """A series row: each year's values of the group ``group_of(result)`` (zeros where it has none)."""
    years = []
    for result in results:
        group = group_of(result) or Group(None, path, name, {})
        years.append(IndicatorYear(year=result.year, as_of=result.as_of or clock.today(),
                                   values=[IndicatorValue.of(v) for v in result.values(group)]))
    return SeriesRow(path=path, name=name, years=years)


def _group_of(region_id: int | None) -> Callable[[RollupResult], Group | None]:
    return lambda result: next((g for g in result.rows if g.region_id == region_id), None)


async def rollup_series(info: Info, under: str, by: Tier, indicators: list[str], years: list[int],
                        kind: CommunityKind | None) -> RollupSeries:
    """``rollupSeries``: one rollup per year (each one statement), their rows side by side."""
    chosen = chosen_indicators(info, indicators, "indicators")
    asked = series_years(years)
    async with info.context.lock:
        region = await region_at(info.context.session, under, info.context.who, field="under")
    require(info.context.who, "indicator", "read", region, field="under")
    check_by(region.tier, by)
    results = [await rollup(info.context.exec, region, by, chosen, year, kind, as_of) for year, as_of in asked]
    regions: dict[int | None, Group] = {}
    for result in results:  # the tree has no history: the same regions every year, in tree order
        for group in result.rows:
            regions.setdefault(group.region_id, group)
    rows = [_row(group.path, group.name, _group_of(region_id), results) for region_id, group in regions.items()]
    above = _row(None, None, lambda r: r.above, results) if any(r.above for r in results) else None
    return RollupSeries(under=region.path, by=by, years=[y for y, _ in asked], rows=rows,
                        total=_row(region.path, region.name, lambda r: r.total, results), above=above)
