"""Signing in and out through GraphQL, and every way a token is refused (SECURITY.md item 8)."""

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import uuid

import jwt
import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from core import db
from core.access import tokens
from core.access.policy import bump_version
from core.models import Region, Role, RoleAssignment, RolePermission, User
from core.models.user import RevokedToken, UserKind
from core.services import accounts
from core.testing import graphql
from core.web import auth

PASSWORD = "Zq7-correct-horse"
NEW_PASSWORD = "Yp4-battery-staple"

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt errors { field message code } }
}
"""
ME = "{ me { username platformAdmin } }"
CREATE_USER = """
mutation Create($username: String!, $tenant: String, $password: String, $kind: UserKind! = PERSON, $displayName: String! = "") {
  createUser(username: $username, tenant: $tenant, password: $password, kind: $kind, displayName: $displayName) {
    result { username displayName tenant kind active platformAdmin }
    errors { field message code }
  }
}
"""
SET_ACTIVE = """
mutation SetActive($username: String!, $active: Boolean!) {
  setUserActive(username: $username, active: $active) { result { username active } errors { field message code } }
}
"""
REVOKE = """
mutation Revoke($username: String!) {
  revokeTokens(username: $username) { result { username } errors { field message code } }
}
"""
SERVICE_TOKEN = """
mutation Service($username: String!, $days: Int!) {
  issueServiceToken(username: $username, ttlDays: $days) { token expiresAt errors { field message code } }
}
"""
CHANGE = """
mutation Change($current: String!, $new: String!) {
  changePassword(current: $current, new: $new) { token expiresAt errors { field message code } }
}
"""
LOGOUT = "mutation { logout }"


async def add_user(platform, username, *, tenant=None, password=None, kind=UserKind.PERSON, roles=()):
    """A user made as the operator makes one, holding ``roles`` (role code, region path)."""
    async with db.transaction(platform.sessions) as session:
        user = await accounts.create_user(
            session, accounts.OPERATOR, username=username, tenant=tenant, password=password, kind=kind
        )
        for code, path in roles:
            region = (await session.exec(select(Region).where(Region.path == path))).one()
            role = (await session.exec(select(Role).where(Role.tenant_id == region.tenant_id, Role.code == code))).one()
            session.add(RoleAssignment(tenant_id=region.tenant_id, user_id=user.id, role_id=role.id, region_id=region.id))
    return user


async def login(client, username, password=PASSWORD):
    """Signs in without any token; returns the login payload."""
    body = await graphql(client, LOGIN, {"username": username, "password": password})
    return body["data"]["login"]


async def status(client, token, query=ME):
    response = await client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"})
    return response.status_code


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header: dict, claims: dict, key: str | None) -> str:
    """A JWT written by hand: any header (alg none, RS256 …), HMAC-SHA256 signed unless ``key`` is None."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = b"" if key is None else hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def claims(**changes):
    now = int(dt.datetime.now(dt.UTC).timestamp())
    base = {"sub": "admin", "iss": tokens.ISSUER, "aud": tokens.AUDIENCE, "iat": now, "nbf": now, "exp": now + 600,
            "jti": uuid.uuid4().hex}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


# ---------------------------------------------------------------- login


async def test_login_gives_a_token_that_works(platform, client):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    before = dt.datetime.now(dt.UTC)
    answer = await login(client, "alice")
    after = dt.datetime.now(dt.UTC)  # a sign-in's hashing may take seconds on a busy machine
    assert answer["errors"] == []
    expires = dt.datetime.fromisoformat(answer["expiresAt"])
    ttl = dt.timedelta(seconds=platform.settings.token_ttl_seconds)
    assert before + ttl - dt.timedelta(seconds=1) <= expires <= after + ttl + dt.timedelta(seconds=1)
    body = await graphql(client, ME, token=answer["token"])
    assert body["data"]["me"] == {"username": "alice", "platformAdmin": False}


