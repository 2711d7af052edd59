"""Service hours that hold up (issue 14, item 1): whoever organizes records, a day holds 24 hours of
entries that never overlap, a correction is a new entry that keeps the original, and the ledger is
append-only in the database."""

import asyncio
import datetime as dt
import sqlite3

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from core import db
from core.access.grants import Principal
from core.errors import InvalidInput
from core.models import ServiceRecord, Volunteer
from core.services import hours
from core.testing import create_role, graphql, row_id, user_with_role
from tests.graphql.test_service_records import (
    COMMUNITY,
    NEIGHBOUR,
    RECORD,
    STREET,
    create_activity,
    create_volunteer,
    ledger,
    record,
)

ORG = """mutation($input: SocialOrganizationInput!) { createSocialOrganization(input: $input) {
  result { id } errors { field message } } }"""
MEMBER = """mutation($o: ID!, $u: String!) { addOrganizationMember(organization: $o, username: $u) {
  errors { field message } } }"""
CORRECT = """mutation($id: ID!, $input: ServiceRecordCorrectionInput!) { correctServiceRecord(id: $id, input: $input) {
  result { id servedOn startsAt endsAt minutes reason recordedBy corrects { id minutes } region { path } }
  errors { field message code } } }"""
HOURS = """query($id: ID!) { volunteer(id: $id) { serviceHours
  counting: serviceRecords { totalCount } } }"""
COUNTING = """query($path: String!, $c: Boolean) { region(path: $path) {
  serviceRecords(filter: {counting: $c}) { totalCount nodes { minutes } } } }"""


async def organization(client, token, name="朝阳社区志愿服务队", region=COMMUNITY) -> str:
    body = await graphql(client, ORG, {"input": {
        "name": name, "orgType": "COMMUNITY_SOCIAL_ORGANIZATION", "registration": "FILED", "region": region}},
        token=token)
    assert body["data"]["createSocialOrganization"]["errors"] == [], body
    return body["data"]["createSocialOrganization"]["result"]["id"]


async def clerk(platform, client, admin_token, username, role="hours_clerk", permissions=None):
    """A user of the community who may record hours there (service_record:create), organizing nothing."""
    if permissions is None:
        permissions = ["region:read", "volunteer:read", "activity:read", "service_record:read", "service_record:create"]
    await create_role(client, admin_token, role, "COMMUNITY", permissions, "chongqing")
    return await user_with_role(platform, client, admin_token, username, "chongqing", role, COMMUNITY)


