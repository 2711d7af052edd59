"""Service activities and the volunteer-hours ledger through GraphQL: placement, checks, idempotency."""

import datetime as dt

import pytest

from core.testing import create_role, graphql, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
NEIGHBOUR = f"{STREET}/qunli"
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()

ACTIVITY = """
mutation($input: ActivityInput!) {
  createActivity(input: $input) {
    result { id title heldOn category personTimes sessions region { path } organization { name } }
    errors { field message code }
  }
}
"""
UPDATE_ACTIVITY = """
mutation($id: ID!, $input: ActivityPatch!) {
  updateActivity(id: $id, input: $input) {
    result { id title personTimes heldOn region { path } }
    errors { field message code }
  }
}
"""
RECORD = """
mutation($input: ServiceRecordInput!) {
  recordService(input: $input) {
    result { id servedOn minutes hours description requestKey region { path } volunteer { name } activity { title } }
    errors { field message code }
  }
}
"""
VOLUNTEER = """
mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id } errors { field message code } }
}
"""
LEDGER = """query($path: String!) { region(path: $path) {
  serviceRecords { totalCount nodes { id minutes region { path } } } } }"""


def activity(**changes):
    data = {"title": "重阳节敬老志愿服务", "heldOn": "2025-10-29", "category": "关爱老年人服务类",
            "personTimes": 45, "region": COMMUNITY}
    return data | changes


async def create_activity(client, token, **changes):
    body = await graphql(client, ACTIVITY, {"input": activity(**changes)}, token=token)
    return body["data"]["createActivity"]


async def create_volunteer(client, token, region=COMMUNITY, **changes):
    data = {"name": "王芳", "realNameRegistered": True, "registeredOn": "2024-03-01",
            "idNumber": "11010519491231002X", "region": region} | changes
    body = await graphql(client, VOLUNTEER, {"input": data}, token=token)
    payload = body["data"]["createVolunteer"]
    assert payload["errors"] == [], payload
    return payload["result"]["id"]


async def record(client, token, **data):
    body = await graphql(client, RECORD, {"input": data}, token=token)
    return body["data"]["recordService"]


async def ledger(client, token, path=STREET):
    body = await graphql(client, LEDGER, {"path": path}, token=token)
    return body["data"]["region"]["serviceRecords"]


# --- activities -----------------------------------------------------------------------------


async def test_create_activity_at_a_community_or_a_street_and_list_it(client, admin_token):
    made = await create_activity(client, admin_token)
    assert made["errors"] == []
    assert made["result"] | {"id": None} == {
        "id": None, "title": "重阳节敬老志愿服务", "heldOn": "2025-10-29", "category": "关爱老年人服务类",
        "personTimes": 45, "sessions": 1, "region": {"path": COMMUNITY}, "organization": None,
    }
    at_street = await create_activity(client, admin_token, title="正阳街道志愿服务集中日", region=STREET, heldOn="2026-03-05")
    assert at_street["errors"] == [] and at_street["result"]["region"] == {"path": STREET}

    query = """query($path: String!, $f: ActivityFilter) { region(path: $path) {
      activities(filter: $f) { totalCount nodes { title } } } }"""
    body = await graphql(client, query, {"path": STREET}, token=admin_token)
    assert body["data"]["region"]["activities"]["totalCount"] == 2
    body = await graphql(client, query, {"path": COMMUNITY}, token=admin_token)
    assert [n["title"] for n in body["data"]["region"]["activities"]["nodes"]] == ["重阳节敬老志愿服务"]
    body = await graphql(client, query, {"path": STREET, "f": {"heldFrom": "2026-01-01"}}, token=admin_token)
    assert [n["title"] for n in body["data"]["region"]["activities"]["nodes"]] == ["正阳街道志愿服务集中日"]

    node = await graphql(client, "query($id: ID!) { activity(id: $id) { title } }", {"id": made["result"]["id"]},
                         token=admin_token)
    assert node["data"]["activity"] == {"title": "重阳节敬老志愿服务"}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"region": "chongqing/qianjiang"}, "region", "placed at a street, community, not a district"),
        ({"region": "chongqing"}, "region", "not a city"),
        ({"region": "chongqing/nowhere"}, "region", "no region at path"),
        ({"heldOn": TOMORROW}, "heldOn", "is in the future"),
        ({"personTimes": -1}, "personTimes", "greater than or equal to 0"),
        ({"sessions": 0}, "sessions", "greater than or equal to 1"),
        ({"sessions": 10_001}, "sessions", "less than or equal to 10000"),
        ({"title": " "}, "title", "at least 1 character"),
        ({"organizationId": "999999"}, "organizationId", "no SocialOrganization with id 999999"),
    ],
)
async def test_bad_activity_input_names_the_field(client, admin_token, changes, field, fragment):
    made = await create_activity(client, admin_token, **changes)
    assert made["result"] is None
    assert [e["field"] for e in made["errors"]] == [field]
    assert fragment in made["errors"][0]["message"]
    body = await graphql(client, '{ region(path: "chongqing") { activities { totalCount } } }', token=admin_token)
    assert body["data"]["region"]["activities"]["totalCount"] == 0