async def test_wrong_password_and_unknown_user_get_the_same_answer(platform, client):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    await add_user(platform, "feeder", tenant="panjin", kind=UserKind.SERVICE)
    await add_user(platform, "nopass", tenant="panjin")
    wrong = await login(client, "alice", "Wrong-password-1")
    unknown = await login(client, "nobody", PASSWORD)
    service = await login(client, "feeder", PASSWORD)  # services have no password
    no_password = await login(client, "nopass", PASSWORD)
    admin_without_password = await login(client, "admin", "")
    expected = {"token": None, "expiresAt": None,
                "errors": [{"field": "password", "message": "wrong username or password", "code": "invalid_credentials"}]}
    assert wrong == unknown == service == no_password == admin_without_password == expected


async def test_requests_without_a_token_may_only_log_in(platform, client, admin_token):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    for query in (
        ME,
        'mutation { createUser(username: "eve", tenant: "panjin") { errors { field } } }',
        'mutation { login(username: "alice", password: "x") { token } logout }',
        'mutation { ... on Mutation { login(username: "alice", password: "x") { token } } }',
        LOGOUT,
    ):
        response = await client.post("/graphql", json={"query": query})
        assert response.status_code == 401, query
        assert "Bearer" in response.json()["detail"]
    # the operation that runs is the one named: a login, beside a query that does not run
    document = f"query Me {ME} {LOGIN}"
    response = await client.post("/graphql", json={"query": document, "operationName": "Me"})
    assert response.status_code == 401
    response = await client.post(
        "/graphql",
        json={"query": document, "operationName": "Login", "variables": {"username": "alice", "password": PASSWORD}},
    )
    assert response.status_code == 200 and response.json()["data"]["login"]["token"]
    # not JSON, or too big to be a login: refused unread
    response = await client.post("/graphql", content=b"query=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401
    padding = " " * auth.ANONYMOUS_BODY_LIMIT
    response = await client.post("/graphql", json={"query": LOGIN + padding, "variables": {"username": "a", "password": "b"}})
    assert response.status_code == 401


# ---------------------------------------------------------------- tokens refused


async def test_bad_tokens_get_401(platform, client):
    key = platform.signing_key
    good = jwt.encode(claims(), key, algorithm="HS256")
    assert await status(client, good) == 200  # the control: everything below differs in one thing
    now = int(dt.datetime.now(dt.UTC).timestamp())
    bad = {
        "wrong audience": jwt.encode(claims(aud="another-api"), key, algorithm="HS256"),
        "audience list": jwt.encode(claims(aud=[tokens.AUDIENCE, "another-api"]), key, algorithm="HS256"),
        "wrong issuer": jwt.encode(claims(iss="someone-else"), key, algorithm="HS256"),
        "expired": jwt.encode(claims(iat=now - 7200, nbf=now - 7200, exp=now - 3600), key, algorithm="HS256"),
        "not yet valid": jwt.encode(claims(nbf=now + 3600), key, algorithm="HS256"),
        "no jti": jwt.encode(claims(jti=None), key, algorithm="HS256"),
        "no expiry": jwt.encode(claims(exp=None), key, algorithm="HS256"),
        "another key": jwt.encode(claims(), "another-key-another-key-another-key!", algorithm="HS256"),
        "alg none": forge({"alg": "none", "typ": "JWT"}, claims(), None),
        "alg none, signed": forge({"alg": "none", "typ": "JWT"}, claims(), key),
        "RS256 header, HMAC signed with the key": forge({"alg": "RS256", "typ": "JWT"}, claims(), key),
        "HS512": jwt.encode(claims(), key, algorithm="HS512"),
        "unknown user": jwt.encode(claims(sub="nobody"), key, algorithm="HS256"),
        "garbage": "not-a-token",
    }
    for name, token in bad.items():
        response = await client.post("/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.json()["detail"].startswith("invalid token"), name
    # a bad token is refused even for login: it is not taken for "no token"
    response = await client.post("/graphql", json={"query": LOGIN, "variables": {"username": "a", "password": "b"}},
                                 headers={"Authorization": f"Bearer {bad['expired']}"})
    assert response.status_code == 401
    response = await client.post("/graphql", json={"query": ME}, headers={"Authorization": f"Basic {good}"})
    assert response.status_code == 401


async def test_logout_revokes_that_token_only(platform, client):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    first, second = (await login(client, "alice"))["token"], (await login(client, "alice"))["token"]
    # a row of a long-expired token is cleaned away by the next logout
    async with db.transaction(platform.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "alice"))).one()
        session.add(RevokedToken(jti="old", user_id=user.id, expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1)))
    assert (await graphql(client, LOGOUT, token=first)) == {"data": {"logout": True}}
    assert await status(client, first) == 401
    assert await status(client, second) == 200
    async with platform.sessions() as session:
        rows = (await session.exec(select(RevokedToken))).all()
    assert [r.jti for r in rows] == [jwt.decode(first, options={"verify_signature": False})["jti"]]


