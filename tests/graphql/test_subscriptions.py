"""Subscriptions over WebSocket (graphql-transport-ws; issue 18, item 5), on loopback through the ASGI
test client: a street office's work queue, a user's inbox, a region's target status — authorised as
the queries are, the token checked on connecting and again before every event."""

import queue
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect
from sqlmodel import select

from core import (
    START,
    CaseTypeDecl,
    PermissionDecl,
    RegionDecl,
    RoleDecl,
    StateDecl,
    TargetDecl,
    Tier,
    TransitionDecl,
    hookimpl,
)
from core.cases import CaseContext
from core.db import events
from core.models import Region, User
from core.testing import graphql, step_taken, user_with_role
from core.web.auth import BAD_TOKEN

SOURCE = "测试文件 第一条"
STREET, COMMUNITY, OTHER_STREET = "sub/d/s", "sub/d/s/c", "sub/d/t"


async def _notify_office(ctx: CaseContext) -> None:
    """The office is told of a report (an inbox message written with the step)."""
    office = (await ctx.session.exec(select(User.id).where(User.username == "office"))).all()
    await ctx.notify([int(i) for i in office if i is not None], "新的居民诉求", ctx.case.title)


NEED = CaseTypeDecl(
    key="sub_need", label="居民诉求", tiers=(Tier.COMMUNITY,), source=SOURCE,
    states=(StateDecl(key="draft", label="草拟"), StateDecl(key="reported", label="已上报"),
            StateDecl(key="handled", label="已办结", terminal=True)),
    transitions=(
        TransitionDecl(action="open", label="登记", from_states=(START,), to="draft", permission="sub_need:report",
                       source=SOURCE),
        TransitionDecl(action="report", label="上报街道", from_states=("draft",), to="reported",
                       permission="sub_need:report", effects=(_notify_office,), source=SOURCE),
        TransitionDecl(action="handle", label="办结", from_states=("reported",), to="handled",
                       permission="sub_need:handle", source=SOURCE),
    ),
)
REGIONS = [RegionDecl(path="sub", name="示例市", tier=Tier.CITY), RegionDecl(path="sub/d", name="甲区", tier=Tier.DISTRICT),
           RegionDecl(path=STREET, name="甲街道", tier=Tier.STREET), RegionDecl(path=OTHER_STREET, name="乙街道", tier=Tier.STREET),
           RegionDecl(path=COMMUNITY, name="甲社区", tier=Tier.COMMUNITY, resident_population=1000)]
TARGETS = [TargetDecl(key="sub_volunteers", indicator="registered_volunteers", label="每个社区至少一名注册志愿者",
                      evaluated_at="per_community", comparator=">=", threshold=Decimal("1"), yearly=True, source=SOURCE)]
ROLES = [
    RoleDecl(code="sub_office", label="街道办", tier=Tier.STREET, source=SOURCE,
             permissions=("region:read", "case:read", "sub_need:handle", "indicator:read")),
    RoleDecl(code="sub_community", label="社区", tier=Tier.COMMUNITY, source=SOURCE,
             permissions=("region:read", "case:read", "sub_need:report", "volunteer:create", "volunteer:read")),
]


def plugin() -> types.ModuleType:
    module = types.ModuleType("tests_subscriptions")
    module.PLUGIN_NAME = "sub"  # type: ignore[attr-defined]
    module.plugin_scope = hookimpl(lambda: "sub")  # type: ignore[attr-defined]
    module.register_regions = hookimpl(lambda: REGIONS)  # type: ignore[attr-defined]
    module.register_permissions = hookimpl(lambda: [  # type: ignore[attr-defined]
        PermissionDecl(resource="sub_need", actions=("report", "handle"), source=SOURCE)])
    module.register_roles = hookimpl(lambda: ROLES)  # type: ignore[attr-defined]
    module.register_case_types = hookimpl(lambda: [NEED])  # type: ignore[attr-defined]
    module.register_targets = hookimpl(lambda: TARGETS)  # type: ignore[attr-defined]
    return module


@pytest.fixture
def extra_plugins():
    return [plugin()]


PROTOCOL = ["graphql-transport-ws"]
WORK = "subscription { workQueue { caseId inQueue item { case { id state title } actions { action } } } }"


