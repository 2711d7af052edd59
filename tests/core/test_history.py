"""History: dated rows counted as of any day, the platform clock, and dates that may not be in the future.

The as-of counts are compared with a count done in Python over the rows that were written, for
random days and random rows (seeded): a wrong boundary (``<`` for ``≤``), a forgotten table or a
facility counted before its day fails.
"""

import datetime as dt
import importlib
import random
import typing

import pytest
from pydantic import BaseModel
from sqlmodel import select

from core import clock, db
from core.indicators import INDICATORS
from core.indicators.rollup import rollup, subtree_sums
from core.models import (
    CommunityFund,
    CommunityProfile,
    Demonstration,
    OrgType,
    Region,
    Registration,
    SocialOrganization,
    Volunteer,
    VolunteerTeam,
    fields,
)
from core.models.dated import Dated
from core.testing import graphql
from core.testing.databases import made_before_migrations
from core.tree.tiers import Tier

STREET = "chongqing/qianjiang/zhengyang"
FIRST = dt.date(2018, 1, 1)
KEYS = ("registered_volunteers", "volunteer_teams", "community_social_organizations", "community_funds",
        "volunteer_station_coverage", "social_work_coverage", "demonstration_sites", "creation_point_communities")


def _day(rng: random.Random, start: dt.date = FIRST) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((clock.today() - start).days + 1))


def _span(rng: random.Random) -> tuple[dt.date, dt.date | None]:
    first = _day(rng)
    return first, (_day(rng, first) if rng.random() < 0.4 else None)


def _counts(day: dt.date, rows: list[tuple[str, int, dt.date, dt.date | None]]) -> dict[tuple[str, int], int]:
    """What counts on ``day``, by (measure, community), from the rows as written."""
    out: dict[tuple[str, int], int] = {}
    for measure, region_id, first, last in rows:
        if first <= day and (last is None or last > day):
            out[(measure, region_id)] = out.get((measure, region_id), 0) + 1
    return out


async def test_as_of_counts_equal_a_count_of_the_rows_on_random_days(platform):
    rng = random.Random(2026)
    async with platform.sessions() as session:
        street = (await session.exec(select(Region).where(Region.path == STREET))).one()
        communities = list((await session.exec(select(Region).where(Region.street_id == street.id,
                                                                     Region.tier == Tier.COMMUNITY))).all())
    rows: list[tuple[str, int, dt.date, dt.date | None]] = []  # (measure, community, first day, end day)
    async with db.transaction(platform.sessions) as session:
        host = SocialOrganization(tenant_id=street.tenant_id, region_id=street.id, name="基金会", org_type=OrgType.OTHER,
                                  registration=Registration.FILED, valid_from=FIRST)
        session.add(host)
        await session.flush()
        for community in communities:
            for number in range(rng.randrange(3, 12)):
                first, last = _span(rng)
                registered = rng.random() < 0.7
                session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=f"v{number}",
                                      real_name_registered=registered, registered_on=first if registered else None,
                                      valid_to=last))  # valid_from: the column's default, the registration day
                if registered:
                    rows.append(("registered_volunteers", community.id, first, last))
                else:  # no stated day: valid_from given
                    session.add(Volunteer(tenant_id=community.tenant_id, region_id=community.id, name=f"u{number}",
                                          valid_from=first, valid_to=last))
            for table, measure in ((VolunteerTeam, "volunteer_teams"), (SocialOrganization, "community_social_organizations"),
                                   (CommunityFund, "community_funds")):
                for number in range(rng.randrange(0, 4)):
                    first, last = _span(rng)
                    extra = {"org_type": OrgType.COMMUNITY_SOCIAL_ORGANIZATION, "registration": Registration.FILED} \
                        if table is SocialOrganization else {"host_organization_id": host.id} if table is CommunityFund else {}
                    session.add(table(tenant_id=community.tenant_id, region_id=community.id, name=f"{measure}{number}",
                                      established_on=first, valid_to=last, **extra))
                    rows.append((measure, community.id, first, last))
            station, room = _day(rng), _day(rng)
            demonstration = rng.choice(list(Demonstration))
            since = _day(rng) if demonstration is not Demonstration.NONE else None
            has_station, has_room = rng.random() < 0.7, rng.random() < 0.5
            session.add(CommunityProfile(
                tenant_id=community.tenant_id, region_id=community.id, has_volunteer_station=has_station,
                volunteer_station_since=station if has_station else None, has_social_work_room=has_room,
                social_work_room_since=room if has_room else None, demonstration=demonstration,
                demonstration_since=since))
            for measure, present, day in (("communities_with_volunteer_station", has_station, station),
                                          ("communities_with_social_work", has_room, room),
                                          ("demonstration_sites", demonstration is Demonstration.DEMONSTRATION_SITE, since),
                                          ("creation_points", demonstration is Demonstration.CREATION_POINT, since)):
                if present and day is not None:
                    rows.append((measure, community.id, day, None))

    indicators = [INDICATORS[k] for k in KEYS]
    edges = {d for _, _, first, last in rng.sample(rows, 8) for d in (first, first - dt.timedelta(days=1), last) if d}
    days = sorted({_day(rng) for _ in range(8)} | edges | {FIRST - dt.timedelta(days=1)})
    days = [d for d in days if d < clock.today()]  # the past: today's counts are the summary rows, below
    async with platform.sessions() as session:
        for day in days:
            expected = _counts(day, rows)
            result = await rollup(session.exec, street, Tier.COMMUNITY, indicators, day.year, as_of=day)
            assert result.as_of == day
            for group in result.rows:
                for value in result.values(group):
                    measure = value.indicator.numerator
                    assert value.numerator == expected.get((measure, group.region_id), 0), (day, group.path, measure)
            whole = await subtree_sums(session.exec, [street.id], {i.numerator for i in indicators if i.numerator},
                                       day.year, as_of=day)
            for measure, number in whole[street.id].items():
                assert number == sum(n for (m, _), n in expected.items() if m == measure), (day, measure)
        # today: the summary rows, which count what has not ended
        now = await rollup(session.exec, street, Tier.COMMUNITY, indicators, clock.today().year)
        expected = _counts(clock.today(), rows)
        assert now.as_of is None
        for group in now.rows:
            for value in now.values(group):
                assert value.numerator == expected.get((value.indicator.numerator, group.region_id), 0)


