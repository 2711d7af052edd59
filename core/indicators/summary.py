"""Keep the summary tables current: recomputed per region, in the transaction that changed the data.

Every flush that adds, changes or removes a counted row (a volunteer, a worker, an activity, a
service record …) rewrites the summary rows of the regions it touched, before the transaction
commits: the old and the new region of a moved row both, and only the tables the row feeds (a new
volunteer is counted in ``region_summary``; an activity in ``region_year_summary``). The rows are
recomputed from the raw tables with one ``INSERT … SELECT … GROUP BY`` per summary table, so the
incremental path and a full :func:`rebuild` are the same SQL, and :func:`differences` can check
one against the other.

The subtree sums of the touched regions and of all their ancestors then change by one statement,
whatever the depth: each touched region's change (its own measures now, plus its children's
subtree rows, less its own subtree row) is added to its row and to its ancestors' rows
(``INSERT … ON CONFLICT DO UPDATE SET m = m + excluded.m``, :func:`refresh_subtrees`).

On PostgreSQL the touched regions' rows are locked first (``SELECT … FOR NO KEY UPDATE``, in id
order; the statements are queued and sent with the commit, :mod:`core.db.queue`, the lock first): two
transactions writing in one community then recompute one after the other, each seeing the other's
committed rows. (``FOR UPDATE`` would deadlock them: each already holds the key-share
lock its foreign key to the region took.) Two transactions writing in sibling communities do not
wait for each other there, and both add to their street's subtree rows: an addition to a row
another transaction changed meanwhile applies to its latest version, so neither is lost. SQLite
allows one writer at a time anyway.
"""

import datetime as dt
import functools
import json
import secrets
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session
from sqlmodel import Session as ModelSession
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import events, queue
from core.indicators.measures import MEASURES
from core.models import (
    Activity,
    CommunityFund,
    CommunityProfile,
    Demonstration,
    Donation,
    DonationForm,
    OrgType,
    Region,
    RegionSummary,
    RegionYearSummary,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
    WorkerPost,
)
from core.models.summary import (
    MEASURE_COLUMNS,
    STOCK_MEASURES,
    TOTALS,
    YEARLY,
    YEARLY_MEASURES,
    subtree_summary,
    summary_stamp,
)
from core.models.worker import CertificateLevel
from core.tree.tiers import Tier

TRACKED = (
    Volunteer, VolunteerTeam, SocialWorker, SocialOrganization, CommunityFund, CommunityProfile,
    Activity, ServiceRecord, Donation,
)
"""The tables the summaries count: a flush touching any of them recomputes its regions."""

_NOTED = "wushe.summary.noted"
_DEFERRED = "wushe.summary.deferred"
_ANCESTORS = ("parent_id", "province_id", "city_id", "district_id", "street_id")

totals_table = sa.inspect(RegionSummary).local_table
yearly_table = sa.inspect(RegionYearSummary).local_table


def _t(model: Any) -> sa.Table:
    return sa.inspect(model).local_table


def _count_if(condition: Any) -> Any:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _year_of(column: Any) -> Any:
    return sa.cast(sa.extract("year", column), sa.Integer)


_ZERO = sa.literal(0)
"""The value of a summary column a source says nothing about (one object: :func:`_counted` finds it)."""


def _row(table: sa.FromClause, region_column: Any, tenant_column: Any, values: dict[str, Any],
         columns: tuple[str, ...], year: Any = None) -> sa.Select:
    """One source's contribution: every summary column, zero where the source says nothing."""
    unknown = set(values) - set(columns)
    if unknown:
        raise LookupError(f"not a summary column: {sorted(unknown)}")
    keys = [region_column.label("region_id"), tenant_column.label("tenant_id")]
    if year is not None:
        keys.append(year.label("year"))
    out = [values.get(name, _ZERO).label(name) for name in columns]
    return sa.select(*keys, *out).select_from(table).group_by(*(k.element for k in keys))


def _live(table: sa.Table, as_of: dt.date | None) -> Any:
    """The dated rows that count: those not ended (now), or those begun by ``as_of`` and not ended
    on it (``valid_from ≤ D < valid_to``)."""
    if as_of is None:
        return table.c.valid_to.is_(None)
    day = sa.literal(as_of, sa.Date)
    return sa.and_(table.c.valid_from <= day, sa.or_(table.c.valid_to.is_(None), table.c.valid_to > day))


def _since(flag: Any, since: Any, as_of: dt.date | None) -> Any:
    """A facility that exists (now), or had begun by ``as_of`` (a facility without its day is not
    known to have existed before today)."""
    return flag if as_of is None else sa.and_(flag, since <= sa.literal(as_of, sa.Date))


