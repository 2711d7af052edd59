"""No way up: acting on a user, a role or an assignment needs everything it would touch or hand on.

Every role and assignment below is made through GraphQL, as a tenant administrator would.
"""

import pytest
from sqlmodel import select

from core import db
from core.errors import FieldError
from core.models import User
from core.services import accounts
from core.testing import add_user, create_role, graphql, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
CHAOYANG = f"{STREET}/chaoyang"
ERRORS = "errors { field message code }"
SERVICE_TOKEN = "mutation($u: String!) { issueServiceToken(username: $u, ttlDays: 30) { token %s } }" % ERRORS
SET_ACTIVE = "mutation($u: String!, $a: Boolean!) { setUserActive(username: $u, active: $a) { result { active } %s } }" % ERRORS
REVOKE_TOKENS = "mutation($u: String!) { revokeTokens(username: $u) { result { username } %s } }" % ERRORS
CREATE_SERVICE = 'mutation($u: String!) { createUser(username: $u, tenant: "chongqing", kind: SERVICE) { result { username } %s } }' % ERRORS
ASSIGN = "mutation($u: String!, $r: String!, $at: String!) { assignRole(username: $u, role: $r, region: $at) { result { role } %s } }" % ERRORS
REVOKE_ROLE = "mutation($u: String!, $r: String!, $at: String!) { revokeRole(username: $u, role: $r, region: $at) { result { role } %s } }" % ERRORS
ADD = 'mutation($r: String!, $p: String!) { addRolePermission(role: $r, permission: $p, tenant: "chongqing") { result { permissions } %s } }' % ERRORS
REMOVE = 'mutation($r: String!, $p: String!) { removeRolePermission(role: $r, permission: $p, tenant: "chongqing") { result { permissions } %s } }' % ERRORS
START = 'mutation { startEmergency(region: "%s", hours: 12, reason: "暴雨内涝") { %s } }' % (STREET, ERRORS)
END = 'mutation { endEmergency(region: "%s") { %s } }' % (STREET, ERRORS)
EXPLAIN = """query($u: String!, $r: String!, $a: String!, $at: String!) {
  explain(username: $u, resource: $r, action: $a, region: $at) { allowed reason assignments policyLines } }"""
EFFECTIVE = "query($u: String!, $at: String!) { effectivePermissions(username: $u, region: $at) }"
ME = "{ me { username } }"


def forbidden(body: dict, field: str, name: str) -> dict:
    """The one field error of mutation ``name``: refused as forbidden on ``field``."""
    (error,) = body["data"][name]["errors"]
    assert (error["field"], error["code"]) == (field, "forbidden"), error
    return error


async def keeper_and_strong_users(platform, client, admin_token):
    """A city user holding only user:update; a tenant administrator (person); a service holding tenant_admin."""
    assert (await create_role(client, admin_token, "user_keeper", "CITY", ["user:update"], "chongqing"))["errors"] == []
    keeper = await user_with_role(platform, client, admin_token, "keeper", "chongqing", "user_keeper", "chongqing")
    boss = await user_with_role(platform, client, admin_token, "boss", "chongqing", "tenant_admin", "chongqing")
    made = await graphql(client, CREATE_SERVICE, {"u": "robot"}, token=admin_token)
    assert made["data"]["createUser"]["errors"] == []
    assigned = await graphql(client, ASSIGN, {"u": "robot", "r": "tenant_admin", "at": "chongqing"}, token=admin_token)
    assert assigned["data"]["assignRole"]["errors"] == []
    return keeper, boss


# ---------------------------------------------------------------- break 2: acting on a stronger user


