"""Row-level security on PostgreSQL, the second wall behind the access layer (core.db.tenancy).

Every test reads or writes as the application's role (which owns nothing) through queries written
WITHOUT the access layer's filters: only the policies stand between the tenants. SQLite has no
row-level security: these tests are skipped there, saying so.
"""

import datetime as dt
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from core import db
from core.access import tokens
from core.db import roles as dbroles
from core.db import tenancy
from core.migrations import on
from core.models import CalendarDay, Region, Tenant, User
from core.testing import add_user


@pytest.fixture
async def pg(platform):
    if platform.engine.dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's: SQLite has none, and nothing changes there")
    return platform


async def tenant_ids(platform) -> dict[str, int]:
    async with platform.sessions() as session:  # maintenance: platform-wide
        return {t.code: t.id for t in (await session.exec(select(Tenant))).all()}


async def request_session(platform, username: str):
    """A session as a request has it after the token check (core.web.auth): opened for nobody, then
    the token's principal found on it."""
    claims = tokens.read_token(await platform.token_for(username), platform.signing_key)
    session = platform.session_as(tenancy.NOBODY)
    principal = await tokens.principal_for(session, platform.policies, claims)
    return session, principal


async def test_a_query_without_the_access_filter_returns_only_the_tenant_s_rows(pg):
    ids = await tenant_ids(pg)
    assert len(ids) >= 2
    await add_user(pg, "rls_chongqing", "chongqing")
    session, principal = await request_session(pg, "rls_chongqing")
    try:
        assert principal.tenant_id == ids["chongqing"]
        regions = (await session.exec(select(Region))).all()  # no tenant condition: the policies alone
        users = (await (await session.connection()).execute(sa.text("SELECT username, tenant_id FROM app_user"))).all()
    finally:
        await session.close()
    assert regions and {r.tenant_id for r in regions} == {ids["chongqing"]}
    assert {u.tenant_id for u in users} == {ids["chongqing"]}  # not admin (no tenant), nor other tenants' users
    async with pg.sessions() as maintenance:
        every = (await maintenance.exec(select(Region))).all()
    assert len({r.tenant_id for r in every}) >= 2 and len(every) > len(regions)


async def test_a_transaction_with_no_tenant_sees_nothing_and_writes_nothing(pg):
    ids = await tenant_ids(pg)
    async with pg.session_as(tenancy.NOBODY) as session:
        assert (await session.exec(select(Region))).all() == []
        assert (await session.exec(select(User))).all() == []
        assert (await session.exec(select(Tenant))).all() != []  # the tenants' list is no tenant's row
        session.add(CalendarDay(tenant_id=ids["chongqing"], day=dt.date(2030, 1, 1), working=True, label="x"))
        with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
            await session.flush()


async def test_a_row_for_another_tenant_is_refused(pg):
    ids = await tenant_ids(pg)
    other = next(i for code, i in ids.items() if code != "chongqing")
    await add_user(pg, "rls_writer", "chongqing")
    session, _ = await request_session(pg, "rls_writer")
    try:
        session.add(CalendarDay(tenant_id=other, day=dt.date(2030, 1, 2), working=True, label="x"))
        with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
            await session.flush()
        await session.rollback()
        session.add(CalendarDay(tenant_id=ids["chongqing"], day=dt.date(2030, 1, 2), working=True, label="own"))
        await session.commit()  # its own tenant's row, in a new transaction: the scope is set again
        # and another tenant's rows cannot be changed either: they are not there to change
        changed = await (await session.connection()).execute(sa.update(CalendarDay).where(col(CalendarDay.tenant_id) == other)
                                        .values(label="hijacked"))
        assert changed.rowcount == 0
        await session.commit()
    finally:
        await session.close()


async def test_the_tenant_is_set_for_the_transaction_only(pg):
    await add_user(pg, "rls_pooled", "chongqing")
    session, _ = await request_session(pg, "rls_pooled")
    try:
        shown = "SELECT current_setting('wushe.tenant', true), current_setting('wushe.platform', true)"
        assert (await (await session.connection()).execute(sa.text(shown))).one()[0] != ""
        await session.commit()
        async with session.bind.connect() as bare:  # any connection of the pool: none carries it on
            assert (await bare.execute(sa.text(shown))).one() in {("", ""), (None, None), ("", None), (None, "")}
    finally:
        await session.close()


async def test_a_platform_administrator_spans_tenants_by_its_principal(pg):
    session, principal = await request_session(pg, "admin")
    try:
        assert principal.platform_admin
        assert tenancy.scope_of(session) == tenancy.PLATFORM
        regions = (await session.exec(select(Region))).all()
    finally:
        await session.close()
    assert len({r.tenant_id for r in regions}) == len(await tenant_ids(pg))


async def test_every_table_with_a_tenant_column_is_under_the_policies(pg):
    async with pg.owner_engine() as owner:
        tables = await on(owner, tenancy.tenant_tables)
    assert "qianjiang_exam_allowance" in tables and "region" in tables  # a plugin's table too
    assert [name for name, protected in tables.items() if not protected] == []


