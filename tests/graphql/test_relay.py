"""Relay conventions (docs/clients.md): global ids, ``node(id:)`` / ``nodes(ids:)`` through exactly
the filter of each type's own query, and connections with ``edges`` and ``pageInfo``."""

import base64
from typing import Any

import pytest
import sqlalchemy as sa
from graphql import GraphQLObjectType
from sqlmodel import select

from core import db
from core.cases import inbox
from core.demo.data import fill_demo_data
from core.models import OrganizationMember, OrgType, Registration, SocialOrganization, Tenant, User
from core.testing import create_role, graphql, user_with_role
from core.testing.databases import filled
from core.web.graphql.nodes import FETCHERS, MAX_NODES
from core.web.graphql.schema import build_schema
from tests.cases import toy
from tests.graphql import test_credits as credits
from tests.graphql import test_lists as lists
from tests.graphql import test_service_records as records

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"

LISTS = {
    "SocialOrganization": "socialOrganizations",
    "SocialWorker": "socialWorkers",
    "Volunteer": "volunteers",
    "VolunteerTeam": "volunteerTeams",
    "CommunityFund": "communityFunds",
    "Donation": "donations",
    "Activity": "activities",
    "ServiceRecord": "serviceRecords",
    "Region": "descendants",
}
"""Each record type implementing Node that hangs off a region, and the region's list of it."""

NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


def number(global_id: str) -> int:
    _, _, digits = base64.b64decode(global_id).decode().partition(":")
    return int(digits)


def fake(kind: str, row: int = 2_000_000_000) -> str:
    """The global id of a row that does not exist."""
    return base64.b64encode(f"{kind}:{row}".encode()).decode()


async def listed(client: Any, token: str, path: str, kind: str) -> list[str]:
    """Every id of ``kind`` the viewer's own list under ``path`` gives, paged through."""
    ids: list[str] = []
    after = None
    while True:
        body = await graphql(client, 'query($a: String) { region(path: "%s") { %s(first: 500, after: $a) { '
                             "nodes { id } pageInfo { hasNextPage endCursor } } } }" % (path, LISTS[kind]),
                             {"a": after}, token=token)
        page = body["data"]["region"][LISTS[kind]] if body["data"]["region"] else None
        if page is None:
            return ids
        ids += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def fetched(client: Any, token: str, ids: list[str]) -> dict[str, dict[str, Any] | None]:
    """``nodes(ids:)`` by id, MAX_NODES at a time; no error allowed."""
    found: dict[str, dict[str, Any] | None] = {}
    for start in range(0, len(ids), MAX_NODES):
        chunk = ids[start:start + MAX_NODES]
        body = await graphql(client, NODES, {"ids": chunk}, token=token)
        assert "errors" not in body, body
        found |= dict(zip(chunk, body["data"]["nodes"], strict=True))
    return found


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


@pytest.fixture
async def demo(platform):
    await filled(platform, fill_demo_data, volunteers=300, organizations=80, workers=60)
    return platform


def test_every_node_type_of_the_schema_can_be_fetched(platform):
    schema = build_schema(platform.registry)._schema
    implementing = {t.name for t in schema.type_map.values()
                    if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)}
    assert implementing == set(FETCHERS)
    with_id = {t.name for t in schema.type_map.values() if isinstance(t, GraphQLObjectType) and "id" in t.fields
               and not t.name.startswith("__")}
    # the types with an id that node(id:) does not fetch: read through their case or organization, or
    # (certificates, spot checks) through verification by number and the spot checks of a region
    # (listed here, so that one more is a decision, not an accident)
    assert with_id - implementing == {"CaseEvent", "LedgerEntry", "Sanction", "ServiceCertificate", "SpotCheck",
                                      "SpotCheckItem"}


