"""Concurrent steps on one case: of 100 requests taking the same step at once, each its own request
and database session through the ASGI app, exactly one wins; every other gets a clean error in its
payload (a conflict, or the step no longer fits the state), never an HTTP 500 or a GraphQL error;
the timeline holds the step once."""

import asyncio
import sqlite3
from collections import Counter

import pytest
import sqlalchemy as sa

from core.models import Registration
from core.testing import graphql, user_with_role
from tests.cases import toy
from tests.cases.test_engine import STEP, _org, ok, step

TASKS = 100


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def test_one_of_a_hundred_concurrent_steps_wins(platform, client, admin_token):
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    alice = await user_with_role(platform, client, admin_token, "alice", "toy", "toy_contractor", "toy")
    await user_with_role(platform, client, admin_token, "expert", "toy", "toy_expert", "toy")
    await _org(platform, "甲社工", Registration.REGISTERED, "alice")
    call = await ok(client, office, type="toy_call", region="toy", action="open_call")
    grant = await ok(client, alice, type="toy_grant", region="toy/d1", parent=call["id"], action="apply",
                     data={"amount_fen": 10})
    review = await ok(client, office, case=grant["id"], action="assign", data={"reviewer": "expert"})

    async def decide(n: int):
        step = {"case": grant["id"], "action": "decide"}
        if n % 2:  # half name the version they read, half do not
            step["version"] = review["version"]
        return await client.post("/graphql", json={"query": STEP, "variables": {"input": step}},
                                 headers={"Authorization": f"Bearer {office}"})

    responses = await asyncio.gather(*(decide(n) for n in range(TASKS)))
    assert [r.status_code for r in responses] == [200] * TASKS, {r.status_code: r.text for r in responses}
    bodies = [r.json() for r in responses]
    assert [b for b in bodies if "errors" in b] == []
    payloads = [b["data"]["transition"] for b in bodies]
    winners = [p for p in payloads if p["result"] is not None]
    assert len(winners) == 1 and winners[0]["result"]["state"] == "decided", winners
    losers = Counter((e["field"], e["code"]) for p in payloads if p["result"] is None for e in p["errors"])
    assert sum(losers.values()) == TASKS - 1
    assert set(losers) <= {("version", "conflict"), ("action", "wrong_state")}, losers

    seen = await graphql(client, "query($id: ID!) { case(id: $id) { state version timeline { action } } }",
                         {"id": grant["id"]}, token=office)
    case = seen["data"]["case"]
    assert (case["state"], case["version"]) == ("decided", review["version"] + 1)
    assert [e["action"] for e in case["timeline"]] == ["apply", "assign", "decide"]


async def test_a_step_that_waits_out_sqlites_write_lock_is_a_conflict(platform, client, admin_token, database_url):
    """SQLite has one writer at a time: a step that waited past the busy timeout was a GraphQL
    error carrying the SQL ("database is locked"); it is a conflict in the payload, nothing written."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL waits on the case's row lock instead")
    office = await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    call = await ok(client, office, type="toy_call", region="toy", action="open_call")

    def short_wait(dbapi_connection, _record):
        dbapi_connection.cursor().execute("PRAGMA busy_timeout=50")  # after the core's 5 s, not to wait that long

    await platform.engine.dispose()  # the pooled connections were made with the core's pragmas only
    sa.event.listen(platform.engine.sync_engine, "connect", short_wait)
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        payload = await step(client, office, case=call["id"], action="close")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert payload["result"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("version", "conflict")], payload
    assert "busy" in payload["errors"][0]["message"] and "SQL" not in payload["errors"][0]["message"]
    again = await ok(client, office, case=call["id"], action="close")  # nothing was written: the step still fits
    assert (again["state"], again["version"]) == ("closed", call["version"] + 1)
