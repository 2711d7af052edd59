"""Schema-driven fuzzing: queries and mutations generated from the real schema (hypothesis-graphql).

Every generated operation is posted, signed in as the platform administrator or as a community
user holding every core permission at its community, to the app in production mode (errors
masked), on SQLite and PostgreSQL. It must never answer 5xx, never show Python or SQL text,
and never answer the masked "Unexpected error.": the operations are valid GraphQL, so whatever
is wrong with their values (ids, text, dates, nulls, JSON) must come back as a field error.

The runs are seeded (``derandomize``) and bounded: ``test_generated_operations`` takes a few
seconds a backend; ``test_generated_operations_deeply`` (marker ``fuzz``, deselect it with
``-m "not fuzz"``) runs once, on PostgreSQL when configured, with ``WUSHE_FUZZ_EXAMPLES``
examples (default 600).
"""

import datetime as dt
import json
import os
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from litestar.testing import AsyncTestClient

from core.access.vocabulary import CORE_RESOURCES
from core.platform import Platform
from core.plugins.manager import load
from core.testing import (
    TEST_DATABASE_ENV,
    create_role,
    postgres_database,
    settings_for_database,
    user_with_role,
)
from core.testing import graphql as post_graphql
from core.testing.databases import initialise
from core.web.app import create_app
from core.web.graphql.schema import build_schema
from tests.builtin import BUILT_IN

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"

LEAKS = re.compile(
    r"Traceback|sqlalchemy|sqlite3|psycopg|asyncpg|\[SQL:|\b(SELECT|INSERT INTO|DELETE FROM)\b|\bUPDATE \w+ SET\b|"
    r"object has no attribute|NoneType|not subscriptable|KeyError|TypeError|ValueError|IntegrityError|"
    r"Background on this error"
)
"""Python or SQL text that a client must never see."""

SCHEMA = build_schema(load(only=BUILT_IN)[1])._schema

EDGE_DATES = [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(9999, 12, 31)]


def _json_node(value: Any) -> graphql.ValueNode:
    """A JSON value as a GraphQL literal (the JSON scalar takes literals of any shape)."""
    if isinstance(value, dict):
        return nodes.Object([graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_json_node(v)) for k, v in value.items()])
    if isinstance(value, list):
        return nodes.List([_json_node(v) for v in value])
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if value is None:
        return graphql.NullValueNode()
    return nodes.String(value)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,11}", fullmatch=True), inner, max_size=4),
    max_leaves=12,
)

CUSTOM_SCALARS = {
    "Date": (st.dates() | st.sampled_from(EDGE_DATES)).map(lambda d: nodes.String(d.isoformat())) | st.text(max_size=12).map(nodes.String),
    "Time": st.times().map(lambda t: nodes.String(t.strftime("%H:%M"))) | st.text(max_size=8).map(nodes.String),
    "DateTime": st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: nodes.String(d.isoformat())) | st.text(max_size=12).map(nodes.String),
    "JSON": _json_values.map(_json_node),
}

FIELDS = [name for root in (SCHEMA.query_type, SCHEMA.mutation_type) for name in root.fields if name != "logout"]
"""Every root field but ``logout``, which would end the session the run signs in with."""

OPERATIONS = st.one_of(
    from_schema(SCHEMA, fields=FIELDS, custom_scalars=CUSTOM_SCALARS),
    from_schema(SCHEMA, fields=FIELDS, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE),
)


def faults(status: int, text: str, sent: str = "") -> list[str]:
    """What is wrong with one answer: a 5xx, leaked Python or SQL text (other than an echo of what
    was ``sent``), a masked unexpected error."""
    found = [f"HTTP {status}"] if status >= 500 else []
    try:
        body = json.loads(text)
    except ValueError:
        return [*found, f"not JSON: {text[:200]}"]
    errors = (body.get("errors") or []) if isinstance(body, dict) else []
    for error in errors:
        message = str(error.get("message", ""))
        if message == "Unexpected error.":
            found.append("masked unexpected error")
        elif any(match.group() not in sent for match in LEAKS.finditer(message)):
            found.append(f"leak: {message[:300]}")
    return found


