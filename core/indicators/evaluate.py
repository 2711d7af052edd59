"""Targets against live indicators: value, threshold, met or not, deadline and days left.

An ``aggregate`` target is evaluated on the scope's total; a ``per_community`` target on every
community below, reported as how many meet it and which do not. Comparisons are exact (the
threshold is a decimal, compared as a fraction, in Python and in SQL alike), so 22 volunteers in
100 residents meets ``>= 0.22``.
"""

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from core import clock
from core.documents.targets import AppliedTarget, applying_at
from core.indicators import Indicator
from core.indicators.measures import CaseCount, expression
from core.indicators.rollup import (
    Exec,
    Group,
    Rollup,
    Value,
    base,
    catalogue,
    counts_of,
    grouped,
    measures_of,
    only_kind,
    subtree_sums,
    value_of,
)
from core.tree.tiers import CommunityKind, Tier

COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}

FAILING_SHOWN = 50
"""At most this many failing communities are listed per target (the count covers them all)."""


@dataclass(frozen=True)
class Failing:
    path: str
    name: str
    value: float | None


@dataclass
class Status:
    applied: AppliedTarget
    indicator: Indicator
    year: int
    value: Value
    met: bool | None
    """None when the value is unknown (no live data source, or nothing to divide by)"""
    deadline: dt.date
    days_left: int
    communities: int | None = None
    communities_meeting: int | None = None
    failing: list[Failing] = field(default_factory=list)

    @property
    def target(self) -> Any:
        return self.applied.target


def meets(value: Value, comparator: str, threshold: Any) -> bool | None:
    """Exact: ``numerator × scale ⋚ threshold × denominator`` in fractions."""
    if value.value is None or value.numerator is None:
        return None
    left = Fraction(value.numerator) * Fraction(value.indicator.scale)
    right = Fraction(threshold) * (1 if value.denominator is None else Fraction(value.denominator))
    return bool(COMPARE[comparator](left, right))


def condition(indicator: Indicator, comparator: str, threshold: Any, r: Any, t: Any, y: Any) -> Any:
    """The same comparison in SQL, on one region row (a community), in 64-bit integers: a
    measure read from a 32-bit column (a population) times the threshold's terms must not overflow."""
    if indicator.numerator is None:
        raise ValueError(f"indicator {indicator.key!r} is not computed from live data: nothing to compare")
    p, q = Fraction(threshold).as_integer_ratio()
    scale_p, scale_q = Fraction(indicator.scale).as_integer_ratio()
    left = sa.cast(expression(indicator.numerator, indicator.counts)(r, t, y), sa.BigInteger) * (scale_p * q)
    compare = COMPARE[comparator]
    if indicator.denominator is None:
        return compare(left, p * scale_q)
    denominator = sa.cast(expression(indicator.denominator, indicator.counts)(r, t, y), sa.BigInteger)
    return sa.and_(denominator > 0, compare(left, denominator * (p * scale_q)))


def deadline_of(applied: AppliedTarget, year: int) -> dt.date:
    return applied.target.deadline or dt.date(year, 12, 31)


def _status(applied: AppliedTarget, indicator: Indicator, value: Value, year: int, today: dt.date) -> Status:
    deadline = deadline_of(applied, year)
    met = meets(value, applied.target.comparator, applied.target.threshold) if applied.target.evaluated_at == "aggregate" else None
    return Status(applied, indicator, year, value, met, deadline, (deadline - today).days)


async def _sums_by_kind(run: Exec, within: Tier, ids: list[int], by: Tier,
                        needed: dict[CommunityKind | None, set[str]], year: int,
                        counts: frozenset[CaseCount]) -> dict[CommunityKind | None, dict[int, Group]]:
    out: dict[CommunityKind | None, dict[int, Group]] = {}
    for kind, measures in needed.items():
        if kind is None and within == by:  # a region's own subtree: its row of subtree sums
            sums = await subtree_sums(run, ids, measures, year, counts)
            out[kind] = {i: Group(i, None, None, sums.get(i, {})) for i in ids}
            continue
        groups = await grouped(run, within, ids, by, measures, year, kind, counts)
        out[kind] = {g.region_id: g for g in groups if g.region_id is not None}
    return out


async def _community_counts(run: Exec, applied: AppliedTarget, indicator: Indicator,
                            within: Tier, ids: list[int], by: Tier, year: int) -> dict[int, tuple[int, int]]:
    """For each ``by`` region: communities counted, and how many meet the target."""
    target = applied.target
    measures = measures_of([indicator])
    r, t, y, source = base(measures, year)
    group = r.c[by.column]
    ok = condition(indicator, target.comparator, target.threshold, r, t, y)
    statement = (
        sa.select(group, sa.func.count(), sa.func.sum(sa.case((ok, 1), else_=0)))
        .select_from(source)
        .where(r.c[within.column].in_(ids), r.c.tier == Tier.COMMUNITY.value,
               *only_kind(r, target.community_kind))
        .group_by(group)
    )
    return {row[0]: (row[1], int(row[2] or 0)) for row in (await run(statement)).all()}