def _total_sources(as_of: dt.date | None = None) -> list[tuple[sa.Select, Any]]:
    """What each source adds to ``region_summary``: its rows that count now, or on the day ``as_of``
    (:mod:`core.indicators.history`). The same list for both, so no count is defined twice."""
    v, team, w, o, f, p = (_t(m) for m in (Volunteer, VolunteerTeam, SocialWorker, SocialOrganization,
                                          CommunityFund, CommunityProfile))
    site, point = Demonstration.DEMONSTRATION_SITE.value, Demonstration.CREATION_POINT.value
    certified = w.c.certificate_level != CertificateLevel.NONE.value
    station = w.c.post == WorkerPost.SOCIAL_WORK_STATION.value
    return [
        (_row(v, v.c.region_id, v.c.tenant_id, {
            "volunteers": sa.func.count(),
            "registered_volunteers": _count_if(v.c.real_name_registered),
        }, TOTALS).where(_live(v, as_of)), v.c.region_id),
        (_row(team, team.c.region_id, team.c.tenant_id, {"volunteer_teams": sa.func.count()}, TOTALS)
         .where(_live(team, as_of)), team.c.region_id),
        (_row(w, w.c.region_id, w.c.tenant_id, {
            "social_workers": sa.func.count(),
            "certified_social_workers": _count_if(certified),
            "community_workers": _count_if(w.c.is_community_worker),
            "certified_community_workers": _count_if(sa.and_(w.c.is_community_worker, certified)),
            "station_social_workers": _count_if(station),
            "station_full_time_social_workers": _count_if(sa.and_(station, w.c.is_full_time)),
        }, TOTALS).where(_live(w, as_of)), w.c.region_id),
        (_row(o, o.c.region_id, o.c.tenant_id, {
            "social_organizations": sa.func.count(),
            "community_social_organizations": _count_if(o.c.org_type == OrgType.COMMUNITY_SOCIAL_ORGANIZATION.value),
            "charity_social_organizations": _count_if(o.c.charity_focus),
            "charity_organizations": _count_if(o.c.org_type == OrgType.CHARITY_ORGANIZATION.value),
            "hub_organizations": _count_if(o.c.org_type == OrgType.HUB_ORGANIZATION.value),
            "organization_full_time_staff": sa.func.sum(o.c.full_time_staff),
        }, TOTALS).where(_live(o, as_of)), o.c.region_id),
        (_row(f, f.c.region_id, f.c.tenant_id, {"community_funds": sa.func.count()}, TOTALS)
         .where(_live(f, as_of)), f.c.region_id),
        (_row(p, p.c.region_id, p.c.tenant_id, {
            "volunteer_station": _count_if(_since(p.c.has_volunteer_station, p.c.volunteer_station_since, as_of)),
            "social_work_room": _count_if(_since(p.c.has_social_work_room, p.c.social_work_room_since, as_of)),
            "demonstration_site": _count_if(_since(p.c.demonstration == site, p.c.demonstration_since, as_of)),
            "creation_point": _count_if(_since(p.c.demonstration == point, p.c.demonstration_since, as_of)),
        }, TOTALS), p.c.region_id),
    ]


def _yearly_sources(within: tuple[dt.date, dt.date] | None = None) -> list[tuple[sa.Select, Any]]:
    """What each source adds to ``region_year_summary``: its rows by the calendar year of their day;
    with ``within`` (first and last day), only the rows dated in that period (a month of a series:
    :func:`flows_within`). The same list for both, so no flow is defined twice."""
    a, s, v, d, p = (_t(m) for m in (Activity, ServiceRecord, Volunteer, Donation, CommunityProfile))
    value = sa.case((d.c.form == DonationForm.MONEY.value, d.c.amount_fen), else_=sa.func.coalesce(d.c.in_kind_value_fen, 0))
    served = s.join(v, v.c.id == s.c.volunteer_id)
    correction = s.alias("correction")
    counts = ~sa.exists().where(correction.c.corrects_id == s.c.id)  # a corrected entry no longer counts

    def dated(select: sa.Select, day: Any) -> sa.Select:
        if within is None:
            return select
        first, last = (sa.literal(bound, sa.Date) for bound in within)
        return select.where(day >= first, day <= last)

    return [
        (dated(_row(a, a.c.region_id, a.c.tenant_id, {
            "sessions": sa.func.sum(a.c.sessions),
            "person_times": sa.func.sum(a.c.person_times),
        }, YEARLY, _year_of(a.c.held_on)), a.c.held_on), a.c.region_id),
        # hours and active volunteers count where the volunteer lives now, so that a move carries them
        (dated(_row(served, v.c.region_id, v.c.tenant_id, {
            "service_records": sa.func.count(),
            "service_minutes": sa.func.sum(s.c.minutes),
            "active_volunteers": sa.func.count(sa.distinct(sa.case((v.c.real_name_registered, s.c.volunteer_id)))),
        }, YEARLY, _year_of(s.c.served_on)).where(counts), s.c.served_on), v.c.region_id),
        (dated(_row(d, d.c.region_id, d.c.tenant_id, {
            "fund_raised_fen": sa.func.sum(sa.case((d.c.fund_id.is_not(None), value), else_=0)),
            "donations_fen": sa.func.sum(value),
        }, YEARLY, _year_of(d.c.donated_on)), d.c.donated_on), d.c.region_id),
        (dated(_row(p, p.c.region_id, p.c.tenant_id, {"new_demonstration_sites": sa.func.count()}, YEARLY,
                    _year_of(p.c.demonstration_since))
               .where(p.c.demonstration == Demonstration.DEMONSTRATION_SITE.value,
                      p.c.demonstration_since.is_not(None)), p.c.demonstration_since),
         p.c.region_id),
    ]


def summary_selects(regions: Any = None, tenant_id: int | None = None) -> tuple[sa.Select, sa.Select]:
    """``SELECT``s of what the two summary tables should hold (for these regions, or all)."""
    return (_summed(_total_sources(), TOTALS, ("region_id", "tenant_id"), regions, tenant_id),
            _summed(_yearly_sources(), YEARLY, ("region_id", "tenant_id", "year"), regions, tenant_id))


def totals_as_of(as_of: dt.date, regions: Any) -> sa.Select:
    """``SELECT`` of the rows ``region_summary`` would have held on the day ``as_of``, for the regions
    ``regions`` (ids, or a ``SELECT`` of them): the same sources, with the dated rows that counted
    that day (:mod:`core.indicators.history`)."""
    return _summed(_total_sources(as_of), TOTALS, ("region_id", "tenant_id"), regions, None)


def flows_within(first: dt.date, last: dt.date, regions: Any) -> sa.Select:
    """``SELECT`` of ``region_year_summary``'s rows counted over the days ``first`` to ``last`` only
    (within one calendar year: a month), for the regions ``regions`` (ids, or a ``SELECT`` of them):
    the same sources and definitions, with the date condition added."""
    if first.year != last.year or first > last:
        raise ValueError(f"not a period within one year: {first} to {last}")
    return _summed(_yearly_sources((first, last)), YEARLY, ("region_id", "tenant_id", "year"), regions, None)