async def test_the_clock_reads_wushe_today(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, "2031-02-03")
    assert clock.today() == dt.date(2031, 2, 3)
    monkeypatch.setenv(clock.VARIABLE, "")
    assert clock.today() == dt.date.today()
    monkeypatch.setenv(clock.VARIABLE, "next tuesday")
    with pytest.raises(ValueError, match="WUSHE_TODAY"):
        clock.today()


async def test_moving_the_clock_moves_deadlines_and_what_is_in_the_future(client, admin_token, monkeypatch):
    real = dt.date.today()
    later = real + dt.timedelta(days=40)
    volunteer = """mutation($on: Date!) { createVolunteer(input: {name: "李明", registeredOn: $on,
      region: "chongqing/qianjiang/zhengyang/qunli"}) { result { registeredOn } errors { field } } }"""
    body = await graphql(client, volunteer, {"on": later.isoformat()}, token=admin_token)
    assert [e["field"] for e in body["data"]["createVolunteer"]["errors"]] == ["registeredOn"]
    monkeypatch.setenv(clock.VARIABLE, (later + dt.timedelta(days=1)).isoformat())
    body = await graphql(client, volunteer, {"on": later.isoformat()}, token=admin_token)
    assert body["data"]["createVolunteer"] == {"result": {"registeredOn": later.isoformat()}, "errors": []}
    monkeypatch.delenv(clock.VARIABLE)

    statuses = """{ region(path: "chongqing") { targetStatus(year: 2025) { key deadline daysLeft } } }"""
    before = {s["key"]: s for s in (await graphql(client, statuses, token=admin_token))["data"]["region"]["targetStatus"]}
    passed = [s for s in before.values() if s["deadline"] == "2025-12-31"]
    assert passed and all(s["daysLeft"] < 0 for s in passed)  # the 14th five-year plan's end has passed
    monkeypatch.setenv(clock.VARIABLE, "2025-06-30")  # a rehearsal half a year before it
    after = {s["key"]: s for s in (await graphql(client, statuses, token=admin_token))["data"]["region"]["targetStatus"]}
    for status in passed:
        assert after[status["key"]]["daysLeft"] == (dt.date(2025, 12, 31) - dt.date(2025, 6, 30)).days
    for key, status in before.items():
        assert after[key]["daysLeft"] - status["daysLeft"] == (real - dt.date(2025, 6, 30)).days


