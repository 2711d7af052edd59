"""SQLite through aiosqlite, one trip to its thread per statement (core.db.sqlite_trips)."""

import aiosqlite
import pytest
import sqlalchemy as sa

from core.db import create_engine, queue


@pytest.fixture
async def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'trips.db'}")
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch):
    """The trips to aiosqlite's thread, from now on."""
    made = []
    real = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        made.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return made


async def test_a_statement_is_one_trip_with_its_rows_count_and_last_row_id(engine, trips):
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    async with engine.connect() as connection:
        trips.clear()
        inserted = await connection.execute(sa.text("INSERT INTO t (name) VALUES ('a')"))
        assert (inserted.rowcount, inserted.lastrowid) == (1, 1)
        assert len(trips) == 1
        many = await connection.execute(sa.text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}])
        assert many.rowcount == 2
        trips.clear()
        rows = (await connection.execute(sa.text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
        assert len(trips) == 1
        with pytest.raises(sa.exc.IntegrityError, match="UNIQUE"):
            await connection.execute(sa.text("INSERT INTO t (name) VALUES ('a')"))
        await connection.commit()


async def test_a_streamed_result_still_fetches_as_it_goes(engine):
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (n INTEGER)"))
        await connection.execute(sa.text("INSERT INTO t VALUES (:n)"), [{"n": n} for n in range(250)])
    async with engine.connect() as connection:
        result = await connection.stream(sa.text("SELECT n FROM t ORDER BY n"))
        assert [row.n async for row in result] == list(range(250))


def _queue(connection, sql: str, parameters=()) -> None:
    assert queue.queue(connection, sql, parameters)


@pytest.fixture
async def table(engine):
    """A table ``t (n INTEGER UNIQUE)``, empty."""
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (n INTEGER UNIQUE)"))


async def test_a_queued_statement_travels_with_the_next_trip_in_order(engine, table, trips):
    """Queued statements run on the thread before the next statement of the connection, in order, in
    its transaction: one trip for all of them, and the statement after them sees what they wrote."""
    async with engine.begin() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        trips.clear()
        await connection.run_sync(lambda c: (_queue(c, "UPDATE t SET n = n * 10"), _queue(c, "UPDATE t SET n = n + 2")))
        assert trips == []
        assert (await connection.execute(sa.text("SELECT n FROM t"))).scalar_one() == 12
        assert len(trips) == 1


async def test_queued_statements_travel_with_the_commit_and_a_rollback_drops_them(engine, table, trips):
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (2)"))
        trips.clear()
        await connection.commit()
        assert len(trips) == 1
        await connection.execute(sa.text("INSERT INTO t VALUES (3)"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (4)"))
        await connection.rollback()
        await connection.execute(sa.text("INSERT INTO t VALUES (5)"))
        await connection.commit()  # the statement queued before the rollback is not run now
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT n FROM t ORDER BY n"))).scalars().all() == [1, 2, 5]


async def test_a_rollback_with_no_transaction_open_still_drops_the_queue(engine, table):
    """SQLite opens no transaction for a read, so such a rollback makes no trip
    (:func:`core.db._skip_idle_rollbacks`); what was queued is dropped all the same, not run with the
    connection's next transaction."""
    async with engine.connect() as connection:
        await connection.execute(sa.text("SELECT 1"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (9)"))
        await connection.rollback()
        await connection.execute(sa.text("INSERT INTO t VALUES (5)"))
        await connection.commit()
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT n FROM t ORDER BY n"))).scalars().all() == [5]


async def test_an_error_in_a_queued_statement_fails_the_commit_and_writes_nothing(engine, table):
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (1)"))
        with pytest.raises(sa.exc.IntegrityError, match="UNIQUE"):
            await connection.commit()
        await connection.rollback()  # as SQLAlchemy asks after a failed commit
        await connection.execute(sa.text("INSERT INTO t VALUES (5)"))  # the next transaction, on the same connection
        await connection.commit()
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT n FROM t"))).scalars().all() == [5]


async def test_a_streamed_read_sees_what_was_queued(engine, table):
    async with engine.begin() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.run_sync(lambda c: _queue(c, "INSERT INTO t VALUES (2)"))
        result = await connection.stream(sa.text("SELECT n FROM t ORDER BY n"))
        assert [row.n async for row in result] == [1, 2]


async def test_a_create_and_its_summaries_are_two_trips_on_sqlite(tmp_path, trips):
    """A new volunteer: its INSERT, then its summaries' three statements with the commit (they were
    a trip each). A statement still hears of each (``before_cursor_execute``)."""
    from sqlmodel import select

    from core.config import Settings
    from core.models import Region, RegionSummary, Volunteer
    from core.platform import Platform
    from core.tree.tiers import Tier

    platform = Platform.create(Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", env="development", secret_key=None))
    try:
        await platform.init()
        async with platform.sessions() as session:
            community = (await session.exec(select(Region).where(Region.tier == Tier.COMMUNITY))).first()
        heard = []
        sa.event.listen(platform.engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_: heard.append(sql))
        async with platform.sessions() as session:
            trips.clear()
            session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name="甲"))
            await session.commit()
            assert len(trips) == 2
            assert sum("region_summary" in sql or "subtree_summary" in sql or "summary_stamp" in sql for sql in heard) == 3
            stored = (await session.exec(select(RegionSummary).where(RegionSummary.region_id == community.id))).one()
            assert stored.volunteers == 1
    finally:
        await platform.dispose()