def _summed(sources: list[tuple[sa.Select, Any]], columns: tuple[str, ...], keys: tuple[str, ...], regions: Any,
            tenant_id: int | None) -> sa.Select:
    """The sources' rows summed per key (for the regions ``regions``: ids, a bound list or a ``SELECT``)."""
    ids = None if regions is None else regions if isinstance(regions, (sa.BindParameter, sa.Select)) \
        else sorted(set(regions))
    parts = []
    for select, region_column in sources:
        if ids is not None:
            select = select.where(region_column.in_(ids))
        if tenant_id is not None:
            select = select.where(region_column.table.c.tenant_id == tenant_id)
        parts.append(select)
    union = sa.union_all(*parts).subquery("sources")
    return (
        sa.select(*(union.c[k] for k in keys), *(sa.func.sum(union.c[c]).label(c) for c in columns))
        .group_by(*(union.c[k] for k in keys))
    )


_WRITTEN = ((totals_table, ["region_id", "tenant_id", *TOTALS]),
            (yearly_table, ["region_id", "tenant_id", "year", *YEARLY]))
"""The two per-region tables, with the columns :func:`summary_selects` gives them, in its order."""

IDS: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
"""Some regions, as an expanding list: one parameter each (:func:`_listed`, :mod:`core.indicators.snapshots`)."""


def _listed(dialect: str) -> Any:
    """The regions an incremental statement rewrites, ``:ids``, written so that the statement is
    compiled once and run as it is (:func:`_run`). On SQLite, one parameter: a JSON array read by
    ``json_each``, so that the SQL is the same whatever the number of regions. On PostgreSQL, a
    list of parameters, one a region (:data:`IDS`), its SQL made once for each length: PostgreSQL
    keeps one plan of a prepared statement when its parameters say as much as the values would; an
    array of unknown length made it plan the two largest statements again at every write (1.5 and
    3.1 ms against 0.5 and 0.8, on the HTTP bench's data)."""
    if dialect == "postgresql":
        return IDS
    return sa.select(sa.literal_column("value")).select_from(sa.func.json_each(sa.bindparam("ids", type_=sa.String)))


_PARAMETERS = ("ids", "stamp", "subtree_stamp")
"""The parameters of the incremental statements: every other value in them is a constant."""

BATCH = 2_000
"""Regions per incremental statement at most: a statement names ``:ids`` up to ten times, and
PostgreSQL takes 65,535 parameters (a bulk import may touch every community of a province)."""


def _inlined(statement: Any, dialect: str) -> Any:
    """``statement`` with its constants written into its SQL (``0``, ``'community'`` …) rather than
    bound: the incremental statements hold some three hundred, which cost more to bind on every write
    than the statement costs to run. Only ``:ids`` and the stamps stay parameters."""
    target = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()

    def constant(element: Any, **_kw: Any) -> Any:
        if isinstance(element, sa.BindParameter) and element.key not in _PARAMETERS:
            text = element.compile(dialect=target, compile_kwargs={"literal_binds": True})
            return sa.literal_column(str(text), element.type)
        return None

    return sa.sql.visitors.replacement_traverse(statement, {}, constant)


def _insert(dialect: str, table: sa.Table) -> Any:
    """An ``INSERT`` with ``ON CONFLICT`` for the dialect ``dialect``."""
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


@functools.cache
def _lock() -> sa.Select:
    """Lock the regions ``:ids`` (PostgreSQL), in id order: their rows are rewritten one writer at a time."""
    region_table = _t(Region)
    return (sa.select(region_table.c.id).where(region_table.c.id.in_(_listed("postgresql")))
            .order_by(region_table.c.id).with_for_update(key_share=True))


def _counted(select: sa.Select) -> tuple[str, ...]:
    """The summary columns a source's ``SELECT`` (of :func:`_row`) counts: those it does not leave at 0."""
    return tuple(str(c.key) for c in select.selected_columns if getattr(c, "element", None) is not _ZERO
                 and c.key not in ("region_id", "tenant_id", "year"))


def _counted_table(select: sa.Select) -> sa.FromClause:
    """The table whose rows a source's ``SELECT`` counts: its only FROM, or the left of its join
    (the hours are counted from ``service_record`` joined with ``volunteer``)."""
    (source,) = select.get_final_froms()
    return source.left if isinstance(source, sa.Join) else source


@functools.cache
def _total_arms() -> tuple[tuple[frozenset[sa.TableClause], tuple[str, ...]], ...]:
    """Each source of ``region_summary`` (in :func:`_total_sources`' order): the tables it reads, and the
    columns it counts."""
    out = []
    for select, _region_column in _total_sources():
        (source,) = select.get_final_froms()
        out.append((frozenset(sa.sql.util.find_tables(source)), _counted(select)))
    return tuple(out)


def _arms_reading(tables: frozenset[sa.TableClause] | None) -> tuple[int, ...] | None:
    """The sources of ``region_summary`` that read any of ``tables`` (None: all of them)."""
    if tables is None:
        return None
    return tuple(n for n, (read, _columns) in enumerate(_total_arms()) if read & tables)