class Fuzzed:
    """An app in production mode on one database, with the administrator's and a community user's token."""

    def __init__(self, platform: Platform, client: AsyncTestClient, users: dict[str, str]) -> None:
        self.platform, self.client, self.users = platform, client, users
        self.tokens: dict[str, str] = {}

    async def check(self, who: str, operation: str) -> None:
        if who not in self.tokens:  # a generated revokeTokens or changePassword may have ended the last one
            self.tokens[who] = str(await self.platform.token_for(self.users[who]))
        response = await self.client.post("/graphql", json={"query": operation},
                                          headers={"Authorization": f"Bearer {self.tokens[who]}"})
        if response.status_code == 401:
            del self.tokens[who]
        found = faults(response.status_code, response.text, operation)
        assert not found, f"{found} as {who} for:\n{operation}\n{response.text[:2000]}"


async def _served(database_url: str) -> AsyncIterator[Fuzzed]:
    platform = Platform.create(settings_for_database(database_url, env="production", rate_limit_per_minute=0))
    await initialise(platform)
    await platform.load_signing_key()
    try:
        async with AsyncTestClient(app=create_app(platform)) as client:
            admin = str(await platform.token_for("admin"))
            everything = [f"{resource}:{action}" for resource, actions in CORE_RESOURCES.items() for action in actions]
            made = await create_role(client, admin, "fuzz_community", "COMMUNITY", everything, "chongqing")
            assert made["errors"] == [], made
            await user_with_role(platform, client, admin, "fuzz_user", "chongqing", "fuzz_community", COMMUNITY)
            await _seed(client, admin)
            yield Fuzzed(platform, client, {"admin": "admin", "community": "fuzz_user"})
    finally:
        await platform.dispose()


async def _seed(client: AsyncTestClient, token: str) -> None:
    """A few rows, so that small generated ids (1, 2 …) find something to read, update and dispatch."""
    for i in range(3):
        body = await post_graphql(client, "mutation($i: VolunteerInput!) { createVolunteer(input: $i) { errors { field } } }",
                                  {"i": {"name": f"志愿者{i}", "region": COMMUNITY}}, token=token)
        assert body["data"]["createVolunteer"]["errors"] == []
        body = await post_graphql(client, "mutation($i: VolunteerTeamInput!) { createVolunteerTeam(input: $i) { errors { field } } }",
                                  {"i": {"name": f"服务队{i}", "region": COMMUNITY}}, token=token)
        assert body["data"]["createVolunteerTeam"]["errors"] == []


@pytest.fixture
async def fuzzed(database_url: str) -> AsyncIterator[Fuzzed]:
    async for served in _served(database_url):
        yield served


def _one_database() -> Iterator[str]:
    if os.environ.get(TEST_DATABASE_ENV):
        yield from postgres_database(os.environ[TEST_DATABASE_ENV])
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/wushe.db"


@pytest.fixture
async def fuzzed_once() -> AsyncIterator[Fuzzed]:
    """Like ``fuzzed``, on PostgreSQL when configured, else SQLite: the deep run is done once."""
    databases = _one_database()
    try:
        async for served in _served(next(databases)):
            yield served
    finally:
        databases.close()


FUZZ_SETTINGS = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=120, **FUZZ_SETTINGS)
@given(who=st.sampled_from(["admin", "community"]), operation=OPERATIONS)
async def test_generated_operations(fuzzed: Fuzzed, who: str, operation: str) -> None:
    await fuzzed.check(who, operation)


@pytest.mark.fuzz
@settings(max_examples=int(os.environ.get("WUSHE_FUZZ_EXAMPLES", "600")), **FUZZ_SETTINGS)
@given(who=st.sampled_from(["admin", "community"]), operation=OPERATIONS)
async def test_generated_operations_deeply(fuzzed_once: Fuzzed, who: str, operation: str) -> None:
    await fuzzed_once.check(who, operation)


def test_the_fault_check_sees_what_it_must() -> None:
    assert faults(500, "{}") == ["HTTP 500"]
    assert faults(200, '{"errors": [{"message": "Unexpected error."}]}') == ["masked unexpected error"]
    assert faults(200, '{"errors": [{"message": "\'str\' object has no attribute \'get\'"}]}')
    assert faults(200, '{"errors": [{"message": "(sqlite3.IntegrityError) NOT NULL [SQL: INSERT INTO x]"}]}')
    assert faults(200, '{"data": null, "errors": [{"message": "id: \'x\' is not an id"}]}') == []
    echo = '{"errors": [{"message": "id: \'psycopg\' is not an id"}]}'
    assert faults(200, echo, '{ volunteer(id: "psycopg") { id } }') == [] and faults(200, echo, "{ me { username } }")
