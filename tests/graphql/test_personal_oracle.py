"""Uniqueness of ID numbers is not an oracle (issue 9, break 1).

A user who may update a volunteer of their own used to try candidate numbers on it, in aliased
mutations, and read "already registered in this tenant" for the one that some other record held:
the full number behind a mask, with no audit event and no limit. Now a conflict with a record the
caller cannot see says nothing about it, every conflict is audited (actor, records, never the
number), and each user has a budget of ID numbers to enter per hour, kept in the database, which
aliases in one request spend like separate requests.
"""

import datetime as dt

import pytest
from sqlmodel import col, select

from core.models import AuditEvent
from core.services import id_numbers
from core.testing import create_role, graphql, row_id, user_with_role
from core.validators import id_number_check_digit

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
OTHER_COMMUNITY = "chongqing/qianjiang/zhengyang/qunli"
TARGET = "11010519491231002X"

CREATE = """mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id idNumberMasked } errors { field message code } } }"""
CREATE_WORKER = """mutation($input: SocialWorkerInput!) {
  createSocialWorker(input: $input) { result { id } errors { field message code } } }"""
UPDATE = """mutation($id: ID!, $input: VolunteerPatch!) {
  updateVolunteer(id: $id, input: $input) { result { id } errors { field message code } } }"""


def number(birth: dt.date, sequence: int = 123, division: str = "500114") -> str:
    body = f"{division}{birth:%Y%m%d}{sequence:03d}"
    return body + id_number_check_digit(body)


def volunteer(region: str = COMMUNITY, **fields):
    return {"name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05", "idNumber": TARGET,
            "region": region} | fields


async def create(client, token, **fields):
    body = await graphql(client, CREATE, {"input": volunteer(**fields)}, token=token)
    return body["data"]["createVolunteer"]


async def clerk(platform, client, admin_token, username="clerk", region=COMMUNITY, extra=()):
    await create_role(client, admin_token, "volunteer_clerk", "COMMUNITY",
                      ["region:read", "volunteer:read", "volunteer:create", "volunteer:update", *extra], "chongqing")
    return await user_with_role(platform, client, admin_token, username, "chongqing", "volunteer_clerk", region)


async def events(platform, action):
    async with platform.sessions() as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        return list((await session.exec(query)).all())


async def test_a_conflict_outside_the_callers_scope_is_not_revealed_and_is_audited(platform, client, admin_token):
    elsewhere = await create(client, admin_token, region=OTHER_COMMUNITY)
    assert elsewhere["errors"] == []
    token = await clerk(platform, client, admin_token)

    refused = await create(client, token)
    assert refused["result"] is None
    [error] = refused["errors"]
    assert error["field"] == "idNumber" and error["code"] == "refused"
    for told in ("already", "registered", "qunli", elsewhere["result"]["id"], "Volunteer"):
        assert told not in error["message"], told
    # the same answer as for a number held by a record of a tenant the caller may not see at all:
    # nothing in it depends on where the other record is
    [event] = await events(platform, id_numbers.CONFLICT)
    assert event.actor == "clerk" and event.target == f"Volunteer:{row_id(elsewhere['result']['id'])}.idNumber"
    assert event.after == {"field": "idNumber", "attempted_on": f"new Volunteer at {COMMUNITY}"}
    assert TARGET not in str(event.model_dump()) and "19491231" not in str(event.model_dump())
    assert f"reference: audit event {event.id}" in error["message"]


async def test_the_aliased_candidate_attack_finds_nothing_and_is_stopped(platform, client, admin_token, monkeypatch):
    """The attack of the issue: candidates for a masked number tried as aliases on one's own record."""
    monkeypatch.setattr(id_numbers, "BUDGET", 5)
    target = await create(client, admin_token, region=OTHER_COMMUNITY)
    token = await clerk(platform, client, admin_token)
    own = await create(client, token, idNumber=number(dt.date(1990, 1, 1)))
    assert own["errors"] == []
    candidates = [number(dt.date(1949, 12, day), 2, "110105") for day in range(1, 9)] + [TARGET]
    aliases = " ".join(
        f'a{i}: updateVolunteer(id: "{own["result"]["id"]}", input: {{idNumber: "{c}"}}) {{ errors {{ message code }} }}'
        for i, c in enumerate(candidates)
    )
    body = await graphql(client, "mutation { %s }" % aliases, token=token)
    answers = [body["data"][f"a{i}"]["errors"] for i in range(len(candidates))]
    assert answers[:4] == [[]] * 4  # the creation of the clerk's own volunteer spent one of five
    assert all(a and a[0]["code"] == "rate_limited" for a in answers[4:])  # the true number among them
    assert "already registered" not in str(body) and "qunli" not in str(body) and target["errors"] == []
    assert await events(platform, id_numbers.CONFLICT) == []