@functools.cache
def _totals_statement(dialect: str, arms: tuple[int, ...] | None = None) -> Any:
    """Rewrite the ``region_summary`` rows of the regions ``:ids`` in one statement: each region's
    counts, whether its row existed or not (built once per dialect and set of sources).

    ``arms``: only those sources (:func:`_arms_reading`), and only the columns they count; the others
    keep what they hold, as nothing they count changed. A region's row, once written, is never
    removed while the region is, and every writer of a counted row writes its region's row: a row
    missing is a region where nothing was ever counted, so the columns left out are rightly 0 when
    the row is made. None: every source and every column (0 where nothing is counted any more)."""
    region_table = _t(Region)
    sources = _total_sources()
    columns = TOTALS
    if arms is not None:
        sources = [sources[n] for n in arms]
        columns = tuple(c for c in TOTALS if any(c in _total_arms()[n][1] for n in arms))
        sources = [(select.with_only_columns(*(select.selected_columns[k] for k in ("region_id", "tenant_id", *columns))),
                    region_column) for select, region_column in sources]
    every = (sa.select(region_table.c.id.label("region_id"), region_table.c.tenant_id.label("tenant_id"),
                       *(sa.literal(0).label(c) for c in columns)), region_table.c.id)
    summed = _summed([*sources, every], columns, ("region_id", "tenant_id"), _listed(dialect), None).subquery("summed")
    select = sa.select(summed.c.region_id, summed.c.tenant_id,
                       *(summed.c[c] if c in columns else sa.literal(0).label(c) for c in TOTALS)
                       ).where(sa.true())  # SQLite: an upsert's SELECT needs a WHERE before ON CONFLICT
    insert = _insert(dialect, totals_table).from_select(_WRITTEN[0][1], _inlined(select, dialect))
    return insert.on_conflict_do_update(index_elements=["region_id"],
                                        set_={c: insert.excluded[c] for c in ("tenant_id", *columns)})


@functools.cache
def _added_statement(dialect: str, table: sa.TableClause) -> Any:
    """Add to the ``region_summary`` rows what the new rows ``:ids`` of ``table`` count there: the sources
    that count ``table``'s rows, over those rows alone (None when no source counts them). Each of
    those columns is a ``count`` or a ``sum``, so a new row's share adds to what the others counted;
    a region without a row gets one, the rest of it 0 (:func:`_totals_statement` says why that is
    right). Built once per dialect and table."""
    parts: list[sa.Select] = []
    columns: set[str] = set()
    for select, _region_column in _total_sources():
        if _counted_table(select) is not table:
            continue
        for name in _counted(select):
            function = getattr(select.selected_columns[name], "element", None)
            if getattr(function, "name", None) not in ("count", "sum"):
                raise LookupError(f"region_summary.{name} is not a count or a sum: a new row's share cannot be added")
        parts.append(select.where(table.c.id.in_(_listed(dialect))))
        columns.update(_counted(select))
    if not parts:
        return None
    union = sa.union_all(*parts).subquery("added")
    select = (sa.select(union.c.region_id, union.c.tenant_id,
                        *(sa.func.sum(union.c[c]).label(c) if c in columns else sa.literal(0).label(c) for c in TOTALS))
              .group_by(union.c.region_id, union.c.tenant_id))
    insert = _insert(dialect, totals_table).from_select(_WRITTEN[0][1], _inlined(select, dialect))
    return insert.on_conflict_do_update(index_elements=["region_id"],
                                        set_={c: totals_table.c[c] + insert.excluded[c] for c in TOTALS if c in columns})


@functools.cache
def _yearly_statements(dialect: str) -> tuple[Any, Any]:
    """Rewrite the ``region_year_summary`` rows of the regions ``:ids``: a year may have gone (built
    once per dialect)."""
    table, columns = _WRITTEN[1]
    return (table.delete().where(table.c.region_id.in_(_listed(dialect))),
            table.insert().from_select(columns, _inlined(summary_selects(_listed(dialect))[1], dialect)))


@functools.cache
def _feeds() -> dict[tuple[sa.FromClause, bool], frozenset[sa.Table]]:
    """The per-region tables a row of each counted table feeds: as a new row (``True``), those whose
    sources count its table's rows; as a changed or removed one (``False``), also those whose sources
    join its table to place what they count (the hours are counted where their volunteer lives, so a
    volunteer who moves moves them; a new volunteer has none yet). Read from the sources themselves."""
    out: dict[tuple[sa.FromClause, bool], set[sa.Table]] = {}
    for written, sources in ((totals_table, _total_sources()), (yearly_table, _yearly_sources())):
        for select, _region_column in sources:
            (source,) = select.get_final_froms()
            counted = _counted_table(select)
            out.setdefault((counted, True), set()).add(written)
            for table in sa.sql.util.find_tables(source):
                out.setdefault((table, False), set()).add(written)
    return {key: frozenset(tables) for key, tables in out.items()}


def _fed_by(row: Any, new: bool) -> frozenset[sa.Table]:
    return _feeds().get((_t(type(row)), new), frozenset())


def _ids(regions: Iterable[int | None]) -> list[int]:
    return sorted({r for r in regions if r is not None})


def _write(connection: Connection, totals: Iterable[int | None], yearly: Iterable[int | None],
           regions: Iterable[int | None] = (), tables: frozenset[sa.TableClause] | None = None,
           added: dict[sa.TableClause, set[int]] | None = None) -> None:
    """Rewrite the ``region_summary`` rows of ``totals`` and the ``region_year_summary`` rows of
    ``yearly``, stamp the regions whose counts now were rewritten, and bring the subtree sums of all
    of them and of ``regions`` (their facts or their children changed) up to date.

    ``tables``: the counted tables whose rows changed, when they are known (a flush): only the
    sources that read them are counted again, and only the measures made of what those count are
    brought up to date in the subtree sums (:func:`_totals_statement`, :func:`_subtree_change`).
    Nothing else changed, so the rest is what it was. None: everything is counted again.

    ``added``: when every counted row that changed is a new one, their ids by table. Their share is
    then added to the ``region_summary`` rows (:func:`_added_statement`) rather than the regions'
    rows counted again, so that a create costs the same in a community of ten volunteers as in one of
    a thousand. (A changed or removed row's share before is not known: those are counted again.)"""
    totals, yearly, regions = _ids(totals), _ids(yearly), _ids(regions)
    rewritten = sorted({*totals, *yearly})
    dialect = connection.dialect.name
    arms = _arms_reading(tables)
    if dialect == "postgresql":
        for ids in _batches(rewritten):
            _run(connection, _lock(), ids)
    if added is None:
        for ids in _batches(totals):
            _run(connection, _totals_statement(dialect, arms), ids)
    else:
        for table, rows in sorted(added.items(), key=lambda item: item[0].name):
            statement = _added_statement(dialect, table)
            for ids in _batches(sorted(rows)) if statement is not None else ():
                _run(connection, statement, ids)
    for ids in _batches(yearly):
        for statement in _yearly_statements(dialect):
            _run(connection, statement, ids)
    for ids in _batches(totals):  # a stock snapshot counts what region_summary counts: the yearly rows leave it true
        _run(connection, _restamp(dialect), ids, stamp=new_stamp())
    measures = None
    if arms is not None and not regions:  # no region's facts or children changed: only what was counted again
        counted = {(totals_table, c) for n in arms for c in _total_arms()[n][1]} if totals else set()
        counted |= {(yearly_table, c) for c in YEARLY} if yearly else set()
        measures = tuple(m for m in MEASURE_COLUMNS if _made_of()[m] & counted)
    _refresh(connection, [*rewritten, *regions], measures)