async def setup(client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    held = (await create_activity(client, admin_token))["result"]["id"]  # held by the community's office
    return volunteer, held


def entry(volunteer, held, **changes):
    return {"volunteerId": volunteer, "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:00",
            "minutes": 60} | changes


# --- whoever organizes records ----------------------------------------------------------------


async def test_an_organizations_activity_is_recorded_by_its_members_only(platform, client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    team = await organization(client, admin_token)
    held = (await create_activity(client, admin_token, organizationId=team))["result"]["id"]
    member = await clerk(platform, client, admin_token, "member1")
    stranger = await user_with_role(platform, client, admin_token, "stranger1", "chongqing", "hours_clerk", COMMUNITY)
    body = await graphql(client, MEMBER, {"o": team, "u": "member1"}, token=admin_token)
    assert body["data"]["addOrganizationMember"]["errors"] == []

    refused = await record(client, stranger, **entry(volunteer, held))
    assert refused == {"result": None, "errors": [{
        "field": "activityId", "code": "forbidden",
        "message": "only the organizer records its hours (谁组织谁记录): a member of '朝阳社区志愿服务队'"}]}
    # the platform's administrator organizes nothing either
    assert [(e["field"], e["code"]) for e in (await record(client, admin_token, **entry(volunteer, held)))["errors"]] \
        == [("activityId", "forbidden")]
    assert (await ledger(client, admin_token))["totalCount"] == 0

    made = await record(client, member, **entry(volunteer, held))
    assert made["errors"] == [] and made["result"]["activity"] == {"title": "重阳节敬老志愿服务"}
    node = await graphql(client, "query($id: ID!) { serviceRecord(id: $id) { recordedBy startsAt endsAt } }",
                         {"id": made["result"]["id"]}, token=admin_token)
    assert node["data"]["serviceRecord"] == {"recordedBy": "member1", "startsAt": "08:00:00", "endsAt": "09:00:00"}


async def test_an_offices_activity_is_recorded_by_the_office_holding_activities_there(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    stranger = await clerk(platform, client, admin_token, "clerk4")  # may record hours, holds no activity
    refused = await record(client, stranger, **entry(volunteer, held))
    assert refused["errors"] == [{
        "field": "activityId", "code": "forbidden",
        "message": f"only the organizer records its hours (谁组织谁记录): the office holding activities at "
                   f"{COMMUNITY!r} (activity:create there)"}]
    # a street's clerk holding the communities' activities (not the street's own), recording their hours
    await create_role(client, admin_token, "hours_office", "STREET", [
        "region:read", "volunteer:read", "activity:read", "activity:create@community", "service_record:read",
        "service_record:create@community"], "chongqing")
    office = await user_with_role(platform, client, admin_token, "office1", "chongqing", "hours_office", STREET)
    assert (await record(client, office, **entry(volunteer, held)))["errors"] == []
    # an activity of the street is the street office's, not this clerk's
    street_held = (await create_activity(client, admin_token, region=STREET))["result"]["id"]
    refused = await record(client, office, **entry(volunteer, street_held, startsAt="10:00"))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("activityId", "forbidden")]
    assert (await ledger(client, admin_token))["totalCount"] == 1


async def test_an_entry_names_its_activity(client, admin_token):
    volunteer, _ = await setup(client, admin_token)
    body = await graphql(client, RECORD, {"input": {"volunteerId": volunteer, "servedOn": "2025-05-01",
                                                    "startsAt": "08:00", "minutes": 60}}, token=admin_token)
    assert "activityId" in body["errors"][0]["message"]  # required by the schema


# --- a day holds 24 hours, without overlaps, never in the future --------------------------------


async def test_a_volunteers_day_holds_at_most_24_hours_across_entries(client, admin_token):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="00:00", minutes=20 * 60)))["errors"] == []
    # the reported break: 20 hours, then 20 more the same day, were accepted
    refused = await record(client, admin_token, **entry(volunteer, held, startsAt="04:00", minutes=20 * 60))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("startsAt", "conflict")]
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="20:00", minutes=4 * 60)))["errors"] == []
    full = await record(client, admin_token, **entry(volunteer, held, startsAt="23:59", minutes=1))
    assert [(e["field"], e["code"]) for e in full["errors"]] == [("startsAt", "conflict")]
    other_day = await record(client, admin_token, **entry(volunteer, held, servedOn="2025-05-02", startsAt="00:00",
                                                          minutes=20 * 60))
    assert other_day["errors"] == []
    body = await graphql(client, HOURS, {"id": volunteer}, token=admin_token)
    assert body["data"]["volunteer"] == {"serviceHours": 44.0, "counting": {"totalCount": 3}}


