"""Indicators over GraphQL: the catalogue, and rollups by a lower tier with their targets.

A rollup is one SQL statement for its rows (sums over the summary tables, :mod:`core.indicators`)
and a few more for the targets of all of them. Values and targets on any ``Region`` are in
:mod:`core.web.graphql.indicator_values`.
"""

import asyncio
import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.tools import merge_types

from core import models
from core.access.grants import region_at, require
from core.indicators import evaluate as targets
from core.indicators import verdicts
from core.indicators.baselines import Baseline, against, extra_measures, latest
from core.indicators.rollup import Rollup as RollupResult
from core.indicators.rollup import catalogue, check_by, grouped, measures_of, rollup, subtree_sums, year_as_of
from core.models.base import stored_id
from core.plugins.declarations import GraphQLDecl
from core.tree.tiers import CommunityKind, Tier
from core.web.graphql import enums
from core.web.graphql.baselines import BaselineMutation, BaselineQuery
from core.web.graphql.context import Info
from core.web.graphql.indicator_values import IndicatorValue, TargetStatus, chosen_indicators, region_targets
from core.web.graphql.series import MONTHS_HELP, YEARS_HELP, RollupSeries, rollup_series
from core.web.graphql.types import Region


@strawberry.type(description="An indicator: what it counts, its unit, and whether live data computes it.")
class IndicatorInfo:
    key: str
    label: str = strawberry.field(description="the zh-CN column header of reports")
    unit: str
    definition: str
    yearly: bool = strawberry.field(description="counts one calendar year (sessions, active volunteers …)")
    computed: bool = strawberry.field(description="false: no live data source yet; its value is null")
    plugin: str = strawberry.field(description="core, or the plugin that registered it")
    left_out: str | None = strawberry.field(
        default=None, description="the measure counting the communities it leaves out for missing data")
    baseline_of: str | None = strawberry.field(
        default=None, description="the indicator it compares with that indicator's value at a baseline year")


class _RollupTargets:
    """The target statuses of every row of one rollup, computed once when a row first asks."""

    def __init__(self, under: models.Region, result: RollupResult) -> None:
        self.under, self.result = under, result
        self._task: asyncio.Task[dict[int, list[targets.Status]]] | None = None

    async def of(self, info: Info, region_id: int | None) -> list[TargetStatus]:
        if region_id is None:
            return []
        if self._task is None:  # set before any await: every other row then waits for this one
            self._task = asyncio.ensure_future(self._evaluate(info))
        return [TargetStatus.of(s) for s in (await self._task).get(region_id, [])]

    async def _evaluate(self, info: Info) -> dict[int, list[targets.Status]]:
        enabled = await info.context.loaders.enabled_plugins.load(self.under.tenant_id)
        found = await targets.evaluate_rows(info.context.exec, info.context.platform.registry, enabled,
                                            self.under, self.result)
        await verdicts.settle(info.context.exec, info.context.platform.sessions_for(info.context.who), self.under.tenant_id, found,
                              self.result.as_of, known=info.context.platform.recalled)
        return found


@strawberry.type(description="One row of a rollup: a region of the tier grouped by, or the total.")
class RollupRow:
    path: str | None = strawberry.field(description="null for the row of what sits above the tier grouped by")
    name: str | None
    values: list[IndicatorValue]
    region_id: strawberry.Private[int | None]
    shared: strawberry.Private[_RollupTargets]
    total: strawberry.Private[bool]
    year: strawberry.Private[int]

    @strawberry.field(description="The targets in force at this row's region on the rollup's indicators.")
    async def targets(self, info: Info) -> list[TargetStatus]:
        if self.total:
            names = [i.key for i in self.shared.result.indicators]
            return await region_targets(info, self.shared.under, self.year, names, as_of=self.shared.result.as_of)
        return await self.shared.of(info, self.region_id)

    @strawberry.field(description="The row's region.")
    async def region(self, info: Info) -> Region | None:
        if self.region_id is None:
            return None
        row = await info.context.loaders.by_id(models.Region).load(self.region_id)
        return Region.of(row) if row else None


@strawberry.type(description="An indicator rollup: one row per region of a tier under a region, summed in SQL.")
class Rollup:
    under: str
    by: enums.Tier
    year: int
    rows: list[RollupRow]
    total: RollupRow
    above: RollupRow | None = strawberry.field(
        description="what is recorded above the tier grouped by (at the region itself, say), if anything")
    as_of: dt.date | None = strawberry.field(
        default=None, description="the past day the counts of what exists are as of (null: today's)")


Baselines = dict[str, dict[int, Baseline]]
"""For each indicator against a baseline: the baseline of each row's region."""


