"""Indicator values for regions and rollups by a lower tier: sums in SQL, one statement per call.

``grouped`` is the one query: the measures summed over every region row of some subtrees, with
``GROUP BY`` on the ancestor column of the tier asked. A region's own values are the same query
grouped by its own tier; a rollup groups by a lower one. Nothing is loaded row by row.
"""

import datetime as dt
import functools
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from core import clock
from core.errors import FieldError
from core.indicators import INDICATORS, Indicator, history, snapshots
from core.indicators.measures import CaseCount, case_counts, expression, region, totals, yearly
from core.indicators.months import Month, flows, needs_flows
from core.models.summary import STOCK_MEASURES, YEARLY_MEASURES, subtree_snapshot, subtree_summary
from core.tree.tiers import CommunityKind, Tier

Exec = Callable[[Any], Awaitable[Any]]
"""Runs one statement and returns its result (a session's ``exec``, or the GraphQL context's)."""

FIRST_YEAR, LAST_YEAR = 2000, 2100


def catalogue(registry: Any = None) -> dict[str, Indicator]:
    """The core's indicators and those the plugins registered, by key."""
    out = dict(INDICATORS)
    counts = case_counts(registry)
    for declared in getattr(registry, "indicators", ()) or ():
        out[declared.item.key] = Indicator.declared(declared.item, counts)
    return out


def pick(registry: Any, keys: Iterable[str] | None, *, field: str = "indicators",
         known: dict[str, Indicator] | None = None) -> list[Indicator]:
    """The indicators named (all of them when None); FieldError naming ``field`` for an unknown key.
    ``known``: the registry's :func:`catalogue`, when the caller has it already."""
    known = catalogue(registry) if known is None else known
    if keys is None:
        return list(known.values())
    out = []
    for key in keys:
        if key not in known:
            raise FieldError(field, f"unknown indicator {key!r}; known: {', '.join(sorted(known))}")
        out.append(known[key])
    return out


def check_year(year: int | None, *, field: str = "year") -> int:
    if year is None:
        return clock.today().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError(field, f"must be between {FIRST_YEAR} and {LAST_YEAR}")
    return year


def check_years(years: Sequence[int], *, field: str = "years") -> list[int]:
    """The years of a series: 1 to :data:`history.MAX_YEARS` distinct years, each one :func:`check_year`
    accepts, in ascending order."""
    if not years:
        raise FieldError(field, "name at least one year")
    if len(years) > history.MAX_YEARS:
        raise FieldError(field, f"at most {history.MAX_YEARS} years at a time (asked for {len(years)})")
    if len(set(years)) != len(years):
        raise FieldError(field, "names a year twice")
    return sorted(check_year(year, field=field) for year in years)


def year_as_of(year: int | None, as_of: dt.date | None, *, field: str = "year") -> int:
    """The year counted by yearly measures: ``year``, or the year of ``as_of`` (both: the same one)."""
    history.check_as_of(as_of)
    if as_of is None:
        return check_year(year, field=field)
    if year is not None and year != as_of.year:
        raise FieldError(field, f"is {year}, but asOf {as_of.isoformat()} counts the year {as_of.year}: "
                                "leave year out, or give the same one")
    return check_year(as_of.year, field="asOf")


def measures_of(indicators: Iterable[Indicator]) -> set[str]:
    return {m for i in indicators for m in (i.numerator, i.denominator) if m is not None}


def counts_of(indicators: Iterable[Indicator]) -> frozenset[CaseCount]:
    """The case measures among the indicators' measures: the queries below compute them live."""
    return frozenset(c for i in indicators for c in i.counts)


@dataclass(frozen=True)
class Value:
    """One indicator at one region (or group): ``numerator / denominator × scale``."""

    indicator: Indicator
    value: float | None
    numerator: float | None
    denominator: float | None
    year: int | None
    as_of: dt.date | None = None
    """the day the stock counts are as of (today's, unless a past day was asked)"""

    @property
    def known(self) -> bool:
        return self.value is not None