async def test_the_day_cap_counts_entries_without_times_too(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    async with db.transaction(platform.sessions) as session:  # an entry recorded before times were kept
        person = await session.get_one(Volunteer, row_id(volunteer))
        session.add(ServiceRecord(tenant_id=person.tenant_id, region_id=person.region_id, volunteer_id=row_id(volunteer),
                                  activity_id=row_id(held), served_on=dt.date(2025, 5, 1), minutes=20 * 60))
    refused = await record(client, admin_token, **entry(volunteer, held, startsAt="08:00", minutes=5 * 60))
    assert refused["errors"] == [{"field": "minutes", "code": "conflict",
                                  "message": "would make 25 hours on 2025-05-01 for this volunteer; a day holds at most 24"}]
    assert (await record(client, admin_token, **entry(volunteer, held, minutes=4 * 60)))["errors"] == []


@pytest.mark.parametrize(("start", "minutes", "clash"), [
    ("09:30", 60, "09:30–10:30 overlaps the volunteer's entry 09:00–11:00 on 2025-05-01"),
    ("08:00", 61, "08:00–09:01 overlaps the volunteer's entry 09:00–11:00 on 2025-05-01"),
    ("10:59", 1, "10:59–11:00 overlaps the volunteer's entry 09:00–11:00 on 2025-05-01"),
    ("08:00", 240, "08:00–12:00 overlaps the volunteer's entry 09:00–11:00 on 2025-05-01"),
])
async def test_an_entry_overlapping_another_of_the_volunteer_is_refused(client, admin_token, start, minutes, clash):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="09:00", minutes=120)))["errors"] == []
    refused = await record(client, admin_token, **entry(volunteer, held, startsAt=start, minutes=minutes))
    assert refused == {"result": None, "errors": [{"field": "startsAt", "message": clash, "code": "conflict"}]}
    # touching is not overlapping; another volunteer at the same time is fine
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="11:00")))["errors"] == []
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="08:00")))["errors"] == []
    other = await create_volunteer(client, admin_token, name="李强", idNumber="440524188001010014")
    assert (await record(client, admin_token, **entry(other, held, startsAt="09:30")))["errors"] == []
    assert (await ledger(client, admin_token))["totalCount"] == 4


async def test_a_day_in_the_future_is_refused_by_the_platforms_clock(client, admin_token, monkeypatch):
    volunteer, held = await setup(client, admin_token)
    monkeypatch.setenv("WUSHE_TODAY", "2025-05-01")
    assert (await record(client, admin_token, **entry(volunteer, held, servedOn="2025-05-01")))["errors"] == []
    refused = await record(client, admin_token, **entry(volunteer, held, servedOn="2025-05-02"))
    assert [(e["field"], e["message"]) for e in refused["errors"]] == [
        ("servedOn", "is in the future (2025-05-02; today is 2025-05-01)")]


# --- corrections ----------------------------------------------------------------------------


async def test_a_correction_is_a_new_entry_that_keeps_the_original(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    first = (await record(client, admin_token, **entry(volunteer, held, minutes=600)))["result"]
    fixed = await graphql(client, CORRECT, {"id": first["id"], "input": {
        "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:30", "minutes": 90, "reason": "录入时多打了一个0"}},
        token=admin_token)
    payload = fixed["data"]["correctServiceRecord"]
    assert payload["errors"] == []
    assert payload["result"] | {"id": None} == {
        "id": None, "servedOn": "2025-05-01", "startsAt": "08:30:00", "endsAt": "10:00:00", "minutes": 90,
        "reason": "录入时多打了一个0", "recordedBy": "admin", "corrects": {"id": first["id"], "minutes": 600},
        "region": {"path": COMMUNITY}}
    # both are kept; only the correction counts, in the volunteer's hours and in the indicators
    body = await graphql(client, HOURS, {"id": volunteer}, token=admin_token)
    assert body["data"]["volunteer"] == {"serviceHours": 1.5, "counting": {"totalCount": 2}}
    for counting, minutes in ((True, [90]), (False, [600]), (None, [600, 90])):
        body = await graphql(client, COUNTING, {"path": COMMUNITY, "c": counting}, token=admin_token)
        assert [n["minutes"] for n in body["data"]["region"]["serviceRecords"]["nodes"]] == minutes
    query = """query($path: String!) { region(path: $path) {
      indicators(keys: ["volunteer_service_hours"], year: 2025) { value } } }"""
    body = await graphql(client, query, {"path": STREET}, token=admin_token)
    assert [i["value"] for i in body["data"]["region"]["indicators"]] == [1.5]
    async with platform.sessions() as session:
        assert [r.minutes for r in await hours.effective_records(session, row_id(volunteer))] == [90]

    # the corrected entry's time is free again; the correction's is not
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="14:00")))["errors"] == []
    refused = await record(client, admin_token, **entry(volunteer, held, startsAt="09:00"))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("startsAt", "conflict")]

    # an entry is corrected once; its correction may be corrected in turn
    again = await graphql(client, CORRECT, {"id": first["id"], "input": {
        "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:30", "minutes": 80, "reason": "再改"}},
        token=admin_token)
    assert again["data"]["correctServiceRecord"] == {"result": None, "errors": [{
        "field": "id", "code": "conflict", "message": "this entry has been corrected already; correct its correction"}]}
    chained = await graphql(client, CORRECT, {"id": payload["result"]["id"], "input": {
        "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:30", "minutes": 80, "reason": "再改"}},
        token=admin_token)
    assert chained["data"]["correctServiceRecord"]["errors"] == []
    body = await graphql(client, HOURS, {"id": volunteer}, token=admin_token)
    assert body["data"]["volunteer"]["serviceHours"] == round((80 + 60) / 60, 2)


