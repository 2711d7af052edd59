"""SQLite through aiosqlite, one trip to its thread per statement (core.db.sqlite_trips)."""

import aiosqlite
import pytest
import sqlalchemy as sa

from core.db import create_engine


@pytest.fixture
async def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'trips.db'}")
    yield engine
    await engine.dispose()


async def test_a_statement_is_one_trip_with_its_rows_count_and_last_row_id(engine, monkeypatch):
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    trips = []
    real = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
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