@functools.cache
def _made_of() -> dict[str, frozenset[tuple[sa.Table, str]]]:
    """Each measure's summary columns, as (table, column): what a change of it can come from, besides
    the region's own facts."""
    region_table = _t(Region)
    out = {}
    for name in MEASURE_COLUMNS:
        expression = MEASURES[name](region_table, totals_table, yearly_table)
        out[name] = frozenset((c.table, c.key) for c in sa.sql.visitors.iterate(expression)
                              if isinstance(c, sa.Column) and (c.table is totals_table or c.table is yearly_table))
    return out


@dataclass(frozen=True)
class _Driven:
    """An incremental statement compiled once for a driver (and, on PostgreSQL, for a number of
    regions): its SQL, and its parameters' names in order (positional drivers) or None (named
    ones). Run as it is, SQLAlchemy neither looks the statement up in its compiled cache (hashing a
    key of thousands of elements) nor writes its list of regions into its SQL again: that was ~0.3 ms
    a statement, several a write."""

    sql: str
    order: tuple[str, ...] | None

    @classmethod
    def of(cls, statement: Any, dialect: sa.Dialect, listed: int | None) -> "_Driven":
        """``listed``: the number of regions :data:`IDS` stands for, written out (None: not there)."""
        compiled = statement.compile(dialect=dialect)
        if listed is None:
            return cls(compiled.string, tuple(compiled.positiontup) if compiled.positional else None)
        expanded = compiled.construct_expanded_state(dict.fromkeys(_PARAMETERS, 0) | {"ids": [0] * listed})
        return cls(expanded.statement, tuple(expanded.positiontup) if expanded.positiontup is not None else None)


_DRIVEN: dict[tuple[int, str, str, int], _Driven] = {}
"""Each incremental statement (built once per dialect and kept) compiled for each driver's style and,
on PostgreSQL, each number of regions up to :data:`_KEPT_LENGTHS`."""

_KEPT_LENGTHS = 32
"""Longer lists of regions (a bulk import's batches) are compiled at each use: they rarely come again."""


def _run(connection: Connection, statement: Any, ids: list[int], **values: Any) -> None:
    """Run an incremental statement (one of those built once) for the regions ``ids``."""
    dialect = connection.dialect
    listed = len(ids) if dialect.name == "postgresql" else None
    key = (id(statement), dialect.name, dialect.paramstyle, listed or 0)
    driven = _DRIVEN.get(key)
    if driven is None:
        driven = _Driven.of(statement, dialect, listed)
        if (listed or 0) <= _KEPT_LENGTHS:
            _DRIVEN[key] = driven
    if listed is None:
        values["ids"] = json.dumps(ids)
    else:
        values.update({f"ids_{n}": region for n, region in enumerate(ids, 1)})
    parameters = values if driven.order is None else tuple(values[n] for n in driven.order)
    if not queue.queue(connection, driven.sql, parameters):  # with the connection's next trip (the commit's)
        connection.exec_driver_sql(driven.sql, parameters)


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def recompute(connection: Connection, regions: Iterable[int | None] | None = None, *,
              tenant_id: int | None = None) -> None:
    """Rewrite the summary rows of ``regions`` (every region of the tenant, or all, when None; a None
    among them is left out), and their subtree sums."""
    if regions is not None:
        ids = _ids(regions)
        _write(connection, ids, ids)
        return
    for (table, columns), select in zip(_WRITTEN, summary_selects(None, tenant_id), strict=True):
        delete = table.delete()
        if tenant_id is not None:
            delete = delete.where(table.c.tenant_id == tenant_id)
        connection.execute(delete)
        connection.execute(table.insert().from_select(columns, select))
    region_table = _t(Region)
    every = region_table.c.tenant_id == tenant_id if tenant_id is not None else region_table.c.id.is_not(None)
    connection.execute(_stamping(connection.dialect.name, every), {"stamp": new_stamp()})


def new_stamp() -> int:
    """A stamp for rewritten summary rows: random, so that no two rewrites share one."""
    return secrets.randbits(62) + 1  # never 0, the stamp of a region never rewritten


@functools.cache
def _restamp(dialect: str) -> Any:
    """Stamp the regions ``:ids`` anew (built once per dialect)."""
    return _stamping(dialect, _t(Region).c.id.in_(_listed(dialect)))


def _stamping(dialect: str, picked: Any) -> Any:
    """Give the regions ``picked`` the stamp ``:stamp``: their summary rows were rewritten, so every
    stock snapshot taken before is out of date (:mod:`core.indicators.snapshots`)."""
    region_table = _t(Region)
    select = sa.select(region_table.c.id, region_table.c.tenant_id,
                       sa.bindparam("stamp", type_=sa.BigInteger)).where(picked)
    statement = _insert(dialect, summary_stamp).from_select(["region_id", "tenant_id", "stamp"], select)
    return statement.on_conflict_do_update(index_elements=["region_id"], set_={"stamp": statement.excluded.stamp})