@contextmanager
def socket(client, token: str | None = None, *, header: str | None = None, origin: str | None = None) -> Iterator[Any]:
    """An open graphql-transport-ws connection, acknowledged when ``token`` is given."""
    headers = ({"Authorization": header} if header else {}) | ({"Origin": origin} if origin else {})
    session = client.blocking_portal.call(lambda: client.websocket_connect("/graphql", subprotocols=PROTOCOL,
                                                                           headers=headers))
    with session as ws:
        if token is not None:
            ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
            assert ws.receive_json(timeout=10) == {"type": "connection_ack"}
        yield ws


def until(condition: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.01)


def subscribe(ws, platform, query: str, id_: str = "1", variables: dict | None = None) -> None:
    """Send a subscription and wait until it listens to the platform's events (so none is missed)."""
    listening = platform.events.subscribers
    ws.send_json({"id": id_, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})
    until(lambda: platform.events.subscribers > listening)


async def people(platform, client, admin_token) -> tuple[str, str]:
    office = await user_with_role(platform, client, admin_token, "office", "sub", "sub_office", STREET)
    worker = await user_with_role(platform, client, admin_token, "worker", "sub", "sub_community", COMMUNITY)
    return office, worker


async def test_a_street_office_hears_of_a_case_entering_its_queue_and_leaving_it(platform, client, admin_token):
    office, worker = await people(platform, client, admin_token)
    with socket(client, office) as ws:
        subscribe(ws, platform, WORK)
        case = await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="路灯不亮")
        await step_taken(client, worker, case=case["id"], action="report")
        message = ws.receive_json(timeout=10)
        assert message == {"id": "1", "type": "next", "payload": {"data": {"workQueue": {
            "caseId": case["id"], "inQueue": True,
            "item": {"case": {"id": case["id"], "state": "reported", "title": "路灯不亮"}, "actions": [{"action": "handle"}]}}}}}
        await step_taken(client, office, case=case["id"], action="handle")
        assert ws.receive_json(timeout=10)["payload"]["data"]["workQueue"] == {
            "caseId": case["id"], "inQueue": False, "item": None}
        ws.send_json({"id": "1", "type": "complete"})
        until(lambda: platform.events.subscribers == 0)  # the subscription stopped listening


async def test_the_inbox_hears_its_own_notifications_only(platform, client, admin_token):
    office, worker = await people(platform, client, admin_token)
    with socket(client, office) as ws, socket(client, worker) as other:
        subscribe(ws, platform, "subscription { inbox { title body caseId } }")
        subscribe(other, platform, "subscription { inbox { title } }")
        case = await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="楼道堆物")
        await step_taken(client, worker, case=case["id"], action="report")
        assert ws.receive_json(timeout=10)["payload"]["data"]["inbox"] == {
            "title": "新的居民诉求", "body": "楼道堆物", "caseId": case["id"]}
        with pytest.raises(queue.Empty):  # the worker took the step: the office's message is not theirs
            other.receive_json(timeout=0.5)


async def test_a_region_target_status_is_sent_then_sent_again_when_it_changes(platform, client, admin_token):
    office, worker = await people(platform, client, admin_token)
    query = "subscription($r: String!) { targetStatus(region: $r) { region targets { key value status } } }"
    with socket(client, office) as ws:
        subscribe(ws, platform, query, variables={"r": COMMUNITY})
        first = ws.receive_json(timeout=10)["payload"]["data"]["targetStatus"]
        assert first == {"region": COMMUNITY, "targets": [{"key": "sub_volunteers", "value": 0.0, "status": "not_met"}]}
        # a change elsewhere is not this region's: nothing is sent
        await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="无关")
        created = await graphql(client, """mutation { createVolunteer(input: {name: "张三", realNameRegistered: true,
          registeredOn: "2024-01-02", idNumber: "11010519491231002X", region: "sub/d/s/c"}) {
          errors { field message } } }""", token=worker)
        assert created["data"]["createVolunteer"]["errors"] == []
        changed = ws.receive_json(timeout=10)["payload"]["data"]["targetStatus"]
        assert changed == {"region": COMMUNITY, "targets": [{"key": "sub_volunteers", "value": 1.0, "status": "met"}]}


async def test_a_user_without_the_permission_gets_an_error(platform, client, admin_token):
    _office, worker = await people(platform, client, admin_token)
    with socket(client, worker) as ws:
        ws.send_json({"id": "7", "type": "subscribe", "payload": {
            "query": 'subscription { targetStatus(region: "sub/d/s/c") { region } }'}})
        message = ws.receive_json(timeout=10)
    assert message["type"] == "error" and message["id"] == "7"
    assert message["payload"][0]["message"] == "targetStatus: you may not read indicator at 'sub/d/s/c'"
    assert message["payload"][0]["extensions"] == {"code": "FORBIDDEN", "field": "targetStatus"}


