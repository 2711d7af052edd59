"""Indicator values and target statuses at one region: the types, and the resolvers that
``Region`` (:mod:`core.web.graphql.types`) and the rollup rows (:mod:`core.web.graphql.indicators`)
share.

Every number is a SQL sum over the summary tables (:mod:`core.indicators`). ``Region.indicators``
goes through a DataLoader, so the regions of one level of a nested query cost one statement together.
"""

import datetime as dt

import strawberry

from core import models, money
from core.access.grants import require
from core.errors import FieldError
from core.indicators import Indicator
from core.indicators import evaluate as targets
from core.indicators.rollup import Value, check_year, counts_of, measures_of, pick, value_of
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
    text: str | None = strawberry.field(description="the value as an exact decimal string (not a float's rounding): "
                                        "money (unit yuan) in yuan with two decimals, \"0.01\" for 1 fen; "
                                        "other units to at most 4 decimals (\"0.15\", \"12\")")

    @classmethod
    def of(cls, value: Value) -> "IndicatorValue":
        i = value.indicator
        return cls(key=i.key, label=i.label, unit=i.unit, value=value.value, numerator=value.numerator,
                   denominator=value.denominator, year=value.year, text=money.value_text(value))


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
                            year: int | None, kind: CommunityKind | None) -> list[IndicatorValue]:
    _readable(info, row, "indicators")
    chosen = chosen_indicators(info, keys, "keys")
    year = check_year(year)
    key = SumsKey(stored_id(row), row.tier, row.tenant_id, year, kind and CommunityKind(kind),
                  frozenset(measures_of(chosen)), counts_of(chosen))
    sums = await info.context.loaders.indicator_sums.load(key) if key.measures else {}
    return [IndicatorValue.of(value_of(i, sums, year)) for i in chosen]


async def region_targets(info: Info, row: models.Region, year: int | None,
                         indicators: list[str] | None = None) -> list[TargetStatus]:
    _readable(info, row, "targetStatus")
    year = check_year(year)
    wanted = None if indicators is None else {i.key for i in chosen_indicators(info, indicators, "indicators")}
    enabled = await info.context.loaders.enabled_plugins.load(row.tenant_id)
    statuses = await targets.evaluate_at(info.context.exec, info.context.platform.registry, row, enabled, year,
                                         indicators=wanted)
    return [TargetStatus.of(s) for s in statuses]
