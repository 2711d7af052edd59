"""Targets against live indicators: value, threshold, met or not, deadline and days left.

A target is judged where it applies (:func:`core.documents.targets.role_at`): at its scope region,
or at every region of a tier inside the scope (every community for ``per_community``), each on its
own subtree. At a region it has one role:

- ``own``: judged here; met, not met, or unknown (``met`` None: no data, nothing to divide by, no
  live source, or no baseline) — a missing value is never "not met";
- ``summary``: judged at the regions of a tier below; how many of them have data, how many meet
  it, which do not. It is not met when one of them fails, unknown when one has no data (or none
  is judged), met when all of them meet it;
- ``context``: judged at an ancestor (``judged_at``); the value shown is this region's own, for
  information, and ``met`` is None: an ancestor's total is never this region's status.

Comparisons are exact (the threshold is a decimal, compared as a fraction, in Python and in SQL
alike), so 22 volunteers in 100 residents meets ``>= 0.22``. A share of residents counts only the
communities whose population is known, in its numerator and denominator alike, and says how many
it left out (:attr:`core.indicators.Indicator.left_out`).
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
from core.documents.targets import AppliedTarget, Role, applying_at, role_at
from core.indicators import Indicator, history
from core.indicators.baselines import Baseline, against, compared, extra_measures, for_target, left_out_of
from core.indicators.measures import CaseCount, expression, region
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
    rollup,
    subtree_sums,
    value_of,
)
from core.tree.paths import within
from core.tree.tiers import CommunityKind, Tier

COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}

FAILING_SHOWN = 50
"""At most this many failing regions are listed per target (the count covers them all)."""

NO_DATA_BELOW = "{tier} without a value (no data, or nothing to divide by): neither meeting nor failing"


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
    """None when unknown (no data, nothing to divide by, no baseline), and always for context"""
    deadline: dt.date
    days_left: int
    role: Role = Role.OWN
    judged_at: str | None = None
    """where it is judged: this region (own), the ancestor (context); None for a summary"""
    judged_tier: Tier | None = None
    """a summary: the tier of the regions judged"""
    regions: int | None = None
    """a summary: the regions below judged (those with a value)"""
    regions_meeting: int | None = None
    regions_no_data: int | None = None
    failing: list[Failing] = field(default_factory=list)
    left_out: int | None = None
    """communities the value leaves out for missing data (a summary: the regions below without a value)"""
    left_out_reason: str | None = None
    baseline: Baseline | None = None
    as_of: dt.date | None = None
    """the past day the data were read as of (a passed deadline, or the day asked); None: today"""
    judged_on: dt.date | None = None
    """a passed deadline: the day its verdict was first judged and recorded (None: not yet recorded)"""
    revised_value: float | None = None
    revised_status: str | None = None
    """a recorded verdict that a recomputation of its deadline's data no longer gives: what it gives now"""

    @property
    def target(self) -> Any:
        return self.applied.target

    @property
    def applies_here(self) -> bool:
        return self.role is not Role.CONTEXT

    @property
    def status(self) -> str:
        """``met``, ``not_met``, ``no_data``, or ``context`` (judged elsewhere)."""
        if self.role is Role.CONTEXT:
            return "context"
        return "no_data" if self.met is None else "met" if self.met else "not_met"

    @property
    def communities(self) -> int | None:
        """A summary of communities: those judged (with a value)."""
        return self.regions if self.judged_tier is Tier.COMMUNITY else None

    @property
    def communities_meeting(self) -> int | None:
        return self.regions_meeting if self.judged_tier is Tier.COMMUNITY else None


def meets(value: Value, comparator: str, threshold: Any) -> bool | None:
    """Exact: ``numerator × scale ⋚ threshold × denominator``; None when unknown. Each term is an
    exact ratio of integers (a float's, a Decimal's, a Fraction's own), and both sides are multiplied
    by the terms' (positive) denominators: integers compared, no rounding and no Fraction built."""
    if value.value is None or value.numerator is None:
        return None
    n, n_q = _ratio(value.numerator)
    s, s_q = _ratio(value.indicator.scale)
    t, t_q = _ratio(threshold)
    d, d_q = (1, 1) if value.denominator is None else _ratio(value.denominator)
    return bool(COMPARE[comparator](n * s * t_q * d_q, t * d * n_q * s_q))


