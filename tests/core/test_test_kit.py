"""The test kit's copies of initialised databases (core/testing/databases.py) stand for ``init``: the
template a test gets is keyed by every setting ``init`` reads, and by no other; on PostgreSQL they are
made without an empty database first, and ahead of the tests that take them (core/testing/spares.py)."""

import gc
import os
import subprocess
import sys
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

from core.config import Settings
from core.models import Region
from core.platform import Platform
from core.testing import TEST_DATABASE_ENV, TEST_GC_THRESHOLD, databases, settings_for_database, spares
from core.testing.databases import INIT_SETTINGS

WHERE = {"database_url", "owner_database_url", "database_pool_size", "database_max_overflow"}
"""Where the database is and how many connections reach it: the same data whatever they are."""


class Reading:
    """Settings that note each one read."""

    def __init__(self, settings: Any) -> None:
        object.__setattr__(self, "settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self.settings, name)


async def test_init_reads_no_setting_the_templates_are_not_keyed_by(database_url):
    platform = Platform.create(settings_for_database(database_url))
    reading = Reading(platform.settings)
    platform.settings = reading  # type: ignore[assignment]
    try:
        await platform.init()
    finally:
        await platform.dispose()
    assert reading.read & INIT_SETTINGS, "the recording saw none of the keys init stores"
    assert reading.read - WHERE <= INIT_SETTINGS


def _exists(server: str, name: str) -> bool:
    with psycopg.connect(server, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


@pytest.mark.skipif(not os.environ.get(TEST_DATABASE_ENV), reason="PostgreSQL: WUSHE_TEST_DATABASE_URL unset")
async def test_on_postgresql_a_platforms_database_is_made_as_its_copy_and_later_ones_are_spares_made_before():
    """A test of ``platform`` gets no empty database first; once a template has been copied twice, the
    next copy is made in the background and the next test takes it by its name; every database is
    dropped after its test, in the background."""
    server = make_url(os.environ[TEST_DATABASE_ENV]).set(drivername="postgresql", database="postgres")
    dsn = server.render_as_string(hide_password=False)
    databases_made = [databases.postgres_database(os.environ[TEST_DATABASE_ENV], copied=True) for _ in range(3)]
    urls = [next(made) for made in databases_made]
    names = [make_url(url).database for url in urls]
    try:
        assert not any(_exists(dsn, name) for name in names)  # nothing made before the copy
        spare = None
        for number, url in enumerate(urls):
            platform = Platform.create(settings_for_database(url))
            try:
                if number == 2:  # copied twice: a spare is being made
                    spare = spares._made[databases._TEMPLATES[databases._template_key(platform)]][0].result()
                    assert _exists(dsn, spare)
                assert await databases.initialised_copy(platform, [])
                async with platform.sessions() as session:
                    assert (await session.exec(select(Region).limit(1))).first() is not None
            finally:
                await platform.dispose()
        assert spare is not None and not _exists(dsn, spare)  # renamed: the third test's database
    finally:
        for made in databases_made:
            next(made, None)
    spares.drain()  # the drops given before it are done
    assert not any(_exists(dsn, name) for name in names)


def test_a_drop_given_at_the_end_of_a_process_is_done_at_exit(tmp_path):
    """A process that ended with fewer drops waiting than a batch (a run of a few PostgreSQL tests)
    left their databases on the server: nothing dropped them at exit."""
    done = tmp_path / "dropped"
    script = ("import pathlib, sys\nfrom core.testing import spares\n"
              "spares.later(lambda: pathlib.Path(sys.argv[1]).write_text('yes'))\n")
    subprocess.run([sys.executable, "-c", script, str(done)], check=True, timeout=60)
    assert done.read_text() == "yes"


ONCE_AND_TWICE = '''
import pytest

@pytest.mark.once
def test_heavy(database_url):
    pass

def test_plain(database_url):
    pass
'''


@pytest.mark.parametrize(("configured", "collected"), [
    (False, ["test_heavy[sqlite]", "test_plain[sqlite]"]),
    (True, ["test_heavy[postgresql]", "test_plain[postgresql]", "test_plain[sqlite]"]),
])
def test_a_test_marked_once_runs_against_postgresql_alone_when_it_is_configured(tmp_path, configured, collected):
    (tmp_path / "test_marked.py").write_text(ONCE_AND_TWICE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != TEST_DATABASE_ENV}
    if configured:
        env[TEST_DATABASE_ENV] = "postgresql://nobody@127.0.0.1:1/never"  # collecting connects to nothing
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-p", "no:randomly", str(tmp_path / "test_marked.py")],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    listed = sorted(line.split("::", 1)[1] for line in result.stdout.splitlines() if "::" in line)
    assert listed == collected, result.stdout + result.stderr
    assert ("1 deselected" in result.stdout) is configured


async def test_a_tests_body_runs_with_the_kits_collector_thresholds(client):
    # the client's app started in the set-up and set a server's thresholds; the body runs with the kit's
    assert gc.get_threshold() == TEST_GC_THRESHOLD
    assert tuple(Settings().gc_threshold) != TEST_GC_THRESHOLD
