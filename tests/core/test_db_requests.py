"""What a request costs the database beyond its own statements: no trip for a rollback SQLite
has nothing to do for, no transaction on PostgreSQL for the token check alone (core.db)."""

import sqlalchemy as sa
from psycopg.pq import TransactionStatus

from core import db
from core.db import closing, tenancy
from core.models import PolicyVersion
from core.testing import graphql


async def test_sqlite_still_rolls_back_what_was_written(tmp_path):
    """A rollback is skipped only outside a transaction, where it does nothing (core.db)."""
    engine = db.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        trips: list[str] = []
        async with engine.connect() as connection:
            raw = (await connection.get_raw_connection()).driver_connection
            rollback = raw.rollback

            async def counted() -> None:
                trips.append("rollback")
                await rollback()

            raw.rollback = counted
            await connection.execute(sa.text("SELECT count(*) FROM t"))
            await connection.rollback()
            assert trips == []  # nothing to roll back: no trip to the connection's thread
            await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            await connection.rollback()
            assert trips == ["rollback"]
            assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 0
            raw.rollback = rollback
    finally:
        await engine.dispose()


async def test_a_read_alone_begins_no_transaction_and_the_next_statement_does(platform):
    # a session for nobody, as a request's before its token check: one that works for a tenant, or
    # platform-wide, sets that first thing in each transaction it begins (core.db.tenancy)
    async with platform.session_as(tenancy.NOBODY) as session:
        connection = await session.connection()
        result = await db.execute_alone(connection, sa.select(sa.literal(1)), {})
        assert result.scalar() == 1
        if connection.dialect.name == "postgresql":
            raw = (await connection.get_raw_connection()).dbapi_connection
            driver = raw.driver_connection  # psycopg's own autocommit is always on: core.db.postgresql_trips
            assert driver.info.transaction_status == TransactionStatus.IDLE and not raw.autocommit
            await connection.execute(sa.select(sa.literal(1)))
            assert driver.info.transaction_status == TransactionStatus.INTRANS


async def test_writes_after_a_read_alone_are_still_one_transaction(platform):
    async with platform.sessions() as session:
        before = (await session.get(PolicyVersion, 1)).version
    async with platform.session_as(tenancy.NOBODY) as session:
        connection = await session.connection()
        await db.execute_alone(connection, sa.select(sa.literal(1)), {})
        row = await session.get(PolicyVersion, 1)
        row.version += 1
        session.add(row)
        await session.flush()
        await session.rollback()  # the write is undone: it was in a transaction
    async with platform.sessions() as session:
        assert (await session.get(PolicyVersion, 1)).version == before


async def test_a_read_only_request_keeps_the_statements_postgresql_prepared(platform, client, admin_token):
    """psycopg drops every prepared statement of a connection on ROLLBACK; a request that wrote
    nothing ends with COMMIT, so its statements stay prepared for the next requests on the
    connection (PostgreSQL plans each once, not on every call)."""
    if platform.engine.dialect.name != "postgresql":
        return
    query = '{ region(path: "chongqing") { name children { name } } }'
    for _ in range(8):  # psycopg prepares a statement on its 5th run on one connection
        assert "errors" not in await graphql(client, query, token=admin_token)
    async with platform.engine.connect() as connection:  # the pool's one connection, the requests'
        prepared = (await connection.execute(sa.text("SELECT count(*) FROM pg_prepared_statements"))).scalar()
    assert prepared > 0


async def test_closing_rolls_back_what_was_written_and_commits_only_a_read(platform):
    """core.db.closing commits only a transaction that wrote nothing: a flush or a Core write
    left uncommitted when the session closes is rolled back, on either database."""
    async with platform.sessions() as session:
        before = (await session.get(PolicyVersion, 1)).version
    session = platform.sessions()
    row = await session.get(PolicyVersion, 1)
    row.version += 1
    session.add(row)
    await session.flush()
    await closing.close(session)
    session = platform.sessions()
    await session.exec(sa.update(PolicyVersion).values(version=PolicyVersion.version + 7))
    await closing.close(session)
    async with platform.sessions() as session:
        assert (await session.get(PolicyVersion, 1)).version == before