async def test_node_gives_each_record_as_its_own_query_does(demo, client, admin_token):
    for kind in LISTS:
        first = (await listed(client, admin_token, STREET, kind))[0]
        field = {"Region": "name", "Donation": "valueYuan", "Activity": "title", "ServiceRecord": "minutes"}.get(kind, "name")
        body = await graphql(client, "query($id: ID!) { node(id: $id) { __typename id ... on %s { %s } } }" % (kind, field),
                             {"id": first}, token=admin_token)
        assert body["data"]["node"]["__typename"] == kind and body["data"]["node"]["id"] == first, body
        if kind in {"SocialOrganization", "Volunteer", "Donation"}:
            own = kind[0].lower() + kind[1:]
            for id_ in (first, str(number(first))):  # the type's own query takes the global id and the number
                body = await graphql(client, "query($id: ID!) { %s(id: $id) { id %s } }" % (own, field), {"id": id_},
                                     token=admin_token)
                assert body["data"][own]["id"] == first


async def test_global_ids_are_unique_across_types(demo, client, admin_token):
    region = (await graphql(client, '{ region(path: "%s") { id } }' % STREET, token=admin_token))["data"]["region"]["id"]
    same_number = fake("Volunteer", number(region))
    assert region != same_number
    assert base64.b64decode(region).decode() == f"Region:{number(region)}"
    body = await graphql(client, NODES, {"ids": [region, region]}, token=admin_token)
    assert [n["__typename"] for n in body["data"]["nodes"]] == ["Region", "Region"]


async def test_nodes_show_a_viewer_exactly_what_its_lists_show(demo, platform, client, admin_token):
    """A community's reader: for every record type, the ids nodes(ids:) gives non-null among all of
    the tenant's are exactly those its own lists give; the rest are null, as ids that do not exist."""
    permissions = ["region:read", "social_organization:read", "social_worker:read", "volunteer:read",
                   "volunteer_team:read", "community_fund:read", "donation:read", "activity:read", "service_record:read"]
    assert (await create_role(client, admin_token, "reader", "COMMUNITY", permissions, "chongqing"))["errors"] == []
    reader = await user_with_role(platform, client, admin_token, "reader1", "chongqing", "reader", COMMUNITY)
    outsider = await user_with_role(platform, client, admin_token, "pj-admin", "panjin", "tenant_admin", "panjin")
    # The demo's records move with the day it is made on (the share of the year gone by): on 2026-12-07 its
    # ledger held none at this community. One of its own makes the reader's ledger never empty.
    volunteer = await records.create_volunteer(client, admin_token, region=COMMUNITY)
    held = (await records.create_activity(client, admin_token, region=COMMUNITY))["result"]["id"]
    served = await records.record(client, admin_token, volunteerId=volunteer, activityId=held, servedOn="2025-10-29",
                                  startsAt="09:00", minutes=60)
    assert served["errors"] == [], served
    hidden_kinds: list[str] = []
    seen_kinds: list[str] = []
    for kind in LISTS:
        everything = await listed(client, admin_token, "chongqing", kind)
        own = set(await listed(client, reader, COMMUNITY, kind))
        if kind == "Region":  # the community itself, which its descendants leave out
            own.add((await graphql(client, '{ region(path: "%s") { id } }' % COMMUNITY, token=reader))["data"]["region"]["id"])
        assert everything and own <= set(everything), kind
        if own:
            seen_kinds.append(kind)
        missing = [fake(kind, 2_000_000_000 + i) for i in range(3)]
        seen = await fetched(client, reader, everything + missing)
        assert {id_ for id_, found in seen.items() if found is not None} == own, kind
        assert all(seen[id_] is None for id_ in missing)
        assert all(found is None for found in (await fetched(client, outsider, everything[:MAX_NODES])).values()), kind
        for hidden in [id_ for id_ in everything if id_ not in own][:1]:
            hidden_kinds.append(kind)
            answers = [await graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": id_}, token=reader)
                       for id_ in (hidden, missing[0])]
            assert answers == [{"data": {"node": None}}] * 2  # no oracle: hidden and missing answer alike
    assert set(hidden_kinds) == set(LISTS)
    assert {"Region", "Volunteer", "Activity", "ServiceRecord"} <= set(seen_kinds)


