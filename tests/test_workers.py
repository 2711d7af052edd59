"""`wushe serve --workers 2` on PostgreSQL (#15 item 2): what one worker changes (a permission, a
sign-in lock), the other enforces, and the rate limit is the clients' once, whichever worker answers.

Each request goes over a connection that a known worker accepted (tests/servers.py finds which in
/proc), so every step says which worker it asks."""

import http.client
import json
import os
from typing import Any

import pytest

from tests import shell
from tests.servers import connection_to, one_connection_each, serving, workers_of

pytestmark = pytest.mark.slow

REGION = 'query($p: String!) { region(path: $p) { name } }'
CREATE_ROLE = """mutation { createRole(code: "reader", label: "读者", tier: STREET, permissions: [], tenant: "chongqing") {
  errors { field message } } }"""
CREATE_USER = """mutation { createUser(username: "reader1", displayName: "读者", tenant: "chongqing") {
  errors { field message } } }"""
ASSIGN = """mutation { assignRole(username: "reader1", role: "reader", region: "chongqing/qianjiang/zhengyang") {
  errors { field message } } }"""
LOGIN = 'mutation { login(username: "reader1", password: "not-the-password") { token errors { code } } }'
CHANGE = """mutation($p: String!) { %s(role: "reader", permission: $p, tenant: "chongqing") {
  result { permissions } errors { field message } } }"""


@pytest.fixture
def env(platform, database_url: str, app_database_url: str) -> dict[str, str]:
    """The workers' settings, on a database initialised as ``platform`` gets it (the copy of what
    ``wushe init`` makes)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers are served on PostgreSQL (WUSHE_TEST_DATABASE_URL)")
    return {**os.environ, "WUSHE_DATABASE_URL": app_database_url, "WUSHE_OWNER_DATABASE_URL": database_url,
            "WUSHE_DATABASE_POOL_SIZE": "3", "WUSHE_DATABASE_MAX_OVERFLOW": "2", "WUSHE_SHUTDOWN_GRACE_SECONDS": "5"}


def token(env: dict[str, str], username: str) -> str:
    return shell.wushe("token", username, env=env).stdout.strip().splitlines()[-1]


def post(connection: http.client.HTTPConnection, query: str, variables: dict[str, Any] | None = None,
         token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    connection.request("POST", "/graphql", body=json.dumps({"query": query, "variables": variables or {}}), headers=headers)
    answer = connection.getresponse()
    body = answer.read()
    return answer.status, json.loads(body) if body else None


def test_a_permission_changed_and_a_sign_in_lock_set_through_one_worker_hold_in_the_other(env):
    admin = token(env, "admin")
    with serving(env, "--workers", "2") as (url, server):
        first, second = workers_of(server.pid)

        def on(worker: int, query: str, variables: dict[str, Any] | None = None, token: str | None = admin) -> Any:
            connection = connection_to(url, worker)
            try:
                status, body = post(connection, query, variables, token)
            finally:
                connection.close()
            assert status == 200, (status, body)
            return body

        for query in (CREATE_ROLE, CREATE_USER, ASSIGN):
            body = on(first, query)
            assert next(iter(body["data"].values()))["errors"] == [], body
        reader = token(env, "reader1")
        where = {"p": "chongqing/qianjiang/zhengyang"}

        # both workers have read the policy as it is: the role grants nothing
        for worker in (first, second):
            body = on(worker, REGION, where, reader)
            assert body["data"]["region"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

        body = on(first, CHANGE % "addRolePermission", {"p": "region:read"})
        assert body["data"]["addRolePermission"]["result"]["permissions"] == ["region:read"], body
        assert on(second, REGION, where, reader)["data"]["region"] == {"name": "正阳街道"}

        # and back, the other way round
        body = on(second, CHANGE % "removeRolePermission", {"p": "region:read"})
        assert body["data"]["removeRolePermission"]["result"]["permissions"] == [], body
        body = on(first, REGION, where, reader)
        assert body["data"]["region"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

        # failed sign-ins counted by both workers lock the username for both (5 failures by default)
        codes = [on(worker, LOGIN, token=None)["data"]["login"]["errors"][0]["code"]
                 for worker in (first, second, first, second, first, second, first)]
        assert codes == ["invalid_credentials"] * 5 + ["locked"] * 2, codes


def test_the_rate_limit_is_shared_by_the_workers(env):
    admin = token(env, "admin")
    with serving({**env, "WUSHE_RATE_LIMIT_PER_MINUTE": "20"}, "--workers", "2") as (url, server):
        connections = list(one_connection_each(url, workers_of(server.pid)).values())
        statuses = [post(connection, "{ me { username } }", token=admin)[0] for _ in range(15) for connection in connections]
        # alone, each worker would have admitted 15 of the 15 it was sent: together they admit 20 (the
        # /health requests that found the workers' connections are not counted)
        assert statuses.count(200) == 20 and statuses.count(429) == 10, statuses
        assert [post(connection, "{ me { username } }", token=admin)[0] for connection in connections] == [429, 429]
        for connection in connections:
            connection.close()
