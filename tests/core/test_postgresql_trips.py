"""PostgreSQL through psycopg: queued statements sent with the next statement or the commit, one round
trip (core.db.postgresql_trips). A round trip is counted as the server's ``ReadyForQuery`` answers in
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
