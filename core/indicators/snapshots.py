"""Stock counts as of past days, kept once computed and used for as long as they are true.

Counting a district's stock as of a past day reads every dated row of its subtree
(:func:`core.indicators.summary.totals_as_of`); today's counts read one summary row. Deadlines,
series and dashboards ask the same past days again and again (a year's 31 December, a month's
last day), so a region's counts as of a day, once computed, are kept in ``stock_snapshot``.

A kept row is true while the region's data have not changed since: each time a write rewrites a
region's summary rows it gives the region a new random stamp (``summary_stamp``, in the same
transaction), and a snapshot carries the stamp it was computed under.

:func:`refresh` computes and keeps the rows missing or out of date (their stamp is not the
region's current one), just before a statement reads them: :func:`stock` then reads the kept rows,
every one of which was current a moment before. Where :func:`refresh` could not make them so,
:func:`stock` recomputes the counts from the dated rows instead.
It writes in a transaction of its own (an answer is a read; it must not commit the caller's work),
on the engine given to :func:`keep_with` for the current context (the web app does it for each
request, a command for its run); without one it does nothing and :func:`stock` recomputes. The
row and its stamp are read by one statement, so a write committed meanwhile leaves the row
stamped out of date rather than wrong. A busy SQLite file is not waited for: the rows are kept
by a later request.

A region's own answer needs its subtree's sums; those are kept too, in ``subtree_snapshot``
(:func:`keep_subtrees`, read by :func:`core.indicators.rollup.subtree_sums`), under the stamp of
the region's ``subtree_summary`` row, which every write below the region renews.
"""

import datetime as dt
import functools
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.indicators.measures import region
from core.indicators.summary import IDS, totals_as_of
from core.models.summary import STOCK_MEASURES, TOTALS, stock_snapshot, subtree_snapshot, summary_stamp
from core.tree.tiers import Tier

_engine: ContextVar[AsyncEngine | None] = ContextVar("wushe_snapshot_engine", default=None)

_GIVE_WAY = ("locked", "busy", "deadlock detected", "could not serialize")
"""What :func:`refresh` and :func:`keep_subtrees` give way to: another writer; the rows are kept by a
later request."""

BATCH = 2_000
"""Regions computed and kept per statement."""


@contextmanager
def keep_with(engine: AsyncEngine) -> Iterator[None]:
    """Within the block (and the tasks it starts), :func:`refresh` keeps snapshots with ``engine``."""
    token = _engine.set(engine)
    try:
        yield
    finally:
        _engine.reset(token)


def set_engine(engine: AsyncEngine | None) -> None:
    """Keep snapshots with ``engine`` for the rest of the current context (a request's task)."""
    _engine.set(engine)


def keeper() -> AsyncEngine | None:
    """The engine that keeps what reads compute (these snapshots, targets' verdicts) in this
    context, if any: connections the request's own session never holds."""
    return _engine.get()


def _day(as_of: dt.date) -> Any:
    return sa.literal(as_of, sa.Date)


def _current(h: Any) -> Any:
    """The region ``h``'s stamp now (0: never rewritten)."""
    st = summary_stamp
    stamp = sa.select(st.c.stamp).where(st.c.region_id == h.c.id).correlate_except(st)  # to h, at any depth
    return sa.func.coalesce(stamp.scalar_subquery(), 0)


def _out_of_date(h: Any, as_of: dt.date) -> Any:
    """``region h`` has no snapshot of ``as_of`` taken under its current stamp."""
    s = stock_snapshot
    return ~sa.exists().where(s.c.region_id == h.c.id, s.c.day == _day(as_of), s.c.stamp == _current(h))


DAY = sa.bindparam("stock_day", type_=sa.Date)
STALE_IDS: Any = sa.bindparam("stale_ids", expanding=True)


@functools.lru_cache(maxsize=len(Tier))
def stale(within: Tier) -> Any:
    """Whether any region under the regions :data:`STALE_IDS` (of tier ``within``) has no current
    snapshot of :data:`DAY`: a column for a statement that reads :data:`KEPT`, which may trust what it
    read where the same statement found this false (its reads share one snapshot of the database).
    Built once per tier: the statement is run with ``.params(stock_day=…, stale_ids=…)``."""
    h, s = region.alias("kh"), stock_snapshot
    current = ~sa.exists().where(s.c.region_id == h.c.id, s.c.day == DAY, s.c.stamp == _current(h))
    return sa.exists().where(h.c[within.column].in_(STALE_IDS), current).label("stale")
"""The day :data:`KEPT` reads: a statement that joins it is run with ``.params(stock_day=…)``."""

_S = stock_snapshot.alias("ks")
KEPT = (
    # no condition on the subtree here: the statement that joins ``t`` to its regions has it, and
    # a plain subquery is merged into it, each region then looking up its own row by the key
    sa.select(_S.c.region_id, _S.c.tenant_id, *(_S.c[c] for c in TOTALS))
    .where(_S.c.day == DAY, _S.c.present)
    .subquery("t")
)
"""The kept counts of one day (:data:`DAY`), as ``t``: built once, so that the columns summed over
it are built once too (building a district's 26 measures over a new subquery cost more than the
query)."""


def stock(as_of: dt.date, within: Tier, ids: Sequence[int], *, kept: bool = False) -> Any:
    """The stock counts of every region under the regions ``ids`` (of tier ``within``) on the day
    ``as_of``: a subquery with the columns of ``region_summary``, to be joined as its ``t``.
    ``kept``: :func:`refresh` has just made every kept row of the subtree current, so they are read
    (:data:`KEPT`: the statement is to be run with ``.params(stock_day=as_of)``); else the counts are
    recomputed from the dated rows."""
    if kept:
        return KEPT
    o = region.alias("ko")
    return totals_as_of(as_of, sa.select(o.c.id).where(o.c[within.column].in_(list(ids)))).subquery("t")