async def test_revoke_tokens_refuses_every_token_issued_before(platform, client, admin_token):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    tokens = [(await login(client, "alice"))["token"] for _ in range(2)]
    operator_token = await platform.token_for("alice")
    answer = await graphql(client, REVOKE, {"username": "alice"}, token=admin_token)
    assert answer["data"]["revokeTokens"] == {"result": {"username": "alice"}, "errors": []}
    for token in [*tokens, operator_token]:
        assert await status(client, token) == 401
    fresh = (await login(client, "alice"))["token"]  # signing in again, even at once, works
    assert await status(client, fresh) == 200
    # anyone may revoke their own tokens ("sign out everywhere")
    answer = await graphql(client, REVOKE, {"username": "alice"}, token=fresh)
    assert answer["data"]["revokeTokens"]["errors"] == []
    assert await status(client, fresh) == 401


async def test_an_inactive_user_is_refused_and_stays_revoked(platform, client, admin_token):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    token = (await login(client, "alice"))["token"]
    answer = await graphql(client, SET_ACTIVE, {"username": "alice", "active": False}, token=admin_token)
    assert answer["data"]["setUserActive"] == {"result": {"username": "alice", "active": False}, "errors": []}
    assert await status(client, token) == 401
    assert (await login(client, "alice"))["errors"][0]["code"] == "invalid_credentials"
    await graphql(client, SET_ACTIVE, {"username": "alice", "active": True}, token=admin_token)
    assert await status(client, token) == 401  # switching back on does not revive old tokens
    assert await status(client, (await login(client, "alice"))["token"]) == 200
    mine = await graphql(client, SET_ACTIVE, {"username": "admin", "active": False}, token=admin_token)
    assert mine["data"]["setUserActive"]["errors"] == [
        {"field": "active", "message": "you cannot deactivate yourself", "code": "invalid"}
    ]


# ---------------------------------------------------------------- passwords


async def test_change_password_checks_both_and_revokes_the_old_tokens(platform, client):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    token = (await login(client, "alice"))["token"]
    wrong = await graphql(client, CHANGE, {"current": "Not-the-password-1", "new": NEW_PASSWORD}, token=token)
    assert wrong["data"]["changePassword"]["errors"] == [
        {"field": "current", "message": "wrong password", "code": "invalid_credentials"}
    ]
    for weak, message in (
        ("short1!", "must be at least 10 characters long"),
        ("onlyletterslong", "must mix at least two of: letters, digits, other characters"),
        ("1234567890123", "must mix at least two of: letters, digits, other characters"),
        ("xx-alice-2024", "must not contain the username"),
    ):
        answer = await graphql(client, CHANGE, {"current": PASSWORD, "new": weak}, token=token)
        assert answer["data"]["changePassword"]["errors"] == [{"field": "new", "message": message, "code": "too_weak"}]
    assert await status(client, token) == 200  # nothing changed so far
    answer = (await graphql(client, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, token=token))["data"]["changePassword"]
    assert answer["errors"] == [] and answer["token"]
    assert await status(client, token) == 401
    assert await status(client, answer["token"]) == 200
    assert (await login(client, "alice", PASSWORD))["errors"][0]["code"] == "invalid_credentials"
    assert (await login(client, "alice", NEW_PASSWORD))["token"]