async def _failing(run: Exec, applied: AppliedTarget, indicator: Indicator, region: Any, year: int,
                   limit: int) -> list[Failing]:
    target = applied.target
    measures = measures_of([indicator])
    r, t, y, source = base(measures, year)
    ok = condition(indicator, target.comparator, target.threshold, r, t, y)
    columns = [expression(m, indicator.counts)(r, t, y).label(m) for m in sorted(measures)]
    statement = (
        sa.select(r.c.path, r.c.name, *columns)
        .select_from(source)
        .where(r.c[region.tier.column] == region.id,
               r.c.tier == Tier.COMMUNITY.value, *only_kind(r, target.community_kind), sa.not_(ok))
        .order_by(r.c.position, r.c.path)
        .limit(limit)
    )
    out = []
    for row in (await run(statement)).mappings().all():
        sums = {m: float(row[m] or 0) for m in measures}
        out.append(Failing(row["path"], row["name"], value_of(indicator, sums, year).value))
    return out


def _counted(status: Status, counted: int, meeting: int) -> None:
    """A per-community target is met when every community counted meets it (and there is one)."""
    status.communities, status.communities_meeting = counted, meeting
    status.met = counted > 0 and meeting == counted


def _needed(pairs: Iterable[tuple[AppliedTarget, Indicator]]) -> dict[CommunityKind | None, set[str]]:
    needed: dict[CommunityKind | None, set[str]] = defaultdict(set)
    for applied, indicator in pairs:
        needed[applied.target.community_kind] |= measures_of([indicator])
    return {kind: measures for kind, measures in needed.items() if measures}


async def evaluate_at(run: Exec, registry: Any, region: Any, enabled: set[str], year: int,
                      today: dt.date | None = None, *, failing: int = FAILING_SHOWN,
                      indicators: set[str] | None = None) -> list[Status]:
    """Every target in force at ``region`` (or those on ``indicators``), evaluated on its subtree."""
    today = today or clock.today()
    known = catalogue(registry)
    pairs = [(a, known[a.target.indicator]) for a in applying_at(registry, region.path, enabled)
             if indicators is None or a.target.indicator in indicators]
    sums = await _sums_by_kind(run, region.tier, [region.id], region.tier,
                               _needed((a, i) for a, i in pairs if i.computed), year, counts_of(i for _, i in pairs))
    out = []
    for applied, indicator in pairs:
        group = sums.get(applied.target.community_kind, {}).get(region.id)
        status = _status(applied, indicator, value_of(indicator, group.sums if group else {}, year), year, today)
        if applied.target.evaluated_at == "per_community" and indicator.computed:
            counts = await _community_counts(run, applied, indicator, region.tier, [region.id], region.tier, year)
            _counted(status, *counts.get(region.id, (0, 0)))
            if failing and not status.met and status.communities:
                status.failing = await _failing(run, applied, indicator, region, year, failing)
        out.append(status)
    return out


async def evaluate_rows(run: Exec, registry: Any, enabled: set[str], under: Any, result: Rollup,
                        today: dt.date | None = None) -> dict[int, list[Status]]:
    """The targets on the rollup's indicators, for each of its rows: a statement per kind filter
    and per community-level target, however many rows."""
    today = today or clock.today()
    wanted = {i.key: i for i in result.indicators}
    applying = {row.region_id: [a for a in applying_at(registry, row.path, enabled) if a.target.indicator in wanted]
                for row in result.rows if row.region_id is not None and row.path is not None}
    filtered = _needed((a, wanted[a.target.indicator]) for items in applying.values() for a in items
                       if a.target.community_kind is not None and wanted[a.target.indicator].computed)
    by_kind = await _sums_by_kind(run, under.tier, [under.id], result.by, filtered, result.year,
                                  counts_of(wanted.values()))
    rows = {row.region_id: row for row in result.rows}
    per_community: dict[tuple[str, str], dict[int, tuple[int, int]]] = {}
    out: dict[int, list[Status]] = {}
    for region_id, items in applying.items():
        statuses = []
        for applied in items:
            indicator = wanted[applied.target.indicator]
            kind = applied.target.community_kind
            group = rows[region_id] if kind is None else by_kind.get(kind, {}).get(region_id)
            status = _status(applied, indicator, value_of(indicator, group.sums if group else {}, result.year),
                             result.year, today)
            if applied.target.evaluated_at == "per_community" and indicator.computed:
                key = (applied.scope, applied.target.key)
                if key not in per_community:  # one statement for every row the target applies at
                    per_community[key] = await _community_counts(run, applied, indicator, under.tier,
                                                                 [under.id], result.by, result.year)
                _counted(status, *per_community[key].get(region_id, (0, 0)))
            statuses.append(status)
        out[region_id] = statuses
    return out