def value_of(indicator: Indicator, sums: dict[str, float], year: int, as_of: dt.date | None = None) -> Value:
    """The indicator from the sums; ``as_of``: the day they were counted as of (None: today)."""
    shown_year = year if indicator.yearly else None
    day = as_of if history.is_past(as_of) else clock.today()
    if indicator.numerator is None:
        return Value(indicator, None, None, None, shown_year, day)
    numerator = float(sums.get(indicator.numerator) or 0)
    if indicator.denominator is None:
        return Value(indicator, numerator * float(indicator.scale), numerator, None, shown_year, day)
    denominator = float(sums.get(indicator.denominator) or 0)
    value = None if denominator == 0 else numerator * float(indicator.scale) / denominator
    return Value(indicator, value, numerator, denominator, shown_year, day)


@dataclass
class Group:
    """One row of a rollup: the region at the tier grouped by (None: data attached above it)."""

    region_id: int | None
    path: str | None
    name: str | None
    sums: dict[str, float] = field(default_factory=dict)
    position: int = 0
    kind: str | None = None
    """a community's kind (urban or rural), read with the row: targets set for one kind need it"""


def in_tree_order(groups: list[Group]) -> list[Group]:
    """Siblings in their declared order, and the children of one parent together."""
    return sorted(groups, key=lambda g: ((g.path or "").rpartition("/")[0], g.position, g.path or ""))


_G, _S0, _SY = region.alias("g"), subtree_summary.alias("s0"), subtree_summary.alias("sy")
_R, _T, _Y = region.alias("r"), totals.alias("t"), yearly.alias("y")
"""Aliases built once: building one copies every column, which costs more than the query."""


def base(measures: set[str], year: int, stock: Any = None, flow: Any = None) -> tuple[Any, Any, Any, Any]:
    """``region r`` outer-joined with its summary rows (the year's only when a measure needs it);
    ``stock``: the stock counts of a past day (:func:`history.stock`) in place of ``region_summary``;
    ``flow``: a month's flows (:func:`core.indicators.months.flows`, of the year ``year``) in place of
    ``region_year_summary``."""
    r, t, y = _R, (_T if stock is None else stock), (_Y if flow is None else flow)
    source = r.outerjoin(t, t.c.region_id == r.c.id)
    if not measures.isdisjoint(YEARLY_MEASURES):
        source = source.outerjoin(y, sa.and_(y.c.region_id == r.c.id, y.c.year == year))
    return r, t, y, source


def only_kind(r: Any, kind: CommunityKind | None) -> list[Any]:
    """With a kind, only the communities of that kind are counted (``urban ≥ 12, rural ≥ 6``)."""
    if kind is None:
        return []
    return [r.c.tier == Tier.COMMUNITY.value, r.c.kind == kind.value]


KEPT_STATEMENTS = 128
"""How many statements of a few regions each :func:`grouped_statement` and :func:`rollup` keep
built (per worker): a statement object is reused as it is, so SQLAlchemy neither builds it nor
computes its cache key again (together ~1 ms of a dashboard's request). One is ~40 KiB with its
cache key: at most ~10 MiB a worker, the least recently used dropped first."""

_FEW = 4
"""Statements over at most this many regions are kept (a rollup's, a target's); a DataLoader's
batch of hundreds rarely comes again."""


def grouped_statement(
    within: Tier, ids: Sequence[int], by: Tier, measures: set[str], year: int, kind: CommunityKind | None = None,
    counts: Iterable[CaseCount] = (), as_of: dt.date | None = None, month: Month | None = None, kept: bool = False,
    checked: bool = False,
) -> sa.Select:
    """One row per ``by`` region under the regions ``ids``, with the measures summed; as of a past
    day ``as_of``, the stock counts are that day's (:mod:`core.indicators.history`); in a ``month``
    (of the year ``year``), the flows are that month's (:mod:`core.indicators.months`). ``checked``
    (with ``kept``): each row also says whether any kept count it read was out of date (``stale``).
    The statement depends on its arguments and today's date alone: kept built for a few regions."""
    arguments = (within, tuple(ids), by, frozenset(measures), year, kind, tuple(counts), as_of, month, kept, checked)
    if len(ids) <= _FEW:
        return _grouped_kept(*arguments, clock.today())
    return _grouped(*arguments)


@functools.lru_cache(maxsize=KEPT_STATEMENTS)
def _grouped_kept(*arguments: Any) -> sa.Select:
    return _grouped(*arguments[:-1])  # the last: today, on which being past depends