def _ratio(number: Any) -> tuple[int, int]:
    """``number`` as ``(p, q)`` with ``p / q`` exactly it and ``q > 0``."""
    as_ratio = getattr(number, "as_integer_ratio", None)
    return as_ratio() if as_ratio is not None else Fraction(number).as_integer_ratio()


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


def known(indicator: Indicator, r: Any, t: Any, y: Any) -> Any:
    """The indicator has a value on one region row: there is something to divide by."""
    if indicator.denominator is None:
        return sa.true()
    return expression(indicator.denominator, indicator.counts)(r, t, y) > 0


def deadline_of(applied: AppliedTarget, year: int) -> dt.date:
    return applied.target.deadline or dt.date(year, 12, 31)


def judged_day(applied: AppliedTarget, year: int, today: dt.date, as_of: dt.date | None) -> dt.date | None:
    """The day a target's data are read as of: its deadline once that has passed (a deadline is
    judged on the data of its day, not on what came after), else the day asked (None: today)."""
    deadline = deadline_of(applied, year)
    if deadline < today and (as_of is None or deadline < as_of):
        return deadline
    return as_of


def _status(applied: AppliedTarget, indicator: Indicator, value: Value, year: int, today: dt.date, role: Role,
            sums: dict[str, float], baseline: Baseline | None = None, as_of: dt.date | None = None,
            deadline_year: int | None = None) -> Status:
    deadline = deadline_of(applied, deadline_year or year)
    met = meets(value, applied.target.comparator, applied.target.threshold) if role is Role.OWN else None
    left_out = left_out_of(indicator, sums)
    return Status(applied, indicator, year, value, met, deadline, (deadline - today).days, role,
                  left_out=left_out, left_out_reason=indicator.left_out_reason if left_out is not None else None,
                  baseline=baseline, as_of=as_of if history.is_past(as_of) else None)


def _value(indicator: Indicator, registry: Any, sums: dict[str, float], year: int,
           baseline: Baseline | None, as_of: dt.date | None = None) -> Value:
    if indicator.baseline_of is not None:
        return against(indicator, registry, sums, year, baseline, as_of)
    return value_of(indicator, sums, year, as_of)


def _stock(measures: set[str], as_of: dt.date | None, within_tier: Tier, ids: list[int], kept: bool) -> Any:
    """The stock counts of a past day for the subtrees ``ids`` (None: today's summary rows)."""
    if as_of is not None and history.is_past(as_of) and history.needs_stock(measures):
        return history.stock(as_of, within_tier, ids, kept=kept)
    return None


async def _sums_by_kind(run: Exec, within_tier: Tier, ids: list[int], by: Tier,
                        needed: dict[CommunityKind | None, set[str]], year: int,
                        counts: frozenset[CaseCount],
                        as_of: dt.date | None = None) -> dict[CommunityKind | None, dict[int, Group]]:
    out: dict[CommunityKind | None, dict[int, Group]] = {}
    for kind, measures in needed.items():
        if kind is None and within_tier == by:  # a region's own subtree: its row of subtree sums
            sums = await subtree_sums(run, ids, measures, year, counts, as_of)
            out[kind] = {i: Group(i, None, None, sums.get(i, {})) for i in ids}
            continue
        groups = await grouped(run, within_tier, ids, by, measures, year, kind, counts, as_of)
        out[kind] = {g.region_id: g for g in groups if g.region_id is not None}
    return out


def _measures(indicator: Indicator, registry: Any) -> set[str]:
    return measures_of([indicator]) | extra_measures([indicator], registry)


def _needed(pairs: Iterable[tuple[AppliedTarget, Indicator]], registry: Any) -> dict[CommunityKind | None, set[str]]:
    needed: dict[CommunityKind | None, set[str]] = defaultdict(set)
    for applied, indicator in pairs:
        needed[applied.target.community_kind] |= _measures(indicator, registry)
    return {kind: measures for kind, measures in needed.items() if measures}