def rebuild(connection: Connection, tenant_id: int | None = None) -> None:
    """Recompute every summary row (of one tenant): after a bulk load that bypassed the ORM."""
    recompute(connection, None, tenant_id=tenant_id)
    rebuild_subtrees(connection, tenant_id)


def fill_if_missing(connection: Connection) -> bool:
    """Rebuild every summary when regions exist but no subtree sums do: a database created before
    the summaries were (``wushe init`` on an upgrade). Returns whether it rebuilt."""
    region_table = _t(Region)
    if connection.execute(sa.select(subtree_summary.c.region_id).limit(1)).first() is not None:
        return False
    if connection.execute(sa.select(region_table.c.id).limit(1)).first() is None:
        return False
    rebuild(connection)
    return True


# --- subtree sums -----------------------------------------------------------------------------------

def _subtree_parts(own: Any, children: Any, measures: tuple[str, ...] = MEASURE_COLUMNS) -> list[sa.Select]:
    """What ``subtree_summary`` rows of some regions are made of: their own measures (now, and of each
    year) and their children's rows, each as rows of (region_id, tenant_id, year, each of ``measures``).

    ``own(r)`` picks the regions by a condition on ``region r``; ``children(c)`` picks the child
    regions ``c`` whose rows are added (those whose parent is one of them)."""

    region_table = _t(Region)
    r, c = region_table.alias("r"), region_table.alias("c")
    t, y, s = totals_table.alias("t"), yearly_table.alias("y"), subtree_summary.alias("s")
    zero = sa.literal(0)
    stock = (
        sa.select(r.c.id.label("region_id"), r.c.tenant_id, zero.label("year"),
                  *(MEASURES[m](r, t, y).label(m) if m in STOCK_MEASURES else zero.label(m) for m in measures))
        .select_from(r.outerjoin(t, t.c.region_id == r.c.id)).where(own(r))
    )
    yearly = (
        sa.select(r.c.id, r.c.tenant_id, y.c.year,
                  *(MEASURES[m](r, t, y) if m in YEARLY_MEASURES else zero for m in measures))
        .select_from(r.join(y, y.c.region_id == r.c.id)).where(own(r))
    )
    below = (
        sa.select(c.c.parent_id, s.c.tenant_id, s.c.year, *(s.c[m] for m in measures))
        .select_from(s.join(c, c.c.id == s.c.region_id)).where(children(c))
    )
    return [stock, yearly, below]


def _subtree_select(own: Any, children: Any) -> sa.Select:
    """``subtree_summary`` rows for some regions: their own measures plus their children's rows
    (:func:`_subtree_parts`), under the stamp ``:subtree_stamp``."""
    union = sa.union_all(*_subtree_parts(own, children)).subquery("parts")
    return (
        sa.select(union.c.region_id, union.c.tenant_id, union.c.year,
                  *(sa.func.sum(union.c[m]).label(m) for m in MEASURE_COLUMNS), _STAMP.label("stamp"))
        .group_by(union.c.region_id, union.c.tenant_id, union.c.year)
    )


_STAMP = sa.bindparam("subtree_stamp", type_=sa.BigInteger)
"""The stamp a rewrite gives the subtree rows it writes (:func:`new_stamp`): a past day's subtree
sums kept under another stamp are out of date (:mod:`core.indicators.snapshots`)."""

_SUBTREE_COLUMNS = ["region_id", "tenant_id", "year", *MEASURE_COLUMNS, "stamp"]


def _write_subtrees(connection: Connection, own: Any, children: Any, delete: Any) -> None:
    connection.execute(subtree_summary.delete().where(delete))
    connection.execute(subtree_summary.insert().from_select(_SUBTREE_COLUMNS, _subtree_select(own, children)),
                       {"subtree_stamp": new_stamp()})


def refresh_subtrees(connection: Connection, regions: Iterable[int | None]) -> None:
    """Bring the subtree rows of ``regions`` (whose own measures or children changed) and of all their
    ancestors up to date, in one statement (:func:`_subtree_change`; a None among them is left out)."""
    _refresh(connection, regions, None)


def _refresh(connection: Connection, regions: Iterable[int | None], measures: tuple[str, ...] | None) -> None:
    statement = _subtree_change(connection.dialect.name, measures)
    for ids in _batches(_ids(regions)):  # each batch settles its own regions' changes, whatever the others'
        _run(connection, statement, ids, subtree_stamp=new_stamp())


