"""PostgreSQL through psycopg: queued statements sent with the next statement or the commit, and a
transaction's BEGIN with its first statement, one round trip (core.db.postgresql_trips). A round trip is counted as the server's ``ReadyForQuery`` answers in
libpq's protocol trace: one per trip, however many statements it carried."""

import os
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from psycopg import pq

from core.db import create_engine, queue
from core.testing import TEST_DATABASE_ENV
from core.testing.databases import postgres_database

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not os.environ.get(TEST_DATABASE_ENV), reason=f"{TEST_DATABASE_ENV} is not set"),
]


@pytest.fixture
async def engine():
    for url in postgres_database(os.environ[TEST_DATABASE_ENV], copied=False):
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.execute(sa.text("CREATE TABLE t (n INTEGER UNIQUE)"))
        yield engine
        await engine.dispose()


@contextmanager
def round_trips(connection, folder):
    """The round trips ``connection`` makes in the block: appended to the list given, at its end."""
    made: list[int] = []
    driver = connection.sync_connection.connection.driver_connection
    with open(folder / "trace", "w+") as trace:
        driver.pgconn.trace(trace.fileno())
        driver.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield made
        finally:
            driver.pgconn.untrace()
        trace.seek(0)
        made.append(sum(1 for line in trace if line.startswith("B\t") and "\tReadyForQuery\t" in line))


def _queue(connection, sql: str, parameters=None) -> None:
    assert queue.queue(connection, sql, parameters)


async def _numbers(engine) -> list[int]:
    async with engine.connect() as connection:
        return list((await connection.execute(sa.text("SELECT n FROM t ORDER BY n"))).scalars())


async def test_queued_statements_travel_with_the_next_statement_in_order(engine, tmp_path):
    async with engine.begin() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        with round_trips(connection, tmp_path) as made:
            await connection.run_sync(lambda c: (_queue(c, "UPDATE t SET n = n * 10"),
                                                 _queue(c, "UPDATE t SET n = n + %(more)s", {"more": 2})))
            assert (await connection.execute(sa.text("SELECT n FROM t"))).scalar_one() == 12
        assert made == [1]


async def test_queued_statements_and_the_commit_are_one_round_trip(engine, tmp_path):
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        with round_trips(connection, tmp_path) as made:
            await connection.run_sync(lambda c: (_queue(c, "INSERT INTO t VALUES (2)"), _queue(c, "INSERT INTO t VALUES (3)")))
            await connection.commit()
        assert made == [1]
    assert await _numbers(engine) == [1, 2, 3]


async def test_a_rollback_drops_the_queue(engine):
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (2)"))
        await connection.rollback()
        await connection.execute(sa.text("INSERT INTO t VALUES (3)"))
        await connection.commit()
    assert await _numbers(engine) == [3]


async def test_an_error_in_a_queued_statement_fails_the_commit_and_keeps_nothing(engine):
    async with engine.begin() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (2)"))
        await connection.run_sync(lambda c: (_queue(c, "INSERT INTO t VALUES (1)"), _queue(c, "INSERT INTO t VALUES (4)")))
        with pytest.raises(sa.exc.IntegrityError, match="duplicate key"):
            await connection.commit()
        await connection.rollback()  # as SQLAlchemy asks after a failed commit
        await connection.execute(sa.text("INSERT INTO t VALUES (5)"))  # the next transaction, on the same connection
        await connection.commit()
    assert await _numbers(engine) == [1, 5]


async def test_an_error_in_a_queued_statement_is_raised_by_the_statement_that_carried_it(engine):
    async with engine.begin() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    async with engine.connect() as connection:
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (1)"))
        with pytest.raises(sa.exc.IntegrityError, match="duplicate key"):
            await connection.execute(sa.text("SELECT count(*) FROM t"))
        await connection.rollback()
    assert await _numbers(engine) == [1]


async def test_a_streamed_result_sees_what_was_queued(engine):
    async with engine.connect() as connection:
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t SELECT generate_series(1, 250)"))
        result = await connection.stream(sa.text("SELECT n FROM t ORDER BY n"))
        assert [row.n async for row in result] == list(range(1, 251))


async def test_listeners_hear_of_a_queued_statement_when_it_is_queued(engine):
    heard = []
    sa.event.listen(engine.sync_engine, "before_cursor_execute",
                    lambda _conn, _cursor, sql, *_rest: heard.append(sql))
    async with engine.begin() as connection:
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (7)"))
        assert heard == ["INSERT INTO t VALUES (7)"]
    assert await _numbers(engine) == [7]


# --- BEGIN, sent with the transaction's first statement -------------------------------------------


def _status(connection) -> pq.TransactionStatus:
    return connection.sync_connection.connection.driver_connection.info.transaction_status


async def test_a_transactions_first_statement_carries_its_begin(engine, tmp_path):
    async with engine.begin() as connection:
        with round_trips(connection, tmp_path) as made:
            await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert made == [1]
        assert _status(connection) == pq.TransactionStatus.INTRANS
    async with engine.connect() as connection:  # and the commit kept it
        assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar_one() == 1


async def test_a_transaction_that_runs_nothing_makes_no_round_trip(engine, tmp_path):
    async with engine.connect() as connection:
        with round_trips(connection, tmp_path) as made:
            await connection.begin()
            await connection.commit()
            await connection.begin()
            await connection.rollback()
        assert made == [0]


async def test_a_rolled_back_transaction_keeps_nothing(engine):
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.rollback()
    assert await _numbers(engine) == []


async def test_a_statement_run_alone_is_outside_the_transaction_that_follows(engine, tmp_path):
    from core.db import execute_alone

    async with engine.connect() as connection:
        with round_trips(connection, tmp_path) as made:
            assert (await execute_alone(connection, sa.text("SELECT 7"), {})).scalar_one() == 7
        assert made == [1]
        assert _status(connection) == pq.TransactionStatus.IDLE
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert _status(connection) == pq.TransactionStatus.INTRANS
        await connection.rollback()
    assert await _numbers(engine) == []


async def test_the_isolation_level_asked_for_is_the_transactions(engine):
    async with engine.connect() as connection:
        serializable = await connection.execution_options(isolation_level="SERIALIZABLE")
        level = (await serializable.execute(sa.text("SHOW transaction_isolation"))).scalar_one()
        assert level == "serializable"
        await serializable.rollback()
    async with engine.connect() as connection:  # the pool's connection is back to the default
        assert (await connection.execute(sa.text("SHOW transaction_isolation"))).scalar_one() == "read committed"


async def test_autocommit_asked_for_runs_each_statement_in_its_own_transaction(engine):
    async with engine.connect() as connection:
        alone = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await alone.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert _status(alone) == pq.TransactionStatus.IDLE
        await alone.rollback()  # nothing to roll back: the row is stored
    assert await _numbers(engine) == [1]


async def test_a_create_and_its_summaries_are_two_round_trips(platform, database_url, tmp_path):
    """A volunteer written through the platform's session: BEGIN with the INSERT, then the lock, the
    three summary statements and the COMMIT. (They were seven; a request adds its token check.)"""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's round trips")
    from sqlmodel import select

    from core.models import Region, Volunteer

    async with platform.sessions() as session:
        community = (await session.exec(select(Region).where(Region.path == "panjin/dawa/tianjia/dabaozi"))).one()
        await session.commit()
        connection = await session.connection()
        with round_trips(connection, tmp_path) as made:
            session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲",
                                  real_name_registered=True))
            await session.flush()
            await session.commit()
        assert made == [2]