async def test_a_correction_is_checked_like_an_entry(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    first = (await record(client, admin_token, **entry(volunteer, held, startsAt="08:00", minutes=600)))["result"]
    assert (await record(client, admin_token, **entry(volunteer, held, startsAt="18:00", minutes=300)))["errors"] == []
    fix = {"activityId": held, "servedOn": "2025-05-01", "startsAt": "07:59", "minutes": 601, "reason": "少记了一分钟"}
    cases = [
        ({"startsAt": "17:00", "minutes": 120}, "startsAt", "conflict"),  # overlaps the other entry, 18:00–23:00
        ({"startsAt": "20:00", "minutes": 300}, "minutes", "invalid"),  # past midnight
        ({"servedOn": "2024-01-01"}, "servedOn", "invalid"),  # before the volunteer registered
        ({"reason": " "}, "reason", "string_too_short"),
    ]
    for changes, field, code in cases:
        body = await graphql(client, CORRECT, {"id": first["id"], "input": fix | changes}, token=admin_token)
        assert [(e["field"], e["code"]) for e in body["data"]["correctServiceRecord"]["errors"]] == [(field, code)], body
    # a stranger who may record at the community but organizes nothing may not correct
    stranger = await clerk(platform, client, admin_token, "clerk5")
    body = await graphql(client, CORRECT, {"id": first["id"], "input": fix}, token=stranger)
    assert [(e["field"], e["code"]) for e in body["data"]["correctServiceRecord"]["errors"]] == [("id", "forbidden")]
    # the corrected entry's own 08:00–18:00 makes room for the correction's 07:59–18:00
    body = await graphql(client, CORRECT, {"id": first["id"], "input": fix}, token=admin_token)
    assert body["data"]["correctServiceRecord"]["errors"] == []
    assert (await ledger(client, admin_token))["totalCount"] == 3


# --- append-only, and concurrent entries ---------------------------------------------------------


async def test_the_ledger_refuses_update_and_delete_in_the_database(platform, client, admin_token, database_url):
    volunteer, held = await setup(client, admin_token)
    made = (await record(client, admin_token, **entry(volunteer, held)))["result"]
    statements = [f"UPDATE service_record SET minutes = 1440 WHERE id = {row_id(made['id'])}",
                  f"DELETE FROM service_record WHERE id = {row_id(made['id'])}"]
    if database_url.startswith("sqlite"):
        with sqlite3.connect(str(make_url(database_url).database)) as connection:
            for statement in statements:
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    connection.execute(statement)
    else:
        for statement in statements:  # as the owner: the trigger refuses even those who may
            dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
            async with await psycopg.AsyncConnection.connect(dsn) as connection:
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    await connection.execute(statement)
        async with platform.sessions() as session:  # and the application's role may not even try
            with pytest.raises(sa.exc.DBAPIError):
                await session.exec(sa.text(statements[0]))
    body = await graphql(client, HOURS, {"id": volunteer}, token=admin_token)
    assert body["data"]["volunteer"]["serviceHours"] == 1.0


@pytest.mark.postgresql
async def test_concurrent_entries_cannot_together_pass_the_day(platform, client, admin_token, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks on PostgreSQL")
    volunteer, held = await setup(client, admin_token)
    tasks = 20  # 13 hours each, at different times: any two pass 24 hours

    async def one(n: int):
        start = f"{n % 10:02d}:{(n // 10) * 30:02d}"
        data = entry(volunteer, held, startsAt=start, minutes=13 * 60 - n)
        return await client.post("/graphql", json={"query": RECORD, "variables": {"input": data}},
                                 headers={"Authorization": f"Bearer {admin_token}"})

    responses = await asyncio.gather(*(one(n) for n in range(tasks)))
    assert [r.status_code for r in responses] == [200] * tasks
    payloads = [r.json()["data"]["recordService"] for r in responses]
    made = [p for p in payloads if p["result"] is not None]
    assert len(made) == 1, made
    assert all(p["errors"][0]["code"] == "conflict" for p in payloads if p["result"] is None)
    assert (await ledger(client, admin_token))["totalCount"] == 1


@pytest.mark.postgresql
async def test_an_entry_waits_for_another_transaction_on_the_same_volunteer(platform, client, admin_token, database_url):
    """Two transactions at once, interleaved on purpose: the second waits on the volunteer's row until
    the first commits, then sees its entry and is refused (without the lock it would pass unseen)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks on PostgreSQL")
    volunteer, held = await setup(client, admin_token)
    admin = Principal(username="admin", platform_admin=True)
    data = {"volunteer_id": row_id(volunteer), "activity_id": row_id(held), "served_on": "2025-05-01",
            "starts_at": "08:00", "minutes": 600}

    async def second() -> ServiceRecord:
        async with db.transaction(platform.sessions) as session:
            return await hours.record(session, admin, data | {"starts_at": "12:00"})

    async with db.transaction(platform.sessions) as session:
        await hours.record(session, admin, data)
        waiting = asyncio.create_task(second())
        await asyncio.sleep(1)
        assert not waiting.done()  # blocked on the volunteer's row
    with pytest.raises(InvalidInput) as refused:
        await waiting
    assert refused.value.problems[0].field == "starts_at"
    assert (await ledger(client, admin_token))["totalCount"] == 1


@pytest.mark.postgresql
async def test_the_same_request_key_sent_concurrently_records_once(platform, client, admin_token, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks on PostgreSQL")
    volunteer, held = await setup(client, admin_token)
    data = entry(volunteer, held, requestKey="app-race-0001")

    async def one():
        return await client.post("/graphql", json={"query": RECORD, "variables": {"input": data}},
                                 headers={"Authorization": f"Bearer {admin_token}"})

    responses = await asyncio.gather(*(one() for _ in range(20)))
    payloads = [r.json()["data"]["recordService"] for r in responses]
    assert {p["result"]["id"] for p in payloads} == {payloads[0]["result"]["id"]}
    assert (await ledger(client, admin_token))["totalCount"] == 1


async def test_a_volunteer_who_moves_keeps_the_ledger_which_is_never_rewritten(client, admin_token):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held)))["errors"] == []
    move = """mutation($id: ID!, $input: VolunteerPatch!) { updateVolunteer(id: $id, input: $input) {
      errors { field message } } }"""
    body = await graphql(client, move, {"id": volunteer, "input": {"region": NEIGHBOUR}}, token=admin_token)
    assert body["data"]["updateVolunteer"]["errors"] == []  # the trigger would refuse an UPDATE of the ledger
    assert (await ledger(client, admin_token, NEIGHBOUR))["totalCount"] == 1
