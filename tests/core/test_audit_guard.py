"""The audit log is append-only against the application's own database user (issue 9, break 4)."""

import sqlite3

import psycopg
import pytest
from sqlalchemy.engine import make_url

from core import db
from core.access import audit
from core.access.grants import Principal
from core.db import roles as dbroles
from core.testing import APP_ROLE


async def _one_event(platform) -> int:
    async with db.transaction(platform.sessions) as session:
        event = await audit.record(session, Principal(username="admin"), "test.event", "here", tenant_id=None)
        return int(event.id)


def platform_wide(connection: psycopg.Connection) -> None:
    """Row-level security (core.db.tenancy): this test's own connection works platform-wide, as
    maintenance does, for its whole life (a request's setting is transaction-local instead), so
    that what is checked here is the role's rights on the log, not whose rows it sees."""
    connection.execute("SELECT set_config('wushe.platform', 'on', false)")


def _sqlite_path(platform) -> str:
    return str(make_url(platform.settings.database_url).database)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("a SQLite file's own guard")


@pytest.fixture
def postgresql_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")


@pytest.mark.parametrize("statement", [
    "REPLACE INTO audit_event (id, at, actor, action, target) VALUES (?, '2000-01-01', 'x', 'forged', 'x')",
    "INSERT OR REPLACE INTO audit_event (id, at, actor, action, target) VALUES (?, '2000-01-01', 'x', 'forged', 'x')",
    "INSERT INTO audit_event (id, at, actor, action, target) VALUES (?, '2000-01-01', 'x', 'forged', 'x') "
    "ON CONFLICT (id) DO UPDATE SET action = excluded.action",
    "UPDATE audit_event SET action = 'forged' WHERE id = ?",
    "DELETE FROM audit_event WHERE id = ?",
])
async def test_sqlite_refuses_to_rewrite_an_event(sqlite_only, platform, statement):
    event_id = await _one_event(platform)
    with sqlite3.connect(_sqlite_path(platform)) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement, (event_id,))
        actions = connection.execute("SELECT action FROM audit_event WHERE id = ?", (event_id,)).fetchall()
    assert actions == [("test.event",)]


async def test_sqlite_still_appends(sqlite_only, platform):
    event_id = await _one_event(platform)
    with sqlite3.connect(_sqlite_path(platform)) as connection:
        connection.execute("INSERT INTO audit_event (at, actor, action, target) VALUES ('2000-01-01', 'x', 'y', 'z')")
        assert connection.execute("SELECT max(id) FROM audit_event").fetchone() == (event_id + 1,)


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit_event",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
    "DROP TRIGGER audit_event_append_only ON audit_event",
    "DROP TABLE audit_event CASCADE",
    "UPDATE audit_event SET action = 'forged'",
    "DELETE FROM audit_event",
    "ALTER TABLE audit_event OWNER TO CURRENT_USER",
    "INSERT INTO audit_event (id, at, actor, action, target) SELECT id, at, 'x', 'forged', 'x' FROM audit_event "
    "ON CONFLICT (id) DO UPDATE SET action = excluded.action",
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RETURN NULL; END $$",
])
async def test_the_application_role_cannot_rewrite_the_log(postgresql_only, platform, statement):
    event_id = await _one_event(platform)
    with psycopg.connect(_dsn(platform.settings.database_url), autocommit=True) as connection:
        platform_wide(connection)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)
        assert connection.execute("SELECT action FROM audit_event WHERE id = %s", (event_id,)).fetchall() \
            == [("test.event",)]


async def test_the_application_role_appends_and_reads(postgresql_only, platform):
    with psycopg.connect(_dsn(platform.settings.database_url), autocommit=True) as connection:
        platform_wide(connection)
        user, superuser = connection.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        assert not superuser
        owner = connection.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event' "
                                   "AND schemaname = current_schema()").fetchone()[0]
        assert owner != user
        connection.execute("INSERT INTO audit_event (at, actor, action, target) VALUES (now(), 'x', 'y', 'z')")
        assert connection.execute("SELECT count(*) FROM audit_event WHERE action = 'y'").fetchone() == (1,)


async def test_the_application_role_cannot_grant_itself_more(postgresql_only, platform):
    with psycopg.connect(_dsn(platform.settings.database_url), autocommit=True) as connection:
        connection.execute("GRANT ALL ON audit_event TO CURRENT_USER")  # PostgreSQL only warns
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("TRUNCATE audit_event")


async def test_production_refuses_to_start_as_a_role_that_could_rewrite_the_log(postgresql_only, settings, platform):
    from core.platform import Platform

    as_owner = Platform.create(settings.model_copy(update={"database_url": settings.owner_database_url,
                                                           "env": "production"}))
    try:
        with pytest.raises(RuntimeError, match=r"is a superuser.*could rewrite the audit log.*WUSHE_OWNER_DATABASE_URL"):
            await as_owner.load_signing_key()
    finally:
        await as_owner.dispose()
    as_application = Platform.create(settings.model_copy(update={"env": "production"}))
    try:
        await as_application.load_signing_key()  # the application's role starts
    finally:
        await as_application.dispose()


async def test_development_warns_about_such_a_role(postgresql_only, settings, platform, caplog):
    from core.platform import Platform

    as_owner = Platform.create(settings.model_copy(update={"database_url": settings.owner_database_url}))
    try:
        await as_owner.load_signing_key()
    finally:
        await as_owner.dispose()
    assert "could rewrite the audit log" in caplog.text and "refused in production" in caplog.text


async def test_a_role_granted_too_much_is_named(postgresql_only, settings, platform):
    with psycopg.connect(_dsn(settings.owner_database_url), autocommit=True) as connection:
        connection.execute(f'GRANT TRUNCATE, UPDATE ON audit_event TO "{make_url(settings.database_url).username}"')
    async with platform.engine.connect() as connection:
        risks = await connection.run_sync(dbroles.audit_log_risks)
    assert risks == [f"role {APP_ROLE!r} may UPDATE audit_event, may TRUNCATE audit_event"]
    await platform.init()  # init takes the extra rights back
    async with platform.engine.connect() as connection:
        assert await connection.run_sync(dbroles.audit_log_risks) == []


async def test_init_names_an_application_role_that_does_not_exist(postgresql_only, settings):
    from core.platform import Platform

    url = make_url(settings.database_url).set(username="no_such_role_here").render_as_string(hide_password=False)
    missing = Platform.create(settings.model_copy(update={"database_url": url}))
    try:
        with pytest.raises(RuntimeError, match="database_url: cannot connect as the application's role"):
            await missing.init()
    finally:
        await missing.dispose()