async def _organization(platform: Any, name: str, *members: str) -> int:
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "toy"))).one()
        region = (await session.exec(sa.text("SELECT id FROM region WHERE path = 'toy/d1'"))).scalar_one()
        org = SocialOrganization(tenant_id=tenant.id, region_id=region, name=name, registration=Registration.REGISTERED,
                                 org_type=OrgType.SOCIAL_WORK_AGENCY)
        session.add(org)
        await session.flush()
        for username in members:
            user = (await session.exec(select(User).where(User.username == username))).one()
            session.add(OrganizationMember(tenant_id=tenant.id, user_id=user.id, organization_id=org.id))
        return int(org.id)


STEP = """mutation($input: TransitionInput!) { transition(input: $input) { result { id } errors { field message } } }"""


async def _step(client: Any, token: str, **input_: Any) -> str:
    body = await graphql(client, STEP, {"input": input_}, token=token)
    assert body["data"]["transition"]["errors"] == [], body
    return str(body["data"]["transition"]["result"]["id"])


async def test_cases_forms_notifications_and_audit_events_by_node_as_by_their_own_queries(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    alice = await user_with_role(platform, client, admin_token, "alice", "toy", "toy_contractor", "toy")
    bob = await user_with_role(platform, client, admin_token, "bob", "toy", "toy_contractor", "toy")
    expert = await user_with_role(platform, client, admin_token, "expert", "toy", "toy_expert", "toy")
    org = await _organization(platform, "甲社工", "alice")
    call = await _step(client, office, type="toy_call", region="toy", action="open_call")
    grant = await _step(client, alice, type="toy_grant", region="toy/d1", parent=call, action="apply",
                        data={"amount_fen": 100}, actingFor=str(org))
    await _step(client, office, case=grant, action="assign", data={"reviewer": "expert"})
    await _step(client, office, case=grant, action="decide")
    await _step(client, alice, case=grant, action="report", data={"sessions": 4})
    forms = await graphql(client, '{ formSubmissions(under: "toy") { nodes { id form } } }', token=office)
    report = forms["data"]["formSubmissions"]["nodes"][0]["id"]
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "toy"))).one()
        users = {u.username: u.id for u in (await session.exec(select(User).where(User.tenant_id == tenant.id))).all()}
        await inbox.notify(session, tenant.id, [users["alice"]], "你好")
    note = (await graphql(client, "{ inbox { notifications { id } } }", token=alice))["data"]["inbox"]["notifications"][0]["id"]
    events = await graphql(client, '{ auditEvents(tenant: "toy") { nodes { id } } }', token=admin_token)
    event = events["data"]["auditEvents"]["nodes"][0]["id"]

    async def node(token: str, id_: str) -> Any:
        body = await graphql(client, "query($id: ID!) { node(id: $id) { __typename id } }", {"id": id_}, token=token)
        assert "errors" not in body, body
        return body["data"]["node"] and body["data"]["node"]["__typename"]

    # (id, its type, the viewers whose own query gives it, the viewers whose own query does not)
    expected = [(grant, "Case", [office, alice], [bob]), (call, "Case", [office, alice, bob], []),
                (report, "FormSubmission", [office], [alice, bob, expert]),  # a case's form: offices only, as in lists
                (note, "Notification", [alice], [bob, office, admin_token]),
                (event, "AuditEvent", [admin_token], [office, alice])]
    for id_, kind, seeing, not_seeing in expected:
        for token in seeing:
            assert await node(token, id_) == kind, (kind, id_)
        for token in not_seeing:
            assert await node(token, id_) is None, (kind, id_)
    # their own queries agree
    assert (await graphql(client, "query($id: ID!) { case(id: $id) { id } }", {"id": grant}, token=bob))["errors"][0][
        "extensions"]["code"] == "NOT_FOUND"
    assert (await graphql(client, "query($id: ID!) { case(id: $id) { id } }", {"id": grant}, token=alice))["data"][
        "case"] == {"id": grant}
    theirs = await graphql(client, '{ formSubmissions(under: "toy") { nodes { id } } }', token=expert)
    assert report not in [n["id"] for n in theirs["data"]["formSubmissions"]["nodes"]]
    assert (await graphql(client, "{ inbox { notifications { id } } }", token=bob))["data"]["inbox"]["notifications"] == []


