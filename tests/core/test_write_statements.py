"""The statements a write of an element runs, counted on the engine: what it reads, what it writes,
and what keeps the summaries (tests/core/test_summary.py pins those alone, whatever the depth).
Nothing is read twice, and no savepoint is taken where nothing can conflict."""

from sqlmodel import select

from core import db
from core.access.grants import Principal, region_at
from core.indicators import summary
from core.models import ServiceRecord, Volunteer
from core.services import elements, hours
from core.testing import platform_wide
from tests.core.test_summary import recorded

ADMIN = Principal("admin", platform_admin=True)
HERE, THERE = "panjin/dawa/tianjia/dabaozi", "panjin/panshan/taiping/longxiang"


def _lock(database_url: str) -> list[tuple[str, str]]:
    return [("SELECT", "region")] if database_url.startswith("postgresql") else []


async def _run(platform, work) -> tuple[object, list[tuple[str, str]]]:
    async with db.transaction(platform.sessions) as session:
        seen, stop = recorded(platform)
        try:
            result = await work(session)
        finally:
            stop()
    return result, seen


async def _differences(platform) -> list[str]:
    async with platform_wide(platform) as connection:
        return await connection.run_sync(lambda c: summary.differences(c))


async def test_a_create_reads_its_place_once_and_takes_no_savepoint(platform, database_url):
    """A volunteer without an ID number: nothing it holds can be taken already. (One with an ID
    number is checked, then written inside a savepoint, so that a number taken meanwhile is an error
    naming the field: tests/graphql/test_personal_data.py.)"""
    created, seen = await _run(platform, lambda session: elements.create(
        session, ADMIN, elements.VOLUNTEER, {"name": "甲", "region": HERE}))
    assert created.id is not None
    assert seen == [("SELECT", "region"), ("INSERT", "volunteer"), *_lock(database_url), ("INSERT", "region_summary"),
                    ("INSERT", "summary_stamp"), ("INSERT", "subtree_summary")]
    assert await _differences(platform) == []


async def test_an_update_in_place_does_not_read_its_region_again(platform, database_url):
    created, _ = await _run(platform, lambda session: elements.create(
        session, ADMIN, elements.VOLUNTEER, {"name": "甲", "region": HERE}))
    changed, seen = await _run(platform, lambda session: elements.update(
        session, ADMIN, elements.VOLUNTEER, created.id, {"name": "乙"}))
    assert changed.name == "乙"
    assert seen == [("SELECT", "volunteer"), ("SELECT", "region"), ("UPDATE", "volunteer"), *_lock(database_url),
                    ("INSERT", "region_summary"), ("DELETE", "region_year_summary"), ("INSERT", "region_year_summary"),
                    ("INSERT", "summary_stamp"), ("INSERT", "subtree_summary")]

    moved, seen = await _run(platform, lambda session: elements.update(  # a move reads its new place by path
        session, ADMIN, elements.VOLUNTEER, created.id, {"region": THERE}))
    assert seen[:3] == [("SELECT", "volunteer"), ("SELECT", "region"), ("SELECT", "region")]
    assert ("UPDATE", "service_record") not in seen  # the ledger is never rewritten: it is read where the volunteer is
    async with platform.sessions() as session:
        assert (await session.get(Volunteer, created.id)).region_id == moved.region_id != (
            await region_at(session, HERE, ADMIN)).id
    assert await _differences(platform) == []


async def test_an_entry_of_the_ledger_reads_what_it_checks_once_and_takes_no_savepoint(platform, database_url):
    created, _ = await _run(platform, lambda session: elements.create(
        session, ADMIN, elements.VOLUNTEER, {"name": "甲", "region": HERE, "registered_on": "2024-01-01"}))
    held, _ = await _run(platform, lambda session: elements.create(
        session, ADMIN, elements.ACTIVITY, {"title": "活动", "held_on": "2025-01-02", "region": HERE}))
    entry = {"volunteer_id": created.id, "activity_id": held.id, "served_on": "2025-01-02", "starts_at": "09:00",
             "minutes": 90}
    recorded_entry, seen = await _run(platform, lambda session: hours.record(session, ADMIN, entry))
    assert recorded_entry.id is not None
    assert seen == [("SELECT", "volunteer"), ("SELECT", "region"), ("SELECT", "activity"),
                    ("SELECT", "volunteer"),  # locked (FOR UPDATE on PostgreSQL) while the day is checked
                    ("SELECT", "service_record"), ("INSERT", "service_record"), *_lock(database_url),
                    ("DELETE", "region_year_summary"), ("INSERT", "region_year_summary"), ("INSERT", "subtree_summary")]

    keyed = entry | {"request_key": "retry-0001", "starts_at": "11:00"}  # a retry with its key still writes once
    first, seen = await _run(platform, lambda session: hours.record(session, ADMIN, keyed))
    assert ("SAVEPOINT", "") not in seen  # the volunteer's lock serialises retries
    again, _ = await _run(platform, lambda session: hours.record(session, ADMIN, keyed))
    assert again.id == first.id
    async with platform.sessions() as session:
        assert len((await session.exec(select(ServiceRecord).where(ServiceRecord.volunteer_id == created.id))).all()) == 2
    assert await _differences(platform) == []
