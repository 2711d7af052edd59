"""Indicator values and target statuses at one region: the types, and the resolvers that
``Region`` (:mod:`core.web.graphql.types`) and the rollup rows (:mod:`core.web.graphql.indicators`)
share.

Every number is a SQL sum over the summary tables (:mod:`core.indicators`). ``Region.indicators``
goes through a DataLoader, so the regions of one level of a nested query cost one statement together.
"""

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

import strawberry

from core import models, money
from core.access.grants import require
from core.documents.targets import Role
from core.errors import FieldError
from core.indicators import Indicator, history, verdicts
from core.indicators import evaluate as targets
from core.indicators.baselines import Baseline, against, latest, left_out_of, missing_reason
from core.indicators.measures import CaseCount
from core.indicators.months import Month
from core.indicators.rollup import Value, pick, year_as_of
from core.models.base import stored_id
from core.tree.tiers import CommunityKind
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.dataloaders import SumsKey

MAX_INDICATORS = 50


strawberry.enum(Role, name="TargetRole", description="what a target in force at a region is to it: OWN (judged "
              "here), SUMMARY (judged at regions below: how many meet it), CONTEXT (judged at an ancestor: "
              "for information, never this region's status)")


@strawberry.type(description="One indicator at one region: value = numerator / denominator × scale.")
class IndicatorValue:
    key: str
    label: str
    unit: str
    value: float | None = strawberry.field(
        description="null when unknown: no live data, nothing to divide by, or no baseline")
    numerator: float | None
    denominator: float | None = strawberry.field(description="for an indicator against a baseline: the baseline")
    year: int | None = strawberry.field(description="the year counted, for yearly indicators")
    left_out: int | None = strawberry.field(
        default=None, description="communities left out of numerator and denominator for missing data "
        "(null: the indicator leaves none out)")
    left_out_reason: str | None = None
    baseline_year: int | None = strawberry.field(default=None, description="the year of the baseline compared with")
    baseline_source: str | None = None
    as_of: dt.date | None = strawberry.field(
        default=None, description="the day the counts of what exists (volunteers, stations …) are as of: today's, "
                                  "unless a past day was asked (asOf, or a past year of a series)")
    source: strawberry.Private[Value | None] = None

    @strawberry.field(description="the value as an exact decimal string (not a float's rounding): "
                                  "money (unit yuan) in yuan with two decimals, \"0.01\" for 1 fen; "
                                  "other units to at most 4 decimals (\"0.15\", \"12\")")
    def text(self) -> str | None:
        return money.value_text(self.source) if self.source is not None else None  # only when asked: exact, not cheap

    @classmethod
    def of(cls, value: Value, sums: Mapping[str, float] | None = None, baseline: Baseline | None = None) -> "IndicatorValue":
        i = value.indicator
        left_out = left_out_of(i, sums or {})
        reason = i.left_out_reason if left_out is not None else None
        if i.baseline_of is not None and baseline is None:
            reason = missing_reason(i, None)
        return cls(key=i.key, label=i.label, unit=i.unit, value=value.value, numerator=value.numerator,
                   denominator=value.denominator, year=value.year, source=value,
                   left_out=left_out, left_out_reason=reason,
                   baseline_year=baseline.year if baseline else None, baseline_source=baseline.source if baseline else None,
                   as_of=value.as_of)


@strawberry.type(description="A region below that does not meet a target judged there (a community, a street …).")
class FailingCommunity:
    path: str
    name: str
    value: float | None