@functools.cache
def _subtree_change(dialect: str, measures: tuple[str, ...] | None = None) -> Any:
    """Add to the subtree rows of the regions ``:ids`` and of all their ancestors what changed below
    them: one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` (built once per dialect and set of measures).

    ``measures``: only those (the others did not change); a row it inserts holds 0 for the others,
    which is right for a year's row (its stock measures are 0) and for a region's row of year 0,
    written whole when the region was placed. None: every measure.

    A region's *change* is what its row would be now (its own measures now, plus its children's
    rows as they are) less what its row is: nothing, unless its own measures or its children changed.
    The statement adds each change of the regions ``:ids`` to the region's row and to every
    ancestor's, reading the rows as they were before it: a child's change that is among ``:ids``
    reaches the parent once, through the child's lineage (the parent's own change counts the
    child's row as it was). After it the regions ``:ids`` have no change left, and any other
    region's is as it was, for a later statement to settle (a batch of :data:`BATCH`, or a deferred
    write). Each (region, year) row adds its change to the row stored (``m = m + excluded.m``), or
    is inserted; rows whose change is nothing are left alone but for each region's row of year 0,
    which takes the new stamp ``:subtree_stamp``: every write below a region renews it
    (:mod:`core.indicators.snapshots`).

    An addition applies to the latest version of a row, so two transactions adding to one street's
    row at once both count. The ancestors are the region's ancestor columns; rows are written in
    (region, year) order, the same in every writer."""
    columns = MEASURE_COLUMNS if measures is None else measures
    region_table = _t(Region)
    s = subtree_summary.alias("was")
    taken_off = (sa.select(s.c.region_id, s.c.tenant_id, s.c.year, *(-s.c[m] for m in columns))
                 .where(s.c.region_id.in_(_listed(dialect))))
    changes = sa.union_all(*_subtree_parts(lambda r: r.c.id.in_(_listed(dialect)),
                                           lambda c: c.c.parent_id.in_(_listed(dialect)), columns),
                           taken_off).subquery("changes")
    lineage = sa.union(*(  # each region with itself and each of its ancestors, once
        sa.select(region_table.c.id.label("region_id"), region_table.c[name].label("ancestor"))
        .where(region_table.c.id.in_(_listed(dialect)), region_table.c[name].is_not(None))
        for name in ("id", *_ANCESTORS)
    )).subquery("lineage")
    sums = {m: sa.func.sum(changes.c[m]) for m in columns}
    select = (
        sa.select(lineage.c.ancestor, changes.c.tenant_id, changes.c.year,
                  *(sums[m].label(m) if m in sums else sa.literal(0).label(m) for m in MEASURE_COLUMNS),
                  _STAMP.label("stamp"))
        .select_from(changes.join(lineage, lineage.c.region_id == changes.c.region_id))
        .group_by(lineage.c.ancestor, changes.c.tenant_id, changes.c.year)
        .having(sa.or_(changes.c.year == 0, *(total != 0 for total in sums.values())))
        .order_by(lineage.c.ancestor, changes.c.year)
    )
    insert = _insert(dialect, subtree_summary).from_select(_SUBTREE_COLUMNS, _inlined(select, dialect))
    added = {m: subtree_summary.c[m] + insert.excluded[m] for m in columns}
    return insert.on_conflict_do_update(index_elements=["region_id", "year"],
                                        set_={**added, "stamp": insert.excluded.stamp})


def rebuild_subtrees(connection: Connection, tenant_id: int | None = None) -> None:
    """Rewrite every subtree row (of one tenant): one statement per depth of the tree, deepest first."""
    region_table = _t(Region)
    tenant = (lambda table: table.c.tenant_id == tenant_id) if tenant_id is not None else (lambda table: sa.true())
    connection.execute(subtree_summary.delete().where(tenant(subtree_summary)))
    deepest = connection.execute(sa.select(sa.func.max(region_table.c.depth)).where(tenant(region_table))).scalar()
    for depth in range(deepest or 0, -1, -1):
        _write_subtrees(connection, lambda r, d=depth: sa.and_(r.c.depth == d, tenant(r)),
                        lambda c, d=depth: sa.and_(c.c.depth == d + 1, tenant(c)), sa.false())


def differences(connection: Connection, tenant_id: int | None = None) -> list[str]:
    """Where the stored summaries differ from a recomputation from raw data (empty when current)."""
    totals, yearly = summary_selects(None, tenant_id)
    problems = []
    for name, table, select, keys, columns in (
        ("region_summary", totals_table, totals, ("region_id",), TOTALS),
        ("region_year_summary", yearly_table, yearly, ("region_id", "year"), YEARLY),
    ):
        stored_query = sa.select(table)
        if tenant_id is not None:
            stored_query = stored_query.where(table.c.tenant_id == tenant_id)
        stored = {tuple(row[k] for k in keys): row for row in connection.execute(stored_query).mappings()}
        fresh = {tuple(row[k] for k in keys): row for row in connection.execute(select).mappings()}
        problems += _compare(name, keys, columns, stored, fresh)
    stored_query = sa.select(subtree_summary)
    if tenant_id is not None:
        stored_query = stored_query.where(subtree_summary.c.tenant_id == tenant_id)
    stored = {(row["region_id"], row["year"]): row for row in connection.execute(stored_query).mappings()}
    problems += _compare("subtree_summary", ("region_id", "year"), MEASURE_COLUMNS, stored,
                         _expected_subtrees(connection, tenant_id))
    return problems


def _compare(name: str, keys: tuple[str, ...], columns: Iterable[str], stored: dict[Any, Any],
             fresh: dict[Any, Any]) -> list[str]:
    problems = []
    for key in sorted(set(stored) | set(fresh)):
        old, new = stored.get(key), fresh.get(key)
        for column in columns:
            a = 0 if old is None else old.get(column) or 0
            b = 0 if new is None else new.get(column) or 0
            if a != b:
                problems.append(f"{name} {dict(zip(keys, key, strict=True))}: {column} is {a}, recomputed {b}")
    return problems


def _expected_subtrees(connection: Connection, tenant_id: int | None) -> dict[tuple[int, int], Any]:
    """The subtree sums as the ancestor columns define them: every region row with ``<tier>_id = A``.

    An independent path from the parent-by-parent maintenance, so that a check compares two."""

    r = _t(Region).alias("r")
    t, y = totals_table.alias("t"), yearly_table.alias("y")
    out: dict[tuple[int, int], Any] = {}
    for tier in Tier:
        group = r.c[tier.column]
        where = [group.is_not(None)] + ([r.c.tenant_id == tenant_id] if tenant_id is not None else [])
        stock = (sa.select(group.label("region_id"), sa.literal(0).label("year"),
                           *(sa.func.sum(MEASURES[m](r, t, y)).label(m) for m in STOCK_MEASURES))
                 .select_from(r.outerjoin(t, t.c.region_id == r.c.id)).where(*where).group_by(group))
        yearly = (sa.select(group.label("region_id"), y.c.year,
                            *(sa.func.sum(MEASURES[m](r, t, y)).label(m) for m in YEARLY_MEASURES))
                  .select_from(r.join(y, y.c.region_id == r.c.id)).where(*where).group_by(group, y.c.year))
        for statement in (stock, yearly):
            for row in connection.execute(statement).mappings():
                out[(row["region_id"], row["year"])] = row
    return out