def _grouped(
    within: Tier, ids: tuple[int, ...], by: Tier, measures: frozenset[str], year: int, kind: CommunityKind | None,
    counts: tuple[CaseCount, ...], as_of: dt.date | None, month: Month | None, kept: bool, checked: bool,
) -> sa.Select:
    past = history.is_past(as_of) and history.needs_stock(measures)
    flow = flows(month, within, ids) if month is not None and needs_flows(measures) else None
    stock = history.stock(as_of, within, ids, kept=kept) if past and as_of else None
    r, t, y, source = base(set(measures), year, stock, flow)
    group = r.c[by.column]
    sums = (
        sa.select(group.label("id"), *summed(measures, counts, t, y))
        .select_from(source)
        # no tenant condition: a subtree lies in one tenant, and an index on tenant_id would be a worse plan
        .where(r.c[within.column].in_(list(ids)), *only_kind(r, kind))
        .group_by(group)
        .subquery("sums")
    )
    g = _G  # names joined to the few groups, not to every row summed
    statement = (
        sa.select(sums.c.id, g.c.path, g.c.name, g.c.position, g.c.kind, *(sums.c[m] for m in sorted(measures)))
        .select_from(sums.outerjoin(g, g.c.id == sums.c.id))
    )
    if checked and as_of is not None and stock is history.KEPT:
        return statement.add_columns(snapshots.stale(within)).params(stock_day=as_of, stale_ids=list(ids))
    return history.with_day(statement, stock, as_of)


def summed(measures: frozenset[str], counts: tuple[CaseCount, ...], t: Any, y: Any) -> list[Any]:
    """``SUM`` of each measure over ``(r, t, y)``, labelled, in name order; built once for the
    summary rows and the kept counts (which are the same objects each time), anew otherwise."""
    if (t is _T or t is history.KEPT) and y is _Y:
        return _summed_once(measures, counts, t)
    return [sa.func.sum(expression(m, counts)(_R, t, y)).label(m) for m in sorted(measures)]


@functools.lru_cache(maxsize=512)
def _summed_once(measures: frozenset[str], counts: tuple[CaseCount, ...], t: Any) -> list[Any]:
    return [sa.func.sum(expression(m, counts)(_R, t, _Y)).label(m) for m in sorted(measures)]


def _cube(measures: set[str], year: int, counts: Iterable[CaseCount] = ()) -> tuple[Any, Any, Any]:
    """``region g`` with its subtree rows: now (``s0``) and, if a measure needs it, for the year (``sy``).
    A case measure has no subtree row: it is counted over ``g``'s subtree in a subquery."""
    g, s0, sy = _G, _S0, _SY
    source = g.outerjoin(s0, sa.and_(s0.c.region_id == g.c.id, s0.c.year == 0))
    if not measures.isdisjoint(YEARLY_MEASURES):
        source = source.outerjoin(sy, sa.and_(sy.c.region_id == g.c.id, sy.c.year == year))
    live = {c.key: c for c in counts}
    columns = [(live[m].under(g) if m in live else sa.func.coalesce((sy if m in YEARLY_MEASURES else s0).c[m], 0)).label(m)
               for m in sorted(measures)]
    return g, source, columns


@functools.lru_cache(maxsize=KEPT_STATEMENTS)
def _rows_and_total(measures: frozenset[str], year: int, counts: tuple[CaseCount, ...], tier: Tier, by: Tier,
                    under_id: int) -> sa.Select:
    """The subtree rows of the regions of tier ``by`` under the region ``under_id`` (of ``tier``), and its own."""
    g, source, columns = _cube(set(measures), year, counts)
    named = (g.c.id, g.c.path, g.c.name, g.c.position, g.c.kind)
    in_groups = sa.select(*named, *columns).select_from(source).where(g.c[tier.column] == under_id, g.c.tier == by.value)
    itself = sa.select(*named, *columns).select_from(source).where(g.c.id == under_id)
    return sa.select(sa.union_all(in_groups, itself).subquery("rows"))


def _groups(rows: Any, measures: set[str]) -> list["Group"]:
    if not rows:
        return []
    kinds = "kind" in rows[0]  # asked once: a missing key is an exception caught for each row
    return [Group(row["id"], row["path"], row["name"], {m: float(row[m] or 0) for m in measures}, row["position"] or 0,
                  row["kind"] if kinds else None)
            for row in rows]


def recounted(measures: set[str], as_of: dt.date | None, month: Month | None) -> bool:
    """Whether the measures must be counted from the regions' rows rather than read from the subtree
    sums: stock counts of a past day, or a month's flows (no summary table keeps either)."""
    return (history.is_past(as_of) and history.needs_stock(measures)) or (month is not None and needs_flows(measures))


