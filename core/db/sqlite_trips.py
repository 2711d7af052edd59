"""SQLite through aiosqlite in one trip per statement, not four.

aiosqlite runs each call on the connection's own thread and hands the answer back to the event
loop: a trip of ~65 µs. SQLAlchemy's adapter makes four of them for one statement (create the
cursor, execute, fetch the rows, close the cursor), so that ``SELECT 1`` cost 0.30 ms where the
synchronous driver takes 0.04 ms, and a write of 7 statements spent ~1.8 ms travelling. The
cursor here sends one function to the thread that does all four there and brings back the rows
and what the cursor knew (its description, row count, last row id): the same results, one trip.

Only plain cursors change; a server-side cursor (``stream()``) keeps aiosqlite's own, which
fetches as it goes. The engine gets this module's DBAPI through ``create_async_engine(module=…)``
(:func:`core.db.create_engine`): the dialect is SQLAlchemy's ``sqlite+aiosqlite`` unchanged.

A statement whose result no one reads (the summaries' upkeep after a write, :mod:`core.indicators.summary`)
may be queued instead (:func:`core.db.queue.queue`): it travels with the connection's next trip, run on the thread
before that trip's own statement or commit, in the same transaction and in order, so that whatever
runs next sees what it wrote. A create's three summary statements and its commit were four trips;
they are one. A rollback drops what is queued. An error in a queued statement is raised by the trip
that carried it (a later statement's, or the commit), and fails the transaction as it would have.
"""

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT, await_only

from core.db.queue import Queued, Queueing


def _run_queued(connection: sqlite3.Connection, queued: Queued) -> None:
    """On the connection's thread: the statements queued, in order."""
    for operation, parameters in queued:
        connection.execute(operation, parameters).close()


def _commit_after(connection: sqlite3.Connection, queued: Queued) -> None:
    """On the connection's thread: the statements queued, then the commit. If one fails, the
    transaction is rolled back here, as a failed commit ends it: SQLAlchemy's rollback after a failed
    commit does not reach the connection, whose next commit would otherwise keep what this one wrote."""
    try:
        _run_queued(connection, queued)
    except Exception:
        connection.rollback()
        raise
    connection.commit()


def _run(connection: sqlite3.Connection, operation: Any, parameters: Any, many: bool,
         queued: Queued) -> tuple[Any, int, Any, list[Any]]:
    """On the connection's thread: the statements queued, then this one, its rows, and what its cursor knew."""
    _run_queued(connection, queued)
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement, rows and close are one trip to the connection's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:  # no aiosqlite cursor: no trip to make one
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            queued = self._adapt_connection.take_queued()  # type: ignore[attr-defined]  # a OneTripConnection
            found = await connection._execute(_run, connection._conn, operation, parameters, many, queued)
        self._description, self._rowcount, self._lastrowid, rows = found
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, True)

    async def _async_soft_close(self) -> None:
        return  # closed on the thread already; the rows are here

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(Queueing, AsyncAdapt_aiosqlite_connection):
    """aiosqlite's connection as SQLAlchemy adapts it, with one-trip cursors and queued statements."""

    _cursor_cls = OneTripCursor

    def cursor(self, server_side: bool = False) -> Any:
        if server_side and self._queued:  # aiosqlite's own cursor makes its own trips: the queue goes first
            self._send_queued(_run_queued)
        return super().cursor(server_side)

    def commit(self) -> None:
        if not self._queued:
            super().commit()
        elif self._connection._connection:  # as the adapter's own commit
            self._send_queued(_commit_after)

    def _send_queued(self, function: Any) -> None:
        queued = self.take_queued()
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        try:
            await_only(connection._execute(function, connection._conn, queued))
        except Exception as error:
            self._handle_exception(error)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with :class:`OneTripCursor` for plain cursors."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)

