"""Every GraphQL field asked for with another tenant's ids or paths returns nothing of it (SECURITY.md 2)."""

import pytest

from core.demo.data import fill_demo_data
from core.testing import graphql, user_with_role
from core.testing.databases import filled

ELEMENTS = {
    "socialOrganization": "socialOrganizations",
    "socialWorker": "socialWorkers",
    "volunteer": "volunteers",
    "volunteerTeam": "volunteerTeams",
    "communityFund": "communityFunds",
    "donation": "donations",
}


def node_fields(app) -> list[str]:
    """Every root Query field that takes an ``id: ID!`` argument, read from the served schema."""
    from core.web.graphql.schema import build_schema

    schema = build_schema(app.state.wushe.registry)
    query = schema._schema.query_type
    return [name for name, field in query.fields.items() if list(field.args) == ["id"] and name != "node"]


@pytest.fixture
async def world(platform, client, admin_token):
    await filled(platform, fill_demo_data, volunteers=300, organizations=80, workers=60)
    outsider = await user_with_role(platform, client, admin_token, "pj-admin", "panjin", "tenant_admin", "panjin")
    ids = {}
    for one, many in ELEMENTS.items():
        body = await graphql(client, '{ region(path: "chongqing") { %s(first: 20) { nodes { id } } } }' % many, token=admin_token)
        ids[one] = [n["id"] for n in body["data"]["region"][many]["nodes"]]
        assert ids[one], one
    return outsider, ids


async def test_every_lookup_by_id_refuses_another_tenants_ids(app, client, world):
    outsider, ids = world
    fields = node_fields(app)
    assert set(ELEMENTS) <= set(fields)  # new id lookups are picked up from the schema itself
    for field in fields:
        for id_ in ids.get(field, ["1", "2", "3"]):
            body = await graphql(client, "query($id: ID!) { %s(id: $id) { id } }" % field, {"id": id_}, token=outsider)
            assert (body["data"] or {}).get(field) is None, (field, id_)
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_node_and_nodes_give_nothing_of_another_tenant(client, world):
    """node(id:) answers another tenant's record with null, as a record that does not exist (no error:
    the same answer whatever the id names); tests/graphql/test_relay.py holds it to every type's own query."""
    outsider, ids = world
    every = [id_ for found in ids.values() for id_ in found]
    body = await graphql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": every[:100]}, token=outsider)
    assert body == {"data": {"nodes": [None] * len(every[:100])}}
    for id_ in every[:: max(1, len(every) // 10)]:
        body = await graphql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": id_}, token=outsider)
        assert body == {"data": {"node": None}}


async def test_every_update_refuses_another_tenants_ids(client, world):
    outsider, ids = world
    for one in ("socialOrganization", "socialWorker", "volunteer", "volunteerTeam", "communityFund"):
        name = one[0].upper() + one[1:]
        mutation = "mutation($id: ID!) { update%s(id: $id, input: {name: \"改名\"}) { result { id } errors { field code } } }" % name
        for id_ in ids[one]:
            body = await graphql(client, mutation, {"id": id_}, token=outsider)
            assert body["data"][f"update{name}"] == {"result": None, "errors": [{"field": "id", "code": "not_found"}]}


async def test_paths_filters_and_references_of_another_tenant_reveal_nothing(client, world):
    outsider, ids = world
    for path in ("chongqing", "chongqing/qianjiang/zhengyang/chaoyang", "tianjin", "hebei"):
        body = await graphql(client, '{ region(path: "%s") { name } }' % path, token=outsider)
        assert body["data"]["region"] is None
    team = ids["volunteerTeam"][0]
    body = await graphql(client, '{ region(path: "panjin") { volunteers(filter: {teamId: "%s"}) { totalCount } } }' % team, token=outsider)
    assert body["data"]["region"]["volunteers"]["totalCount"] == 0
    joined = """mutation($t: ID!) { createVolunteer(input: {name: "张三", region: "panjin/dawa/tianjia/shuanghai", teamId: $t}) {
      result { id } errors { field code } } }"""
    body = await graphql(client, joined, {"t": team}, token=outsider)
    assert body["data"]["createVolunteer"]["errors"] == [{"field": "teamId", "code": "not_found"}]
    body = await graphql(client, 'mutation($ids: [ID!]!) { dispatch(resource: VOLUNTEER, ids: $ids, task: "t", region: "panjin") { errors { field } } }',
                         {"ids": ids["volunteer"][:3]}, token=outsider)
    assert body["data"]["dispatch"]["errors"] == [{"field": "ids"}]
    for query in ('{ auditEvents(tenant: "chongqing") { nodes { id } } }', '{ roles(tenant: "chongqing") { code } }',
                  '{ emergencies(under: "chongqing") { region } }',
                  '{ explain(username: "admin", resource: "region", action: "read", region: "chongqing") { allowed } }',
                  '{ effectivePermissions(username: "admin", region: "chongqing") }'):
        body = await graphql(client, query, token=outsider)
        assert body["data"] is None or not any(body["data"].values()), query
        assert body["errors"][0]["extensions"]["code"] in {"NOT_FOUND", "FORBIDDEN"}, query
    counts = await graphql(client, '{ tenants { code root { counts { volunteers } } } }', token=outsider)
    assert [t["code"] for t in counts["data"]["tenants"]] == ["panjin"]