def _row(group: Any, result: RollupResult, shared: _RollupTargets, registry: Any, baselines: Baselines,
         total: bool = False) -> RollupRow:
    values = []
    for indicator in result.indicators:
        found = baselines.get(indicator.key, {}).get(group.region_id) if group.region_id is not None else None
        values.append(IndicatorValue.of(against(indicator, registry, group.sums, result.year, found, result.as_of),
                                         group.sums, found))
    return RollupRow(path=group.path, name=group.name, values=values,
                     region_id=group.region_id, shared=shared, total=total, year=result.year)


async def _complete(info: Info, under: models.Region, result: RollupResult, kind: CommunityKind | None) -> Baselines:
    """Add to the rollup's rows what its indicators need besides their numerators and denominators
    (left-out counts, what a baseline indicator compares): one statement; and the rows' baselines."""
    registry = info.context.platform.registry
    run = info.context.exec
    extra = {m for m in extra_measures(result.indicators, registry) - measures_of(result.indicators)
             if m not in result.total.sums}  # the rollup sums them where it was asked to
    groups = [*result.rows, result.total]
    ids = [region_id for region_id in (g.region_id for g in groups) if region_id is not None]
    if extra:
        if kind is None:
            found = await subtree_sums(run, ids, extra, result.year, as_of=result.as_of)
            for group in groups:
                group.sums.update(found.get(group.region_id, {}) if group.region_id is not None else {})
        else:
            by_row = {g.region_id: g for g in await grouped(run, under.tier, [stored_id(under)], result.by, extra,
                                                            result.year, kind, as_of=result.as_of)}
            for group in result.rows:
                group.sums.update(by_row[group.region_id].sums if group.region_id in by_row else {})
            for m in extra:
                result.total.sums[m] = sum(g.sums.get(m, 0.0) for g in by_row.values())
        if result.above is not None:
            for m in extra:
                result.above.sums[m] = result.total.sums.get(m, 0.0) - sum(r.sums.get(m, 0.0) for r in result.rows)
    regions: list[tuple[int, str]] = []
    for group in groups:
        if group.region_id is not None:
            regions.append((group.region_id, group.path or ""))
    return {i.key: await latest(run, registry, regions, i, result.year)
            for i in result.indicators if i.baseline_of is not None}


@strawberry.type
class IndicatorQuery:
    @strawberry.field(description="Every indicator: the core's and the plugins'.")
    def indicators(self, info: Info) -> list[IndicatorInfo]:
        registry = info.context.platform.registry
        owners = {d.item.key: d.plugin for d in registry.indicators}
        return [IndicatorInfo(key=i.key, label=i.label, unit=i.unit, definition=i.definition, yearly=i.yearly,
                              computed=i.measured, plugin=owners.get(i.key, "core"), left_out=i.left_out,
                              baseline_of=i.baseline_of)
                for i in catalogue(registry).values()]

    @strawberry.field(description="Indicators under a region, one row per region of a lower tier (GROUP BY in SQL).")
    async def rollup(
        self, info: Info, under: str, by: enums.Tier, indicators: list[str],
        year: int | None = None, kind: enums.CommunityKind | None = None,
        as_of: Annotated[dt.date | None, strawberry.argument(
            description="count what existed on this past day (its year for yearly indicators)")] = None,
    ) -> Rollup:
        chosen = chosen_indicators(info, indicators, "indicators")
        year = year_as_of(year, as_of)
        async with info.context.lock:
            region = await region_at(info.context.session, under, info.context.who, field="under")
        require(info.context.who, "indicator", "read", region, field="under")
        check_by(region.tier, Tier(by))
        result = await rollup(info.context.exec, region, Tier(by), chosen, year, kind and CommunityKind(kind), as_of,
                              extra=extra_measures(chosen, info.context.platform.registry))
        baselines = await _complete(info, region, result, kind and CommunityKind(kind))
        shared = _RollupTargets(region, result)
        registry = info.context.platform.registry
        return Rollup(
            under=region.path, by=Tier(by), year=year,
            rows=[_row(g, result, shared, registry, baselines) for g in result.rows],
            total=_row(result.total, result, shared, registry, baselines, total=True),
            above=_row(result.above, result, shared, registry, baselines) if result.above else None,
            as_of=result.as_of,
        )

    @strawberry.field(description="A rollup for several years at once: per row, each year's values (stock counts "
                                  "as of 31 December, today for the current year; yearly ones over the year); or for "
                                  "several months (months instead of years: stock counts as of each month's last "
                                  "day, yearly ones over that month alone).")
    async def rollup_series(
        self, info: Info, under: str, by: enums.Tier, indicators: list[str],
        years: Annotated[list[int] | None, strawberry.argument(description=YEARS_HELP)] = None,
        kind: enums.CommunityKind | None = None,
        months: Annotated[list[str] | None, strawberry.argument(description=MONTHS_HELP)] = None,
    ) -> RollupSeries:
        return await rollup_series(info, under, Tier(by), indicators, years, kind and CommunityKind(kind), months)


PART = GraphQLDecl(query=merge_types("IndicatorQuery", (IndicatorQuery, BaselineQuery)), mutation=BaselineMutation)