def _keep_statement(dialect: str, as_of: dt.date) -> Any:
    """Compute and keep the snapshots of ``as_of`` of the regions ``:ids``, each with the stamp read
    in the same statement."""
    h = region.alias("kh")
    fresh = totals_as_of(as_of, IDS).subquery("fresh")
    columns = ["region_id", "day", "tenant_id", "stamp", "present", *TOTALS]
    select = (
        sa.select(h.c.id, _day(as_of), h.c.tenant_id, _current(h), fresh.c.region_id.is_not(None),
                  *(sa.func.coalesce(fresh.c[c], 0) for c in TOTALS))
        .select_from(h.outerjoin(fresh, fresh.c.region_id == h.c.id))
        .where(h.c.id.in_(IDS))
        .order_by(h.c.id)  # rows locked in one order by every writer
    )
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(stock_snapshot)
    statement = insert.from_select(columns, select)
    return statement.on_conflict_do_update(
        index_elements=["day", "region_id"],
        set_={c: statement.excluded[c] for c in ("tenant_id", "stamp", "present", *TOTALS)},
    )


@asynccontextmanager
async def _own_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection of its own, committed by the caller, that never waits for a writer."""
    async with engine.connect() as connection, _not_waiting(connection):
        yield connection


@asynccontextmanager
async def _not_waiting(connection: AsyncConnection) -> AsyncIterator[None]:
    """On SQLite, writes on ``connection`` within the block never wait for another writer (it may be
    this very request's session): a busy file raises at once; rolled back after the block."""
    if connection.dialect.name != "sqlite":
        yield
        return
    waited = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    await connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        await connection.rollback()
        await connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited or 0)}")


def _gives_way(error: DBAPIError) -> bool:
    return any(word in str(error.orig) for word in _GIVE_WAY)


async def refresh(as_of: dt.date, within: Tier, ids: Sequence[int]) -> bool:
    """Compute and keep the snapshots of ``as_of`` that are missing or out of date under the regions
    ``ids`` (of tier ``within``); return whether every one of them is now kept and current (False
    without an engine, or when a SQLite file is busy: then :func:`stock` recomputes)."""
    engine = _engine.get()
    if engine is None or not ids:
        return False
    h = region.alias("kh")
    stale = sa.select(h.c.id).where(h.c[within.column].in_(list(ids)), _out_of_date(h, as_of)).order_by(h.c.id)
    try:
        async with engine.connect() as connection:
            found = list((await connection.execute(stale)).scalars())
            if not found:  # the usual case once a day is kept: a read, and nothing to set up or undo
                return True
            async with _not_waiting(connection):
                statement = _keep_statement(connection.dialect.name, as_of)
                for start in range(0, len(found), BATCH):
                    await connection.execute(statement, {"ids": found[start:start + BATCH]})
                await connection.commit()
    except DBAPIError as error:
        if not _gives_way(error):
            raise
        return False
    except PoolTimeout:  # the keeper's connections are all in use: another request is keeping
        return False
    return True


async def keep_subtrees(rows: list[dict[str, Any]]) -> None:
    """Keep these subtree sums of past days (``subtree_snapshot`` rows: day, region_id, tenant_id,
    the region's ``subtree_summary`` stamp read *before* they were counted, and every stock
    measure), for :func:`core.indicators.rollup.subtree_sums` to read while the stamp holds. A
    stamp older than the counts only makes a row out of date sooner, never wrong. Nothing without
    an engine, or on a busy SQLite file."""
    engine = _engine.get()
    if engine is None or not rows:
        return
    try:
        async with _own_connection(engine) as connection:
            insert = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(subtree_snapshot)
            statement = insert.on_conflict_do_update(
                index_elements=["day", "region_id"],
                set_={c: insert.excluded[c] for c in ("tenant_id", "stamp", *STOCK_MEASURES)},
            )
            ordered = sorted(rows, key=lambda row: (row["day"], row["region_id"]))  # one lock order
            for start in range(0, len(ordered), BATCH):
                await connection.execute(statement, ordered[start:start + BATCH])
            await connection.commit()
    except DBAPIError as error:
        if not _gives_way(error):
            raise
    except PoolTimeout:
        return


def differences(connection: Connection, tenant_id: int | None = None) -> list[str]:
    """Where a kept row still taken as current differs from a recomputation of its day (empty when
    none does): ``wushe summaries check`` reports them beside the summaries' own."""
    s, h = stock_snapshot, region.alias("kh")
    current = (sa.select(s).select_from(s.join(h, h.c.id == s.c.region_id)).where(s.c.stamp == _current(h)))
    if tenant_id is not None:
        current = current.where(s.c.tenant_id == tenant_id)
    kept: dict[dt.date, dict[int, Any]] = {}
    for row in connection.execute(current).mappings():
        kept.setdefault(row["day"], {})[row["region_id"]] = row
    problems = []
    for day, rows in sorted(kept.items()):
        fresh = {r["region_id"]: r for r in connection.execute(totals_as_of(day, sorted(rows))).mappings()}
        for region_id, row in sorted(rows.items()):
            again = fresh.get(region_id)
            for column in TOTALS:
                a = row[column] if row["present"] else 0
                b = 0 if again is None else again[column] or 0
                if a != b:
                    problems.append(f"stock_snapshot {{'region_id': {region_id}, 'day': '{day}'}}: "
                                    f"{column} is {a}, recomputed {b}")
    return problems
