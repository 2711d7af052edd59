"""Series over years or months: a region's indicators, or a rollup, for several at once.

Each year counts its yearly measures (sessions, hours, money raised) over that calendar year and
its stock measures (volunteers, stations, organizations …) as of 31 December, or today for the
current year (:func:`core.indicators.history.year_end`). Each month (``months: ["2025-01", …]``
instead of ``years``) counts its stock as of its last day (today for the current month) and its
yearly measures over its own days alone (:mod:`core.indicators.months`). A year or a month is one
statement, as a one-year query is: a series of three costs what three one-year queries cost, never
more. Years are checked together (:func:`core.indicators.rollup.check_years`): at most
:data:`core.indicators.history.MAX_YEARS`, none twice, none after the current one; months likewise
(:func:`core.indicators.months.check_months`, at most :data:`core.indicators.history.MAX_MONTHS`).
"""

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import strawberry

from core import clock, models
from core.access.grants import region_at, require
from core.errors import FieldError
from core.indicators import history
from core.indicators.months import Month, check_months
from core.indicators.rollup import Group, check_by, check_years, rollup
from core.indicators.rollup import Rollup as RollupResult
from core.tree.tiers import CommunityKind, Tier
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.indicator_values import IndicatorValue, chosen_indicators, indicators_at

YEARS_HELP = "several years, e.g. [2023, 2024, 2025] (or months instead)"
MONTHS_HELP = ('several months, "YYYY-MM", e.g. ["2025-01", "2025-02"] (instead of years): each month\'s counts of '
               "what exists as of its last day (today for the current month), its yearly measures over that month alone")


@strawberry.type(description="The indicators of one year of a series, or of one month in a series over months.")
class IndicatorYear:
    year: int = strawberry.field(description="the year (in a series over months, the month's year)")
    month: str | None = strawberry.field(
        description="the month, \"2025-03\", in a series over months (its yearly indicators count that month "
                    "alone); null in a series over years")
    as_of: dt.date = strawberry.field(
        description="the day the counts of what exists are as of: 31 December (a month: its last day), or today "
                    "for the current year (month)")
    values: list[IndicatorValue]


@dataclass(frozen=True)
class Point:
    """One entry of a series: a year, or a month of it; ``as_of`` the day its stock is counted as of
    (None: today)."""

    year: int
    month: Month | None
    as_of: dt.date | None


def series_years(years: list[int], *, field: str = "years") -> list[tuple[int, dt.date | None]]:
    """Each year of a series with the day its stock is counted as of (None: today)."""
    checked = check_years(years, field=field)
    current = clock.today().year
    if checked[-1] > current:
        raise FieldError(field, f"{checked[-1]} has not begun (the current year is {current})")
    return [(year, history.year_end(year)) for year in checked]


def series_points(years: list[int] | None, months: list[str] | None) -> list[Point]:
    """The entries asked for: ``years`` or ``months``, exactly one of the two (FieldError naming it)."""
    if years is not None and months is not None:
        raise FieldError("months", "give years or months, not both")
    if months is not None:
        return [Point(month.year, month, month.as_of) for month in check_months(months)]
    if years is None:
        raise FieldError("years", 'give years (e.g. [2024, 2025]) or months (e.g. ["2025-01", "2025-02"])')
    return [Point(year, None, as_of) for year, as_of in series_years(years)]


def _entry(point: Point, values: list[IndicatorValue]) -> IndicatorYear:
    return IndicatorYear(year=point.year, month=None if point.month is None else str(point.month),
                         as_of=point.as_of or clock.today(), values=values)


async def region_indicator_series(info: Info, row: models.Region, keys: list[str] | None, years: list[int] | None,
                                  kind: CommunityKind | None, months: list[str] | None = None) -> list[IndicatorYear]:
    """``Region.indicatorSeries``: the region's indicators in each year or month (one DataLoader batch each)."""
    require(info.context.who, "indicator", "read", row, field="indicatorSeries")
    chosen = chosen_indicators(info, keys, "keys")
    asked = series_points(years, months)
    found = await asyncio.gather(*(indicators_at(info, row, chosen, p.year, kind, p.as_of, p.month) for p in asked))
    return [_entry(point, values) for point, values in zip(asked, found, strict=True)]


@strawberry.type(description="One row of a series rollup: a region of the tier grouped by (or the total), per year "
                             "or per month.")
class SeriesRow:
    path: str | None = strawberry.field(description="null for the row of what sits above the tier grouped by")
    name: str | None
    years: list[IndicatorYear] = strawberry.field(description="each year's values (empty in a series over months)")
    months: list[IndicatorYear] = strawberry.field(description="each month's values (empty in a series over years)")


@strawberry.type(description="A rollup for several years or months: one row per region of a tier, with the values "
                             "of each.")
class RollupSeries:
    under: str
    by: enums.Tier
    years: list[int] = strawberry.field(description="the years asked for (empty in a series over months)")
    months: list[str] = strawberry.field(description="the months asked for, \"2025-03\" (empty in a series over years)")
    rows: list[SeriesRow]
    total: SeriesRow
    above: SeriesRow | None = strawberry.field(
        description="what is recorded above the tier grouped by, in any of the years (months), if anything")


def _row(path: str | None, name: str | None, group_of: Callable[[RollupResult], Group | None],
         asked: list[Point], results: list[RollupResult]) -> SeriesRow:
    """A series row: each entry's values of the group ``group_of(result)`` (zeros where it has none)."""
    entries = []
    for point, result in zip(asked, results, strict=True):
        group = group_of(result) or Group(None, path, name, {})
        entries.append(_entry(point, [IndicatorValue.of(v) for v in result.values(group)]))
    monthly = any(point.month is not None for point in asked)
    return SeriesRow(path=path, name=name, years=[] if monthly else entries, months=entries if monthly else [])


def _group_of(region_id: int | None) -> Callable[[RollupResult], Group | None]:
    return lambda result: next((g for g in result.rows if g.region_id == region_id), None)


async def rollup_series(info: Info, under: str, by: Tier, indicators: list[str], years: list[int] | None,
                        kind: CommunityKind | None, months: list[str] | None = None) -> RollupSeries:
    """``rollupSeries``: one rollup per year or month (each one statement), their rows side by side."""
    chosen = chosen_indicators(info, indicators, "indicators")
    asked = series_points(years, months)
    async with info.context.lock:
        region = await region_at(info.context.session, under, info.context.who, field="under")
    require(info.context.who, "indicator", "read", region, field="under")
    check_by(region.tier, by)
    results = [await rollup(info.context.exec, region, by, chosen, p.year, kind, p.as_of, p.month) for p in asked]
    regions: dict[int | None, Group] = {}
    for result in results:  # the tree has no history: the same regions every year, in tree order
        for group in result.rows:
            regions.setdefault(group.region_id, group)
    rows = [_row(group.path, group.name, _group_of(region_id), asked, results) for region_id, group in regions.items()]
    above = _row(None, None, lambda r: r.above, asked, results) if any(r.above for r in results) else None
    return RollupSeries(under=region.path, by=by,
                        years=[p.year for p in asked if p.month is None],
                        months=[str(p.month) for p in asked if p.month is not None], rows=rows,
                        total=_row(region.path, region.name, lambda r: r.total, asked, results), above=above)
