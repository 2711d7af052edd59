"""The case engine through GraphQL, on a small procedure (tests/cases/toy.py): every check a step
passes, who sees what, the queue, the ledger and the inbox."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from core import db
from core.cases.calendar import WorkingCalendar
from core.models import (
    Case,
    CaseEvent,
    LedgerEntry,
    Notification,
    OrganizationMember,
    OrgType,
    OutboxMessage,
    Registration,
    SocialOrganization,
    Tenant,
    User,
)
from core.testing import graphql, row_id, user_with_role
from tests.cases import toy

STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id type state stateLabel version dueOn data terminal retainUntil }
  errors { field message code } } }"""

CASE = """query($id: ID!) { case(id: $id) { id state version
  timeline { action label fromState toState actor data }
  parties { part username organizationName active }
  actions { action label }
  ledger { kind amountFen amountYuan entryKey } } }"""


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def _org(platform, name: str, registration: Registration, *members: str) -> int:
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "toy"))).one()
        region = (await session.exec(sa.text("SELECT id FROM region WHERE path = 'toy/d1'"))).scalar_one()
        org = SocialOrganization(tenant_id=tenant.id, region_id=region, name=name, registration=registration,
                                 org_type=OrgType.SOCIAL_WORK_AGENCY)
        session.add(org)
        await session.flush()
        for username in members:
            user = (await session.exec(select(User).where(User.username == username))).one()
            session.add(OrganizationMember(tenant_id=tenant.id, user_id=user.id, organization_id=org.id))
        return org.id


async def step(client, token, **input_):
    body = await graphql(client, STEP, {"input": input_}, token=token)
    assert "errors" not in body, body
    return body["data"]["transition"]


async def ok(client, token, **input_):
    payload = await step(client, token, **input_)
    assert payload["errors"] == [], payload
    return payload["result"]


async def refused(client, token, code, field, **input_):
    payload = await step(client, token, **input_)
    assert payload["result"] is None, payload
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    return payload["errors"][0]["message"]


async def _count(platform, model) -> int:
    async with platform.sessions() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


