"""Permissions administered at run time, through GraphQL, as tenant administrators use them."""

import sqlalchemy as sa
from sqlmodel import select

from core.models import AuditEvent
from core.testing import add_user, create_role, graphql, user_with_role

ASSIGN = """mutation($u: String!, $r: String!, $at: String!) {
  assignRole(username: $u, role: $r, region: $at) { result { role region } errors { field message code } } }"""
ADD = """mutation($r: String!, $p: String!, $t: String) {
  addRolePermission(role: $r, permission: $p, tenant: $t) { result { permissions } errors { field message code } } }"""
REMOVE = """mutation($r: String!, $p: String!, $t: String) {
  removeRolePermission(role: $r, permission: $p, tenant: $t) { result { permissions } errors { field message code } } }"""
REGION = 'query($p: String!) { region(path: $p) { name counts { communities } } }'


async def test_a_district_role_sees_its_subtree_and_nothing_else(platform, client, admin_token):
    made = await create_role(client, admin_token, "district_viewer", "DISTRICT", ["region:read", "volunteer:read"], "chongqing")
    assert made["errors"] == []
    token = await user_with_role(platform, client, admin_token, "qj", "chongqing", "district_viewer", "chongqing/qianjiang")
    body = await graphql(client, REGION, {"p": "chongqing/qianjiang"}, token=token)
    assert body["data"]["region"] == {"name": "黔江区", "counts": {"communities": 5}}
    for elsewhere in ("chongqing", "chongqing/wanzhou", "panjin", "tianjin/hexi"):
        body = await graphql(client, REGION, {"p": elsewhere}, token=token)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", elsewhere
    body = await graphql(client, "{ me { roles { role region } } }", token=token)
    assert body["data"]["me"]["roles"] == [{"role": "district_viewer", "region": "chongqing/qianjiang"}]


async def test_a_permission_change_applies_at_once_and_is_audited(platform, client, admin_token):
    await create_role(client, admin_token, "clerk", "STREET", ["region:read"], "chongqing")
    token = await user_with_role(platform, client, admin_token, "clerk1", "chongqing", "clerk", "chongqing/qianjiang/zhengyang")
    create = """mutation { createVolunteer(input: {name: "李四", region: "chongqing/qianjiang/zhengyang/chaoyang"}) {
      result { name } errors { field code } } }"""
    body = await graphql(client, create, token=token)
    assert body["data"]["createVolunteer"]["errors"] == [{"field": "region", "code": "forbidden"}]

    changed = await graphql(client, ADD, {"r": "clerk", "p": "volunteer:create@community", "t": "chongqing"}, token=admin_token)
    assert changed["data"]["addRolePermission"]["result"]["permissions"] == ["region:read", "volunteer:create@community"]
    body = await graphql(client, create, token=token)
    assert body["data"]["createVolunteer"]["result"] == {"name": "李四"}

    await graphql(client, REMOVE, {"r": "clerk", "p": "volunteer:create@community", "t": "chongqing"}, token=admin_token)
    body = await graphql(client, create, token=token)
    assert body["data"]["createVolunteer"]["errors"][0]["code"] == "forbidden"

    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "role.permission") { nodes { actor action target before after } } }',
                        token=admin_token)
    events = log["data"]["auditEvents"]["nodes"]
    assert [e["action"] for e in events] == ["role.permission.add", "role.permission.remove"]
    assert events[0]["actor"] == "admin" and events[0]["target"] == "chongqing:clerk"
    assert events[0]["before"] == {"permissions": ["region:read"]}
    assert events[0]["after"] == {"permissions": ["region:read", "volunteer:create@community"]}


async def test_a_change_reaches_another_worker_without_restart(platform, client, admin_token, settings):
    """Two app instances on one database: a change made through one applies in the other."""
    from litestar.testing import AsyncTestClient

    from core.platform import Platform
    from core.web.app import create_app

    await create_role(client, admin_token, "reader", "STREET", [], "chongqing")
    token = await user_with_role(platform, client, admin_token, "r1", "chongqing", "reader", "chongqing/qianjiang/zhengyang")
    other = Platform.create(settings)
    try:
        async with AsyncTestClient(app=create_app(other)) as second:
            before = await graphql(second, REGION, {"p": "chongqing/qianjiang/zhengyang"}, token=token)
            assert before["data"]["region"] is None
            await graphql(client, ADD, {"r": "reader", "p": "region:read", "t": "chongqing"}, token=admin_token)
            after = await graphql(second, REGION, {"p": "chongqing/qianjiang/zhengyang"}, token=token)
            assert after["data"]["region"]["name"] == "正阳街道"
    finally:
        await other.dispose()