async def test_a_user_update_holder_cannot_take_over_a_stronger_user(platform, client, admin_token):
    keeper, boss = await keeper_and_strong_users(platform, client, admin_token)

    issued = await graphql(client, SERVICE_TOKEN, {"u": "robot"}, token=keeper)
    error = forbidden(issued, "username", "issueServiceToken")
    assert issued["data"]["issueServiceToken"]["token"] is None
    assert "'robot'" in error["message"] and "do not hold" in error["message"]

    off = await graphql(client, SET_ACTIVE, {"u": "boss", "a": False}, token=keeper)
    forbidden(off, "username", "setUserActive")
    revoked = await graphql(client, REVOKE_TOKENS, {"u": "boss"}, token=keeper)
    forbidden(revoked, "username", "revokeTokens")
    assert (await graphql(client, ME, token=boss))["data"]["me"]["username"] == "boss"  # still active, token still good

    # reactivating is acting on the user too
    assert (await graphql(client, SET_ACTIVE, {"u": "boss", "a": False}, token=admin_token))["data"]["setUserActive"]["errors"] == []
    forbidden(await graphql(client, SET_ACTIVE, {"u": "boss", "a": True}, token=keeper), "username", "setUserActive")

    # setting a password has no GraphQL field (operators use `wushe user passwd`); the service refuses too
    async with db.transaction(platform.sessions) as session:
        actor = await platform.principal(session, "keeper")
        with pytest.raises(FieldError) as caught:
            await accounts.set_password(session, actor, username="boss", password="Taken-over-123")
        assert (caught.value.field, caught.value.code) == ("username", "forbidden")
        assert (await session.exec(select(User).where(User.username == "boss"))).one().password_hash is None


async def test_a_user_update_holder_still_administers_weaker_users(platform, client, admin_token):
    keeper, _ = await keeper_and_strong_users(platform, client, admin_token)
    await add_user(platform, "plain", "chongqing")
    assert (await graphql(client, CREATE_SERVICE, {"u": "feeder"}, token=admin_token))["data"]["createUser"]["errors"] == []
    peer = await graphql(client, ASSIGN, {"u": "feeder", "r": "user_keeper", "at": "chongqing"}, token=admin_token)
    assert peer["data"]["assignRole"]["errors"] == []

    assert (await graphql(client, SET_ACTIVE, {"u": "plain", "a": False}, token=keeper))["data"]["setUserActive"] == {
        "result": {"active": False}, "errors": []}
    assert (await graphql(client, SET_ACTIVE, {"u": "plain", "a": True}, token=keeper))["data"]["setUserActive"]["errors"] == []
    assert (await graphql(client, SERVICE_TOKEN, {"u": "feeder"}, token=keeper))["data"]["issueServiceToken"]["token"]
    assert (await graphql(client, REVOKE_TOKENS, {"u": "feeder"}, token=keeper))["data"]["revokeTokens"]["errors"] == []
    assert (await graphql(client, REVOKE_TOKENS, {"u": "keeper"}, token=keeper))["data"]["revokeTokens"]["errors"] == []


async def test_the_tenant_administrator_still_administers_its_tenant(platform, client, admin_token):
    _, boss = await keeper_and_strong_users(platform, client, admin_token)
    assert (await graphql(client, SERVICE_TOKEN, {"u": "robot"}, token=boss))["data"]["issueServiceToken"]["token"]
    assert (await graphql(client, SET_ACTIVE, {"u": "keeper", "a": False}, token=boss))["data"]["setUserActive"]["errors"] == []


async def test_a_tenant_user_never_acts_on_a_platform_administrator(platform, client, admin_token):
    _, boss = await keeper_and_strong_users(platform, client, admin_token)
    async with db.transaction(platform.sessions) as session:
        session.add(User(username="ops", is_platform_admin=True))
    for mutation, variables, name in ((SET_ACTIVE, {"u": "ops", "a": False}, "setUserActive"),
                                      (REVOKE_TOKENS, {"u": "admin"}, "revokeTokens")):
        body = await graphql(client, mutation, variables, token=boss)
        assert body["data"][name]["errors"][0]["code"] == "not_found", body
    async with db.transaction(platform.sessions) as session:
        actor = await platform.principal(session, "boss")
        with pytest.raises(FieldError) as caught:
            await accounts.set_password(session, actor, username="ops", password="Taken-over-123")
        assert caught.value.code == "not_found"


