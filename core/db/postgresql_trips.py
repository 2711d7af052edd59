"""PostgreSQL through psycopg: statements no one reads sent with the next one, in one round trip.

A write keeps the summaries current with a few statements whose results no one reads (the regions'
lock and the summary rows, :mod:`core.indicators.summary`), run after the ORM's flush and before the
commit. Each was a round trip to the server: a create made eight (``BEGIN``, the token's check, the
``INSERT``, the lock, three summary statements, ``COMMIT``). Such a statement may be queued instead
(:func:`core.db.queue.queue`): it is sent with the connection's next statement or its commit, in
psycopg's pipeline mode, so that the queued statements and that one travel together and come back
together, run by the server one after the other in the transaction, in order. A create's lock,
summary statements and commit are one round trip where they were five.

What is queued is run before whatever the connection runs next, so the next statement sees what it
wrote. A rollback drops the queue. An error in a queued statement is raised by the statement or the
commit that carried it (the server then skips the rest of the pipeline, the ``COMMIT`` included),
and fails the transaction as it would have.

A transaction's ``BEGIN`` travels the same way, with its first statement: psycopg, left to itself,
sends it as a round trip of its own before that statement. psycopg runs in autocommit mode here,
and a trip made while the server has no transaction open starts with ``BEGIN`` (unless SQLAlchemy
asked for autocommit). A transaction that runs no statement costs no round trip at all; a create
is three (the token's check, ``BEGIN`` with the ``INSERT``, the summaries with ``COMMIT``). What
SQLAlchemy asks of a transaction (autocommit, an isolation level) is written into that ``BEGIN``.

The engine gets this module's DBAPI through ``create_async_engine(module=…)``
(:func:`core.db.create_engine`); the dialect is SQLAlchemy's ``postgresql+psycopg`` unchanged.
"""

import collections
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import ExecStatus, TransactionStatus
from sqlalchemy.dialects.postgresql.psycopg import (
    AsyncAdapt_psycopg_connection,
    AsyncAdapt_psycopg_cursor,
    AsyncAdapt_psycopg_ss_cursor,
    PsycopgAdaptDBAPI,
)
from sqlalchemy.util import await_only

from core.db.queue import Queued, Queueing


async def _send(driver: psycopg.AsyncConnection[Any], queued: Queued) -> None:
    """In the open pipeline: the queued statements, one cursor for all (their results are not read).
    ``BEGIN`` and ``COMMIT`` are never prepared."""
    cursor = driver.cursor()
    for operation, parameters in queued:
        await cursor.execute(operation, parameters, prepare=False if parameters is None else None)


class PipelinedCursor(AsyncAdapt_psycopg_cursor):
    """A cursor that sends what its connection queued with its own statement."""

    __slots__ = ()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        queued = self._adapt_connection.take_queued()  # type: ignore[attr-defined]  # a PipelinedConnection
        if not queued:
            return await super()._execute_async(operation, parameters)
        driver: psycopg.AsyncConnection[Any] = self._connection  # type: ignore[assignment]
        async with driver.pipeline():
            await _send(driver, queued)
            result = await self._cursor.execute(operation, parameters)
        found = self._cursor.pgresult  # type: ignore[attr-defined]  # psycopg's cursor
        if found is not None and found.status == ExecStatus.TUPLES_OK:
            self._rows = collections.deque(await self._cursor.fetchall())
        return result

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._adapt_connection.flush()  # type: ignore[attr-defined]
        return await super()._executemany_async(operation, seq_of_parameters)


class PipelinedServerCursor(AsyncAdapt_psycopg_ss_cursor):
    """A server-side cursor (``stream()``): psycopg's own statements, after what is queued."""

    __slots__ = ()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._adapt_connection.flush()  # type: ignore[attr-defined]  # a PipelinedConnection
        return await super()._execute_async(operation, parameters)