async def test_a_conflict_with_a_record_the_caller_sees_names_it(platform, client, admin_token):
    token = await clerk(platform, client, admin_token)
    first = await create(client, token)
    again = await create(client, token, name="另一个人")
    assert again["errors"] == [{"field": "idNumber", "code": "duplicate", "message":
                                f"already registered in this tenant: Volunteer {row_id(first['result']['id'])} at {COMMUNITY}"}]
    [event] = await events(platform, id_numbers.CONFLICT)
    assert event.actor == "clerk" and event.target == f"Volunteer:{row_id(first['result']['id'])}.idNumber"


@pytest.mark.parametrize("limit", [3])
async def test_a_budget_per_user_and_hour_binds_aliases_and_later_requests(platform, client, admin_token, monkeypatch, limit):
    monkeypatch.setattr(id_numbers, "BUDGET", limit)
    token = await clerk(platform, client, admin_token)
    own = (await create(client, token, idNumber=number(dt.date(1990, 1, 1))))["result"]
    # a change that leaves the number alone spends nothing
    for name in ("王一", "王二", "王三", "王四"):
        body = await graphql(client, UPDATE, {"id": own["id"], "input": {"name": name}}, token=token)
        assert body["data"]["updateVolunteer"]["errors"] == []
    aliases = " ".join(
        f'a{i}: updateVolunteer(id: "{own["id"]}", input: {{idNumber: "{number(dt.date(1991, 1, 1 + i))}"}}) '
        "{ errors { field message code } }" for i in range(4)
    )
    body = await graphql(client, "mutation { %s }" % aliases, token=token)
    answers = [body["data"][f"a{i}"]["errors"] for i in range(4)]
    assert answers[:2] == [[], []]
    assert [e[0]["code"] for e in answers[2:]] == ["rate_limited", "rate_limited"]
    assert answers[2][0]["field"] == "idNumber" and "at most 3 ID numbers an hour" in answers[2][0]["message"]
    # a new request does no better, nor a creation
    assert (await create(client, token, idNumber=number(dt.date(1992, 1, 1))))["errors"][0]["code"] == "rate_limited"
    # the budget is the clerk's: another user, and the platform administrator, are not held by it
    other = await clerk(platform, client, admin_token, "clerk2", OTHER_COMMUNITY)
    assert (await create(client, other, idNumber=number(dt.date(1993, 1, 1)), region=OTHER_COMMUNITY))["errors"] == []
    assert (await create(client, admin_token, idNumber=number(dt.date(1994, 1, 1))))["errors"] == []
    # the spent budget is in the database (audit events), not in this process
    spent = await events(platform, id_numbers.SET)
    assert [e.actor for e in spent].count("clerk") == 3
    async with platform.sessions() as session:
        from core.access.grants import Principal

        assert await id_numbers.spent(session, Principal("clerk", tenant_id=1)) == 3


async def test_conflicts_spend_the_budget_too(platform, client, admin_token, monkeypatch):
    monkeypatch.setattr(id_numbers, "BUDGET", 2)
    await create(client, admin_token, region=OTHER_COMMUNITY)
    token = await clerk(platform, client, admin_token)
    assert (await create(client, token))["errors"][0]["code"] == "refused"
    assert (await create(client, token))["errors"][0]["code"] == "refused"
    assert (await create(client, token))["errors"][0]["code"] == "rate_limited"
    assert len(await events(platform, id_numbers.CONFLICT)) == 2


async def test_a_reader_of_every_number_in_the_tenant_has_no_budget(platform, client, admin_token, monkeypatch):
    monkeypatch.setattr(id_numbers, "BUDGET", 1)
    await create_role(client, admin_token, "registrar", "CITY",
                      ["region:read", "volunteer:read", "volunteer:create", "personal_data:read_full"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "registrar", "chongqing", "registrar", "chongqing")
    for day in (1, 2, 3):
        assert (await create(client, token, idNumber=number(dt.date(1990, 1, day))))["errors"] == []
    # ... and a conflict anywhere in the tenant is one they could read: it is named
    again = await create(client, token, idNumber=number(dt.date(1990, 1, 1)), region=OTHER_COMMUNITY)
    assert again["errors"][0]["code"] == "duplicate" and COMMUNITY in again["errors"][0]["message"]


async def test_social_workers_are_held_the_same_way(platform, client, admin_token):
    made = await graphql(client, CREATE_WORKER, {"input": {"name": "李娜", "idNumber": TARGET, "post": "SOCIAL_WORK_ROOM",
                                                           "region": OTHER_COMMUNITY}}, token=admin_token)
    assert made["data"]["createSocialWorker"]["errors"] == []
    await create_role(client, admin_token, "worker_clerk", "COMMUNITY",
                      ["region:read", "social_worker:read", "social_worker:create"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "wclerk", "chongqing", "worker_clerk", COMMUNITY)
    body = await graphql(client, CREATE_WORKER, {"input": {"name": "李四", "idNumber": TARGET, "post": "SOCIAL_WORK_ROOM",
                                                           "region": COMMUNITY}}, token=token)
    [error] = body["data"]["createSocialWorker"]["errors"]
    assert error["code"] == "refused" and "already" not in error["message"]
    [event] = await events(platform, id_numbers.CONFLICT)
    assert event.target == f"SocialWorker:{row_id(made['data']['createSocialWorker']['result']['id'])}.idNumber"
