"""Counts as of a past day are kept once computed, and used only while they are true.

The demo tenant (tests/core/targets_demo.py): four communities, 90 volunteers registered on
2025-03-01. ``registered_volunteers`` of demo/east as of 2025-12-31 is asked through GraphQL.
"""

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient
from sqlmodel import select

from core.db import transaction
from core.indicators import snapshots
from core.models import Region, Volunteer
from core.models.summary import stock_snapshot, subtree_snapshot
from core.platform import Platform
from core.testing import graphql, platform_wide
from core.testing.databases import initialise
from core.tree.tiers import Tier
from core.web.app import create_app
from tests.core.targets_demo import DEMO, seed
from tests.graphql.test_statement_count import count_statements

DAY = "2025-12-31"
VALUES = """query($p: String!, $asOf: Date) { region(path: $p) {
  indicators(keys: ["registered_volunteers"], asOf: $asOf) { value asOf } } }"""


ROLLUP = """query($asOf: Date) { rollup(under: "demo/east", by: STREET, indicators: ["registered_volunteers"],
  asOf: $asOf) { rows { path values { numerator } } } }"""


@pytest.fixture
def extra_plugins():
    return [DEMO]


async def _registered(client, token, as_of=DAY) -> float:
    body = await graphql(client, VALUES, {"p": "demo/east", "asOf": as_of}, token=token)
    assert "errors" not in body, body
    return body["data"]["region"]["indicators"][0]["value"]


async def _kept(platform) -> dict[str, int]:
    """The kept counts of registered volunteers as of DAY, by community code."""
    statement = (sa.select(Region.path, stock_snapshot.c.registered_volunteers)
                 .join(stock_snapshot, stock_snapshot.c.region_id == Region.id)
                 .where(stock_snapshot.c.day == dt.date(2025, 12, 31), stock_snapshot.c.present))
    async with platform_wide(platform) as connection:
        return {path.rsplit("/", 1)[1]: n for path, n in (await connection.execute(statement)).all()}


async def _community(session, code: str) -> Region:
    return (await session.exec(select(Region).where(Region.path.endswith(f"/{code}")))).one()


async def _by_street(client, token) -> dict[str, float]:
    body = await graphql(client, ROLLUP, {"asOf": DAY}, token=token)
    assert "errors" not in body, body
    return {row["path"]: row["values"][0]["numerator"] for row in body["data"]["rollup"]["rows"]}


async def test_a_past_day_is_kept_once_asked_and_read_from_then_on(platform, client, admin_token):
    await seed(platform)
    assert await _kept(platform) == {}
    assert await _registered(client, admin_token) == 90
    assert await _kept(platform) == {"one": 20, "two": 5, "three": 15, "four": 50}
    async with platform_wide(platform) as connection:
        kept = (await connection.execute(sa.select(subtree_snapshot.c.registered_volunteers))).scalars().all()
    assert kept == [90]  # and demo/east's subtree sums

    # what is kept under the current stamps is what the answers read: change it behind the
    # platform's back (as no write through it would) and they follow
    async with platform_wide(platform, begin=True) as connection:
        await connection.execute(subtree_snapshot.update().values(registered_volunteers=1234))
        await connection.execute(stock_snapshot.update().values(registered_volunteers=1000)
                                 .where(stock_snapshot.c.registered_volunteers == 50))
    assert await _registered(client, admin_token) == 1234
    assert await _by_street(client, admin_token) == {"demo/east/a": 25, "demo/east/b": 1015}


