"""Indicators and targets over GraphQL: values on any Region, rollups by a lower tier, target status.

Every number is a SQL sum over the summary tables (:mod:`core.indicators`). ``Region.indicators``
goes through a DataLoader, so the regions of one level of a nested query cost one statement
together; ``rollup`` is one statement for its rows and a few more for the targets of all of them.
"""

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from core import models
from core.access.grants import region_at, require
from core.documents.rules import enabled_plugins
from core.errors import FieldError
from core.indicators import Indicator
from core.indicators import evaluate as targets
from core.indicators.rollup import Rollup as RollupResult
from core.indicators.rollup import (
    Value,
    catalogue,
    check_by,
    check_year,
    grouped,
    measures_of,
    pick,
    rollup,
    subtree_sums,
    value_of,
)
from core.plugins.declarations import GraphQLDecl
from core.tree.tiers import CommunityKind, Tier
from core.web.graphql import enums

if TYPE_CHECKING:
    from core.web.graphql.context import Context
    from core.web.graphql.types import Region

MAX_INDICATORS = 50


@strawberry.type(description="An indicator: what it counts, its unit, and whether live data computes it.")
class IndicatorInfo:
    key: str
    label: str = strawberry.field(description="the zh-CN column header of reports")
    unit: str
    definition: str
    yearly: bool = strawberry.field(description="counts one calendar year (sessions, active volunteers …)")
    computed: bool = strawberry.field(description="false: no live data source yet; its value is null")
    plugin: str = strawberry.field(description="core, or the plugin that registered it")


@strawberry.type(description="One indicator at one region: value = numerator / denominator × scale.")
class IndicatorValue:
    key: str
    label: str
    unit: str
    value: float | None = strawberry.field(description="null when unknown: no live data, or nothing to divide by")
    numerator: float | None
    denominator: float | None
    year: int | None = strawberry.field(description="the year counted, for yearly indicators")

    @classmethod
    def of(cls, value: Value) -> "IndicatorValue":
        i = value.indicator
        return cls(key=i.key, label=i.label, unit=i.unit, value=value.value, numerator=value.numerator,
                   denominator=value.denominator, year=value.year)


@strawberry.type(description="A community that does not meet a per-community target.")
class FailingCommunity:
    path: str
    name: str
    value: float | None


@strawberry.type(description="A target in force at a region, evaluated on live data.")
class TargetStatus:
    key: str
    label: str
    indicator: str
    comparator: str
    threshold: str = strawberry.field(description="a decimal, as text (ratios as 0.22)")
    unit: str
    evaluated_at: str = strawberry.field(description="per_community or aggregate")
    community_kind: enums.CommunityKind | None
    year: int
    value: float | None = strawberry.field(description="the indicator on the region's subtree (of the kind, if any)")
    met: bool | None = strawberry.field(description="null when the value is unknown")
    status: str = strawberry.field(description="met, not_met or no_data")
    deadline: dt.date = strawberry.field(description="the target's deadline, or the year's end for a yearly one")
    days_left: int = strawberry.field(description="negative once the deadline has passed")
    communities: int | None = strawberry.field(description="per-community targets: communities counted")
    communities_meeting: int | None
    failing: list[FailingCommunity] = strawberry.field(description=f"per-community targets: the first {targets.FAILING_SHOWN} that do not meet it")
    scope: str
    plugin: str
    source: str

    @classmethod
    def of(cls, s: targets.Status) -> "TargetStatus":
        t = s.target
        status = "no_data" if s.met is None else ("met" if s.met else "not_met")
        return cls(
            key=t.key, label=t.label, indicator=t.indicator, comparator=t.comparator, threshold=str(t.threshold),
            unit=t.unit, evaluated_at=t.evaluated_at, community_kind=t.community_kind, year=s.year,
            value=s.value.value, met=s.met, status=status, deadline=s.deadline, days_left=s.days_left,
            communities=s.communities, communities_meeting=s.communities_meeting,
            failing=[FailingCommunity(path=f.path, name=f.name, value=f.value) for f in s.failing],
            scope=s.applied.scope, plugin=s.applied.plugin, source=t.source,
        )


# --- loading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SumsKey:
    region_id: int
    tier: Tier
    tenant_id: int
    year: int
    kind: CommunityKind | None
    measures: frozenset[str]


async def load_sums(context: "Context", keys: Sequence[SumsKey]) -> list[dict[str, float]]:
    """One statement per (tier, tenant, year, kind, measures) among the keys."""
    batches: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for key in keys:
        batches[(key.tier, key.tenant_id, key.year, key.kind, key.measures)].append(key.region_id)
    found: dict[tuple[Any, ...], dict[str, float]] = {}
    for (tier, tenant_id, year, kind, measures), ids in batches.items():
        if kind is None:  # the regions' rows of subtree sums
            for region_id, sums in (await subtree_sums(context.exec, ids, set(measures), year)).items():
                found[(tier, tenant_id, year, kind, measures, region_id)] = sums
            continue
        for group in await grouped(context.exec, tier, ids, tier, set(measures), year, kind):
            found[(tier, tenant_id, year, kind, measures, group.region_id)] = group.sums
    return [found.get((k.tier, k.tenant_id, k.year, k.kind, k.measures, k.region_id), {}) for k in keys]