async def test_nodes_keeps_the_order_asked_and_refuses_too_many(demo, client, admin_token):
    volunteers = (await listed(client, admin_token, STREET, "Volunteer"))[:3]
    asked = [volunteers[2], fake("Volunteer"), volunteers[0], volunteers[2]]
    body = await graphql(client, NODES, {"ids": asked}, token=admin_token)
    assert [n and n["id"] for n in body["data"]["nodes"]] == [volunteers[2], None, volunteers[0], volunteers[2]]
    body = await graphql(client, NODES, {"ids": [volunteers[0]] * (MAX_NODES + 1)}, token=admin_token)
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "ids"}
    assert f"at most {MAX_NODES} ids" in body["errors"][0]["message"]


PAGE = """query($a: String) { region(path: "%s") { volunteers(first: 7, after: $a) {
  totalCount nodes { id } edges { cursor node { id name } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }""" % STREET


async def test_edges_and_page_info_page_through_as_nodes_do(demo, client, admin_token):
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = await graphql(client, PAGE, {"a": after}, token=admin_token)
        page = body["data"]["region"]["volunteers"]
        info = page["pageInfo"]
        assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
        assert info["startCursor"] == page["edges"][0]["cursor"] and info["endCursor"] == page["edges"][-1]["cursor"]
        assert info["hasPreviousPage"] is (after is not None)
        seen += [e["node"]["id"] for e in page["edges"]]
        pages += 1
        # any edge's cursor continues right after that edge
        middle = page["edges"][len(page["edges"]) // 2]
        rest = await graphql(client, PAGE, {"a": middle["cursor"]}, token=admin_token)
        ids = [n["id"] for n in page["nodes"]]
        following = [n["id"] for n in rest["data"]["region"]["volunteers"]["nodes"]]
        assert following[:len(ids) - ids.index(middle["node"]["id"]) - 1] == ids[ids.index(middle["node"]["id"]) + 1:]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert pages > 1 and len(seen) == len(set(seen)) == page["totalCount"]
    empty = await graphql(client, PAGE, {"a": page["pageInfo"]["endCursor"]}, token=admin_token)
    assert empty["data"]["region"]["volunteers"] | {"totalCount": 0} == {
        "totalCount": 0, "nodes": [], "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": True, "startCursor": None, "endCursor": None}}