async def subtree_sums(run: Exec, ids: Sequence[int], measures: set[str], year: int,
                       counts: Iterable[CaseCount] = (), as_of: dt.date | None = None,
                       month: Month | None = None) -> dict[int, dict[str, float]]:
    """The measures over the whole subtree of each region ``ids``: one row each from the subtree sums
    (``counts``: the case measures among them). As of a past day, or in a ``month``, the regions'
    rows are summed with that day's stock counts and that month's flows, one statement per tier
    among ``ids`` (after one that finds their tiers)."""
    if not ids or not measures:
        return {i: {} for i in ids}
    if recounted(measures, as_of, month):
        counts = tuple(counts)
        if as_of is not None and month is None and not counts:
            return await _past_subtrees(run, ids, measures, year, as_of)
        return await _recounted(run, ids, measures, year, counts, as_of, month)
    g, source, columns = _cube(measures, year, counts)
    statement = sa.select(g.c.id, g.c.path, g.c.name, g.c.position, *columns).select_from(source).where(g.c.id.in_(list(ids)))
    groups = _groups((await run(statement)).mappings().all(), measures)
    return {group.region_id: group.sums for group in groups if group.region_id is not None}


async def _recounted(run: Exec, ids: Sequence[int], measures: set[str], year: int, counts: Iterable[CaseCount],
                     as_of: dt.date | None, month: Month | None) -> dict[int, dict[str, float]]:
    """The subtree sums of ``ids`` counted from their regions' rows: one statement per tier among
    them (after one that finds their tiers)."""
    tiers: dict[Tier, list[int]] = {}
    for region_id, tier in (await run(sa.select(_G.c.id, _G.c.tier).where(_G.c.id.in_(list(ids))))).all():
        tiers.setdefault(Tier(tier), []).append(region_id)
    out: dict[int, dict[str, float]] = {}
    for tier, same in tiers.items():  # usually one: a DataLoader batch or a target's regions are of one tier
        for group in await grouped(run, tier, same, tier, measures, year, None, counts, as_of, month):
            if group.region_id is not None:
                out[group.region_id] = group.sums
    return out


_SS = subtree_snapshot.alias("ss")


async def _past_subtrees(run: Exec, ids: Sequence[int], measures: set[str], year: int,
                         as_of: dt.date) -> dict[int, dict[str, float]]:
    """As of a past day: each region's stock measures over its subtree from what was kept of that
    day, where its subtree is unchanged since (the stamp of its ``subtree_summary`` row, which every
    write below it rewrites), its yearly ones from its subtree row of the year, in one statement;
    the rest counted from their regions' rows, and kept (:func:`snapshots.keep_subtrees`)."""
    g, s0, sy, ss = _G, _S0, _SY, _SS
    stock = sorted(m for m in measures if m not in YEARLY_MEASURES)
    flows = sorted(m for m in measures if m in YEARLY_MEASURES)
    source = (g.outerjoin(s0, sa.and_(s0.c.region_id == g.c.id, s0.c.year == 0))
              .outerjoin(ss, sa.and_(ss.c.day == sa.literal(as_of, sa.Date), ss.c.region_id == g.c.id)))
    if flows:
        source = source.outerjoin(sy, sa.and_(sy.c.region_id == g.c.id, sy.c.year == year))
    statement = (
        sa.select(g.c.id, g.c.tenant_id, s0.c.stamp.label("current_stamp"), ss.c.stamp.label("kept_stamp"),
                  *(ss.c[m].label(m) for m in stock), *(sa.func.coalesce(sy.c[m], 0).label(m) for m in flows))
        .select_from(source).where(g.c.id.in_(list(ids)))
    )
    out: dict[int, dict[str, float]] = {}
    stale = {}
    for row in (await run(statement)).mappings().all():
        if row["kept_stamp"] is not None and row["kept_stamp"] == row["current_stamp"]:
            out[row["id"]] = {m: float(row[m] or 0) for m in measures}
        else:
            stale[row["id"]] = row
    if stale:
        counted = await _recounted(run, list(stale), set(STOCK_MEASURES) | set(flows), year, (), as_of, None)
        kept = []
        for region_id, row in stale.items():
            sums = counted.get(region_id, {})
            out[region_id] = {m: sums.get(m, 0.0) for m in measures}
            if row["current_stamp"] is not None:
                kept.append({"day": as_of, "region_id": region_id, "tenant_id": row["tenant_id"],
                             "stamp": row["current_stamp"], **{m: int(sums.get(m, 0)) for m in STOCK_MEASURES}})
        await snapshots.keep_subtrees(kept)
    return out