async def test_a_write_that_changes_the_past_is_counted_at_once(platform, client, admin_token, monkeypatch):
    await seed(platform)
    assert await _registered(client, admin_token) == 90
    async with transaction(platform.sessions) as session:  # registered late, dated before the day
        one = await _community(session, "one")
        session.add_all([Volunteer(tenant_id=one.tenant_id, region_id=one.id, name=f"补录{i}", real_name_registered=True,
                                   registered_on=dt.date(2025, 6, 1), valid_from=dt.date(2025, 6, 1)) for i in range(7)])
    assert await _registered(client, admin_token) == 97
    async with transaction(platform.sessions) as session:  # three of "two" left in November
        two = await _community(session, "two")
        for volunteer in (await session.exec(select(Volunteer).where(Volunteer.region_id == two.id).limit(3))).all():
            volunteer.valid_to = dt.date(2025, 11, 30)
    assert await _registered(client, admin_token) == 94
    async with transaction(platform.sessions) as session:  # the last two of "two" left too, then one came back
        two = await _community(session, "two")
        for volunteer in (await session.exec(select(Volunteer).where(Volunteer.region_id == two.id,
                                                                     Volunteer.valid_to.is_(None)))).all():
            volunteer.valid_to = dt.date(2025, 11, 30)
    assert await _registered(client, admin_token) == 92
    async with transaction(platform.sessions) as session:  # "two" has nothing now: its past still counts
        two = await _community(session, "two")
        first = (await session.exec(select(Volunteer).where(Volunteer.region_id == two.id).limit(1))).one()
        first.valid_to = dt.date(2026, 1, 15)
    assert await _registered(client, admin_token) == 93
    assert (await _kept(platform))["two"] == 1


async def test_a_rollup_reading_kept_counts_sees_a_write_that_changed_them(platform, client, admin_token):
    """A rollup of a past day reads the kept counts and checks them in one statement: once a write
    has put them out of date, the next rollup recounts and keeps them again."""
    await seed(platform)
    assert await _by_street(client, admin_token) == {"demo/east/a": 25, "demo/east/b": 65}
    assert await _kept(platform) == {"one": 20, "two": 5, "three": 15, "four": 50}
    assert platform.keeper is not None
    with count_statements(platform.keeper) as kept_again, count_statements(platform.engine) as seen:
        assert await _by_street(client, admin_token) == {"demo/east/a": 25, "demo/east/b": 65}
    assert kept_again == []  # current: read with the check, nothing looked for or kept again
    assert len([s for s in seen if "stock_snapshot" in s]) == 1, seen
    async with transaction(platform.sessions) as session:  # registered late, dated before the day
        one = await _community(session, "one")
        session.add_all([Volunteer(tenant_id=one.tenant_id, region_id=one.id, name=f"补录{i}", real_name_registered=True,
                                   registered_on=dt.date(2025, 6, 1), valid_from=dt.date(2025, 6, 1)) for i in range(7)])
    assert await _by_street(client, admin_token) == {"demo/east/a": 32, "demo/east/b": 65}
    assert (await _kept(platform))["one"] == 27


async def test_a_day_kept_is_the_same_as_a_day_recomputed(platform, client, admin_token):
    await seed(platform)
    days = ["2025-02-28", "2025-03-01", "2025-12-31"]
    kept = [await _registered(client, admin_token, day) for day in days]  # each computed, then kept
    again = [await _registered(client, admin_token, day) for day in days]  # each read from what was kept
    assert kept == again == [0, 90, 90]


async def test_without_an_engine_nothing_is_kept_and_the_answer_is_recomputed(platform):
    await seed(platform)
    async with platform.sessions() as session:
        east = (await session.exec(select(Region).where(Region.path == "demo/east"))).one()
    assert await snapshots.refresh(dt.date(2025, 12, 31), Tier.DISTRICT, [east.id]) is False  # no engine here
    statement = sa.select(sa.func.sum(sa.literal_column("registered_volunteers"))).select_from(
        snapshots.stock(dt.date(2025, 12, 31), Tier.DISTRICT, [east.id]))
    async with platform_wide(platform) as connection:
        assert (await connection.execute(statement)).scalar() == 90
    assert await _kept(platform) == {}
    with snapshots.keep_with(platform.keeper or platform.engine):
        assert await snapshots.refresh(dt.date(2025, 12, 31), Tier.DISTRICT, [east.id]) is True
    assert len(await _kept(platform)) == 4  # the communities with volunteers, kept
    kept = snapshots.stock(dt.date(2025, 12, 31), Tier.DISTRICT, [east.id], kept=True)
    statement = (sa.select(sa.func.sum(kept.c.registered_volunteers)).select_from(kept)
                 .where(kept.c.region_id.in_(sa.select(Region.id).where(Region.path.startswith("demo/east/"))))
                 .params(stock_day=dt.date(2025, 12, 31)))
    async with platform_wide(platform) as connection:
        assert (await connection.execute(statement)).scalar() == 90


