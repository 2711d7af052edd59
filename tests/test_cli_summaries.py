"""`wushe summaries check|rebuild`: an operator's tools after a bulk load that bypassed the platform."""

import asyncio
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from core import db
from core.indicators import snapshots
from core.tree.tiers import Tier
from tests.test_cli import env, initialised, run  # noqa: F401  (the fixtures)


def _bulk_insert_a_volunteer(database_url: str, valid_from: str | None = None) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        community = connection.execute(sa.text("SELECT id, tenant_id FROM region WHERE tier = 'community' ORDER BY id")).first()
        connection.execute(sa.text(
            "INSERT INTO volunteer (tenant_id, region_id, name, real_name_registered, created_at, updated_at, valid_from) "
            "VALUES (:t, :r, '批量导入', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, COALESCE(:since, CURRENT_DATE))"),
            {"t": community.tenant_id, "r": community.id, "since": valid_from})
    engine.dispose()


def test_check_finds_rows_written_around_the_orm_and_rebuild_mends_them(initialised, database_url):
    env = initialised
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


def _keep_last_year_end(database_url: str) -> dt.date:
    """Keep every region's counts as of last 31 December, as an answer about that day would."""
    day = dt.date(dt.date.today().year - 1, 12, 31)

    async def keep() -> None:
        engine = db.create_engine(database_url)
        try:
            async with engine.connect() as connection:
                roots = (await connection.execute(sa.text("SELECT id, tier FROM region WHERE parent_id IS NULL"))).all()
            with snapshots.keep_with(engine):
                for region_id, tier in roots:
                    assert await snapshots.refresh(day, Tier(tier), [region_id])
        finally:
            await engine.dispose()

    asyncio.run(keep())
    return day


def test_check_also_compares_the_counts_kept_as_of_past_days(initialised, database_url):
    env = initialised
    day = _keep_last_year_end(database_url)
    assert run("summaries", "check", env=env).returncode == 0

    _bulk_insert_a_volunteer(database_url, valid_from=f"{day.year - 3}-01-01")  # a past no write announced
    stale = run("summaries", "check", env=env)
    assert stale.returncode == 1
    assert f"'day': '{day}'}}: registered_volunteers is 0, recomputed 1" in stale.stderr

    assert run("summaries", "rebuild", env=env).returncode == 0  # every region's rows rewritten: nothing kept is current
    assert run("summaries", "check", env=env).returncode == 0


def test_an_unknown_tenant_is_named(initialised):
    result = run("summaries", "rebuild", "--tenant", "atlantis", env=initialised)
    assert result.returncode == 2
    assert "tenant: no tenant with code 'atlantis'" in result.stderr
