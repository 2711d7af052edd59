"""What the serving settings set: each worker's connection pool and garbage collector."""

import gc

import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient

from core import db
from core.config import Settings
from core.platform import Platform
from core.web.app import create_app


async def test_the_pool_has_the_size_and_overflow_of_the_settings(settings):
    platform = Platform.create(settings.model_copy(update={"database_pool_size": 7, "database_max_overflow": 3}))
    try:
        pool = platform.engine.sync_engine.pool
        assert isinstance(pool, sa.pool.QueuePool)
        assert (pool.size(), pool._max_overflow) == (7, 3)
    finally:
        await platform.dispose()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_takes_no_pool_options(url):
    assert db.pool_options(url, 7, 3) == {}
    assert db.pool_options("sqlite:///file:shared?mode=memory&uri=true", 7, 3) == {}
    engine = db.create_engine(url, **db.pool_options(url, 7, 3))  # SQLAlchemy refuses them there
    assert engine is not None


def test_a_file_or_server_database_takes_them():
    assert db.pool_options("sqlite:///wushe.db", 7, 3) == {"pool_size": 7, "max_overflow": 3}
    assert db.pool_options("postgresql://u@h/d", 7, 3) == {"pool_size": 7, "max_overflow": 3}


async def test_start_up_sets_the_collectors_thresholds_and_freezes_what_it_built(platform):
    before = gc.get_threshold()
    try:
        platform.settings = platform.settings.model_copy(update={"gc_threshold": [1234, 11, 12]})
        async with AsyncTestClient(app=create_app(platform)):
            assert gc.get_threshold() == (1234, 11, 12)
            assert gc.get_freeze_count() > 0
    finally:
        gc.set_threshold(*before)


def test_the_defaults_are_valid():
    defaults = Settings()
    assert defaults.workers >= 1 and defaults.database_pool_size >= 1 and defaults.database_max_overflow >= 0
    assert 1 <= len(defaults.gc_threshold) <= 3


@pytest.mark.parametrize(("setting", "pragma"), [(None, 1), ("normal", 1), ("full", 2)])
async def test_sqlite_commits_wait_for_the_disk_only_when_told(tmp_path, setting, pragma):
    """SQLite's ``synchronous`` on every engine of the platform: NORMAL (1) unless ``full`` (2)."""
    changes = {} if setting is None else {"sqlite_synchronous": setting}
    platform = Platform.create(Settings(database_url=f"sqlite:///{tmp_path / 'durable.db'}", env="development",
                                        secret_key=None, **changes))
    try:
        for engine in (platform.engine, platform.keeper, platform.guard):
            async with engine.connect() as connection:
                assert (await connection.exec_driver_sql("PRAGMA synchronous")).scalar() == pragma
    finally:
        await platform.dispose()


def test_an_unknown_synchronous_mode_is_refused_naming_the_setting():
    with pytest.raises(ValueError, match="sqlite_synchronous"):
        Settings(sqlite_synchronous="off")
    with pytest.raises(ValueError, match="sqlite_synchronous: 'off' is not one of normal, full"):
        db.create_engine("sqlite://", sqlite_synchronous="off")