async def test_a_busy_sqlite_file_is_not_waited_for(platform, settings):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's single writer")
    await seed(platform)
    async with platform.sessions() as session:
        east = (await session.exec(select(Region).where(Region.path == "demo/east"))).one()
    async with platform.engine.connect() as writer:
        await writer.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the file
        with snapshots.keep_with(platform.engine):
            started = asyncio.get_running_loop().time()
            assert await snapshots.refresh(dt.date(2025, 12, 31), Tier.DISTRICT, [east.id]) is False
            assert asyncio.get_running_loop().time() - started < 2  # not the 5 s busy timeout
        await writer.rollback()
    async with platform.engine.connect() as connection:  # the connection's own timeout is back
        assert (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 5000


UPDATE = """mutation($p: String!, $i: RegionFactsInput!) { updateRegion(path: $p, input: $i) { errors { field message } } }"""
MOVE = """mutation($p: String!, $to: String!) { moveRegion(path: $p, newParent: $to) { errors { field message } } }"""
SHARE = """query($p: String!, $asOf: Date) { region(path: $p) {
  indicators(keys: ["registered_volunteers", "volunteer_share"], asOf: $asOf) { key value numerator denominator } } }"""


async def _values(client, token, path: str) -> dict[str, tuple]:
    body = await graphql(client, SHARE, {"p": path, "asOf": DAY}, token=token)
    assert "errors" not in body, body
    return {v["key"]: (v["value"], v["numerator"], v["denominator"]) for v in body["data"]["region"]["indicators"]}


async def test_kept_subtree_sums_follow_the_regions_facts_and_places(platform, client, admin_token):
    """A region's kept sums include its regions' facts (a population) and which regions lie below it:
    a change of either, which no counted record announces, is seen at once."""
    await seed(platform)
    before = await _values(client, admin_token, "demo/east")
    assert before["volunteer_share"][1:] == (40, 300)  # "four" (50 volunteers) has no population: left out
    assert await _values(client, admin_token, "demo/east") == before  # read from what was kept

    body = await graphql(client, UPDATE, {"p": "demo/east/b/four", "i": {"residentPopulation": 500, "populationYear": 2025}},
                         token=admin_token)
    assert body["data"]["updateRegion"]["errors"] == [], body
    assert (await _values(client, admin_token, "demo/east"))["volunteer_share"][1:] == (90, 800)

    a, b = (await _values(client, admin_token, "demo/east/a"), await _values(client, admin_token, "demo/east/b"))
    assert (a["registered_volunteers"][0], b["registered_volunteers"][0]) == (25, 65)
    body = await graphql(client, MOVE, {"p": "demo/east/b/four", "to": "demo/east/a"}, token=admin_token)
    assert body["data"]["moveRegion"]["errors"] == [], body
    a, b = (await _values(client, admin_token, "demo/east/a"), await _values(client, admin_token, "demo/east/b"))
    assert (a["registered_volunteers"][0], b["registered_volunteers"][0]) == (75, 15)


async def test_keeping_counts_never_waits_for_a_connection_the_requests_hold(settings, monkeypatch):
    """The counts of a past day, and the verdict of a passed deadline, are kept on a connection of
    their own while the request's session holds another: from the requests' pool, 15 requests at
    once held all 15 connections and each waited for a 16th (the HTTP bench's rollup under 50
    connections stalled until the pool timed out)."""
    monkeypatch.setenv("WUSHE_TODAY", "2026-03-01")  # demo/east's district_total: due 2025-12-31
    platform = Platform.create(settings, plugins=[DEMO],
                               engine_options={"pool_size": 1, "max_overflow": 0, "pool_timeout": 3})
    await initialise(platform, [DEMO])
    await platform.load_signing_key()
    try:
        await seed(platform)
        async with AsyncTestClient(app=create_app(platform)) as client:
            token = await platform.token_for("admin")
            assert await _registered(client, token) == 90
            body = await graphql(client, """{ region(path: "demo/east") { targetStatus { key judgedOn } } }""",
                                 token=token)
            assert "errors" not in body, body
        assert len(await _kept(platform)) == 4
        assert {"key": "district_total", "judgedOn": "2026-03-01"} in body["data"]["region"]["targetStatus"]
    finally:
        await platform.dispose()