async def _ancestor_paths(run: Exec, ids: Iterable[int], tier: Tier) -> dict[int, str]:
    """The path of each region's ancestor at ``tier`` (where it has one)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    r, a = region.alias("ar"), region.alias("aa")
    statement = sa.select(r.c.id, a.c.path).select_from(r.join(a, a.c.id == r.c[tier.column])).where(r.c.id.in_(ids))
    return {row[0]: row[1] for row in (await run(statement)).all()}


async def _paths(run: Exec, ids: dict[Tier, int | None]) -> dict[Tier, str]:
    """The paths of some regions, by the key they were asked under."""
    wanted = {i for i in ids.values() if i is not None}
    if not wanted:
        return {}
    statement = sa.select(region.c.id, region.c.path).where(region.c.id.in_(sorted(wanted)))
    found = {row[0]: row[1] for row in (await run(statement)).all()}
    return {key: found[i] for key, i in ids.items() if i in found}


# --- summaries: how many regions below meet a target -------------------------------------------


@dataclass
class _Counted:
    judged: int = 0
    meeting: int = 0
    no_data: int = 0
    failing: list[Failing] = field(default_factory=list)


def _summarised(status: Status, tier: Tier | None, counted: _Counted) -> None:
    """Not met when a region below fails; unknown when one has no value or none is judged."""
    tier = tier or Tier.COMMUNITY  # a summary is of a tier below: never of a target judged at its scope
    status.judged_tier = tier
    status.regions, status.regions_meeting, status.regions_no_data = counted.judged, counted.meeting, counted.no_data
    status.failing = counted.failing
    status.left_out = counted.no_data
    status.left_out_reason = NO_DATA_BELOW.format(tier=tier.value)
    if counted.meeting < counted.judged:
        status.met = False
    elif counted.no_data or not counted.judged:
        status.met = None
    else:
        status.met = True


async def _community_counts(run: Exec, applied: AppliedTarget, indicator: Indicator,
                            within_tier: Tier, ids: list[int], by: Tier, year: int,
                            as_of: dt.date | None = None) -> dict[int, _Counted]:
    """For each ``by`` region: its communities with a value, those meeting the target, those without one."""
    target = applied.target
    measures = measures_of([indicator])
    kept = await history.prepare(as_of, within_tier, ids, measures)
    r, t, y, source = base(measures, year, _stock(measures, as_of, within_tier, ids, kept))
    group = r.c[by.column]
    ok = condition(indicator, target.comparator, target.threshold, r, t, y)
    has = known(indicator, r, t, y)
    statement = (
        sa.select(group, sa.func.count(), sa.func.sum(sa.case((has, 1), else_=0)),
                  sa.func.sum(sa.case((sa.and_(has, ok), 1), else_=0)))
        .select_from(source)
        .where(r.c[within_tier.column].in_(ids), r.c.tier == Tier.COMMUNITY.value,
               *only_kind(r, target.community_kind))
        .group_by(group)
    )
    out = {}
    for row in (await run(history.with_day(statement, t, as_of))).all():
        with_value = int(row[2] or 0)
        out[row[0]] = _Counted(with_value, int(row[3] or 0), int(row[1]) - with_value)
    return out


async def _failing_communities(run: Exec, applied: AppliedTarget, indicator: Indicator, place: Any, year: int,
                               limit: int, as_of: dt.date | None = None) -> list[Failing]:
    """The communities under ``place`` with a value that does not meet the target (no value: not failing)."""
    target = applied.target
    measures = measures_of([indicator])
    kept = await history.prepare(as_of, place.tier, [place.id], measures)
    r, t, y, source = base(measures, year, _stock(measures, as_of, place.tier, [place.id], kept))
    ok = condition(indicator, target.comparator, target.threshold, r, t, y)
    columns = [expression(m, indicator.counts)(r, t, y).label(m) for m in sorted(measures)]
    statement = (
        sa.select(r.c.path, r.c.name, *columns)
        .select_from(source)
        .where(r.c[place.tier.column] == place.id, r.c.tier == Tier.COMMUNITY.value,
               *only_kind(r, target.community_kind), known(indicator, r, t, y), sa.not_(ok))
        .order_by(r.c.position, r.c.path)
        .limit(limit)
    )
    out = []
    for row in (await run(history.with_day(statement, t, as_of))).mappings().all():
        sums = {m: float(row[m] or 0) for m in measures}
        out.append(Failing(row["path"], row["name"], value_of(indicator, sums, year, as_of).value))
    return out


async def _region_counts(run: Exec, registry: Any, applied: AppliedTarget, indicator: Indicator, under: Any,
                         tier: Tier, year: int, rows: dict[int, str], limit: int,
                         as_of: dt.date | None = None) -> dict[int, _Counted]:
    """For each row region (id → path, under ``under``): its regions of ``tier`` judged one by one on
    their subtrees, in Python (exact); one rollup statement, and one for their baselines."""
    target = applied.target
    other = compared(indicator, registry)
    measured = [indicator] if other is None else [other]
    found = await rollup(run, under, tier, measured, year, target.community_kind, as_of)
    baselines = await for_target(run, target, applied.scope, indicator,
                                 ((g.region_id, g.path or "") for g in found.rows if g.region_id is not None))
    out = {row_id: _Counted() for row_id in rows}
    for group in found.rows:
        if group.region_id is None or group.path is None or not within(group.path, applied.scope):
            continue
        owner = next((row_id for row_id, path in rows.items() if within(group.path, path)), None)
        if owner is None:
            continue
        counted = out[owner]
        value = _value(indicator, registry, group.sums, year, baselines.get(group.region_id), as_of)
        verdict = meets(value, target.comparator, target.threshold)
        if verdict is None:
            counted.no_data += 1
            continue
        counted.judged += 1
        if verdict:
            counted.meeting += 1
        elif len(counted.failing) < limit:
            counted.failing.append(Failing(group.path, group.name or "", value.value))
    return out


async def _summaries(run: Exec, registry: Any, applied: AppliedTarget, indicator: Indicator, under: Any,
                     by: Tier, rows: dict[int, str], year: int, failing: int,
                     as_of: dt.date | None = None) -> dict[int, _Counted]:
    """The summary of ``applied`` at each row region of tier ``by`` under ``under``."""
    tier = applied.target.placement
    if tier is None:
        raise ValueError(f"target {applied.target.key!r} is judged at its scope: it has no summary")
    if tier is Tier.COMMUNITY:
        counts = await _community_counts(run, applied, indicator, under.tier, [under.id], by, year, as_of)
        return {row_id: counts.get(row_id, _Counted()) for row_id in rows}
    return await _region_counts(run, registry, applied, indicator, under, tier, year, rows, failing, as_of)


# --- at one region, and at every row of a rollup ------------------------------------------------


Item = tuple[AppliedTarget, Indicator, Role]


def _by_day(items: list[Item], year: int, today: dt.date, as_of: dt.date | None) -> dict[dt.date | None, list[int]]:
    """The items' indexes by the day their data are read as of (:func:`judged_day`)."""
    days: dict[dt.date | None, list[int]] = {}
    for index, (applied, _, role) in enumerate(items):
        day = judged_day(applied, year, today, as_of) if role is not Role.CONTEXT else as_of
        days.setdefault(day, []).append(index)
    return days