@strawberry.type(description="A target in force at a region, in its role there, evaluated on live data.")
class TargetStatus:
    key: str
    label: str
    indicator: str
    comparator: str
    threshold: str = strawberry.field(description="a decimal, as text (ratios as 0.22)")
    unit: str
    evaluated_at: str = strawberry.field(description="per_community or aggregate (as declared)")
    placement: str = strawberry.field(
        description="where it is judged: 'scope' (its scope region alone) or a tier ('street': every street in the scope)")
    role: Role = strawberry.field(description="OWN, SUMMARY or CONTEXT here")
    applies_here: bool = strawberry.field(description="false for CONTEXT: judged elsewhere (judgedAt)")
    judged_at: str | None = strawberry.field(
        description="the region it is judged at: this one (OWN), the ancestor (CONTEXT); null for SUMMARY")
    judged_tier: enums.Tier | None = strawberry.field(description="SUMMARY: the tier of the regions judged")
    community_kind: enums.CommunityKind | None
    year: int
    value: float | None = strawberry.field(
        description="the indicator on this region's subtree (of the kind, if any); for CONTEXT, this region's own "
        "value, for information")
    met: bool | None = strawberry.field(description="null when unknown, and always for CONTEXT")
    status: str = strawberry.field(description="met, not_met, no_data, or context (judged at judgedAt)")
    deadline: dt.date = strawberry.field(description="the target's deadline, or the year's end for a yearly one")
    days_left: int = strawberry.field(description="negative once the deadline has passed")
    regions_judged: int | None = strawberry.field(description="SUMMARY: regions below with a value")
    regions_meeting: int | None
    regions_no_data: int | None = strawberry.field(
        description="SUMMARY: regions below without a value: neither meeting nor failing")
    communities: int | None = strawberry.field(description="SUMMARY of communities: communities with a value")
    communities_meeting: int | None
    failing: list[FailingCommunity] = strawberry.field(
        description=f"SUMMARY: the first {targets.FAILING_SHOWN} regions below with a value that does not meet it")
    left_out: int | None = strawberry.field(
        description="communities the value leaves out for missing data; SUMMARY: regions below without a value")
    left_out_reason: str | None
    baseline_year: int | None = strawberry.field(description="a target against a baseline: the baseline's year")
    baseline: float | None = strawberry.field(description="the baseline value used (null: none set, so no data)")
    baseline_source: str | None
    as_of: dt.date | None = strawberry.field(
        description="the past day its data were read as of: a passed deadline (or the asOf asked); null: today")
    judged_on: dt.date | None = strawberry.field(
        description="a passed deadline: the day its verdict was first judged and recorded; later answers are "
        "that verdict")
    revised_value: float | None = strawberry.field(
        description="when today's recomputation of the deadline's data differs from the recorded verdict: its value")
    revised_status: str | None = strawberry.field(description="and its status (the verdict itself stays)")
    scope: str
    plugin: str
    source: str

    @classmethod
    def of(cls, s: targets.Status) -> "TargetStatus":
        t = s.target
        reason = s.left_out_reason
        if s.indicator.baseline_of is not None and s.baseline is None and s.role is not Role.SUMMARY:
            reason = missing_reason(s.indicator, t.baseline_year)
        return cls(
            key=t.key, label=t.label, indicator=t.indicator, comparator=t.comparator, threshold=str(t.threshold),
            unit=t.unit, evaluated_at=t.evaluated_at, placement=t.placement.value if t.placement else "scope",
            role=s.role, applies_here=s.applies_here, judged_at=s.judged_at, judged_tier=s.judged_tier,
            community_kind=t.community_kind, year=s.year,
            value=s.value.value, met=s.met, status=s.status, deadline=s.deadline, days_left=s.days_left,
            regions_judged=s.regions, regions_meeting=s.regions_meeting, regions_no_data=s.regions_no_data,
            communities=s.communities, communities_meeting=s.communities_meeting,
            failing=[FailingCommunity(path=f.path, name=f.name, value=f.value) for f in s.failing],
            left_out=s.left_out, left_out_reason=reason, baseline_year=t.baseline_year,
            baseline=float(s.baseline.value) if s.baseline else None,
            baseline_source=s.baseline.source if s.baseline else None,
            as_of=s.as_of, judged_on=s.judged_on, revised_value=s.revised_value, revised_status=s.revised_status,
            scope=s.applied.scope, plugin=s.applied.plugin, source=t.source,
        )


def _readable(info: Info, row: models.Region, field: str) -> None:
    require(info.context.who, "indicator", "read", row, field=field)


def chosen_indicators(info: Info, keys: list[str] | None, field: str) -> list[Indicator]:
    """The indicators named by ``keys`` (all of them when None), at most :data:`MAX_INDICATORS`."""
    if keys is not None and not keys:
        raise FieldError(field, "name at least one indicator (or leave it out for all)")
    if keys is not None and len(keys) > MAX_INDICATORS:
        raise FieldError(field, f"at most {MAX_INDICATORS} indicators at a time")
    return pick(info.context.platform.registry, keys, field=field, known=info.context.loaders.catalogue())


async def region_indicators(info: Info, row: models.Region, keys: list[str] | None,
                            year: int | None, kind: CommunityKind | None,
                            as_of: dt.date | None = None) -> list[IndicatorValue]:
    """The indicators at ``row``; ``as_of``: the stock counts of that day, and its year's yearly ones."""
    _readable(info, row, "indicators")
    chosen = chosen_indicators(info, keys, "keys")
    year = year_as_of(year, as_of)
    return await indicators_at(info, row, chosen, year, kind, as_of)


