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