def _year_of(day: dt.date | None, asked: dt.date | None, year: int) -> int:
    """The year a group's yearly counts are of: a passed deadline's own year, else the year asked."""
    return day.year if day is not None and day != asked else year


async def evaluate_at(run: Exec, registry: Any, region: Any, enabled: set[str], year: int,
                      today: dt.date | None = None, *, failing: int = FAILING_SHOWN,
                      indicators: set[str] | None = None, as_of: dt.date | None = None) -> list[Status]:
    """Every target in force at ``region`` (or those on ``indicators``), each in its role there.

    A target whose deadline has passed is judged on the data of its deadline; the others on today's,
    or on those of ``as_of`` (a past day asked: the picture as it stood then, deadlines included)."""
    today = as_of or today or clock.today()
    known_indicators = catalogue(registry)
    items: list[Item] = []
    for applied in applying_at(registry, region.path, enabled):
        if indicators is not None and applied.target.indicator not in indicators:
            continue
        role = role_at(applied.target, applied.scope, region.path, region.tier, region.kind)
        if role is not None:
            items.append((applied, known_indicators[applied.target.indicator], role))
    out: list[Status | None] = [None] * len(items)
    for day, indexes in _by_day(items, year, today, as_of).items():
        chosen = [items[i] for i in indexes]
        found = await _evaluate_at(run, registry, region, chosen, _year_of(day, as_of, year), today, failing, day,
                                   deadline_year=year)
        for index, status in zip(indexes, found, strict=True):
            out[index] = status
    return [status for status in out if status is not None]