async def load_enabled(context: "Context", tenant_ids: Sequence[int]) -> list[set[str]]:
    out = []
    async with context.lock:
        for tenant_id in tenant_ids:
            tenant = await context.session.get(models.Tenant, tenant_id)
            out.append(await enabled_plugins(context.session, tenant) if tenant else set())
    return out


def _readable(info: strawberry.Info, row: models.Region, field: str) -> None:
    require(info.context.who, "indicator", "read", row, field=field)


def _indicators(info: strawberry.Info, keys: list[str] | None, field: str) -> list[Indicator]:
    if keys is not None and not keys:
        raise FieldError(field, "name at least one indicator (or leave it out for all)")
    if keys is not None and len(keys) > MAX_INDICATORS:
        raise FieldError(field, f"at most {MAX_INDICATORS} indicators at a time")
    return pick(info.context.platform.registry, keys, field=field)


async def region_indicators(info: strawberry.Info, row: models.Region, keys: list[str] | None,
                            year: int | None, kind: CommunityKind | None) -> list[IndicatorValue]:
    _readable(info, row, "indicators")
    chosen = _indicators(info, keys, "keys")
    year = check_year(year)
    key = SumsKey(row.id, row.tier, row.tenant_id, year, kind and CommunityKind(kind),  # type: ignore[arg-type]
                  frozenset(measures_of(chosen)))
    sums = await info.context.loaders.indicator_sums.load(key) if key.measures else {}
    return [IndicatorValue.of(value_of(i, sums, year)) for i in chosen]


async def region_targets(info: strawberry.Info, row: models.Region, year: int | None,
                         indicators: list[str] | None = None) -> list[TargetStatus]:
    _readable(info, row, "targetStatus")
    year = check_year(year)
    wanted = None if indicators is None else {i.key for i in _indicators(info, indicators, "indicators")}
    enabled = await info.context.loaders.enabled_plugins.load(row.tenant_id)
    statuses = await targets.evaluate_at(info.context.exec, info.context.platform.registry, row, enabled, year,
                                         indicators=wanted)
    return [TargetStatus.of(s) for s in statuses]


# --- rollup ----------------------------------------------------------------------------------------

class _RollupTargets:
    """The target statuses of every row of one rollup, computed once when a row first asks."""

    def __init__(self, under: models.Region, result: RollupResult) -> None:
        self.under, self.result = under, result
        self._task: asyncio.Task[dict[int, list[targets.Status]]] | None = None

    async def of(self, info: strawberry.Info, region_id: int | None) -> list[TargetStatus]:
        if region_id is None:
            return []
        if self._task is None:  # set before any await: every other row then waits for this one
            self._task = asyncio.ensure_future(self._evaluate(info))
        return [TargetStatus.of(s) for s in (await self._task).get(region_id, [])]

    async def _evaluate(self, info: strawberry.Info) -> dict[int, list[targets.Status]]:
        enabled = await info.context.loaders.enabled_plugins.load(self.under.tenant_id)
        return await targets.evaluate_rows(info.context.exec, info.context.platform.registry, enabled,
                                           self.under, self.result)


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
    async def targets(self, info: strawberry.Info) -> list[TargetStatus]:
        if self.total:
            names = [i.key for i in self.shared.result.indicators]
            return await region_targets(info, self.shared.under, self.year, names)
        return await self.shared.of(info, self.region_id)

    @strawberry.field(description="The row's region.")
    async def region(self, info: strawberry.Info) -> Annotated["Region", strawberry.lazy("core.web.graphql.types")] | None:
        from core.web.graphql.types import Region

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


def _row(group: Any, result: RollupResult, shared: _RollupTargets, total: bool = False) -> RollupRow:
    return RollupRow(path=group.path, name=group.name,
                     values=[IndicatorValue.of(v) for v in result.values(group)],
                     region_id=group.region_id, shared=shared, total=total, year=result.year)


@strawberry.type
class IndicatorQuery:
    @strawberry.field(description="Every indicator: the core's and the plugins'.")
    def indicators(self, info: strawberry.Info) -> list[IndicatorInfo]:
        registry = info.context.platform.registry
        owners = {d.item.key: d.plugin for d in registry.indicators}
        return [IndicatorInfo(key=i.key, label=i.label, unit=i.unit, definition=i.definition, yearly=i.yearly,
                              computed=i.computed, plugin=owners.get(i.key, "core"))
                for i in catalogue(registry).values()]

    @strawberry.field(description="Indicators under a region, one row per region of a lower tier (GROUP BY in SQL).")
    async def rollup(
        self, info: strawberry.Info, under: str, by: enums.Tier, indicators: list[str],
        year: int | None = None, kind: enums.CommunityKind | None = None,
    ) -> Rollup:
        chosen = _indicators(info, indicators, "indicators")
        year = check_year(year)
        async with info.context.lock:
            region = await region_at(info.context.session, under, info.context.who, field="under")
        require(info.context.who, "indicator", "read", region, field="under")
        check_by(region.tier, Tier(by))
        result = await rollup(info.context.exec, region, Tier(by), chosen, year, kind and CommunityKind(kind))
        shared = _RollupTargets(region, result)
        return Rollup(
            under=region.path, by=Tier(by), year=year,
            rows=[_row(g, result, shared) for g in result.rows],
            total=_row(result.total, result, shared, total=True),
            above=_row(result.above, result, shared) if result.above else None,
        )


PART = GraphQLDecl(query=IndicatorQuery)
