"""Engines and sessions: async for the application, one URL for SQLite or PostgreSQL."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from psycopg.pq import TransactionStatus
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import core.models  # noqa: F401  (every table registered on SQLModel.metadata)
from core.models.dated import add_to_existing
from core.models.summary import add_missing_stamps

DDL = Callable[[sa.Connection], object]
"""A step of schema set-up run after the tables exist (triggers, guards), idempotent."""


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
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


def create_engine(url: str | URL, *, echo: bool = False, **kwargs: Any) -> AsyncEngine:
    target = async_url(url)
    if target.get_backend_name() == "postgresql" and "jit=" not in str(target.query.get("options", "")):
        options = f"{target.query.get('options', '')} {POSTGRESQL_OPTIONS}".strip()
        target = target.update_query_dict({"options": options})
    engine = create_async_engine(target, echo=echo, **kwargs)
    if target.get_backend_name() == "sqlite":
        sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        _skip_idle_rollbacks(engine)
    return engine


async def execute_alone(
    connection: AsyncConnection, statement: sa.Executable, parameters: dict[str, Any]
) -> sa.CursorResult[Any]:
    """Run a read on ``connection`` outside any transaction when the server has none open on it.

    On PostgreSQL a statement otherwise begins one (``BEGIN``, a round trip of its own) and the
    request must end it (``ROLLBACK``, another): a request whose one statement is the token check
    made three round trips for it, now one. A later statement begins a transaction as usual.
    SQLite begins none for a read: there it is just the statement."""
    if connection.dialect.name != "postgresql":
        return await connection.execute(statement, parameters)
    driver = (await connection.get_raw_connection()).driver_connection
    if driver is None or driver.autocommit or driver.info.transaction_status != TransactionStatus.IDLE:
        return await connection.execute(statement, parameters)
    await driver.set_autocommit(True)
    try:
        return await connection.execute(statement, parameters)
    finally:
        await driver.set_autocommit(False)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def create_tables(engine: AsyncEngine, *after: DDL) -> None:
    """Create every table and index that does not exist yet (plugin tables included, once imported),
    widen integer columns the models now declare 64-bit, then run ``after`` (the platform passes
    the audit log's guard), all in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
        await connection.run_sync(add_to_existing)  # columns of tables made before records were dated
        await connection.run_sync(add_missing_stamps)  # subtree rows made before they were stamped
        await connection.run_sync(_create_missing_indexes)
        await connection.run_sync(widen_integer_columns)
        for step in after:
            await connection.run_sync(step)


def _create_missing_indexes(connection: sa.Connection) -> None:
    """Indexes added to a table that already exists (``create_all`` makes only new tables')."""
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)


_INTEGER_COLUMNS = sa.text(
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = 'integer'"
)


def widen_integer_columns(connection: sa.Connection) -> list[tuple[str, str]]:
    """PostgreSQL: a column the models declare ``BIGINT`` that an older version made ``integer``
    (money, summed counts) becomes ``BIGINT``; returns the (table, column) pairs widened.
    SQLite stores every integer in up to 64 bits already."""
    if connection.dialect.name != "postgresql":
        return []
    declared = {
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.BigInteger)
    }
    integer: set[tuple[str, str]] = {
        (row.table_name, row.column_name) for row in connection.execute(_INTEGER_COLUMNS)
    }
    narrow = sorted(integer & declared)
    quote = connection.dialect.identifier_preparer.quote
    for table, column in narrow:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} TYPE BIGINT")
    return narrow


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose work is committed on success and rolled back on any error."""
    async with sessions() as session, session.begin():
        yield session