async def _evaluate_at(run: Exec, registry: Any, region: Any, items: list[Item], year: int, today: dt.date,
                       failing: int, as_of: dt.date | None, *, deadline_year: int) -> list[Status]:
    sums = await _sums_by_kind(run, region.tier, [region.id], region.tier,
                               _needed(((a, i) for a, i, _ in items if i.measured), registry), year,
                               counts_of(i for _, i, _ in items), as_of)
    context_at = await _paths(run, {t: region.ancestor_id(t) for a, _, role in items
                                    if role is Role.CONTEXT and (t := a.target.placement) is not None})
    out = []
    for applied, indicator, role in items:
        group = sums.get(applied.target.community_kind, {}).get(region.id)
        here = group.sums if group else {}
        baseline = (await for_target(run, applied.target, applied.scope, indicator, [(region.id, region.path)])
                    ).get(region.id)
        value = _value(indicator, registry, here, year, baseline, as_of)
        status = _status(applied, indicator, value, year, today, role, here, baseline, as_of, deadline_year)
        placement = applied.target.placement
        if role is Role.OWN:
            status.judged_at = region.path
        elif role is Role.CONTEXT:
            status.judged_at = applied.scope if placement is None else context_at.get(placement)
        elif indicator.measured:
            counted = (await _summaries(run, registry, applied, indicator, region, region.tier,
                                        {region.id: region.path}, year, failing, as_of))[region.id]
            _summarised(status, placement, counted)
            if placement is Tier.COMMUNITY and failing and counted.judged > counted.meeting:
                status.failing = await _failing_communities(run, applied, indicator, region, year, failing, as_of)
        else:
            status.judged_tier = placement
        out.append(status)
    return out


async def evaluate_rows(run: Exec, registry: Any, enabled: set[str], under: Any, result: Rollup,
                        today: dt.date | None = None, *, failing: int = FAILING_SHOWN) -> dict[int, list[Status]]:
    """The targets on the rollup's indicators, for each of its rows, each in its role there: a statement
    per kind filter, per summarised target and per tier of context, however many rows. A target
    whose deadline has passed is judged on the data of its deadline (one more rollup per such day)."""
    asked = result.as_of
    today = asked or today or clock.today()
    wanted = {i.key: i for i in result.indicators}
    by = result.by
    rows = {row.region_id: row for row in result.rows if row.region_id is not None and row.path is not None}
    kinds = {region_id: None if row.kind is None else CommunityKind(row.kind)  # read with the rollup's rows
             for region_id, row in rows.items()}
    days: dict[dt.date | None, dict[int, list[tuple[int, Item]]]] = {}
    counts: dict[int, int] = {}
    for region_id, row in rows.items():
        for applied in applying_at(registry, row.path or "", enabled):
            indicator = wanted.get(applied.target.indicator)
            role = None if indicator is None else role_at(applied.target, applied.scope, row.path or "", by,
                                                          kinds.get(region_id))
            if indicator is None or role is None:
                continue
            day = judged_day(applied, result.year, today, asked) if role is not Role.CONTEXT else asked
            index = counts.get(region_id, 0)
            counts[region_id] = index + 1
            days.setdefault(day, {}).setdefault(region_id, []).append((index, (applied, indicator, role)))
    out: dict[int, list[Status | None]] = {region_id: [None] * counts.get(region_id, 0) for region_id in rows}
    for day, placed in days.items():
        year = _year_of(day, asked, result.year)
        these = rows
        if day != asked:  # a passed deadline: the rows' sums as of that day
            again = await rollup(run, under, by, result.indicators, year, None, day,
                                 extra=extra_measures(result.indicators, registry))
            these = {g.region_id: g for g in again.rows if g.region_id in rows}
        found = await _evaluate_rows(run, registry, under, by, these,
                                     {region_id: [item for _, item in items] for region_id, items in placed.items()},
                                     year, today, failing, day, deadline_year=result.year)
        for region_id, items in placed.items():
            for (index, _), status in zip(items, found.get(region_id, []), strict=True):
                out[region_id][index] = status
    return {region_id: [s for s in statuses if s is not None] for region_id, statuses in out.items()}