def sums_key(info: Info, row: models.Region, chosen: list[Indicator], year: int, kind: CommunityKind | None,
             as_of: dt.date | None, month: Month | None = None) -> SumsKey:
    """What the request's DataLoader is asked for the chosen indicators at ``row``."""
    measures, counts = info.context.loaders.measured(chosen)
    return SumsKey(stored_id(row), row.tier, row.tenant_id, year, kind and CommunityKind(kind), measures, counts,
                   as_of if history.is_past(as_of) else None, month)


class IndicatorsAsked(NamedTuple):
    """What one ``indicators`` field asks, the same at each region of a level: worked out once."""

    chosen: list[Indicator]
    year: int
    kind: CommunityKind | None
    as_of: dt.date | None
    measures: frozenset[str]
    counts: frozenset[CaseCount]
    past: dt.date | None
    """``as_of`` where it is a past day (the stock counts of that day), else None"""
    baseline: bool
    """an indicator compares with a baseline: read at each region, not loaded with its level"""

    def key_at(self, row: models.Region) -> SumsKey:
        return SumsKey(stored_id(row), row.tier, row.tenant_id, self.year, self.kind, self.measures, self.counts,
                       self.past)


def indicators_asked(info: Info, keys: list[str] | None, year: int | None, kind: CommunityKind | None,
                     as_of: dt.date | None) -> IndicatorsAsked:
    """The field's arguments checked and worked out, once per request for the same arguments (bad
    ones raise their FieldError each time, as the field would)."""
    memo = info.context.loaders.memo
    found = memo.get(memo_key := ("indicators", None if keys is None else tuple(keys), year, kind, as_of))
    if found is None:
        chosen = chosen_indicators(info, keys, "keys")
        counted_year = year_as_of(year, as_of)
        measures, counts = info.context.loaders.measured(chosen)
        found = memo[memo_key] = IndicatorsAsked(chosen, counted_year, kind and CommunityKind(kind), as_of, measures, counts,
                                       as_of if history.is_past(as_of) else None,
                                       any(i.baseline_of is not None for i in chosen))
    return found


def region_indicators_loaded(info: Info, row: models.Region, keys: list[str] | None, year: int | None,
                             kind: CommunityKind | None, as_of: dt.date | None = None) -> list[IndicatorValue] | None:
    """:func:`region_indicators` at once where its sums were loaded with the region's level
    (:mod:`core.web.graphql.prefetch`) and no indicator compares with a baseline; else None."""
    _readable(info, row, "indicators")
    field = indicators_asked(info, keys, year, kind, as_of)
    if field.baseline:
        return None
    sums: dict[str, float] = {}
    if field.measures:
        loaded = info.context.loaders.indicator_sums.cache_map.get(field.key_at(row))
        if loaded is None or not loaded.done() or loaded.exception() is not None:
            return None
        sums = loaded.result()
    registry = info.context.platform.registry
    return [IndicatorValue.of(against(i, registry, sums, field.year, None, as_of), sums, None) for i in field.chosen]


async def indicators_at(info: Info, row: models.Region, chosen: list[Indicator], year: int,
                        kind: CommunityKind | None, as_of: dt.date | None,
                        month: Month | None = None) -> list[IndicatorValue]:
    """The chosen indicators at ``row`` (checked by the caller), through the request's DataLoader;
    an indicator measured against a baseline reads the region's latest baseline before ``year``.
    ``month``: the flows count that month of ``year`` alone (:mod:`core.indicators.months`)."""
    registry = info.context.platform.registry
    key = sums_key(info, row, chosen, year, kind, as_of, month)
    sums = await info.context.loaders.indicator_sums.load(key) if key.measures else {}
    out = []
    for i in chosen:
        baseline = None
        if i.baseline_of is not None:
            baseline = (await latest(info.context.exec, registry, [(stored_id(row), row.path)], i, year)).get(stored_id(row))
        out.append(IndicatorValue.of(against(i, registry, sums, year, baseline, as_of), sums, baseline))
    return out


async def region_targets(info: Info, row: models.Region, year: int | None,
                         indicators: list[str] | None = None, *, as_of: dt.date | None = None) -> list[TargetStatus]:
    _readable(info, row, "targetStatus")
    year = year_as_of(year, as_of)
    asked = as_of if history.is_past(as_of) else None
    wanted = None if indicators is None else {i.key for i in chosen_indicators(info, indicators, "indicators")}
    enabled = await info.context.loaders.enabled_plugins.load(row.tenant_id)
    statuses = await targets.evaluate_at(info.context.exec, info.context.platform.registry, row, enabled, year,
                                         indicators=wanted, as_of=asked)
    await verdicts.settle(info.context.exec, info.context.platform.sessions_for(info.context.who), row.tenant_id,
                          {stored_id(row): statuses}, asked, known=info.context.platform.recalled)
    return [TargetStatus.of(s) for s in statuses]
