"""A deadline is judged on the data of its day, and its verdict, once given, stays.

The demo tenant's ``district_total`` asks 100 registered volunteers at demo/east by 2025-12-31.
The platform's day is moved with WUSHE_TODAY (core.clock), as an operator rehearsing would.
"""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import select

from core.db import transaction
from core.models import Region, TargetVerdict, Volunteer
from core.testing import graphql
from tests.core.targets_demo import DEMO

DEADLINE = dt.date(2025, 12, 31)

STATUS = """query($p: String!, $asOf: Date) { region(path: $p) { targetStatus(asOf: $asOf) {
  key status value asOf judgedOn revisedValue revisedStatus daysLeft role } } }"""


@pytest.fixture
def extra_plugins():
    return [DEMO]


async def _add(platform, code: str, count: int, since: dt.date) -> None:
    async with transaction(platform.sessions) as session:
        community = (await session.exec(select(Region).where(Region.path == f"demo/east/a/{code}"))).one()
        session.add_all([Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=f"志愿者{i}",
                                   real_name_registered=True, registered_on=since, valid_from=since)
                         for i in range(count)])


async def _total(client, token, as_of=None):
    body = await graphql(client, STATUS, {"p": "demo/east", "asOf": as_of}, token=token)
    assert "errors" not in body, body
    return next(t for t in body["data"]["region"]["targetStatus"] if t["key"] == "district_total")


async def test_a_passed_deadline_is_judged_on_its_day_and_its_verdict_stays(platform, client, admin_token,
                                                                           monkeypatch):
    await _add(platform, "one", 60, dt.date(2025, 6, 1))   # counted on the deadline
    await _add(platform, "two", 50, dt.date(2026, 1, 20))  # registered after it: not counted there
    monkeypatch.setenv("WUSHE_TODAY", "2026-03-01")

    first = await _total(client, admin_token)
    assert (first["value"], first["status"], first["asOf"], first["daysLeft"]) == (60, "not_met", "2025-12-31", -60)
    assert first["judgedOn"] == "2026-03-01" and first["revisedValue"] is None

    # a late correction dated before the deadline: the recomputation changes, the verdict does not
    await _add(platform, "one", 45, dt.date(2025, 11, 2))
    monkeypatch.setenv("WUSHE_TODAY", "2026-03-05")
    again = await _total(client, admin_token)
    assert (again["value"], again["status"], again["judgedOn"]) == (60, "not_met", "2026-03-01")
    assert (again["revisedValue"], again["revisedStatus"]) == (105, "met")

    async with platform.sessions() as session:
        kept = (await session.exec(select(TargetVerdict).where(TargetVerdict.target_key == "district_total"))).all()
    assert [(v.deadline, v.judged_on, v.status, v.value) for v in kept] == [(DEADLINE, dt.date(2026, 3, 1), "not_met", 60)]


async def test_before_its_deadline_a_target_reads_todays_data_and_keeps_no_verdict(platform, client, admin_token,
                                                                                  monkeypatch):
    await _add(platform, "one", 30, dt.date(2025, 6, 1))
    monkeypatch.setenv("WUSHE_TODAY", "2025-12-01")
    now = await _total(client, admin_token)
    assert (now["value"], now["status"], now["asOf"], now["judgedOn"], now["daysLeft"]) == (30, "not_met", None, None, 30)
    async with platform.sessions() as session:
        assert (await session.exec(select(TargetVerdict))).all() == []


async def test_as_of_a_past_day_shows_the_picture_then(platform, client, admin_token, monkeypatch):
    await _add(platform, "one", 70, dt.date(2025, 3, 1))
    await _add(platform, "two", 40, dt.date(2025, 9, 1))
    monkeypatch.setenv("WUSHE_TODAY", "2026-03-01")
    then = await _total(client, admin_token, "2025-06-30")  # the deadline still ahead on that day
    assert (then["value"], then["status"], then["asOf"], then["daysLeft"], then["judgedOn"]) == (
        70, "not_met", "2025-06-30", 184, None)
    judged = await _total(client, admin_token)
    assert (judged["value"], judged["status"], judged["asOf"]) == (110, "met", "2025-12-31")


async def test_a_kept_verdict_cannot_be_rewritten(platform, client, admin_token, monkeypatch):
    await _add(platform, "one", 10, dt.date(2025, 6, 1))
    monkeypatch.setenv("WUSHE_TODAY", "2026-03-01")
    assert (await _total(client, admin_token))["judgedOn"] == "2026-03-01"
    with pytest.raises(sa.exc.DBAPIError):
        async with transaction(platform.sessions) as session:
            await session.exec(sa.update(TargetVerdict).values(status="met"))
