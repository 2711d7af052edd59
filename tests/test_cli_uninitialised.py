"""Commands against a database that ``wushe init`` never made: one line saying what to run, exit
code 2, and nothing created (issue 13: it was a raw ``OperationalError`` and an empty ``wushe.db``)."""

import os
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from core.testing import TEST_DATABASE_ENV
from tests import shell

COMMANDS = [
    ("regions", "chongqing"),
    ("token", "admin"),
    ("reencrypt",),
    ("role", "list", "--tenant", "chongqing"),
    ("audit", "--tenant", "chongqing"),
    ("user", "locks"),
    ("summaries", "check"),
    ("org", "members", "1"),
    ("outbox", "deliver"),
    ("export", "targets", "--region", "chongqing", "-o", "targets.xlsx"),
    ("migrate", "check"),
]


def environment(**variables: str) -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if not name.startswith("WUSHE_")} | variables


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_missing_sqlite_file_is_not_initialised_and_not_created(tmp_path, command):
    url = f"sqlite:///{tmp_path / 'wushe.db'}"
    result = shell.wushe(*command, env=environment(WUSHE_DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"error: the database at {url} is not initialised: run `wushe init`"
    assert files_in(tmp_path) == []


def test_the_default_database_is_not_created_either(tmp_path):
    result = shell.wushe("regions", "chongqing", env=environment(), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: the database at sqlite:///wushe.db is not initialised: run `wushe init`"
    assert files_in(tmp_path) == []


def test_an_empty_sqlite_file_is_not_initialised_and_left_empty(tmp_path):
    (tmp_path / "wushe.db").touch()
    url = f"sqlite:///{tmp_path / 'wushe.db'}"
    result = shell.wushe("role", "list", "--tenant", "chongqing", env=environment(WUSHE_DATABASE_URL=url))
    assert (result.returncode, result.stderr.strip()) == (2, f"error: the database at {url} is not initialised: run `wushe init`")
    assert files_in(tmp_path) == ["wushe.db"]
    assert (tmp_path / "wushe.db").stat().st_size == 0


def test_a_file_that_is_no_database_is_named(tmp_path):
    (tmp_path / "notes.db").write_text("not a database, " * 100, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'notes.db'}"
    result = shell.wushe("regions", "chongqing", env=environment(WUSHE_DATABASE_URL=url))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: database_url: cannot read the database at {url} (file is not a database)")
    assert "Traceback" not in result.stderr


def test_init_migrate_plugins_and_help_still_work_on_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'wushe.db'}"
    env = environment(WUSHE_DATABASE_URL=url)
    for command in (("--help",), ("plugins",), ("migrate", "history"), ("migrate", "current")):
        assert shell.wushe(*command, env=env).returncode == 0, command
    assert files_in(tmp_path) == []
    assert shell.wushe("init", env=env).returncode == 0
    assert shell.wushe("regions", "chongqing", "--depth", "0", env=env).stdout.startswith("重庆市")


@pytest.mark.skipif(not os.environ.get(TEST_DATABASE_ENV), reason="PostgreSQL: WUSHE_TEST_DATABASE_URL unset")
@pytest.mark.parametrize("command", COMMANDS[:3], ids=lambda c: " ".join(c[:2]))
def test_a_postgresql_database_without_tables_is_not_initialised(database_url, command):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's own")
    result = shell.wushe(*command, env=environment(WUSHE_DATABASE_URL=database_url))
    shown = make_url(database_url).render_as_string(hide_password=True)
    assert (result.returncode, result.stderr.strip()) == (2, f"error: the database at {shown} is not initialised: run `wushe init`")
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