async def test_an_activity_organizer_from_another_tenant_is_refused(client, admin_token):
    org = """mutation($input: SocialOrganizationInput!) { createSocialOrganization(input: $input) {
      result { id } errors { field message } } }"""
    body = await graphql(client, org, {"input": {
        "name": "兴隆台区邻里互助会", "orgType": "COMMUNITY_SOCIAL_ORGANIZATION", "registration": "FILED",
        "region": "panjin",
    }}, token=admin_token)
    assert body["data"]["createSocialOrganization"]["errors"] == [], body
    foreign = body["data"]["createSocialOrganization"]["result"]["id"]
    made = await create_activity(client, admin_token, organizationId=foreign)
    assert made["errors"] == [{"field": "organizationId", "message": "refers to another tenant", "code": "invalid"}]


async def test_update_activity_changes_the_fields_sent_and_checks_the_whole(client, admin_token):
    made = (await create_activity(client, admin_token))["result"]
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"personTimes": 60}}, token=admin_token)
    assert body["data"]["updateActivity"]["result"] == {
        "id": made["id"], "title": "重阳节敬老志愿服务", "personTimes": 60, "heldOn": "2025-10-29", "region": {"path": COMMUNITY},
    }
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"heldOn": TOMORROW}}, token=admin_token)
    assert [e["field"] for e in body["data"]["updateActivity"]["errors"]] == ["heldOn"]
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"region": "chongqing/qianjiang"}},
                         token=admin_token)
    assert [e["field"] for e in body["data"]["updateActivity"]["errors"]] == ["region"]
    node = await graphql(client, "query($id: ID!) { activity(id: $id) { personTimes heldOn region { path } } }",
                         {"id": made["id"]}, token=admin_token)
    assert node["data"]["activity"] == {"personTimes": 60, "heldOn": "2025-10-29", "region": {"path": COMMUNITY}}
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"sessions": 0}}, token=admin_token)
    assert [e["field"] for e in body["data"]["updateActivity"]["errors"]] == ["sessions"]
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"sessions": None}}, token=admin_token)
    assert [e["field"] for e in body["data"]["updateActivity"]["errors"]] == ["sessions"]
    body = await graphql(client, UPDATE_ACTIVITY, {"id": made["id"], "input": {"sessions": 4}}, token=admin_token)
    assert body["data"]["updateActivity"]["errors"] == []
    # the yearly indicator sums the rows' sessions: this one row counts 4 场次
    query = """query($path: String!) { region(path: $path) {
      activity: indicators(keys: ["sessions", "person_times"], year: 2025) { key value } } }"""
    body = await graphql(client, query, {"path": COMMUNITY}, token=admin_token)
    values = {i["key"]: i["value"] for i in body["data"]["region"]["activity"]}
    assert values == {"sessions": 4, "person_times": 60}


async def test_creating_an_activity_needs_the_permission_there(platform, client, admin_token):
    made = await create_role(client, admin_token, "activity_viewer", "STREET", ["region:read", "activity:read"], "chongqing")
    assert made["errors"] == []
    token = await user_with_role(platform, client, admin_token, "viewer1", "chongqing", "activity_viewer", STREET)
    refused = await create_activity(client, token)
    assert refused["result"] is None
    assert refused["errors"] == [{"field": "region", "message": f"you may not create activity at {COMMUNITY!r}",
                                  "code": "forbidden"}]
    await create_role(client, admin_token, "activity_clerk", "STREET",
                      ["region:read", "activity:read", "activity:create@community"], "chongqing")
    clerk = await user_with_role(platform, client, admin_token, "clerk1", "chongqing", "activity_clerk", STREET)
    assert (await create_activity(client, clerk))["errors"] == []
    at_street = await create_activity(client, clerk, region=STREET)  # only @community was granted
    assert [(e["field"], e["code"]) for e in at_street["errors"]] == [("region", "forbidden")]
    body = await graphql(client, f'{{ region(path: "{STREET}") {{ activities {{ totalCount }} }} }}', token=clerk)
    assert body["data"]["region"]["activities"]["totalCount"] == 1


# --- the volunteer-hours ledger -------------------------------------------------------------


