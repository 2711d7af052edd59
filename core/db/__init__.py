"""Engines and sessions: async for the application, one URL for SQLite or PostgreSQL."""

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from psycopg.pq import TransactionStatus
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

import core.models  # noqa: F401  (every table registered on SQLModel.metadata)
from core.db import postgresql_trips, sqlite_trips


def async_url(url: str | URL) -> URL:
    """Pick the async driver for a database URL: aiosqlite for SQLite, psycopg for PostgreSQL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    raise ValueError(
        f"database_url: unsupported database {backend!r}; use sqlite:///FILE or postgresql://…"
    )


SQLITE_SYNCHRONOUS = ("normal", "full")
"""SQLite's ``synchronous`` in WAL mode (``WUSHE_SQLITE_SYNCHRONOUS``). ``normal``, SQLite's advice for
WAL: a commit is written to the log, which is synced to the disk at each checkpoint; the file is
never corrupted, but the last commits before a power loss or an operating-system crash (not the
process's) may be rolled back. ``full``: each commit waits for the disk to sync the log (0.6 ms of
a create when the machine is quiet, up to 1.2 ms under load, docs/operators.md)."""


def _sqlite_pragmas(synchronous: str, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


POSTGRESQL_OPTIONS = "-c jit=off"
"""Set on every PostgreSQL connection. The JIT compiler pays off on long analytical queries; on
the platform's short ones it costs more than it saves: a work queue's query, whose condition has a
term for each step of each case type, was priced above ``jit_above_cost`` and spent ~140 ms of its
~175 ms compiling (bench/cases.py, docs/benchmarks.md)."""


def _skip_idle_rollbacks(engine: AsyncEngine) -> None:
    """SQLite: a rollback outside a transaction does nothing (SQLite opens one only to write), yet
    through aiosqlite it costs a trip to the connection's thread; every read-only request ended
    with one when its session was closed. Skip it then."""
    dialect = engine.sync_engine.dialect
    rollback = dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        driver = getattr(dbapi_connection, "driver_connection", None)
        if driver is not None and not driver.in_transaction:
            discard = getattr(dbapi_connection, "discard_queued", None)  # through the pool's proxy, if it wraps one
            if discard is not None:
                discard()  # what was queued goes with the transaction that never began
            return
        rollback(dbapi_connection)

    setattr(dialect, "do_rollback", do_rollback)  # noqa: B010 (mypy refuses assigning to a method)


def pool_options(url: str | URL, pool_size: int, max_overflow: int) -> dict[str, Any]:
    """The pool's size and overflow for an engine on ``url``: none for an in-memory SQLite database,
    whose one connection is the database (SQLAlchemy gives it a pool of one)."""
    if in_memory(url):
        return {}
    return {"pool_size": pool_size, "max_overflow": max_overflow}


def in_memory(url: str | URL) -> bool:
    """Whether ``url`` is an in-memory SQLite database: one connection, which another engine cannot share."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    )


READ_ONLY_OPTIONS = "-c default_transaction_read_only=on"
"""Set on every connection of a read replica's engine (:func:`create_engine` ``read_only``): a standby
refuses writes anyway; a replica URL that names a writable server by mistake refuses them too."""


def create_engine(url: str | URL, *, echo: bool = False, read_only: bool = False, sqlite_synchronous: str = "normal",
                  **kwargs: Any) -> AsyncEngine:
    """An engine on ``url`` with the platform's connection settings (``sqlite_synchronous``: one of
    :data:`SQLITE_SYNCHRONOUS`, SQLite only)."""
    if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(f"sqlite_synchronous: {sqlite_synchronous!r} is not one of {', '.join(SQLITE_SYNCHRONOUS)}")
    target = async_url(url)
    if target.get_backend_name() == "postgresql":
        given = str(target.query.get("options", ""))
        added = [option for option in (POSTGRESQL_OPTIONS if "jit=" not in given else "",
                                       READ_ONLY_OPTIONS if read_only else "") if option]
        if added:
            target = target.update_query_dict({"options": " ".join([given, *added]).strip()})
    if target.get_backend_name() == "sqlite":
        kwargs.setdefault("module", sqlite_trips.dbapi())  # one trip to aiosqlite's thread per statement
    else:
        kwargs.setdefault("module", postgresql_trips.dbapi())  # queued statements in psycopg's pipeline
    engine = create_async_engine(target, echo=echo, **kwargs)
    if target.get_backend_name() == "sqlite":
        sa.event.listen(engine.sync_engine, "connect", functools.partial(_sqlite_pragmas, sqlite_synchronous))
        _skip_idle_rollbacks(engine)
    return engine


async def execute_alone(
    connection: AsyncConnection, statement: sa.Executable, parameters: dict[str, Any]
) -> sa.CursorResult[Any]:
    """Run a read on ``connection`` outside any transaction when the server has none open on it.

    On PostgreSQL a statement otherwise begins one (``BEGIN``, a round trip of its own) and the
    request must end it (``ROLLBACK``, another): a request whose one statement is the token check
    made three round trips for it, now one. A later statement begins a transaction as usual (through
    :mod:`core.db.postgresql_trips`, the ``BEGIN`` waits for it). SQLite begins none for a read: there
    it is just the statement."""
    if connection.dialect.name != "postgresql":
        return await connection.execute(statement, parameters)
    pooled = await connection.get_raw_connection()
    raw = pooled.dbapi_connection
    if isinstance(raw, postgresql_trips.PipelinedConnection):  # its BEGIN waits for the next statement
        with raw.alone():
            return await connection.execute(statement, parameters)
    driver = pooled.driver_connection
    if driver is None or driver.autocommit or driver.info.transaction_status != TransactionStatus.IDLE:
        return await connection.execute(statement, parameters)
    await driver.set_autocommit(True)
    try:
        return await connection.execute(statement, parameters)
    finally:
        await driver.set_autocommit(False)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose work is committed on success and rolled back on any error."""
    async with sessions() as session, session.begin():
        yield session
