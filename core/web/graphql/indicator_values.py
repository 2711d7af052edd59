"""Indicator values and target statuses at one region: the types, and the resolvers that
``Region`` (:mod:`core.web.graphql.types`) and the rollup rows (:mod:`core.web.graphql.indicators`)
share.

Every number is a SQL sum over the summary tables (:mod:`core.indicators`). ``Region.indicators``
goes through a DataLoader, so the regions of one level of a nested query cost one statement together.
"""

import datetime as dt

import strawberry

from core import models
from core.access.grants import require
from core.errors import FieldError
from core.indicators import Indicator, history
from core.indicators import evaluate as targets
from core.indicators.rollup import Value, check_year, counts_of, measures_of, pick, value_of, year_as_of
from core.models.base import stored_id
from core.tree.tiers import CommunityKind
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.dataloaders import SumsKey

MAX_INDICATORS = 50


@strawberry.type(description="One indicator at one region: value = numerator / denominator × scale.")
class IndicatorValue:
    key: str
    label: str
    unit: str
    value: float | None = strawberry.field(description="null when unknown: no live data, or nothing to divide by")
    numerator: float | None
    denominator: float | None
    year: int | None = strawberry.field(description="the year counted, for yearly indicators")
    as_of: dt.date | None = strawberry.field(
        default=None, description="the day the counts of what exists (volunteers, stations …) are as of: today's, "
                                  "unless a past day was asked (asOf, or a past year of a series)")

    @classmethod
    def of(cls, value: Value) -> "IndicatorValue":
        i = value.indicator
        return cls(key=i.key, label=i.label, unit=i.unit, value=value.value, numerator=value.numerator,
                   denominator=value.denominator, year=value.year, as_of=value.as_of)


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


def _readable(info: Info, row: models.Region, field: str) -> None:
    require(info.context.who, "indicator", "read", row, field=field)


def chosen_indicators(info: Info, keys: list[str] | None, field: str) -> list[Indicator]:
    """The indicators named by ``keys`` (all of them when None), at most :data:`MAX_INDICATORS`."""
    if keys is not None and not keys:
        raise FieldError(field, "name at least one indicator (or leave it out for all)")
    if keys is not None and len(keys) > MAX_INDICATORS:
        raise FieldError(field, f"at most {MAX_INDICATORS} indicators at a time")
    return pick(info.context.platform.registry, keys, field=field)


async def region_indicators(info: Info, row: models.Region, keys: list[str] | None,
                            year: int | None, kind: CommunityKind | None,
                            as_of: dt.date | None = None) -> list[IndicatorValue]:
    """The indicators at ``row``; ``as_of``: the stock counts of that day, and its year's yearly ones."""
    _readable(info, row, "indicators")
    chosen = chosen_indicators(info, keys, "keys")
    year = year_as_of(year, as_of)
    return await indicators_at(info, row, chosen, year, kind, as_of)


async def indicators_at(info: Info, row: models.Region, chosen: list[Indicator], year: int,
                        kind: CommunityKind | None, as_of: dt.date | None) -> list[IndicatorValue]:
    """The chosen indicators at ``row`` (checked by the caller), through the request's DataLoader."""
    key = SumsKey(stored_id(row), row.tier, row.tenant_id, year, kind and CommunityKind(kind),
                  frozenset(measures_of(chosen)), counts_of(chosen), as_of if history.is_past(as_of) else None)
    sums = await info.context.loaders.indicator_sums.load(key) if key.measures else {}
    return [IndicatorValue.of(value_of(i, sums, year, as_of)) for i in chosen]


async def region_targets(info: Info, row: models.Region, year: int | None,
                         indicators: list[str] | None = None) -> list[TargetStatus]:
    _readable(info, row, "targetStatus")
    year = check_year(year)
    wanted = None if indicators is None else {i.key for i in chosen_indicators(info, indicators, "indicators")}
    enabled = await info.context.loaders.enabled_plugins.load(row.tenant_id)
    statuses = await targets.evaluate_at(info.context.exec, info.context.platform.registry, row, enabled, year,
                                         indicators=wanted)
    return [TargetStatus.of(s) for s in statuses]