async def test_passwords_never_leave_in_clear(platform, client, admin_token, caplog):
    caplog.set_level(logging.DEBUG)
    answers = [
        await graphql(client, CREATE_USER, {"username": "alice", "tenant": "panjin", "password": PASSWORD}, token=admin_token),
        await graphql(client, CREATE_USER, {"username": "bob", "tenant": "panjin", "password": "short"}, token=admin_token),
        await login(client, "alice"),
        await login(client, "alice", "Wrong-" + PASSWORD),
    ]
    token = answers[2]["token"]
    answers.append(await graphql(client, CHANGE, {"current": PASSWORD, "new": "tiny"}, token=token))
    answers.append(await graphql(client, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, token=token))
    text = json.dumps(answers)
    assert answers[0]["data"]["createUser"]["result"]["username"] == "alice"
    for secret in (PASSWORD, NEW_PASSWORD, "short", "tiny"):
        assert secret not in text
    async with platform.sessions() as session:
        dump = []
        for table in SQLModel.metadata.sorted_tables:
            dump.extend(str(row) for row in (await session.exec(select(table))).all())
        user = (await session.exec(select(User).where(User.username == "alice"))).one()
    dump_text = "\n".join(dump)
    assert PASSWORD not in dump_text and NEW_PASSWORD not in dump_text
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert len(user.password_hash.split("$")) == 6
    assert user.password_hash not in "\n".join(str(r) for r in dump if "audit" in r.lower() or "user." in r)
    assert PASSWORD not in caplog.text and NEW_PASSWORD not in caplog.text  # every log, SQL at DEBUG included


# ---------------------------------------------------------------- administrators


async def test_create_user_names_the_bad_fields(platform, client, admin_token):
    cases = [
        ({"username": "Al"}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "UPPER"}, "username"),
        ({"username": "x" * 65}, "username"),
        ({"username": "ok-name", "displayName": "名" * 101}, "displayName"),
        ({"username": "ok-name", "password": "Short-1"}, "password"),
        ({"username": "ok-name", "kind": "SERVICE", "password": PASSWORD}, "password"),
        ({"username": "ok-name", "tenant": "nowhere"}, "tenant"),
        ({"username": "admin"}, "username"),
    ]
    for variables, field in cases:
        answer = (await graphql(client, CREATE_USER, variables, token=admin_token))["data"]["createUser"]
        assert answer["result"] is None, variables
        assert [e["field"] for e in answer["errors"]] == [field], (variables, answer["errors"])
    both = (await graphql(client, CREATE_USER, {"username": "A", "password": "x"}, token=admin_token))["data"]["createUser"]
    assert [e["field"] for e in both["errors"]] == ["username", "password"]
    assert (await graphql(client, CREATE_USER, {"username": "admin"}, token=admin_token))["data"]["createUser"]["errors"][0]["code"] == "duplicate"
    async with platform.sessions() as session:
        names = set((await session.exec(select(User.username))).all())
    assert names == {"admin"}
    made = await graphql(client, CREATE_USER, {"username": "li.ming_2", "tenant": "tianjin", "displayName": "李明"}, token=admin_token)
    assert made["data"]["createUser"] == {
        "result": {"username": "li.ming_2", "displayName": "李明", "tenant": "tianjin", "kind": "PERSON",
                   "active": True, "platformAdmin": False},
        "errors": [],
    }
    platform_user = await graphql(client, CREATE_USER, {"username": "ops-bot", "kind": "SERVICE"}, token=admin_token)
    assert platform_user["data"]["createUser"]["result"]["tenant"] is None