def _days(annotation: typing.Any, metadata: list[typing.Any]) -> list[bool]:
    """For each date inside a field's annotation: whether it refuses the future (a ``PastDate``)."""
    if annotation is dt.date:
        return [any(getattr(m, "func", None) is fields._past_date for m in metadata)]
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _days(inner, [*metadata, *extra])
    return [d for arg in typing.get_args(annotation) for d in _days(arg, metadata)]


def test_every_day_an_input_states_refuses_the_future():
    """Every date field of every input model of the elements (not the tables) is a ``PastDate``: a day
    that happened (registered, founded, held, served, donated, began, ended)."""
    modules = ("volunteer", "worker", "organization", "charity", "community", "service", "dated")
    inputs = {m for module in modules for m in vars(importlib.import_module(f"core.models.{module}")).values()
              if isinstance(m, type) and issubclass(m, BaseModel) and not hasattr(m, "__table__") and m is not Dated}
    checked = []
    for model in inputs:
        for name, field in model.model_fields.items():
            for past in _days(field.annotation, field.metadata):
                checked.append(f"{model.__name__}.{name}")
                assert past, f"{model.__name__}.{name} accepts a day in the future"
    assert {"VolunteerCreate.valid_to", "DonationCreate.donated_on", "ActivityCreate.held_on",
            "CommunityProfileUpdate.volunteer_station_since", "ServiceRecordCreate.served_on"} <= set(checked)


async def test_a_database_made_before_records_were_dated_gets_their_days(platform, database_url):
    """``wushe init`` (or ``wushe migrate upgrade``) on a database made before migrations, by a release
    before records were dated: the columns added, ``valid_from`` the stated day (else the day the
    record was entered), a facility's day the day its profile was entered; the as-of counts then work."""
    async with db.transaction(platform.sessions) as session:
        qunli = (await session.exec(select(Region).where(Region.path == f"{STREET}/qunli"))).one()
        session.add(Volunteer(tenant_id=qunli.tenant_id, region_id=qunli.id, name="甲", real_name_registered=True,
                              registered_on=dt.date(2021, 3, 1)))
        session.add(Volunteer(tenant_id=qunli.tenant_id, region_id=qunli.id, name="乙"))
        session.add(CommunityProfile(tenant_id=qunli.tenant_id, region_id=qunli.id, has_volunteer_station=True))
    owner = db.create_engine(database_url)
    try:
        async with owner.begin() as connection:  # the tables as an older release made them
            for table, columns in (("volunteer", ("valid_from", "valid_to")),
                                   ("community_profile", ("volunteer_station_since",))):
                if table == "volunteer":
                    await connection.exec_driver_sql("DROP INDEX ix_volunteer_region_valid_from")
                for column in columns:
                    await connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
            await connection.run_sync(made_before_migrations)
        await owner.dispose()
        report = await platform.migrate()
        assert report.previous is not None
        assert {"volunteer.valid_from", "volunteer.valid_to", "ix_volunteer_region_valid_from"} <= set(report.previous)
        async with owner.connect() as connection:
            rows = (await connection.exec_driver_sql(
                "SELECT name, valid_from, valid_to FROM volunteer ORDER BY name")).all()
            since = (await connection.exec_driver_sql("SELECT volunteer_station_since FROM community_profile")).scalar()
    finally:
        await owner.dispose()
    entered = clock.today()
    assert [(n, dt.date.fromisoformat(str(d)), e) for n, d, e in rows] == [("乙", entered, None),
                                                                           ("甲", dt.date(2021, 3, 1), None)]
    assert dt.date.fromisoformat(str(since)) == entered
    async with platform.sessions() as session:
        found = await subtree_sums(session.exec, [qunli.id], {"registered_volunteers"}, 2022, as_of=dt.date(2022, 1, 1))
    assert found[qunli.id]["registered_volunteers"] == 1