async def test_a_procedure_runs_step_by_step_with_every_check(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    alice = await user_with_role(platform, client, admin_token, "alice", "toy", "toy_contractor", "toy")
    bob = await user_with_role(platform, client, admin_token, "bob", "toy", "toy_contractor", "toy")
    expert = await user_with_role(platform, client, admin_token, "expert", "toy", "toy_expert", "toy")
    alices = await _org(platform, "甲社工", Registration.REGISTERED, "alice")
    await _org(platform, "乙社工", Registration.REGISTERED, "bob")

    call = await ok(client, office, type="toy_call", region="toy", action="open_call")
    assert (call["state"], call["stateLabel"], call["version"]) == ("open", "征集中", 1)
    # a contractor may not open the call; nor apply without naming it, nor at the city
    assert "toy_call:manage" in await refused(client, alice, "forbidden", "action", type="toy_call", region="toy",
                                              action="open_call")
    await refused(client, alice, "invalid", "parent", type="toy_grant", region="toy/d1", action="apply",
                  data={"amount_fen": 100})
    await refused(client, alice, "invalid", "region", type="toy_grant", region="toy", parent=call["id"],
                  action="apply", data={"amount_fen": 100})
    # the step's data is checked, naming the field
    await refused(client, alice, "minimum", "data.amount_fen", type="toy_grant", region="toy/d1", parent=call["id"],
                  action="apply", data={"amount_fen": 0})

    mine = await ok(client, alice, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                    data={"amount_fen": 100_001}, requestKey="alice-apply-1")
    theirs = await ok(client, bob, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                      data={"amount_fen": 50_000})
    # the same request again is the same case, not a second application
    again = await ok(client, alice, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                     data={"amount_fen": 100_001}, requestKey="alice-apply-1")
    assert again["id"] == mine["id"]
    assert await _count(platform, Case) == 3

    # a competitor sees neither the other's application by id nor in a list
    body = await graphql(client, CASE, {"id": theirs["id"]}, token=alice)
    assert body["data"]["case"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed = await graphql(client, "{ cases(type: \"toy_grant\") { totalCount nodes { id } } }", token=alice)
    assert listed["data"]["cases"] == {"totalCount": 1, "nodes": [{"id": mine["id"]}]}
    listed = await graphql(client, "{ cases(type: \"toy_call\") { totalCount } }", token=alice)
    assert listed["data"]["cases"]["totalCount"] == 1  # the call is public
    by_org = '{ cases(organization: "%s") { totalCount nodes { id } } }' % alices
    assert (await graphql(client, by_org, token=office))["data"]["cases"] == {"totalCount": 1,
                                                                            "nodes": [{"id": mine["id"]}]}
    # nor act on it
    await refused(client, alice, "not_found", "case", case=theirs["id"], action="assign", data={"reviewer": "expert"})

    # wrong state, missing permission, wrong party: each names the action
    message = await refused(client, office, "wrong_state", "action", case=mine["id"], action="decide")
    assert "决定 (decide)" in message and "已申报" in message
    await refused(client, alice, "forbidden", "action", case=mine["id"], action="assign", data={"reviewer": "expert"})

    assigned = await ok(client, office, case=mine["id"], action="assign", data={"reviewer": "expert"}, version=1)
    assert assigned["dueOn"] == WorkingCalendar().add_working_days(dt.date.today(), 10).isoformat()
    # a stale version is refused: someone moved first
    await refused(client, office, "conflict", "version", case=mine["id"], action="decide", version=1)
    await refused(client, office, "forbidden", "action", case=mine["id"], action="score", data={"score": 80})

    work = await graphql(client, "{ myWork { totalCount items { case { id } actions { action } dueOn overdue } } }",
                         token=expert)
    assert work["data"]["myWork"]["items"] == [
        {"case": {"id": mine["id"]}, "actions": [{"action": "score"}], "dueOn": assigned["dueOn"], "overdue": False}]

    await ok(client, expert, case=mine["id"], action="score", data={"score": 88})
    message = await refused(client, expert, "guard", "guards.one_score", case=mine["id"], action="score",
                            data={"score": 99})
    assert message == f"评分 (score): you have scored this application already ({toy.SOURCE})"

    # the score is hidden from the applicant until the case is decided, and so is the reviewer's
    # name; the office sees both, and what the step's effect recorded on its event
    seen = await graphql(client, CASE, {"id": mine["id"]}, token=alice)
    assert [e["action"] for e in seen["data"]["case"]["timeline"]] == ["apply", "assign"]
    assert seen["data"]["case"]["actions"] == []
    assert [p["part"] for p in seen["data"]["case"]["parties"]] == ["applicant"]
    seen = await graphql(client, CASE, {"id": mine["id"]}, token=office)
    assert [e["action"] for e in seen["data"]["case"]["timeline"]] == ["apply", "assign", "score"]
    assert seen["data"]["case"]["timeline"][-1]["data"] == {"score": 88, "scores_so_far": 1}
    assert {(p["part"], p["username"], p["organizationName"]) for p in seen["data"]["case"]["parties"]} == {
        ("applicant", None, "甲社工"), ("reviewer", "expert", None)}

    await ok(client, office, case=mine["id"], action="decide")
    seen = await graphql(client, CASE, {"id": mine["id"]}, token=alice)
    assert [e["action"] for e in seen["data"]["case"]["timeline"]] == ["apply", "assign", "score", "decide"]

    # each tranche once, the sum exact; a repeated request is a replay, not a second payment
    await ok(client, office, case=mine["id"], action="pay", data={"tranche": 1}, requestKey="pay-1")
    await ok(client, office, case=mine["id"], action="pay", data={"tranche": 1}, requestKey="pay-1")
    assert "tranche:1" in await refused(client, office, "conflict", "action", case=mine["id"], action="pay",
                                        data={"tranche": 1})
    await ok(client, office, case=mine["id"], action="pay", data={"tranche": 2})
    seen = await graphql(client, CASE, {"id": mine["id"]}, token=office)
    ledger = seen["data"]["case"]["ledger"]
    assert [(e["entryKey"], e["amountFen"]) for e in ledger] == [("tranche:1", 60_000), ("tranche:2", 40_001)]
    assert sum(e["amountFen"] for e in ledger) == 100_001
    assert [e["amountYuan"] for e in ledger] == ["600.00", "400.01"]  # the same amounts in yuan, exact

    # the applicant's staff were told of each payment, in the inbox and the outbox
    async with platform.sessions() as session:
        alice_id = (await session.exec(select(User.id).where(User.username == "alice"))).one()
        titles = (await session.exec(select(Notification.title).where(Notification.user_id == alice_id))).all()
        assert titles == ["资助申请：拨付", "资助申请：拨付"]
    assert await _count(platform, OutboxMessage) == 2

    # a form filled at a step: checked like any submission, linked to the case, on its timeline;
    # not in the forms list of a reader who is no office of cases (the expert holds form:read)
    await refused(client, alice, "minimum", "data.sessions", case=mine["id"], action="report", data={"sessions": -1})
    await ok(client, alice, case=mine["id"], action="report", data={"sessions": 4})
    seen = await graphql(client, "query($id: ID!) { case(id: $id) { timeline { action form { form data } } } }",
                         {"id": mine["id"]}, token=alice)
    assert seen["data"]["case"]["timeline"][-1] == {"action": "report", "form": {"form": "toy_report",
                                                                                "data": {"sessions": 4}}}
    forms = '{ formSubmissions(under: "toy", form: "toy_report") { totalCount } }'
    assert (await graphql(client, forms, token=expert))["data"]["formSubmissions"]["totalCount"] == 0
    assert (await graphql(client, forms, token=office))["data"]["formSubmissions"]["totalCount"] == 1

    # the timeline and the ledger are append-only
    async with platform.engine.connect() as connection:
        for table in ("case_event", "ledger_entry"):
            with pytest.raises(sa.exc.DBAPIError, match=r"append-only|permission denied"):  # trigger, or role
                async with connection.begin():
                    await connection.execute(sa.text(f"UPDATE {table} SET actor = 'x'"))
    assert await _count(platform, LedgerEntry) == 2

    closed = await ok(client, office, case=mine["id"], action="close")
    assert closed["terminal"] and closed["retainUntil"] == dt.date.today().replace(year=dt.date.today().year + 3).isoformat()
    await refused(client, office, "wrong_state", "action", case=mine["id"], action="pay", data={"tranche": 2})


async def test_guards_read_the_organizations_own_record_and_nothing_is_half_written(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    carol = await user_with_role(platform, client, admin_token, "carol", "toy", "toy_contractor", "toy")
    dave = await user_with_role(platform, client, admin_token, "dave", "toy", "toy_contractor", "toy")
    await _org(platform, "丙社团", Registration.FILED, "carol")
    await _org(platform, "丁社工", Registration.REGISTERED, "dave")
    call = await ok(client, office, type="toy_call", region="toy", action="open_call")
    before = (await _count(platform, Case), await _count(platform, CaseEvent))
    message = await refused(client, carol, "guard", "guards.registered", type="toy_grant", region="toy/d1",
                            parent=call["id"], action="apply", data={"amount_fen": 10})
    assert message == f"申报 (apply): 丙社团 is not registered ({toy.SOURCE})"
    assert (await _count(platform, Case), await _count(platform, CaseEvent)) == before

    # a sanction recorded by an earlier case bars a later application
    first = await ok(client, dave, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                     data={"amount_fen": 10})
    await ok(client, office, case=first["id"], action="bar")
    await refused(client, dave, "guard", "guards.not_barred", type="toy_grant", region="toy/d1", parent=call["id"],
                  action="apply", data={"amount_fen": 10})



async def test_overdue_cases_are_listed_for_the_office(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    erin = await user_with_role(platform, client, admin_token, "erin", "toy", "toy_contractor", "toy")
    await user_with_role(platform, client, admin_token, "expert", "toy", "toy_expert", "toy")
    await _org(platform, "戊社工", Registration.REGISTERED, "erin")
    call = await ok(client, office, type="toy_call", region="toy", action="open_call")
    grant = await ok(client, erin, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                     data={"amount_fen": 10})
    await ok(client, office, case=grant["id"], action="assign", data={"reviewer": "expert"})
    query = '{ overdueCases(under: "toy/d1") { totalCount nodes { id dueOn } } }'
    assert (await graphql(client, query, token=office))["data"]["overdueCases"]["totalCount"] == 0
    async with db.transaction(platform.sessions) as session:
        await session.exec(sa.update(Case).where(Case.id == row_id(grant["id"])).values(due_on=dt.date(2020, 1, 2)))
    listed = (await graphql(client, query, token=office))["data"]["overdueCases"]
    assert listed == {"totalCount": 1, "nodes": [{"id": grant["id"], "dueOn": "2020-01-02"}]}
    body = await graphql(client, query, token=erin)  # a contractor is no office
    assert body["data"]["overdueCases"]["totalCount"] == 0 or body["data"] is None


async def test_effects_that_step_on_in_a_loop_are_stopped_and_write_nothing(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    looping = await ok(client, office, type="toy_loop", region="toy", action="start")
    before = await _count(platform, CaseEvent)
    async with platform.sessions() as session:
        principal = await platform.principal(session, "office")
        with pytest.raises(RuntimeError, match="more than 8 chained steps: a loop"):
            await platform.cases.transition(session, principal, case_id=row_id(looping["id"]), action="ping")
        await session.rollback()
    assert await _count(platform, CaseEvent) == before
