"""A new row written with its transaction's commit, in one round trip (PostgreSQL).

A create's ``INSERT`` was a round trip of its own: the server gives the row its id, which the
request answers with, so the ``INSERT ... RETURNING id`` had to come back before anything else.
On PostgreSQL a new row of a table with a serial id now gets its id before it is written, from
ids taken from the table's own sequence ahead of time (:data:`IDS_AHEAD` at a time, kept on the
connection), and its ``INSERT`` returns nothing, so it is queued (:mod:`core.db.postgresql_trips`)
and travels with the transaction's next trip: for a create, the one that carries its summaries and
its ``COMMIT``.

What this changes for the row: its id is still the sequence's (a bulk load or another process that
takes ids from the sequence never meets it), but ids are no longer given in the order rows are
written across connections and processes, and a connection closed with ids still held leaves
them unused, as a rolled back transaction does. Nothing orders these tables' rows by id to mean
"the latest". An error the ``INSERT`` meets (a foreign key, a check) is raised by the trip that
carries it, the commit's for a create: the transaction fails as it would have at the flush. A row
holding a value a unique index could refuse is flushed as before by its caller, so that the
conflict names its field (:func:`core.services.elements.create`).

SQLite (and any other connection) flushes the row as before.
"""

import collections
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.postgresql_trips import PipelinedConnection

IDS_AHEAD = 20
"""Ids a connection takes from a table's sequence at a time: one round trip per this many creates."""

_TAKE = sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :many)")


def serial(model: type[SQLModel]) -> bool:
    """Whether ``model``'s table has an integer primary key ``id`` given by a sequence."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]  # every table model has one
    key = list(table.primary_key.columns)
    return (len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, sa.Integer)
            and table.autoincrement_column is key[0])


async def flush_new(session: AsyncSession, row: SQLModel) -> None:
    """Add ``row`` (new, never written) to ``session`` and flush it; on PostgreSQL with its id taken
    ahead and its ``INSERT`` queued for the transaction's next trip (see the module)."""
    session.add(row)
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).dbapi_connection
    if not isinstance(raw, PipelinedConnection) or not serial(type(row)):
        await session.flush()
        return
    if getattr(row, "id", None) is None:
        row.id = await _next_id(connection, raw, type(row).__table__.name)
    with raw.deferring():
        await session.flush()


async def _next_id(connection: Any, raw: PipelinedConnection, table: str) -> int:
    """An id from ``table``'s sequence: one the connection holds, else :data:`IDS_AHEAD` taken now,
    outside the transaction (``nextval`` is never rolled back anyway)."""
    ahead = raw.ids_ahead.setdefault(table, collections.deque())
    if not ahead:
        with raw.alone():
            taken = await connection.execute(_TAKE, {"table": table, "many": IDS_AHEAD})
        ahead.extend(taken.scalars())
    return int(ahead.popleft())