async def test_delegation_never_escalates(platform, client, admin_token):
    await create_role(client, admin_token, "district_admin", "DISTRICT",
                      ["region:read", "assignment:create", "assignment:read", "volunteer:read"], "chongqing")
    await create_role(client, admin_token, "street_reader", "STREET", ["region:read", "volunteer:read"], "chongqing")
    await create_role(client, admin_token, "street_writer", "STREET", ["region:read", "volunteer:create"], "chongqing")
    boss = await user_with_role(platform, client, admin_token, "boss", "chongqing", "district_admin", "chongqing/qianjiang")
    await add_user(platform, "helper", "chongqing")

    ok = await graphql(client, ASSIGN, {"u": "helper", "r": "street_reader", "at": "chongqing/qianjiang/zhengyang"}, token=boss)
    assert ok["data"]["assignRole"]["errors"] == []
    more = await graphql(client, ASSIGN, {"u": "helper", "r": "street_writer", "at": "chongqing/qianjiang/zhengyang"}, token=boss)
    (error,) = more["data"]["assignRole"]["errors"]
    assert error["code"] == "forbidden" and "volunteer:create" in error["message"]
    outside = await graphql(client, ASSIGN, {"u": "helper", "r": "street_reader", "at": "chongqing/wanzhou"}, token=boss)
    assert outside["data"]["assignRole"]["errors"][0]["code"] == "not_found"
    itself = await graphql(client, ASSIGN, {"u": "boss", "r": "tenant_admin", "at": "chongqing"}, token=boss)
    assert itself["data"]["assignRole"]["errors"][0]["code"] == "not_found"
    escalate = await graphql(client, ADD, {"r": "district_admin", "p": "role:update"}, token=boss)
    assert escalate["data"]["addRolePermission"]["errors"][0]["code"] == "forbidden"
    new_role = await create_role(client, boss, "mine", "STREET", ["region:read"])
    assert new_role["errors"][0]["code"] == "forbidden"