async def test_a_tenant_admin_stays_in_their_tenant(platform, client):
    await add_user(platform, "pj-admin", tenant="panjin", password=PASSWORD, roles=[("tenant_admin", "panjin")])
    await add_user(platform, "pj-clerk", tenant="panjin", password=PASSWORD)
    await add_user(platform, "tj-user", tenant="tianjin", password=PASSWORD)
    await add_user(platform, "tj-feeder", tenant="tianjin", kind=UserKind.SERVICE)
    token = (await login(client, "pj-admin"))["token"]

    other = await graphql(client, CREATE_USER, {"username": "pj-new", "tenant": "tianjin"}, token=token)
    assert other["data"]["createUser"]["errors"] == [
        {"field": "tenant", "message": "you may create users only in your own tenant 'panjin'", "code": "forbidden"}
    ]
    own = await graphql(client, CREATE_USER, {"username": "pj-new"}, token=token)
    assert own["data"]["createUser"]["result"]["tenant"] == "panjin"
    named = await graphql(client, CREATE_USER, {"username": "pj-new2", "tenant": "panjin"}, token=token)
    assert named["data"]["createUser"]["result"]["tenant"] == "panjin"

    for query, variables, name in (
        (SET_ACTIVE, {"username": "tj-user", "active": False}, "setUserActive"),
        (SET_ACTIVE, {"username": "admin", "active": False}, "setUserActive"),
        (REVOKE, {"username": "tj-user"}, "revokeTokens"),
        (SERVICE_TOKEN, {"username": "tj-feeder", "days": 30}, "issueServiceToken"),
        (SET_ACTIVE, {"username": "nobody", "active": False}, "setUserActive"),
    ):
        answer = (await graphql(client, query, variables, token=token))["data"][name]
        assert answer["errors"] == [
            {"field": "username", "message": f"no user {variables['username']!r}", "code": "not_found"}
        ], (name, variables)
    assert (await graphql(client, SET_ACTIVE, {"username": "pj-clerk", "active": False}, token=token))["data"]["setUserActive"]["errors"] == []

    clerk = (await login(client, "pj-new", PASSWORD))  # created without a password: cannot sign in
    assert clerk["errors"][0]["code"] == "invalid_credentials"
    await add_user(platform, "pj-plain", tenant="panjin", password=PASSWORD)
    plain = (await login(client, "pj-plain"))["token"]
    refused = await graphql(client, CREATE_USER, {"username": "pj-x"}, token=plain)
    assert refused["data"]["createUser"]["errors"][0] == {"field": "tenant", "message": "you may not create users", "code": "forbidden"}
    refused = await graphql(client, SET_ACTIVE, {"username": "pj-new", "active": False}, token=plain)
    assert refused["data"]["setUserActive"]["errors"][0]["code"] == "forbidden"
    async with platform.sessions() as session:
        users = {u.username: u.tenant_id for u in (await session.exec(select(User))).all()}
        tianjin = (await session.exec(select(Region).where(Region.path == "tianjin"))).one().tenant_id
    assert {name for name, tenant in users.items() if tenant == tianjin} == {"tj-user", "tj-feeder"}
    assert "pj-x" not in users


# ---------------------------------------------------------------- service tokens


async def test_service_tokens_are_scoped_like_users_and_revocable(platform, client, admin_token):
    await add_user(platform, "feeder", tenant="panjin", kind=UserKind.SERVICE, roles=[("tenant_admin", "panjin")])
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    before = dt.datetime.now(dt.UTC)
    answer = (await graphql(client, SERVICE_TOKEN, {"username": "feeder", "days": 30}, token=admin_token))["data"]["issueServiceToken"]
    assert answer["errors"] == []
    expires = dt.datetime.fromisoformat(answer["expiresAt"])
    assert abs(expires - (before + dt.timedelta(days=30))) < dt.timedelta(seconds=5)
    token = answer["token"]
    query = '{ here: region(path: "panjin") { name } there: region(path: "tianjin") { name } }'
    body = await graphql(client, query, token=token)
    assert body["data"] == {"here": {"name": "盘锦市"}, "there": None}
    assert (await graphql(client, ME, token=token))["data"]["me"] == {"username": "feeder", "platformAdmin": False}

    person = (await graphql(client, SERVICE_TOKEN, {"username": "alice", "days": 30}, token=admin_token))["data"]["issueServiceToken"]
    assert person["token"] is None and [e["field"] for e in person["errors"]] == ["username"]
    for days in (0, platform.settings.service_token_max_days + 1):
        too = (await graphql(client, SERVICE_TOKEN, {"username": "feeder", "days": days}, token=admin_token))["data"]["issueServiceToken"]
        assert too["errors"] == [
            {"field": "ttlDays", "message": f"must be between 1 and {platform.settings.service_token_max_days} days", "code": "invalid"}
        ]

    await graphql(client, REVOKE, {"username": "feeder"}, token=admin_token)
    assert await status(client, token) == 401


async def test_a_token_issued_the_same_second_as_a_revocation_is_told_apart(platform, client):
    """``iat`` keeps microseconds: revoke, then sign in within the same second, and only the new token works."""
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    old = (await login(client, "alice"))["token"]
    async with db.transaction(platform.sessions) as session:
        await accounts.revoke_tokens(session, accounts.OPERATOR, username="alice")
    new = (await login(client, "alice"))["token"]
    assert isinstance(jwt.decode(new, options={"verify_signature": False})["iat"], float)
    assert await status(client, old) == 401
    assert await status(client, new) == 200