async def test_revoking_a_role_needs_what_granting_it_needs(platform, client, admin_token):
    await create_role(client, admin_token, "remover", "CITY", ["region:read", "assignment:delete", "assignment:create"], "chongqing")
    await create_role(client, admin_token, "street_reader", "STREET", ["region:read"], "chongqing")
    remover = await user_with_role(platform, client, admin_token, "remover1", "chongqing", "remover", "chongqing")
    boss = await user_with_role(platform, client, admin_token, "boss", "chongqing", "tenant_admin", "chongqing")
    await user_with_role(platform, client, admin_token, "reader", "chongqing", "street_reader", STREET)

    demote = await graphql(client, REVOKE_ROLE, {"u": "boss", "r": "tenant_admin", "at": "chongqing"}, token=remover)
    error = forbidden(demote, "role", "revokeRole")
    assert "do not hold" in error["message"]
    assert (await graphql(client, ME, token=boss))["data"]["me"]["username"] == "boss"
    ok = await graphql(client, REVOKE_ROLE, {"u": "reader", "r": "street_reader", "at": STREET}, token=remover)
    assert ok["data"]["revokeRole"]["errors"] == []


async def test_a_role_is_changed_only_by_who_holds_all_of_it(platform, client, admin_token):
    await create_role(client, admin_token, "role_keeper", "CITY", ["region:read", "role:update"], "chongqing")
    await create_role(client, admin_token, "small", "STREET", ["region:read"], "chongqing")
    keeper = await user_with_role(platform, client, admin_token, "rk", "chongqing", "role_keeper", "chongqing")

    demote = await graphql(client, REMOVE, {"r": "tenant_admin", "p": "role:update"}, token=keeper)
    error = forbidden(demote, "role", "removeRolePermission")
    assert "tenant_admin" in error["message"]
    widen = await graphql(client, ADD, {"r": "tenant_admin", "p": "region:read"}, token=keeper)
    forbidden(widen, "role", "addRolePermission")
    roles = await graphql(client, '{ roles(tenant: "chongqing") { code permissions } }', token=admin_token)
    admin_role = next(r for r in roles["data"]["roles"] if r["code"] == "tenant_admin")
    assert "role:update" in admin_role["permissions"]

    grown = await graphql(client, ADD, {"r": "small", "p": "role:update"}, token=keeper)
    assert grown["data"]["addRolePermission"]["result"]["permissions"] == ["region:read", "role:update"]
    shrunk = await graphql(client, REMOVE, {"r": "small", "p": "role:update"}, token=keeper)
    assert shrunk["data"]["removeRolePermission"]["result"]["permissions"] == ["region:read"]


async def test_an_emergency_powers_role_is_granted_only_by_who_holds_those_powers(platform, client, admin_token):
    await create_role(client, admin_token, "committee", "COMMUNITY", ["region:read", "volunteer:read"], "chongqing",
                      emergency_powers=True)
    await create_role(client, admin_token, "granter", "STREET", ["region:read", "volunteer:read", "assignment:create"], "chongqing")
    granter = await user_with_role(platform, client, admin_token, "granter1", "chongqing", "granter", STREET)
    await add_user(platform, "newcomer", "chongqing")
    body = await graphql(client, ASSIGN, {"u": "newcomer", "r": "committee", "at": CHAOYANG}, token=granter)
    error = forbidden(body, "role", "assignRole")
    assert "volunteer:dispatch" in error["message"] and "emergency" in error["message"]
    made = await create_role(client, granter, "own_committee", "COMMUNITY", ["region:read"], "chongqing", emergency_powers=True)
    assert made["errors"][0]["code"] == "forbidden"


# ---------------------------------------------------------------- break 3: emergency powers are not delegable