async def test_record_service_sits_at_the_volunteers_community(client, admin_token):
    volunteer = await create_volunteer(client, admin_token, region=NEIGHBOUR)
    held = (await create_activity(client, admin_token, region=STREET))["result"]  # a street-wide activity
    payload = await record(client, admin_token, volunteerId=volunteer, activityId=held["id"], servedOn="2025-10-30",
                           startsAt="09:00", minutes=150, description="陪同老人体检")  # the day after: a two-day activity is fine
    assert payload["errors"] == []
    assert payload["result"] | {"id": None} == {
        "id": None, "servedOn": "2025-10-30", "minutes": 150, "hours": 2.5, "description": "陪同老人体检",
        "requestKey": None, "region": {"path": NEIGHBOUR}, "volunteer": {"name": "王芳"},
        "activity": {"title": "重阳节敬老志愿服务"},
    }
    assert (await ledger(client, admin_token, NEIGHBOUR))["totalCount"] == 1
    assert (await ledger(client, admin_token, COMMUNITY))["totalCount"] == 0
    hours = """query($id: ID!) { volunteer(id: $id) {
      all: serviceHours in2025: serviceHours(year: 2025) in2024: serviceHours(year: 2024)
      serviceRecords { totalCount nodes { minutes } } } }"""
    body = await graphql(client, hours, {"id": volunteer}, token=admin_token)
    assert body["data"]["volunteer"] == {"all": 2.5, "in2025": 2.5, "in2024": 0.0,
                                         "serviceRecords": {"totalCount": 1, "nodes": [{"minutes": 150}]}}
    node = await graphql(client, "query($id: ID!) { serviceRecord(id: $id) { minutes region { path } } }",
                         {"id": payload["result"]["id"]}, token=admin_token)
    assert node["data"]["serviceRecord"] == {"minutes": 150, "region": {"path": NEIGHBOUR}}


async def test_the_same_request_key_records_once(client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    held = (await create_activity(client, admin_token))["result"]["id"]
    entry = {"volunteerId": volunteer, "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:00", "minutes": 90,
             "requestKey": "app-7f3a-0001"}
    first = await record(client, admin_token, **entry)
    again = await record(client, admin_token, **entry | {"description": "retried"})
    assert first["errors"] == [] and again["errors"] == []
    assert again["result"]["id"] == first["result"]["id"]
    assert again["result"]["description"] is None  # the stored entry, not a new one
    assert (await ledger(client, admin_token))["totalCount"] == 1

    for changes in ({"minutes": 91}, {"servedOn": "2025-05-02"}, {"startsAt": "08:30"}):
        other = await record(client, admin_token, **entry | changes)
        assert other == {"result": None, "errors": [
            {"field": "requestKey", "message": "already used for a different entry", "code": "duplicate"}]}
    assert (await ledger(client, admin_token))["totalCount"] == 1
    # without a key, the same entry twice is two entries (two afternoons' work, at different times)
    assert (await record(client, admin_token, **entry | {"requestKey": None, "startsAt": "14:00"}))["errors"] == []
    assert (await record(client, admin_token, **entry | {"requestKey": None, "startsAt": "16:00"}))["errors"] == []
    assert (await ledger(client, admin_token))["totalCount"] == 3


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"volunteerId": "999999"}, "volunteerId", "no Volunteer with id 999999"),
        ({"volunteerId": "abc"}, "volunteerId", "is not an id"),
        ({"minutes": 0}, "minutes", "greater than 0"),
        ({"minutes": 1441}, "minutes", "less than or equal to 1440"),
        ({"servedOn": "2024-02-29"}, "servedOn", "before the volunteer registered (2024-03-01)"),
        ({"servedOn": TOMORROW}, "servedOn", "is in the future"),
        ({"activityId": "999999"}, "activityId", "no Activity with id 999999"),
        ({"requestKey": "short"}, "requestKey", "at least 8 characters"),
        ({"startsAt": "23:30"}, "minutes", "runs past midnight from 23:30"),
    ],
)
async def test_bad_service_record_names_the_field_and_writes_nothing(client, admin_token, changes, field, fragment):
    volunteer = await create_volunteer(client, admin_token)
    held = (await create_activity(client, admin_token))["result"]["id"]
    entry = {"volunteerId": volunteer, "activityId": held, "servedOn": "2025-05-01", "startsAt": "09:00",
             "minutes": 60} | changes
    payload = await record(client, admin_token, **entry)
    assert payload["result"] is None
    assert [e["field"] for e in payload["errors"]] == [field], payload
    assert fragment in payload["errors"][0]["message"]
    assert (await ledger(client, admin_token))["totalCount"] == 0