@dataclass
class _Noted:
    """What flushes touched: the regions whose rows of each per-region table are to be rewritten, and
    the regions whose facts or children changed (their subtree rows only). Between the two events of
    one flush, also the rows flushed whose region is known after it (a new row's id)."""

    rows: dict[sa.Table, set[int | None]] = field(
        default_factory=lambda: {table: set() for table, _columns in _WRITTEN})
    regions: set[int | None] = field(default_factory=set)
    tables: set[sa.Table] = field(default_factory=set)
    """the counted tables whose rows were added, changed or removed"""
    added: dict[sa.TableClause, set[int]] = field(default_factory=dict)
    """the ids of the new counted rows, by table"""
    changed: bool = False
    """whether a counted row was changed or removed (not only added)"""
    counted: list[tuple[Any, frozenset[sa.Table], bool]] = field(default_factory=list)
    """counted rows flushed, each with the tables it feeds and whether it is new"""
    placed: list[tuple[Region, bool]] = field(default_factory=list)
    """regions added or changed, each with whether it moved"""

    def add(self, other: "_Noted") -> None:
        for table, ids in other.rows.items():
            self.rows[table].update(ids)
        self.regions.update(other.regions)
        self.tables.update(other.tables)
        for counted, new_ids in other.added.items():
            self.added.setdefault(counted, set()).update(new_ids)
        self.changed = self.changed or other.changed

    def write(self, connection: Connection) -> None:
        _write(connection, self.rows[totals_table], self.rows[yearly_table], self.regions, frozenset(self.tables),
               None if self.changed else self.added)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    noted: _Noted = session.info.setdefault(_NOTED, _Noted())
    for obj in session.new:
        if isinstance(obj, TRACKED):
            noted.counted.append((obj, _fed_by(obj, new=True), True))
            noted.tables.add(_t(type(obj)))
        elif isinstance(obj, Region):
            noted.placed.append((obj, False))
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, TRACKED):
            tables = _fed_by(obj, new=False)
            history = sa.inspect(obj).attrs.region_id.history
            for table in tables:
                noted.rows[table].update((*history.deleted, *history.unchanged))
            noted.counted.append((obj, tables, False))
            noted.tables.add(_t(type(obj)))
            noted.changed = True
        elif isinstance(obj, Region) and obj in session.deleted:
            parent = sa.inspect(obj).attrs.parent_id.history
            noted.regions.update((*parent.deleted, *parent.unchanged))  # its parent loses its subtree
        elif isinstance(obj, Region) and sa.inspect(obj).modified:
            # its facts (population, kind …) changed, or its place: then its old parent loses its
            # subtree, and its new one (known after the flush) gains it
            moved = sa.inspect(obj).attrs.parent_id.history.deleted
            noted.regions.update(moved)
            noted.placed.append((obj, bool(moved)))


def _after_flush(session: Session, _context: Any) -> None:
    noted: _Noted = session.info.pop(_NOTED, None) or _Noted()
    for row, tables, new in noted.counted:
        for table in tables:
            noted.rows[table].add(row.region_id)
        if new:
            noted.added.setdefault(_t(type(row)), set()).add(row.id)
    for region, moved in noted.placed:
        if region.id is not None and region not in session.deleted:
            noted.regions.update((region.id, region.parent_id) if moved else (region.id,))
    touched = frozenset(_ids((*noted.rows[totals_table], *noted.rows[yearly_table], *noted.regions)))
    if touched:  # announced once the transaction commits (core.db.events)
        events.note(session, events.CountsChanged(touched))
    deferring: _Noted | None = session.info.get(_DEFERRED)
    if deferring is not None:  # written once, when the deferring block ends
        deferring.add(noted)
        return
    _timed_write(session, noted)


@dataclass
class Maintenance:
    """How often and how long this platform's flushes rewrote summary rows (read by the metrics). The
    statements are queued for the commit's trip (:mod:`core.db.queue`): the time is then the
    statements' making, their running counted in the commit's."""

    writes: int = 0
    seconds: float = 0.0


def _timed_write(session: Session, noted: "_Noted") -> None:
    started = time.perf_counter()
    noted.write(session.connection())
    maintenance: Maintenance | None = getattr(type(session), "maintenance", None)
    if maintenance is not None:
        maintenance.writes += 1
        maintenance.seconds += time.perf_counter() - started


def maintenance_of(sessions: async_sessionmaker[AsyncSession]) -> Maintenance:
    """The counts of :class:`Maintenance` of a factory :func:`keep_current` was given."""
    return sessions.kw["sync_session_class"].maintenance


@asynccontextmanager
async def deferred(session: AsyncSession) -> AsyncIterator[None]:
    """Within the block, flushes only note what they touch; the summaries are rewritten once at
    its end, in the same transaction (seeding a tree flushes once or twice per region)."""
    info = session.sync_session.info
    if _DEFERRED in info:  # already deferring: the outer block writes
        yield
        return
    noted = info[_DEFERRED] = _Noted()
    try:
        yield
        await session.flush()
    finally:
        info.pop(_DEFERRED, None)
    await session.run_sync(lambda sync: _timed_write(sync, noted))


def keep_current(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Make the sessions of ``sessions`` keep the summaries current: the platform calls this once for
    its own factory. The listeners go on a session class made for that factory alone (as SQLAlchemy's
    ``sessionmaker`` does for its own listeners), so sessions made elsewhere are left alone and
    importing this module changes nothing."""

    class SummarisedSession(ModelSession):
        """The ORM session of one platform: what a flush touches is recomputed in its transaction."""

        maintenance = Maintenance()

    sa.event.listen(SummarisedSession, "before_flush", _before_flush)
    sa.event.listen(SummarisedSession, "after_flush", _after_flush)
    sessions.configure(sync_session_class=SummarisedSession)
