"""`wushe summaries check|rebuild`: an operator's tools after a bulk load that bypassed the platform."""

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.test_cli import env, run  # noqa: F401  (the fixture)


def _bulk_insert_a_volunteer(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        community = connection.execute(sa.text("SELECT id, tenant_id FROM region WHERE tier = 'community' ORDER BY id")).first()
        connection.execute(sa.text(
            "INSERT INTO volunteer (tenant_id, region_id, name, real_name_registered, created_at, updated_at) "
            "VALUES (:t, :r, '批量导入', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"t": community.tenant_id, "r": community.id})
    engine.dispose()


def test_check_finds_rows_written_around_the_orm_and_rebuild_mends_them(env, database_url):
    assert run("init", env=env).returncode == 0
    clean = run("summaries", "check", env=env)
    assert clean.returncode == 0, clean.stderr
    assert "equal a recomputation" in clean.stdout

    _bulk_insert_a_volunteer(database_url)
    stale = run("summaries", "check", env=env)
    assert stale.returncode == 1
    assert "volunteers is 0, recomputed 1" in stale.stderr and "wushe summaries rebuild" in stale.stderr

    assert run("summaries", "rebuild", "--tenant", "chongqing", env=env).returncode == 0
    assert run("summaries", "rebuild", env=env).returncode == 0
    assert run("summaries", "check", env=env).returncode == 0


def test_an_unknown_tenant_is_named(env):
    run("init", env=env)
    result = run("summaries", "rebuild", "--tenant", "atlantis", env=env)
    assert result.returncode == 2
    assert "tenant: no tenant with code 'atlantis'" in result.stderr