async def test_an_activity_of_another_tenant_is_refused(client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    body = await graphql(client, '{ region(path: "tianjin") { descendants(tier: COMMUNITY, first: 1) { nodes { path } } } }',
                         token=admin_token)
    elsewhere = body["data"]["region"]["descendants"]["nodes"][0]["path"]
    foreign = (await create_activity(client, admin_token, region=elsewhere))["result"]
    payload = await record(client, admin_token, volunteerId=volunteer, activityId=foreign["id"], servedOn="2025-10-29",
                           startsAt="09:00", minutes=60)
    assert payload["errors"] == [{"field": "activityId", "message": "refers to another tenant", "code": "invalid"}]


async def test_recording_needs_service_record_create_at_the_volunteers_community(platform, client, admin_token):
    here = await create_volunteer(client, admin_token)
    there = await create_volunteer(client, admin_token, region=NEIGHBOUR, name="李强", idNumber="440524188001010014")
    # sees the whole street, may record only in the neighbouring community
    await create_role(client, admin_token, "street_viewer", "STREET",
                      ["region:read", "volunteer:read", "activity:read", "service_record:read"], "chongqing")
    # the office of the neighbouring community: holds its activities, so records their hours
    await create_role(client, admin_token, "recorder", "COMMUNITY", ["service_record:create", "activity:create"],
                      "chongqing")
    token = await user_with_role(platform, client, admin_token, "clerk2", "chongqing", "street_viewer", STREET)
    assign = """mutation($u: String!, $r: String!, $at: String!) {
      assignRole(username: $u, role: $r, region: $at) { errors { field message } } }"""
    body = await graphql(client, assign, {"u": "clerk2", "r": "recorder", "at": NEIGHBOUR}, token=admin_token)
    assert body["data"]["assignRole"]["errors"] == []

    held = (await create_activity(client, admin_token, region=NEIGHBOUR))["result"]["id"]
    times = {"activityId": held, "servedOn": "2025-05-01", "startsAt": "09:00", "minutes": 60}
    refused = await record(client, token, volunteerId=here, **times, requestKey="clerk2-0001")
    assert refused == {"result": None, "errors": [{
        "field": "volunteerId", "message": f"you may not create service_record at {COMMUNITY!r}", "code": "forbidden"}]}
    allowed = await record(client, token, volunteerId=there, **times)
    assert allowed["errors"] == [] and allowed["result"]["region"] == {"path": NEIGHBOUR}
    records = await ledger(client, token)
    assert records["totalCount"] == 1 and records["nodes"][0]["region"] == {"path": NEIGHBOUR}

    # a volunteer outside what the user may read is not found, whatever they may write
    await create_role(client, admin_token, "blind_recorder", "COMMUNITY", ["region:read", "service_record:create"], "chongqing")
    blind = await user_with_role(platform, client, admin_token, "clerk3", "chongqing", "blind_recorder", COMMUNITY)
    payload = await record(client, blind, volunteerId=here, **times)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("volunteerId", "not_found")]
    assert (await ledger(client, admin_token))["totalCount"] == 1


async def test_the_ledger_is_listed_with_the_volunteer_and_each_entry_keeps_where_it_was_recorded(client, admin_token):
    volunteer = await create_volunteer(client, admin_token)
    held = (await create_activity(client, admin_token, region=STREET))["result"]["id"]
    times = {"volunteerId": volunteer, "activityId": held, "startsAt": "09:00", "minutes": 60}
    assert (await record(client, admin_token, servedOn="2025-05-01", **times))["errors"] == []
    move = """mutation($id: ID!, $input: VolunteerPatch!) { updateVolunteer(id: $id, input: $input) {
      result { region { path } } errors { field message } } }"""
    body = await graphql(client, move, {"id": volunteer, "input": {"region": NEIGHBOUR}}, token=admin_token)
    assert body["data"]["updateVolunteer"] == {"result": {"region": {"path": NEIGHBOUR}}, "errors": []}
    assert (await ledger(client, admin_token, COMMUNITY))["totalCount"] == 0
    moved = await ledger(client, admin_token, NEIGHBOUR)  # listed where the volunteer lives now …
    assert moved["totalCount"] == 1 and moved["nodes"][0]["region"] == {"path": COMMUNITY}  # … recorded there
    later = await record(client, admin_token, servedOn="2025-06-01", **times)
    assert later["result"]["region"] == {"path": NEIGHBOUR}
    assert (await ledger(client, admin_token, NEIGHBOUR))["totalCount"] == 2
    query = """query($path: String!) { region(path: $path) {
      indicators(keys: ["volunteer_service_hours"], year: 2025) { value } } }"""
    for path, hours in ((NEIGHBOUR, 2), (COMMUNITY, 0)):  # the hours count where the volunteer lives
        body = await graphql(client, query, {"path": path}, token=admin_token)
        assert [i["value"] for i in body["data"]["region"]["indicators"]] == [hours]
