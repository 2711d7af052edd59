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
and fails the transaction as it would have. The engine gets this module's DBAPI through
``create_async_engine(module=…)`` (:func:`core.db.create_engine`); the dialect is SQLAlchemy's
``postgresql+psycopg`` unchanged.
"""

import collections
from typing import Any

import psycopg
from psycopg.pq import ExecStatus, TransactionStatus
from sqlalchemy.dialects.postgresql.psycopg import (
    AsyncAdapt_psycopg_connection,
    AsyncAdapt_psycopg_cursor,
    PsycopgAdaptDBAPI,
)
from sqlalchemy.util import await_only

from core.db.queue import Queued, Queueing


async def _send(driver: psycopg.AsyncConnection[Any], queued: Queued) -> None:
    """In the open pipeline: the queued statements, one cursor for all (their results are not read)."""
    cursor = driver.cursor()
    for operation, parameters in queued:
        await cursor.execute(operation, parameters)


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
        queued = self._adapt_connection.take_queued()  # type: ignore[attr-defined]
        if queued:
            driver: psycopg.AsyncConnection[Any] = self._connection  # type: ignore[assignment]
            async with driver.pipeline():
                await _send(driver, queued)
        return await super()._executemany_async(operation, seq_of_parameters)


class PipelinedConnection(Queueing, AsyncAdapt_psycopg_connection):
    """psycopg's connection as SQLAlchemy adapts it, with queued statements (see the module's docstring)."""

    _cursor_cls = PipelinedCursor

    def cursor(self, name: str | None = None, /) -> Any:  # type: ignore[override]  # as psycopg's adapter
        if name:
            if self._queued:  # a server-side cursor's statements are psycopg's own: the queue goes first
                self._run(self._flush())
            return super().cursor(name)
        return PipelinedCursor(self)

    def commit(self) -> None:
        if not self._queued:
            super().commit()
        else:
            self._run(self._commit_after())

    async def _flush(self) -> None:
        driver: psycopg.AsyncConnection[Any] = self._connection
        async with driver.pipeline():
            await _send(driver, self.take_queued())

    async def _commit_after(self) -> None:
        """The queued statements and ``COMMIT``, one round trip. The commit is sent as a statement
        (never prepared) rather than by ``commit()``, which in a pipeline waits for its own answer
        before the pipeline's end waits again."""
        driver: psycopg.AsyncConnection[Any] = self._connection
        try:
            async with driver.pipeline():
                await _send(driver, self.take_queued())
                await driver.cursor().execute("COMMIT", prepare=False)
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
        return await_only(PipelinedConnection.create(self, creator(*arg, **kw)))


def dbapi() -> PipelinedDBAPI:
    return PipelinedDBAPI(psycopg, ExecStatus)
