"""Past verdicts: a deadline's verdict is written once, when first judged, and answered from then on.

:mod:`core.indicators.evaluate` judges a passed deadline on the data of its day. Those data can
still change afterwards (a record entered late with an earlier date, a corrected one), and a
verdict already reported must not change silently with them. So:

- :func:`keep` writes the verdict of every target whose deadline has passed, the first time it is
  evaluated (``target_verdict``, append-only: one row per region, target and deadline, never
  rewritten), with the day it was judged on;
- :func:`recall` answers a passed deadline with its recorded verdict: status, value and counts
  as first judged, ``judged_on`` the day; where today's recomputation of the deadline's data says
  otherwise, it is shown beside (``revised_value``, ``revised_status``) and not in its place.

Context rows (an ancestor's target, shown for information) have no verdict here. A deadline
evaluated "as of" a day before the verdict was written is answered as recomputed: the verdict did
not exist yet on that day.
"""

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.documents.targets import Role
from core.indicators import snapshots
from core.indicators.evaluate import Status
from core.indicators.rollup import Exec, Value
from core.models.verdict import TargetVerdict

verdicts = sa.inspect(TargetVerdict).local_table

Key = tuple[int, str, str, str, dt.date]
"""region id, plugin, scope, target key, deadline"""


def _key(region_id: int, status: Status) -> Key:
    return (region_id, status.applied.plugin, status.applied.scope, status.target.key, status.deadline)


def _due(status: Status, today: dt.date) -> bool:
    """Whether ``status`` is a passed deadline's verdict: its own or a summary (not context), judged on
    the data of its deadline (not on those of a day asked before it)."""
    return status.role is not Role.CONTEXT and status.deadline < today and status.as_of == status.deadline


class Recalled:
    """The verdicts one platform instance has read: rows of an append-only table, the same for as
    long as they exist (no statement of the application may change or delete them), so each is read
    from the database once; the least recently used dropped past ``size``."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.rows: OrderedDict[Key, dict[str, Any]] = OrderedDict()

    def get(self, key: Key) -> dict[str, Any] | None:
        row = self.rows.get(key)
        if row is not None:
            self.rows.move_to_end(key)
        return row

    def add(self, key: Key, row: Mapping[str, Any]) -> None:
        self.rows[key] = dict(row)
        self.rows.move_to_end(key)
        while len(self.rows) > self.size:
            self.rows.popitem(last=False)


async def recall(run: Exec, statuses: Mapping[int, Iterable[Status]], today: dt.date | None = None,
                 as_of: dt.date | None = None, known: Recalled | None = None) -> None:
    """Answer each passed deadline among ``statuses`` (by region id) with its recorded verdict, if any
    (``known``: those already read, then only the others are looked for)."""
    today = today or clock.today()
    due = {_key(region_id, s): s for region_id, items in statuses.items() for s in items if _due(s, today)}
    missing = due
    if known is not None:
        missing = {}
        for key, status in due.items():
            found = known.get(key)
            if found is None:
                missing[key] = status
            elif as_of is None or found["judged_on"] <= as_of:
                _answer(status, found)
    if not missing:
        return
    v = verdicts.c
    statement = sa.select(verdicts).where(v.region_id.in_(sorted({k[0] for k in missing})),
                                          v.deadline.in_(sorted({k[4] for k in missing})))
    for row in (await run(statement)).mappings().all():
        key = (row["region_id"], row["plugin"], row["scope"], row["target_key"], row["deadline"])
        if known is not None:
            known.add(key, row)
        wanted = missing.get(key)
        if wanted is None or (as_of is not None and row["judged_on"] > as_of):
            continue
        _answer(wanted, row)


def _answer(status: Status, row: Mapping[str, Any]) -> None:
    recomputed_value, recomputed_status = status.value.value, status.status
    status.judged_on = row["judged_on"]
    status.value = Value(status.indicator, row["value"], row["numerator"], row["denominator"],
                         status.value.year, status.value.as_of)
    status.met = {"met": True, "not_met": False}.get(row["status"])
    if status.role is Role.SUMMARY:
        status.regions, status.regions_meeting = row["regions_judged"], row["regions_meeting"]
        status.regions_no_data = row["regions_no_data"]
    status.left_out = row["left_out"]
    if recomputed_status != row["status"] or recomputed_value != row["value"]:
        status.revised_value, status.revised_status = recomputed_value, recomputed_status


async def keep(sessions: async_sessionmaker[AsyncSession], tenant_id: int,
               statuses: Mapping[int, Iterable[Status]], today: dt.date | None = None) -> int:
    """Write the verdict of every passed deadline among ``statuses`` (by region id) not yet written;
    return how many were. Its own transaction: a verdict is kept whether or not the caller writes.
    A concurrent writer of the same verdict wins quietly (the first judgement stands); on a busy
    SQLite file, or with the keeper's connections in use, the write is left to the next evaluation
    rather than failing or holding up a read."""
    today = today or clock.today()
    fresh = [(region_id, s) for region_id, items in statuses.items() for s in items
             if _due(s, today) and s.judged_on is None]
    if not fresh:
        return 0
    rows = [_row(tenant_id, region_id, s, today) for region_id, s in fresh]
    engine = snapshots.keeper()  # not the requests' pool, whose connections they may all hold
    try:
        async with AsyncSession(engine) if engine is not None else sessions() as session:
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            await session.exec(dialect.insert(verdicts).values(rows).on_conflict_do_nothing())
            await session.commit()
    except DBAPIError as error:
        if "locked" not in str(error.orig):
            raise
        return 0
    except PoolTimeout:  # the keeper's connections are in use: the next evaluation writes it
        return 0
    for _, status in fresh:
        status.judged_on = today
    return len(rows)


def _row(tenant_id: int, region_id: int, s: Status, today: dt.date) -> dict[str, Any]:
    t = s.target
    return {
        "tenant_id": tenant_id, "region_id": region_id, "plugin": s.applied.plugin, "scope": s.applied.scope,
        "target_key": t.key, "indicator": t.indicator, "comparator": t.comparator, "threshold": str(t.threshold),
        "deadline": s.deadline, "year": s.year, "judged_on": today, "status": s.status,
        "value": s.value.value, "numerator": s.value.numerator, "denominator": s.value.denominator,
        "regions_judged": s.regions, "regions_meeting": s.regions_meeting, "regions_no_data": s.regions_no_data,
        "left_out": s.left_out, "created_at": dt.datetime.now(dt.UTC),
    }


async def settle(run: Exec, sessions: async_sessionmaker[AsyncSession], tenant_id: int,
                 statuses: Mapping[int, Iterable[Status]], as_of: dt.date | None = None,
                 known: Recalled | None = None) -> None:
    """What an answer does with its statuses: recorded verdicts recalled, new ones kept."""
    await recall(run, statuses, as_of=as_of, known=known)
    await keep(sessions, tenant_id, statuses)