# ---------------------------------------------------------------- the check on every request

TYPENAME = "{ __typename }"


@contextlib.contextmanager
def watched(engine):
    """The statements run and the connections taken from the pool while the block runs."""
    seen: dict[str, list[str]] = {"statements": [], "checkouts": []}

    def statement(conn, cursor, text, *args):
        seen["statements"].append(text)

    def checkout(*args):
        seen["checkouts"].append("checkout")

    sa.event.listen(engine.sync_engine, "before_cursor_execute", statement)
    sa.event.listen(engine.sync_engine.pool, "checkout", checkout)
    try:
        yield seen
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", statement)
        sa.event.remove(engine.sync_engine.pool, "checkout", checkout)


async def test_a_token_is_checked_in_one_statement_on_the_requests_connection(platform, client):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD,
                   roles=[("tenant_admin", "panjin"), ("tenant_admin", "panjin/xinglongtai")])
    token = (await login(client, "alice"))["token"]
    body = await graphql(client, "{ me { username roles { role region } } }", token=token)
    assert body["data"]["me"] == {"username": "alice", "roles": [
        {"role": "tenant_admin", "region": "panjin"}, {"role": "tenant_admin", "region": "panjin/xinglongtai"}]}
    with watched(platform.engine) as seen:
        assert (await graphql(client, TYPENAME, token=token)) == {"data": {"__typename": "Query"}}
        assert (await graphql(client, '{ region(path: "panjin") { name } }', token=token))["data"]["region"] == {"name": "盘锦市"}
    # PostgreSQL reads it through the owner's function (row-level security, core.db.tenancy)
    token_checks = [s for s in seen["statements"] if "revoked_token" in s or "wushe_principal" in s]
    assert len(token_checks) == 2, seen["statements"]  # one a request, the user and all the principal needs
    assert len(seen["statements"]) == 3, seen["statements"]  # and the region
    assert len(seen["checkouts"]) == 2  # one connection a request: the check's, used by the resolvers too


async def test_a_token_used_once_and_then_revoked_is_refused_on_the_next_request(platform, client, admin_token):
    """However the token is revoked between two requests, the second gets 401, even for a
    document the server has kept and a query that reads nothing."""
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD, roles=[("tenant_admin", "panjin")])
    await add_user(platform, "bob", tenant="panjin", password=PASSWORD)

    async def revoke_jti(token: str) -> None:
        async with db.transaction(platform.sessions) as session:
            user = (await session.exec(select(User).where(User.username == "alice"))).one()
            claims = jwt.decode(token, options={"verify_signature": False})
            session.add(RevokedToken(jti=claims["jti"], user_id=user.id, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)))

    async def revoke_all(token: str) -> None:
        async with db.transaction(platform.sessions) as session:
            await accounts.revoke_tokens(session, accounts.OPERATOR, username="alice")

    async def deactivate(token: str) -> None:
        assert (await graphql(client, SET_ACTIVE, {"username": "alice", "active": False}, token=admin_token))["data"]
        await graphql(client, SET_ACTIVE, {"username": "alice", "active": True}, token=admin_token)

    async def rename(token: str) -> None:  # the token's subject no longer exists
        async with db.transaction(platform.sessions) as session:
            user = (await session.exec(select(User).where(User.username == "alice"))).one()
            user.username = "alice2"
            session.add(user)

    for revoke in (revoke_jti, revoke_all, deactivate, rename):
        async with db.transaction(platform.sessions) as session:
            user = (await session.exec(select(User).where(col(User.username).in_(["alice", "alice2"])))).one()
            user.username = "alice"
            session.add(user)
        token = (await login(client, "alice"))["token"]
        other = (await login(client, "bob"))["token"]
        for _ in range(2):
            assert await status(client, token, TYPENAME) == 200
        await revoke(token)
        assert await status(client, token, TYPENAME) == 401, revoke.__name__
        assert await status(client, token, ME) == 401, revoke.__name__
        assert await status(client, other, TYPENAME) == 200, revoke.__name__