async def grouped(
    run: Exec, within: Tier, ids: Sequence[int], by: Tier, measures: set[str], year: int,
    kind: CommunityKind | None = None, counts: Iterable[CaseCount] = (), as_of: dt.date | None = None,
    month: Month | None = None,
) -> list[Group]:
    """The measures summed under the regions ``ids`` (of tier ``within``), one row per ``by`` region
    (``counts``: the case measures among them; ``as_of``: the stock counts of that day; ``month``:
    the flows of that month of ``year``)."""
    if not ids:
        return []
    if as_of is not None and history.keeps(as_of, measures):
        # the usual case once a day is kept: one statement reads the kept counts and checks them
        statement = grouped_statement(within, ids, by, measures, year, kind, counts, as_of, month, kept=True,
                                      checked=True)
        rows = (await run(statement)).mappings().all()
        if not any(row["stale"] for row in rows):
            return _groups(rows, measures)
    kept = await history.prepare(as_of, within, ids, measures)
    statement = grouped_statement(within, ids, by, measures, year, kind, counts, as_of, month, kept)
    return _groups((await run(statement)).mappings().all(), measures)


@dataclass
class Rollup:
    under_path: str
    by: Tier
    year: int
    indicators: list[Indicator]
    rows: list[Group]
    total: Group
    above: Group | None
    """what sits above the ``by`` tier (the ``under`` region's own organizations, say), if anything"""
    as_of: dt.date | None = None
    """the day the stock counts are as of (None: today)"""
    month: Month | None = None
    """the month of ``year`` the flows count (None: the whole year)"""

    def values(self, group: Group) -> list[Value]:
        return [value_of(i, group.sums, self.year, self.as_of) for i in self.indicators]


def check_by(under_tier: Tier, by: Tier, *, field: str = "by") -> None:
    if by.rank <= under_tier.rank:
        raise FieldError(field, f"must be a tier below {under_tier.value}, not {by.value}")


async def rollup(
    run: Exec, under: Any, by: Tier, indicators: list[Indicator], year: int, kind: CommunityKind | None = None,
    as_of: dt.date | None = None, month: Month | None = None, *, extra: Iterable[str] = (),
) -> Rollup:
    """Every region of tier ``by`` under ``under``, with the indicators' sums: one statement.

    Without a kind, the rows are the groups' subtree sums (a few rows, however large the tree);
    with one, as of a past day (``as_of``: the stock counts of that day, recomputed from the
    dated rows of the subtree), or in a ``month`` of ``year`` (its flows, counted from the raw rows
    of the subtree), the regions are summed with ``GROUP BY`` on the ancestor column. ``extra``:
    measures summed beside the indicators' (left-out counts, what a baseline compares), in the same
    statement."""
    check_by(under.tier, by)
    if month is not None and month.year != year:
        raise ValueError(f"the month {month} is not of the year {year}")
    measures, counts = measures_of(indicators) | set(extra), counts_of(indicators)
    if kind is not None or recounted(measures, as_of, month):
        groups = await grouped(run, under.tier, [under.id], by, measures, year, kind, counts, as_of, month)
        rows = in_tree_order([g for g in groups if g.region_id is not None])
        total = Group(under.id, under.path, under.name, {m: sum(g.sums.get(m, 0.0) for g in groups) for m in measures})
    else:
        statement = _rows_and_total(frozenset(measures), year, tuple(counts), Tier(under.tier), by, under.id)
        found = _groups((await run(statement)).mappings().all(), measures)
        total = next((f for f in found if f.region_id == under.id), Group(under.id, under.path, under.name, {}))
        rows = in_tree_order([f for f in found if f.region_id != under.id])
    rest = {m: total.sums.get(m, 0.0) - sum(r.sums.get(m, 0.0) for r in rows) for m in measures}
    above = Group(None, None, None, rest) if any(abs(v) > 1e-9 for v in rest.values()) else None
    return Rollup(under.path, by, year, indicators, rows, total, above, as_of if history.is_past(as_of) else None,
                  month)