async def test_a_tenant_admin_cannot_reach_another_tenant(platform, client, admin_token):
    token = await user_with_role(platform, client, admin_token, "cq-admin", "chongqing", "tenant_admin", "chongqing")
    assert (await graphql(client, REGION, {"p": "chongqing"}, token=token))["data"]["region"]["name"] == "重庆市"
    assert (await graphql(client, REGION, {"p": "panjin"}, token=token))["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await add_user(platform, "pj-user", "panjin")
    body = await graphql(client, ASSIGN, {"u": "pj-user", "r": "tenant_admin", "at": "panjin"}, token=token)
    assert body["data"]["assignRole"]["errors"][0]["code"] == "not_found"
    body = await graphql(client, ASSIGN, {"u": "pj-user", "r": "tenant_admin", "at": "chongqing"}, token=token)
    assert body["data"]["assignRole"]["errors"] == [{"field": "username", "message": "no user 'pj-user' in tenant 'chongqing'", "code": "not_found"}]
    body = await graphql(client, ADD, {"r": "tenant_admin", "p": "volunteer:read", "t": "panjin"}, token=token)
    assert body["data"]["addRolePermission"]["errors"][0]["field"] == "tenant"
    body = await graphql(client, '{ auditEvents(tenant: "panjin") { nodes { id } } }', token=token)
    assert body["errors"][0]["extensions"]["field"] == "tenant"


async def test_explain_and_effective_permissions(platform, client, admin_token):
    await create_role(client, admin_token, "station", "STREET", ["region:read", "volunteer:dispatch@community"], "chongqing")
    await user_with_role(platform, client, admin_token, "s1", "chongqing", "station", "chongqing/qianjiang/zhengyang")
    explain = """query($r: String!, $a: String!, $at: String!) { explain(username: "s1", resource: $r, action: $a, region: $at) {
      allowed reason assignments policyLines } }"""
    yes = await graphql(client, explain, {"r": "volunteer", "a": "dispatch", "at": "chongqing/qianjiang/zhengyang/qunli"}, token=admin_token)
    assert yes["data"]["explain"] == {
        "allowed": True,
        "reason": "'s1' may dispatch volunteer at 'chongqing/qianjiang/zhengyang/qunli'",
        "assignments": ["station@chongqing/qianjiang/zhengyang"],
        "policyLines": ["p, chongqing, station, community, volunteer, dispatch"],
    }
    at_street = await graphql(client, explain, {"r": "volunteer", "a": "dispatch", "at": "chongqing/qianjiang/zhengyang"}, token=admin_token)
    assert at_street["data"]["explain"]["allowed"] is False
    assert "no policy line allowing volunteer:dispatch at a street" in at_street["data"]["explain"]["reason"]
    above = await graphql(client, explain, {"r": "region", "a": "read", "at": "chongqing/qianjiang"}, token=admin_token)
    assert above["data"]["explain"]["reason"] == (
        "no assignment of 's1' covers 'chongqing/qianjiang' (holds: station@chongqing/qianjiang/zhengyang)"
    )
    perms = await graphql(client, '{ effectivePermissions(username: "s1", region: "chongqing/qianjiang/zhengyang/qunli") }', token=admin_token)
    assert perms["data"]["effectivePermissions"] == ["region:read", "volunteer:dispatch"]


async def test_bad_permissions_and_roles_name_the_field(client, admin_token):
    bad = await create_role(client, admin_token, "x", "STREET", ["region:read", "volunteer"], "chongqing")
    assert bad["errors"] == [{"field": "permissions.1", "code": "invalid",
                              "message": "permission 'volunteer' is not 'resource:action' or 'resource:action@tier,tier'"}]
    bad = await create_role(client, admin_token, "x", "STREET", ["volunteer:read@county"], "chongqing")
    assert "'county' is not a tier" in bad["errors"][0]["message"]
    bad = await create_role(client, admin_token, "x", "STREET", ["region:read", "volunter:read", "form:approve"], "chongqing")
    assert bad["errors"] == [
        {"field": "permissions.1", "code": "invalid",
         "message": "permission 'volunter:read': unknown resource 'volunter'; did you mean 'volunteer'?"},
        {"field": "permissions.2", "code": "invalid",
         "message": "permission 'form:approve': resource 'form' has no action 'approve' (its actions: read, submit, review)"},
    ]
    body = await graphql(client, ADD, {"r": "tenant_admin", "p": "catalogue:raed", "t": "chongqing"}, token=admin_token)
    assert body["data"]["addRolePermission"]["errors"] == [{
        "field": "permission", "code": "invalid",
        "message": "permission 'catalogue:raed': resource 'catalogue' has no action 'raed'; did you mean 'catalogue:read'? "
                   "(its actions: read)"}]
    dup = await create_role(client, admin_token, "tenant_admin", "CITY", [], "chongqing")
    assert dup["errors"][0] == {"field": "code", "message": "role 'tenant_admin' already exists in 'chongqing'", "code": "duplicate"}
    body = await graphql(client, ADD, {"r": "nobody", "p": "region:read", "t": "chongqing"}, token=admin_token)
    assert body["data"]["addRolePermission"]["errors"][0]["field"] == "role"


async def test_the_audit_log_is_append_only_in_the_database(platform, client, admin_token):
    await create_role(client, admin_token, "temp", "STREET", [], "chongqing")
    async with platform.sessions() as session:
        assert (await session.exec(select(AuditEvent))).all()
    for statement in ("UPDATE audit_event SET actor = 'someone'", "DELETE FROM audit_event"):
        async with platform.engine.connect() as connection:
            try:
                await connection.execute(sa.text(statement))
                await connection.commit()
            except sa.exc.DBAPIError as error:  # the trigger, or (PostgreSQL) the application role's rights first
                assert "append-only" in str(error) or "permission denied for table audit_event" in str(error)
            else:
                raise AssertionError(f"{statement} was allowed")