async def test_a_bad_or_missing_token_is_refused(platform, client, admin_token):
    for payload in ({"authorization": "Bearer not-a-token"}, {}, {"authorization": 42}, {"authorization": "Basic x y"}):
        with socket(client) as ws:
            ws.send_json({"type": "connection_init", "payload": payload})
            with pytest.raises(WebSocketDisconnect) as refused:
                ws.receive_json(timeout=10)
        assert (refused.value.code, refused.value.detail) == (4403, "Forbidden"), payload
    # a header on the handshake is checked by the middleware, as on any request
    with pytest.raises(WebSocketDisconnect) as refused, socket(client, header="Bearer not-a-token"):
        pass
    assert (refused.value.code, refused.value.detail) == (4403, BAD_TOKEN)
    # a page of another origin is refused at the handshake, as the browser refuses its HTTP requests (no CORS)
    with pytest.raises(WebSocketDisconnect) as refused, socket(client, origin="https://elsewhere.example"):
        pass
    assert refused.value.code == 1008
    # a good one in the header needs nothing more in connection_init
    with socket(client, header=f"Bearer {admin_token}") as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json(timeout=10) == {"type": "connection_ack"}


async def test_a_revoked_token_ends_the_subscription_at_the_next_event(platform, client, admin_token):
    office, worker = await people(platform, client, admin_token)
    with socket(client, office) as ws:
        subscribe(ws, platform, WORK)
        revoked = await graphql(client, 'mutation { revokeTokens(username: "office") { errors { field } } }',
                                token=admin_token)
        assert revoked["data"]["revokeTokens"]["errors"] == []
        case = await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="噪音")
        await step_taken(client, worker, case=case["id"], action="report")
        message = ws.receive_json(timeout=10)
        assert message["type"] == "next" and message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
        assert ws.receive_json(timeout=10) == {"id": "1", "type": "complete"}


async def test_a_permission_taken_away_stops_what_it_allowed_from_the_next_event(platform, client, admin_token):
    office, worker = await people(platform, client, admin_token)
    with socket(client, office) as ws:
        subscribe(ws, platform, WORK)
        taken = await graphql(client, """mutation { removeRolePermission(role: "sub_office", permission: "sub_need:handle",
          tenant: "sub") { errors { field message } } }""", token=admin_token)
        assert taken["data"]["removeRolePermission"]["errors"] == []
        case = await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="井盖缺失")
        await step_taken(client, worker, case=case["id"], action="report")
        with pytest.raises(queue.Empty):
            ws.receive_json(timeout=1)


async def test_queries_and_mutations_go_by_http_not_over_the_socket(platform, client, admin_token):
    with socket(client, admin_token) as ws:
        ws.send_json({"id": "q", "type": "subscribe", "payload": {"query": "{ me { username } }"}})
        message = ws.receive_json(timeout=10)
    assert message == {"id": "q", "type": "error", "payload": [{
        "message": "only subscriptions are served over the WebSocket: send queries and mutations by HTTP POST",
        "extensions": {"code": "BAD_REQUEST"}}]}


async def test_events_are_announced_after_commit_and_never_for_a_rollback(platform):
    async with platform.events.subscribe() as feed:
        async with platform.sessions() as session:
            region = (await session.exec(select(Region).where(Region.path == COMMUNITY))).one()
            region_id, tenant_id = region.id, region.tenant_id
            events.note(session, events.CountsChanged(frozenset({region_id})))
            await session.rollback()
            events.note(session, events.CaseChanged(tenant_id, 1))
            async with session.begin_nested():  # a savepoint released is not a commit
                events.note(session, events.CaseChanged(tenant_id, 2))
            assert platform.events.subscribers == 1
            await session.commit()
        announced = await feed.next_batch()
    assert announced == [events.CaseChanged(tenant_id, 1), events.CaseChanged(tenant_id, 2)]


async def test_a_subscription_is_held_to_the_limits_of_a_query(platform, client, admin_token):
    deep = "subscription { workQueue { item { case { " + "parent { " * 14 + "id" + " }" * 14 + " } } } }"
    with socket(client, admin_token) as ws:
        ws.send_json({"id": "d", "type": "subscribe", "payload": {"query": deep}})
        message = ws.receive_json(timeout=10)
    assert message["type"] == "error" and message["id"] == "d"
    assert "exceeds maximum operation depth" in message["payload"][0]["message"]