async def emergency_setup(platform, client, admin_token):
    await create_role(client, admin_token, "office", "STREET",
                      ["region:read", "emergency:create", "emergency:update", "volunteer:read", "volunteer:dispatch"], "chongqing")
    made = await create_role(client, admin_token, "committee", "COMMUNITY",
                             ["region:read", "volunteer:read", "assignment:create"], "chongqing", emergency_powers=True)
    assert made["errors"] == []
    await create_role(client, admin_token, "dispatcher", "COMMUNITY", ["volunteer:dispatch"], "chongqing")
    office = await user_with_role(platform, client, admin_token, "office1", "chongqing", "office", STREET)
    committee = await user_with_role(platform, client, admin_token, "chaoyang2", "chongqing", "committee", CHAOYANG)
    await add_user(platform, "friend", "chongqing")
    assert (await graphql(client, START, token=office))["data"]["startEmergency"]["errors"] == []
    return office, committee


async def test_powers_received_through_an_emergency_are_not_delegated(platform, client, admin_token):
    office, committee = await emergency_setup(platform, client, admin_token)
    granted = await graphql(client, ASSIGN, {"u": "friend", "r": "dispatcher", "at": CHAOYANG}, token=committee)
    error = forbidden(granted, "role", "assignRole")
    assert "volunteer:dispatch" in error["message"]
    assert (await graphql(client, END, token=office))["data"]["endEmergency"]["errors"] == []
    friend = str(await platform.token_for("friend"))
    roles = await graphql(client, "{ me { roles { role } } }", token=friend)
    assert roles["data"]["me"]["roles"] == []


async def test_emergency_powers_do_not_count_when_acting_on_a_user(platform, client, admin_token):
    """The committee member also keeps users at the root: during the emergency it may dispatch in
    qunli, but that does not let it take a token for a service that dispatches there."""
    await emergency_setup(platform, client, admin_token)
    await create_role(client, admin_token, "user_keeper", "CITY", ["user:update"], "chongqing")
    assigned = await graphql(client, ASSIGN, {"u": "chaoyang2", "r": "user_keeper", "at": "chongqing"}, token=admin_token)
    assert assigned["data"]["assignRole"]["errors"] == []
    committee = str(await platform.token_for("chaoyang2"))
    assert (await graphql(client, CREATE_SERVICE, {"u": "feeder"}, token=admin_token))["data"]["createUser"]["errors"] == []
    body = await graphql(client, ASSIGN, {"u": "feeder", "r": "dispatcher", "at": f"{STREET}/qunli"}, token=admin_token)
    assert body["data"]["assignRole"]["errors"] == []
    issued = await graphql(client, SERVICE_TOKEN, {"u": "feeder"}, token=committee)
    forbidden(issued, "username", "issueServiceToken")


# ---------------------------------------------------------------- break 10: explain within the caller's scope


async def scoped_world(platform, client, admin_token):
    await create_role(client, admin_token, "community_admin", "COMMUNITY", ["region:read", "assignment:read"], "chongqing")
    await create_role(client, admin_token, "district_viewer", "DISTRICT", ["region:read", "volunteer:read"], "chongqing")
    await create_role(client, admin_token, "community_viewer", "COMMUNITY", ["region:read"], "chongqing")
    caller = await user_with_role(platform, client, admin_token, "cu", "chongqing", "community_admin", CHAOYANG)
    await user_with_role(platform, client, admin_token, "far", "chongqing", "district_viewer", "chongqing/wanzhou")
    await user_with_role(platform, client, admin_token, "mixed", "chongqing", "community_viewer", CHAOYANG)
    for role, region in (("district_viewer", "chongqing/qianjiang"), ("district_viewer", "chongqing/wanzhou")):
        body = await graphql(client, ASSIGN, {"u": "mixed", "r": role, "at": region}, token=admin_token)
        assert body["data"]["assignRole"]["errors"] == []
    await add_user(platform, "loner", "chongqing")
    return caller