async def test_the_token_check_s_function_reads_what_the_principal_statement_reads(pg):
    await add_user(pg, "rls_function", "chongqing")
    async with db.transaction(pg.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "rls_function"))).one()
        role = (await (await session.connection()).execute(sa.text("SELECT id FROM role WHERE tenant_id = :t LIMIT 1"),
                                      {"t": user.tenant_id})).scalar_one()
        regions = (await (await session.connection()).execute(sa.text("SELECT id FROM region WHERE tenant_id = :t ORDER BY path LIMIT 2"),
                                         {"t": user.tenant_id})).scalars().all()
        for region in regions:
            await (await session.connection()).execute(sa.text(
                "INSERT INTO role_assignment (tenant_id, user_id, role_id, region_id, granted_at) "
                "VALUES (:t, :u, :r, :g, now())"), {"t": user.tenant_id, "u": user.id, "r": role, "g": region})
    parameters = {"sub": "rls_function", "jti": "none"}
    async with pg.owner_engine() as owner, owner.connect() as connection:
        expected = (await connection.execute(tokens.PRINCIPAL, parameters)).all()
    async with pg.session_as(tenancy.NOBODY) as session:
        assert (await session.exec(select(User))).all() == []  # the role cannot read a user; the function can
        found = (await (await session.connection()).execute(tokens.PRINCIPAL_FUNCTION, parameters)).all()
        assert {u.tenant_id for u in (await session.exec(select(User))).all()} == {user.tenant_id}  # now its tenant's
    assert len(expected) == 2 and [tuple(r)[:-2] for r in found] == [tuple(r) for r in expected]
    assert {tuple(r)[-2:] for r in found} == {(str(user.tenant_id), "")}  # and it set the user's tenant


async def test_the_application_s_role_is_bound_by_the_policies(pg):
    async with pg.engine.connect() as connection:
        assert await connection.run_sync(dbroles.audit_log_risks) == []  # neither owner, superuser nor BYPASSRLS
        role = (await connection.execute(sa.text(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"))).scalar_one()
    assert role is False


async def test_a_step_widened_on_purpose_comes_back_to_the_caller_s_tenant(pg):
    ids = await tenant_ids(pg)
    await add_user(pg, "rls_widened", "chongqing")
    session, _ = await request_session(pg, "rls_widened")
    try:
        async with tenancy.widened(session):  # as signing in does: a username looked up across tenants
            assert len({r.tenant_id for r in (await session.exec(select(Region))).all()}) == len(ids)
        assert {r.tenant_id for r in (await session.exec(select(Region))).all()} == {ids["chongqing"]}
        with pytest.raises(LookupError):
            async with tenancy.widened(session):
                raise LookupError("a refusal that the transaction outlives")
        assert {r.tenant_id for r in (await session.exec(select(Region))).all()} == {ids["chongqing"]}
    finally:
        await session.close()


async def test_a_role_that_bypasses_row_level_security_is_named(pg, database_url):
    bypassing = "wushe_test_bypass"
    owner = make_url(database_url)
    server = owner.set(drivername="postgresql", database="postgres", query={}).render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DO $$ BEGIN CREATE ROLE {bypassing} LOGIN PASSWORD '{bypassing}' BYPASSRLS; "
                           "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
    url = owner.set(drivername="postgresql+psycopg", username=bypassing, password=bypassing)
    engine = db.create_engine(url, poolclass=sa.NullPool)
    try:
        async with engine.connect() as connection:
            risks = await connection.run_sync(dbroles.audit_log_risks)
    finally:
        await engine.dispose()
    assert risks == [f"role {bypassing!r} has BYPASSRLS (row-level security would not hold it to a tenant)"]


async def test_the_operators_psql_example_reads_one_tenant(pg, database_url):
    """docs/operators.md, Row-level security: the transaction it shows, run as the application's role."""
    text = (Path(__file__).parents[2] / "docs" / "operators.md").read_text(encoding="utf-8")
    section = text[text.index("### Row-level security"):]
    block = section[section.index("```sql") + len("```sql"):section.index("```", section.index("```sql") + 6)]
    ids = await tenant_ids(pg)
    block = block.replace("'3'", f"'{ids['chongqing']}'")
    dsn = make_url(pg.settings.database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = []
        for statement in block.split(";"):
            if statement.strip():
                cursor = connection.execute(statement)
                found.append(cursor.fetchall() if cursor.description else None)
        outside = connection.execute("SELECT count(*) FROM region").fetchone()
    async with pg.sessions() as maintenance:
        own = len((await maintenance.exec(select(Region).where(Region.tenant_id == ids["chongqing"]))).all())
    assert found[2] == [(own,)] and own > 0
    assert outside == (0,)  # after COMMIT the setting is gone: nothing