async def test_the_lists_and_the_credits_records_by_node_as_by_their_own_queries(platform, client, admin_token):
    """Demands, proposals, resources, projects (demand:read …) and time-bank accounts and entries
    (time_bank:read where the volunteer is): node(id:) gives each to whoever its own query gives it,
    and null to the others, alike for what is hidden and what does not exist."""
    community = await user_with_role(platform, client, admin_token, "chaoyang", "chongqing", "community", COMMUNITY)
    neighbour = await user_with_role(platform, client, admin_token, "qunli", "chongqing", "community", f"{STREET}/qunli")
    outsider = await user_with_role(platform, client, admin_token, "pj-admin", "panjin", "tenant_admin", "panjin")
    made = await lists.ok(client, community, lists.ADD_DEMAND, input=lists.demand())
    near = await lists.ok(client, community, lists.ADD_RESOURCE, input=lists.resource())
    far = await lists.ok(client, admin_token, lists.ADD_RESOURCE, input=lists.resource(region=STREET, name="街道助餐"))
    project = await lists.ok(client, admin_token, lists.ADD_PROJECT, input={
        "region": STREET, "name": "送需进家", "domain": "生活照料", "capacity": 3, "demandIds": [made["id"]],
        "resourceIds": [far["id"]]})
    await lists.ok(client, community, lists.RUN, region=COMMUNITY)
    proposal = (await lists.call(client, community, lists.DEMAND, id=made["id"]))["proposals"][0]["id"]
    volunteer = await credits.volunteer(client, admin_token)
    deposit = await credits.write(client, admin_token, credits.DEPOSIT, r=await credits.record(client, admin_token,
                                                                                             volunteer, 60), k="node-0001")
    entry = deposit["result"]["entries"][0]["id"]
    account = (await graphql(client, "query($v: ID!) { creditAccounts(volunteer: $v) { id programme } }",
                             {"v": volunteer}, token=admin_token))["data"]["creditAccounts"][0]["id"]

    async def node(token: str, id_: str) -> Any:
        body = await graphql(client, "query($id: ID!) { node(id: $id) { __typename id } }", {"id": id_}, token=token)
        assert "errors" not in body, body
        return body["data"]["node"] and body["data"]["node"]["__typename"]

    # (id, its type, the viewers whose own query gives it, those whose own query does not)
    expected = [(made["id"], "Demand", [admin_token, community], [neighbour]),
                (proposal, "MatchProposal", [admin_token, community], [neighbour]),
                (near["id"], "ServiceResource", [admin_token, community], [neighbour]),
                (far["id"], "ServiceResource", [admin_token], [community, neighbour]),
                (project["id"], "ServiceProject", [admin_token], [community, neighbour]),
                (account, "CreditAccount", [admin_token, community], [neighbour]),
                (entry, "CreditEntry", [admin_token, community], [neighbour])]
    for id_, kind, seeing, not_seeing in expected:
        for token in seeing:
            assert await node(token, id_) == kind, (kind, id_)
        for token in [*not_seeing, outsider]:  # another tenant's administrator sees none of it either
            assert await node(token, id_) is None, (kind, id_)
        assert await node(admin_token, fake(kind)) is None
    # their own queries agree
    for token, seen in ((community, True), (neighbour, False)):
        body = await graphql(client, lists.DEMAND, {"id": made["id"]}, token=token)
        assert (body["data"]["demand"] is not None) is seen
        if not seen:
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    under = await graphql(client, '{ serviceResources(under: "%s") { id } serviceProjects(under: "%s") { id } }'
                          % (COMMUNITY, COMMUNITY), token=community)
    assert under["data"] == {"serviceResources": [{"id": near["id"]}], "serviceProjects": []}
    theirs = await graphql(client, "query($v: ID!) { creditAccounts(volunteer: $v) { id } }", {"v": volunteer},
                           token=community)
    assert theirs["data"]["creditAccounts"] == [{"id": account}]
    body = await graphql(client, "query($v: ID!) { creditAccounts(volunteer: $v) { id } }", {"v": volunteer},
                         token=neighbour)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    fields = await graphql(client, """query($d: ID!, $p: ID!, $a: ID!, $e: ID!) {
      d: node(id: $d) { ... on Demand { status residentName } } p: node(id: $p) { ... on MatchProposal { status distance } }
      a: node(id: $a) { ... on CreditAccount { programme balance } } e: node(id: $e) { ... on CreditEntry { kind amount } } }""",
                           {"d": made["id"], "p": proposal, "a": account, "e": entry}, token=community)
    assert fields["data"] == {"d": {"status": "OPEN", "residentName": "王**"}, "p": {"status": "PROPOSED", "distance": 0},
                              "a": {"programme": "time_bank", "balance": 60}, "e": {"kind": "deposit", "amount": 60}}