async def _evaluate_rows(run: Exec, registry: Any, under: Any, by: Tier, rows: dict[int, Group],
                         placed: dict[int, list[Item]], year: int, today: dt.date, failing: int,
                         as_of: dt.date | None, *, deadline_year: int) -> dict[int, list[Status]]:
    wanted = {i.key: i for items in placed.values() for _, i, _ in items}
    pairs = [(a, i) for items in placed.values() for a, i, _ in items if i.measured]
    filtered = _needed(((a, i) for a, i in pairs if a.target.community_kind is not None), registry)
    by_kind = await _sums_by_kind(run, under.tier, [under.id], by, filtered, year, counts_of(wanted.values()), as_of)
    plain = await _missing_sums(run, rows, _needed(((a, i) for a, i in pairs if a.target.community_kind is None),
                                                   registry).get(None, set()), year, as_of)
    context_tiers = {a.target.placement for items in placed.values() for a, _, role in items
                     if role is Role.CONTEXT and a.target.placement is not None}
    context_at = {tier: await _ancestor_paths(run, rows, tier) for tier in context_tiers}
    summaries: dict[tuple[str, str], dict[int, _Counted]] = {}
    out: dict[int, list[Status]] = {}
    for region_id, items in placed.items():
        statuses = []
        row = rows.get(region_id)
        for applied, indicator, role in items:
            kind = applied.target.community_kind
            if kind is None:
                here = {**(row.sums if row else {}), **plain.get(region_id, {})}
            else:
                group = by_kind.get(kind, {}).get(region_id)
                here = group.sums if group else {}
            path = row.path or "" if row else ""
            baseline = (await for_target(run, applied.target, applied.scope, indicator,
                                         [(region_id, path)])).get(region_id)
            value = _value(indicator, registry, here, year, baseline, as_of)
            status = _status(applied, indicator, value, year, today, role, here, baseline, as_of, deadline_year)
            placement = applied.target.placement
            if role is Role.OWN:
                status.judged_at = path
            elif role is Role.CONTEXT:
                status.judged_at = applied.scope if placement is None else context_at[placement].get(region_id)
            elif indicator.measured:
                key = (applied.scope, applied.target.key)
                if key not in summaries:  # one statement for every row the target is summarised at
                    summaries[key] = await _summaries(run, registry, applied, indicator, under, by,
                                                      {i: r.path or "" for i, r in rows.items()}, year, failing, as_of)
                _summarised(status, placement, summaries[key].get(region_id, _Counted()))
            else:
                status.judged_tier = placement
            statuses.append(status)
        out[region_id] = statuses
    return out


async def _missing_sums(run: Exec, rows: dict[int, Group], measures: set[str], year: int,
                        as_of: dt.date | None = None) -> dict[int, dict[str, float]]:
    """The measures the rollup's rows lack (left-out counts, what a baseline indicator compares): their
    subtree sums, one statement."""
    missing = {m for m in measures if any(m not in row.sums for row in rows.values())}
    if not missing:
        return {}
    return await subtree_sums(run, sorted(rows), missing, year, as_of=as_of)
