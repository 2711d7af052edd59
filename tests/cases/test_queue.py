"""myWork reaches a case through each way a step may be taken: the office's permission at the
case's region, a party as a user, a party through the organization the user acts for — the
queue is narrowed to those (core.cases.queue.candidates) before the per-step conditions run."""

import pytest

from core.models import Registration
from core.testing import graphql, user_with_role
from tests.cases import toy
from tests.cases.test_engine import _org, ok

WORK = "{ myWork { totalCount items { case { id state } actions { action } } } }"


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def work(client, token):
    body = await graphql(client, WORK, token=token)
    assert "errors" not in body, body
    queue = body["data"]["myWork"]
    return queue["totalCount"], {(i["case"]["id"], tuple(sorted(a["action"] for a in i["actions"]))) for i in queue["items"]}


async def test_the_queue_reaches_a_case_by_permission_by_user_and_by_organization(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    alice = await user_with_role(platform, client, admin_token, "alice", "toy", "toy_contractor", "toy")
    bob = await user_with_role(platform, client, admin_token, "bob", "toy", "toy_contractor", "toy")
    expert = await user_with_role(platform, client, admin_token, "expert", "toy", "toy_expert", "toy")
    await _org(platform, "甲社工", Registration.REGISTERED, "alice")
    await _org(platform, "乙社工", Registration.REGISTERED, "bob")
    call = await ok(client, office, type="toy_call", region="toy", action="open_call")
    decided = await ok(client, alice, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                       data={"amount_fen": 10})
    review = await ok(client, bob, type="toy_grant", region="toy/d2", parent=call["id"], action="apply",
                      data={"amount_fen": 20})
    for grant in (decided, review):
        await ok(client, office, case=grant["id"], action="assign", data={"reviewer": "expert"})
    await ok(client, office, case=decided["id"], action="decide")

    # the office by permission (the call and both applications), each with its steps
    assert await work(client, office) == (3, {
        (call["id"], ("close",)), (decided["id"], ("bar", "close", "pay")), (review["id"], ("bar", "decide"))})
    # the expert as a user party, on the application still in review
    assert await work(client, expert) == (1, {(review["id"], ("score",))})
    # alice for her organization, the applicant of the decided one (its report); bob has nothing to do
    assert await work(client, alice) == (1, {(decided["id"], ("report",))})
    assert await work(client, bob) == (0, set())