class PipelinedConnection(Queueing, AsyncAdapt_psycopg_connection):
    """psycopg's connection as SQLAlchemy adapts it, with queued statements and a ``BEGIN`` sent with
    the transaction's first statement (see the module's docstring).

    psycopg itself runs in autocommit mode, so that it never sends a ``BEGIN`` of its own (a round
    trip before the first statement of every transaction); the trip of a statement run while the
    server has no transaction open starts with one instead, as psycopg would have begun one. What
    SQLAlchemy asks of psycopg's transactions (autocommit, isolation level, read only, deferrable) is
    kept here and written into that ``BEGIN``."""

    _cursor_cls = PipelinedCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._alone = False
        self._wants_autocommit = False
        self._characteristics: dict[str, Any] = {"isolation_level": None, "read_only": None, "deferrable": None}

    # --- the transaction SQLAlchemy asks for -----------------------------------------------------

    def _begin_statement(self) -> str:
        parts = ["BEGIN"]
        level, read_only, deferrable = self._characteristics.values()
        if level is not None:
            parts += ["ISOLATION LEVEL", psycopg.IsolationLevel(level).name.replace("_", " ")]
        if read_only is not None:
            parts.append("READ ONLY" if read_only else "READ WRITE")
        if deferrable is not None:
            parts.append("DEFERRABLE" if deferrable else "NOT DEFERRABLE")
        return " ".join(parts)

    @property
    def autocommit(self) -> bool:
        return self._wants_autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        self.set_autocommit(value)

    def set_autocommit(self, value: bool) -> None:
        self._wants_autocommit = bool(value)

    def set_isolation_level(self, value: Any) -> None:
        self._characteristics["isolation_level"] = value

    @property
    def read_only(self) -> bool | None:
        return self._characteristics["read_only"]

    def set_read_only(self, value: Any) -> None:
        self._characteristics["read_only"] = value

    @property
    def deferrable(self) -> bool | None:
        return self._characteristics["deferrable"]

    def set_deferrable(self, value: Any) -> None:
        self._characteristics["deferrable"] = value

    @contextmanager
    def alone(self) -> Iterator[None]:
        """Within the block, a statement that would carry a ``BEGIN`` (and nothing else) is sent
        without it: it runs outside any transaction, and the next statement begins one
        (:func:`core.db.execute_alone`)."""
        self._alone = True
        try:
            yield
        finally:
            self._alone = False

    # --- the trips ----------------------------------------------------------------------------------

    def take_queued(self) -> Queued:
        """What the next trip carries before its own statement: ``BEGIN`` when the server has no
        transaction open (as psycopg would have sent, unless autocommit is asked for or the statement
        runs :func:`alone`), then the statements queued."""
        queued = super().take_queued()
        driver: psycopg.AsyncConnection[Any] = self._connection
        if (not self._wants_autocommit and (queued or not self._alone)
                and driver.info.transaction_status == TransactionStatus.IDLE):
            queued.insert(0, (self._begin_statement(), None))
        return queued

    def cursor(self, name: str | None = None, /) -> Any:  # type: ignore[override]  # as psycopg's adapter
        return PipelinedServerCursor(self, name) if name else PipelinedCursor(self)

    def commit(self) -> None:
        if self._queued:
            self._run(self._commit_after())
        else:  # psycopg sends COMMIT only if the server has a transaction open: none if no statement ran
            super().commit()

    async def flush(self) -> None:
        """Send what is queued (the pending ``BEGIN`` included), if anything: one round trip."""
        queued = self.take_queued()
        if queued:
            driver: psycopg.AsyncConnection[Any] = self._connection
            async with driver.pipeline():
                await _send(driver, queued)

    async def _commit_after(self) -> None:
        """The queued statements and ``COMMIT``, one round trip. The commit is sent as a statement
        (never prepared) rather than by ``commit()``, which in a pipeline waits for its own answer
        before the pipeline's end waits again."""
        driver: psycopg.AsyncConnection[Any] = self._connection
        try:
            async with driver.pipeline():
                await _send(driver, [*self.take_queued(), ("COMMIT", None)])
        except psycopg.Error:
            # The server skipped the COMMIT after the error: end the transaction here, as a failed
            # COMMIT would have, so that the connection is not left in an aborted transaction.
            if driver.info.transaction_status != TransactionStatus.IDLE:
                await driver.rollback()
            raise

    def _run(self, awaitable: Any) -> None:
        try:
            await_only(awaitable)
        except Exception as error:
            self._handle_exception(error)


class PipelinedDBAPI(PsycopgAdaptDBAPI):
    """psycopg as SQLAlchemy adapts it, with :class:`PipelinedConnection`."""

    def connect(self, *arg: Any, **kw: Any) -> PipelinedConnection:
        creator = kw.pop("async_creator_fn", self.psycopg.AsyncConnection.connect)
        kw["autocommit"] = True  # psycopg sends no BEGIN of its own: PipelinedConnection does
        return await_only(PipelinedConnection.create(self, creator(*arg, **kw)))


def dbapi() -> PipelinedDBAPI:
    return PipelinedDBAPI(psycopg, ExecStatus)