async def test_the_check_reads_a_policy_changed_by_another_worker(platform, client, admin_token):
    """The policy version is read in the statement that checks the token: a change made
    elsewhere (another worker, the command line) applies from the next request on."""
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD, roles=[("tenant_admin", "panjin")])
    token = (await login(client, "alice"))["token"]
    query = '{ region(path: "panjin") { name } }'
    assert (await graphql(client, query, token=token))["data"]["region"] == {"name": "盘锦市"}
    async with db.transaction(platform.sessions) as session:
        tenant_id = (await session.exec(select(Region).where(Region.path == "panjin"))).one().tenant_id
        lines = (await session.exec(select(RolePermission).where(
            RolePermission.tenant_id == tenant_id, RolePermission.role_code == "tenant_admin",
            RolePermission.resource == "region", RolePermission.action == "read"))).all()
        assert lines
        for line in lines:
            await session.delete(line)
        await session.flush()
        await bump_version(session)
    body = await graphql(client, query, token=token)
    assert body["data"]["region"] is None, body


def test_a_token_read_before_is_not_decoded_again_but_still_expires(monkeypatch):
    key, other_key = "k" * 48, "o" * 48
    now = dt.datetime.now(dt.UTC)
    issued = tokens.new_token("alice", key, ttl=dt.timedelta(minutes=5), now=now)
    decoded: list[str] = []
    read = tokens.read_token

    def counted(token: str, key: str) -> dict:
        decoded.append(token)
        return read(token, key)

    monkeypatch.setattr(tokens, "read_token", counted)
    recent = tokens.RecentTokens(size=2)
    first = recent.read(issued.token, key)
    assert recent.read(issued.token, key) == first and first["sub"] == "alice"
    assert decoded == [issued.token]
    with pytest.raises(tokens.InvalidToken):  # kept by token and key: another key checks the signature
        recent.read(issued.token, other_key)
    forged = issued.token[:-2] + ("AA" if issued.token[-2:] != "AA" else "BB")
    with pytest.raises(tokens.InvalidToken):
        recent.read(forged, key)
    monkeypatch.setattr(tokens, "clock", lambda: issued.expires_at.timestamp())
    with pytest.raises(tokens.InvalidToken, match="expired"):
        recent.read(issued.token, key)
    assert (issued.token, key) not in recent.claims
    # bounded: the least recently read goes first
    recent = tokens.RecentTokens(size=2)
    monkeypatch.setattr(tokens, "clock", lambda: now.timestamp())
    many = [tokens.new_token(f"u{i}", key, ttl=dt.timedelta(minutes=5), now=now).token for i in range(3)]
    for token in many:
        recent.read(token, key)
    assert [t for t, _ in recent.claims] == many[1:]


async def test_a_token_used_while_valid_is_refused_once_expired(platform, client, monkeypatch):
    await add_user(platform, "alice", tenant="panjin", password=PASSWORD)
    token = (await login(client, "alice"))["token"]
    assert await status(client, token, TYPENAME) == 200
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    monkeypatch.setattr(tokens, "clock", lambda: expires + 1)
    assert await status(client, token, TYPENAME) == 401


async def test_a_download_checks_its_token_on_a_session_it_does_not_keep(platform, client, admin_token):
    """Only the GraphQL handler uses the request's session; a download opens its own, so the
    token check's connection is returned before the download takes one: one at a time."""
    held = {"now": 0, "most": 0}

    def checkout(*args):
        held["now"] += 1
        held["most"] = max(held["most"], held["now"])

    def checkin(*args):
        held["now"] -= 1

    pool = platform.engine.sync_engine.pool
    sa.event.listen(pool, "checkout", checkout)
    sa.event.listen(pool, "checkin", checkin)
    try:
        params = {"under": "panjin/shuangtaizi", "by": "street", "indicators": "registered_volunteers", "year": "2026"}
        response = await client.get("/exports/rollup.csv", params=params, headers={"Authorization": f"Bearer {admin_token}"})
        assert response.status_code == 200, response.text
        assert held == {"now": 0, "most": 1}
        assert await status(client, "not-a-token", TYPENAME) == 401
        response = await client.get("/exports/rollup.csv", params=params, headers={"Authorization": "Bearer not-a-token"})
        assert response.status_code == 401
    finally:
        sa.event.remove(pool, "checkout", checkout)
        sa.event.remove(pool, "checkin", checkin)