async def test_explain_does_not_show_assignments_outside_the_callers_scope(platform, client, admin_token):
    caller = await scoped_world(platform, client, admin_token)
    question = {"r": "volunteer", "a": "read", "at": CHAOYANG}

    answers = {}
    for username in ("far", "loner", "ghost"):
        body = await graphql(client, EXPLAIN, {**question, "u": username}, token=caller)
        perms = await graphql(client, EFFECTIVE, {"u": username, "at": CHAOYANG}, token=caller)
        assert body["data"] is None and perms["data"] is None, (username, body, perms)
        answers[username] = [
            (e["extensions"]["code"], e["extensions"].get("field"), e["message"].replace(username, "?"))
            for e in body["errors"] + perms["errors"]
        ]
        assert "wanzhou" not in str(body) + str(perms)
    assert answers["far"] == answers["loner"] == answers["ghost"]
    assert answers["ghost"][0][:2] == ("NOT_FOUND", "username")

    mixed = await graphql(client, EXPLAIN, {**question, "u": "mixed"}, token=caller)
    decision = mixed["data"]["explain"]
    assert decision["assignments"] == ["community_viewer@" + CHAOYANG]
    assert "wanzhou" not in str(decision) and "district_viewer" not in str(decision)
    elsewhere = await graphql(client, EXPLAIN, {**question, "u": "mixed", "at": f"{STREET}/qunli"}, token=caller)
    assert elsewhere["errors"][0]["extensions"]["code"] in {"NOT_FOUND", "FORBIDDEN"}
    perms = await graphql(client, EFFECTIVE, {"u": "mixed", "at": CHAOYANG}, token=caller)
    assert perms["data"]["effectivePermissions"] == ["region:read"]


async def test_explain_shows_everything_to_whom_sees_the_whole_tenant(platform, client, admin_token):
    await scoped_world(platform, client, admin_token)
    boss = await user_with_role(platform, client, admin_token, "boss", "chongqing", "tenant_admin", "chongqing")
    body = await graphql(client, EXPLAIN, {"u": "mixed", "r": "volunteer", "a": "read", "at": CHAOYANG}, token=boss)
    assert body["data"]["explain"]["allowed"] is True
    assert body["data"]["explain"]["assignments"] == ["district_viewer@chongqing/qianjiang"]
    loner = await graphql(client, EXPLAIN, {"u": "loner", "r": "volunteer", "a": "read", "at": CHAOYANG}, token=boss)
    assert loner["data"]["explain"]["reason"].endswith("(holds: none)")
    perms = await graphql(client, EFFECTIVE, {"u": "mixed", "at": CHAOYANG}, token=boss)
    assert perms["data"]["effectivePermissions"] == ["region:read", "volunteer:read"]


async def test_assigning_and_revoking_do_not_tell_who_exists(platform, client, admin_token):
    await create_role(client, admin_token, "community_office", "COMMUNITY",
                      ["region:read", "assignment:read", "assignment:create", "assignment:delete"], "chongqing")
    await create_role(client, admin_token, "community_clerk", "COMMUNITY", ["region:read", "volunteer:create"], "chongqing")
    await scoped_world(platform, client, admin_token)
    office = await user_with_role(platform, client, admin_token, "co", "chongqing", "community_office", CHAOYANG)
    answers = {}
    for username in ("far", "ghost"):
        revoked = await graphql(client, REVOKE_ROLE, {"u": username, "r": "community_viewer", "at": CHAOYANG}, token=office)
        granted = await graphql(client, ASSIGN, {"u": username, "r": "community_clerk", "at": CHAOYANG}, token=office)
        answers[username] = [
            {**e, "message": e["message"].replace(username, "?")}
            for e in revoked["data"]["revokeRole"]["errors"] + granted["data"]["assignRole"]["errors"]
        ]
    assert answers["far"] == answers["ghost"]
    assert [e["code"] for e in answers["ghost"]] == ["not_found", "forbidden"]
