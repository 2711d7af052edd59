"""GraphQL limits and production mode (SECURITY.md items 7 and 8): depth, aliases, tokens, cost,
fragments, batching; no introspection, no suggestions and masked errors in production."""

import contextlib
import json
import time
import tracemalloc
import types
from collections.abc import AsyncIterator
from typing import Any

import pytest
import strawberry
import strawberry.schema.schema
from graphql import TypeInfo, ValidationContext, get_introspection_query, parse
from litestar.testing import AsyncTestClient
from test_region_contract import (
    WALK,  # pytest puts this folder on sys.path (rootdir-less "prepend" imports)
)
from test_statement_count import NESTED

from core import GraphQLDecl, hookimpl
from core.config import Settings
from core.platform import Platform
from core.plugins.manager import load
from core.testing import graphql
from core.testing.databases import initialise
from core.web.app import create_app
from core.web.graphql import limits
from core.web.graphql.limits import (
    BYTES_PER_DOCUMENT,
    DEFAULT_PAGE,
    NESTING_FACTOR,
    DocumentCache,
    analyse,
    reckoned_size,
    strip_suggestion,
)
from core.web.graphql.schema import build_schema
from tests.builtin import BUILT_IN

DEFAULTS = Settings()


@strawberry.type
class BrokenQuery:
    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError('(sqlite3.OperationalError) no such table: "secret" [SQL: SELECT * FROM secret]')


def _broken_plugin() -> types.ModuleType:
    module = types.ModuleType("tests_broken")
    module.PLUGIN_NAME = "broken"  # type: ignore[attr-defined]
    module.register_graphql = hookimpl(lambda: [GraphQLDecl(query=BrokenQuery)])  # type: ignore[attr-defined]
    return module


@pytest.fixture
def extra_plugins() -> list[Any]:
    return [_broken_plugin()]


@contextlib.asynccontextmanager
async def served(settings: Settings, **changes: Any) -> AsyncIterator[tuple[AsyncTestClient, str]]:
    """An app on the test database with some settings changed (``env`` included); client and token."""
    plugins = [_broken_plugin()]
    platform = Platform.create(settings.model_copy(update=changes), plugins=plugins)
    await initialise(platform, plugins)
    await platform.load_signing_key()
    try:
        async with AsyncTestClient(app=create_app(platform)) as client:
            yield client, str(await platform.token_for("admin"))
    finally:
        await platform.dispose()


@pytest.fixture
async def production(settings: Settings) -> AsyncIterator[tuple[AsyncTestClient, str]]:
    async with served(settings, env="production") as served_app:
        yield served_app


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body.get("errors", [])]


_, REGISTRY = load(only=BUILT_IN)
SCHEMA = build_schema(REGISTRY)._schema


def cost(query: str, variables: dict[str, Any] | None = None, max_depth: int = 12) -> int:
    document = parse(query)
    context = ValidationContext(SCHEMA, document, TypeInfo(SCHEMA), lambda error: None)
    analysis = analyse(context, variables, max_depth)
    assert analysis.sound and not analysis.cut
    return max(analysis.costs.values())


# --- the cost estimate -------------------------------------------------------------------


def test_each_field_costs_one_and_objects_add_their_fields():
    assert cost("{ me { username platformAdmin } }") == 3
    assert cost('{ region(path: "panjin") { name parent { name tier } } }') == 1 + 1 + (1 + 2)


def test_a_list_multiplies_its_contents_by_the_default_page_and_nested_lists_multiply():
    assert cost('{ region(path: "x") { children { name } } }') == 1 + (1 + DEFAULT_PAGE * 1)
    assert cost('{ region(path: "x") { children { children { name } } } }') == 1 + (1 + DEFAULT_PAGE * (1 + DEFAULT_PAGE))


def test_a_connection_multiplies_by_first_and_its_nodes_list_is_not_counted_twice():
    query = 'query($n: Int) { region(path: "x") { volunteers(first: $n) { totalCount nodes { name } } } }'
    assert cost(query, {"n": 5}) == 1 + (1 + 5 * (1 + (1 + 1)))
    literal = '{ region(path: "x") { volunteers(first: 500) { totalCount nodes { name } } } }'
    assert cost(literal) == 1 + (1 + 500 * 3)
    # absent: the argument's default (50); a variable with a default: that default
    assert cost(literal.replace("(first: 500)", "")) == 1 + (1 + 50 * 3)
    assert cost(query.replace("$n: Int", "$n: Int = 7"), {}) == 1 + (1 + 7 * 3)


def test_fragments_are_counted_where_they_are_spread():
    query = """
    { a: region(path: "a") { ...R } b: region(path: "b") { ...R } }
    fragment R on Region { name children { name } }
    """
    assert cost(query) == 2 * (1 + 1 + (1 + DEFAULT_PAGE))


def test_the_contract_walk_and_the_documented_queries_fit_the_default_limit():
    three_levels = '{ region(path: "x") { name path tier children { name path tier children { name path tier children { name path tier } } } } }'
    assert cost(three_levels) == 385_205  # the figure docs/operators.md gives
    assert cost(WALK) < DEFAULTS.graphql_max_cost
    assert cost(NESTED) < DEFAULTS.graphql_max_cost
    assert cost(get_introspection_query(descriptions=True)) < 1000  # 1 a field: GraphiQL works in development


async def test_a_costly_query_is_refused_naming_its_cost_and_the_limit(client, admin_token):
    query = '{ region(path: "panjin") { children { children { children { children { name } } } } } }'
    body = await graphql(client, query, token=admin_token)
    expected = 1 + (1 + 50 * (1 + 50 * (1 + 50 * (1 + 50))))
    assert body["data"] is None
    [error] = body["errors"]
    assert str(expected) in error["message"] and str(DEFAULTS.graphql_max_cost) in error["message"]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": expected, "limit": DEFAULTS.graphql_max_cost}


async def test_the_cost_limit_counts_first_given_in_variables(settings):
    query = 'query($n: Int!) { region(path: "panjin") { volunteers(first: $n) { nodes { name } } } }'
    async with served(settings, env="development", graphql_max_cost=500) as (client, token):
        assert "errors" not in await graphql(client, query, {"n": 100}, token=token)
        body = await graphql(client, query, {"n": 400}, token=token)
        assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert "cost is 802, over the limit of 500" in body["errors"][0]["message"]  # 2 + 2 × 400


# --- depth, aliases, tokens --------------------------------------------------------------


async def test_too_deep_a_query_is_refused(client, admin_token):
    deep = '{ region(path: "panjin") { ' + "parent { " * 12 + "name" + " }" * 12 + " } }"
    ok = '{ region(path: "panjin") { ' + "parent { " * 10 + "name" + " }" * 10 + " } }"
    assert messages(await graphql(client, deep, token=admin_token)) == [
        "'anonymous' exceeds maximum operation depth of 12"
    ]
    assert "errors" not in await graphql(client, ok, token=admin_token)


async def test_too_many_aliases_are_refused(client, admin_token):
    many = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(31)) + " }"
    few = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(30)) + " }"
    assert messages(await graphql(client, many, token=admin_token)) == ["31 aliases found. Allowed: 30"]
    assert "errors" not in await graphql(client, few, token=admin_token)


async def test_too_many_tokens_are_refused_by_the_parser(client, admin_token):
    query = "{ me { " + "username " * 5000 + "} }"
    [message] = messages(await graphql(client, query, token=admin_token))
    assert message.startswith("Syntax Error: Document contains more than 5000 tokens.")


# --- fragments: clean errors, and no exponential or endless walks ------------------------


async def test_cyclic_fragments_get_a_clean_error(client, admin_token):
    query = """
    { region(path: "panjin") { ...A } }
    fragment A on Region { parent { ...B } }
    fragment B on Region { parent { ...A } }
    """
    assert messages(await graphql(client, query, token=admin_token)) == ["Cannot spread fragment 'A' within itself via 'B'."]
    itself = '{ region(path: "panjin") { ...A } } fragment A on Region { name ...A }'
    assert messages(await graphql(client, itself, token=admin_token)) == ["Cannot spread fragment 'A' within itself."]


async def test_an_unknown_fragment_gets_a_clean_error(client, admin_token):
    # Strawberry's depth limiter alone raises KeyError('Unknown') here
    body = await graphql(client, '{ region(path: "panjin") { ...Unknown } }', token=admin_token)
    assert messages(body) == ["Unknown fragment 'Unknown'."]


async def test_fragments_spread_twice_at_every_level_are_refused_quickly(client, admin_token):
    # 2**40 fields once expanded; Strawberry's depth and alias limiters alone walk every path
    n = 40
    fragments = " ".join(f"fragment F{i} on Region {{ name ...F{i + 1} ...F{i + 1} }}" for i in range(n))
    query = '{ region(path: "panjin") { ...F0 } } ' + fragments + f" fragment F{n} on Region {{ name }}"
    started = time.perf_counter()
    body = await graphql(client, query, token=admin_token)
    assert time.perf_counter() - started < 10  # walking the 2**40 paths would take days; 10 s allows a loaded CI
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > 2**40


async def test_a_long_chain_of_fragments_is_refused_without_recursing_deeply(client, admin_token):
    n = 400
    fragments = " ".join(f"fragment F{i} on Region {{ ...F{i + 1} }}" for i in range(n))
    query = '{ region(path: "panjin") { ...F0 } } ' + fragments + f" fragment F{n} on Region {{ name }}"
    body = await graphql(client, query, token=admin_token)
    assert body["data"] is None
    assert any(e.get("extensions", {}).get("code") == "QUERY_TOO_DEEP" for e in body["errors"]), body
    assert not any("recursion" in m for m in messages(body))
    limit = NESTING_FACTOR * DEFAULTS.graphql_max_depth
    short = " ".join(f"fragment F{i} on Region {{ ...F{i + 1} }}" for i in range(limit - 4))
    fine = '{ region(path: "panjin") { ...F0 } } ' + short + f" fragment F{limit - 4} on Region {{ name }}"
    assert "errors" not in await graphql(client, fine, token=admin_token)


# --- documents parsed and validated once, limited every time -------------------------------


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents validated from now on (their first definition's first field), in order."""
    seen: list[str] = []
    validate = limits.validate_document

    def counted(schema: Any, document: Any, rules: Any) -> Any:
        seen.append(document.definitions[0].selection_set.selections[0].name.value)
        return validate(schema, document, rules)

    monkeypatch.setattr(limits, "validate_document", counted)
    return seen


async def test_a_document_is_parsed_and_validated_once(client, admin_token, validations, monkeypatch):
    parsed: list[str] = []

    def counted(query: str, **options: Any) -> Any:
        parsed.append(query)
        return parse(query, **options)

    monkeypatch.setattr(strawberry.schema.schema, "parse", counted)  # what Strawberry parses with
    for _ in range(3):
        assert await graphql(client, "{ me { username } }", token=admin_token) == {"data": {"me": {"username": "admin"}}}
    assert validations == ["me"] and parsed == ["{ me { username } }"]
    assert await graphql(client, "{ __typename }", token=admin_token) == {"data": {"__typename": "Query"}}
    assert validations == ["me", "__typename"] and parsed == ["{ me { username } }", "{ __typename }"]


async def test_a_kept_document_is_still_refused_every_time(client, admin_token, validations):
    """A costly document is valid, and kept: its cost is checked on every request. A document that
    does not validate (too deep, too many aliases, a wrong field) is not kept: validated again."""
    costly = '{ region(path: "panjin") { children { children { children { children { name } } } } } }'
    deep = '{ region(path: "panjin") { ' + "parent { " * 12 + "name" + " }" * 12 + " } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(31)) + " }"
    wrong = '{ region(path: "panjin") { nme } }'
    for query, validated in ((costly, 1), (deep, 3), (aliases, 3), (wrong, 3)):
        del validations[:]
        first = await graphql(client, query, token=admin_token)
        assert first["data"] is None and first["errors"], first
        for _ in range(2):
            assert await graphql(client, query, token=admin_token) == first
        assert len(validations) == validated, query


async def test_a_kept_document_is_costed_with_each_requests_variables(settings, validations):
    query = 'query($n: Int!) { region(path: "panjin") { volunteers(first: $n) { nodes { name } } } }'
    async with served(settings, env="development", graphql_max_cost=500) as (client, token):
        for n, refused in ((100, False), (400, True), (100, False), (249, False), (250, True)):
            body = await graphql(client, query, {"n": n}, token=token)
            assert ("errors" in body) == refused, (n, body)
            if refused:
                assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 2 + 2 * n, "limit": 500}
    assert len(validations) == 2  # once with the depth and alias limiters (cost within limits), once without


async def test_production_refuses_introspection_every_time(production):
    client, token = production
    for _ in range(3):
        body = await graphql(client, "{ __schema { queryType { name } } }", token=token)
        assert body["data"] is None and messages(body)[0].startswith("GraphQL introspection has been disabled")


async def test_the_cache_can_be_turned_off(settings, validations):
    async with served(settings, env="development", graphql_cache_mib=0) as (client, token):
        for _ in range(3):
            assert "errors" not in await graphql(client, "{ me { username } }", token=token)
    assert validations == ["me"] * 3


def test_the_cache_keeps_the_most_recently_used_within_its_budget():
    size = reckoned_size("{ a }", parse("{ a }"))
    cache = DocumentCache(budget=2 * size)
    for query in ("{ a }", "{ b }"):
        cache.add(query, parse(query))
    assert cache.get("{ a }") is not None  # now the most recently used
    cache.add("{ c }", parse("{ c }"))
    assert list(cache.entries) == ["{ a }", "{ c }"] and cache.used == 2 * size
    big = "{ " + "x " * 30 + "}"
    assert cache.add(big, parse(big)).document is not None  # answered, not kept
    assert big not in cache.entries and list(cache.entries) == ["{ a }", "{ c }"]
    cache.drop("{ a }")
    assert list(cache.entries) == ["{ c }"] and cache.used == size
    nothing = DocumentCache(budget=0)
    nothing.add("{ a }", parse("{ a }"))
    assert nothing.entries == {} and nothing.used == 0


DENSE = {
    "aliases": "{ " + " ".join(f"a{i}:b" for i in range(1600)) + " }",
    "fields": "{ " + " ".join(f"f{i}" for i in range(4900)) + " }",
    "arguments": "{ a(" + " ".join(f"b{i}:1" for i in range(1600)) + ") }",
    "list": "{ a(b:[" + " ".join("1" for i in range(4900)) + "]) }",
    "objects": "{ a(b:[" + " ".join("{}" for i in range(2400)) + "]) }",
    "selections": "{ a{b} " + " ".join(f"c{i}{{d}}" for i in range(1200)) + " }",
    "fragments": " ".join(f"fragment F{i} on R{{...G}}" for i in range(600)),
    "variables": "query(" + " ".join(f"$v{i}:I" for i in range(1200)) + ") { a }",
    "directives": "{ a " + " ".join("@d" for i in range(2400)) + " }",
    "inline": "{ " + " ".join("...{a}" for i in range(1200)) + " }",
    "string": '{ a(b: "' + "社" * 100_000 + '") }',
    "block string": '{ a(b: """' + "社😀\n" * 30_000 + '""") }',
    "small": "{ __typename }",
}


@pytest.mark.parametrize("query", DENSE.values(), ids=DENSE.keys())
def test_what_a_document_is_reckoned_to_take_bounds_what_it_takes(query):
    """Documents of every shape, as dense as the default token limit lets them be."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        document = parse(query, max_tokens=DEFAULTS.graphql_max_tokens)
        taken = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert 0 < taken <= reckoned_size(query, document) - BYTES_PER_DOCUMENT


# --- batching ----------------------------------------------------------------------------


async def test_batches_are_served_up_to_the_limit(client, admin_token):
    headers = {"Authorization": f"Bearer {admin_token}"}
    operation = {"query": "{ me { username } }"}
    response = await client.post("/graphql", json=[operation] * DEFAULTS.graphql_max_batch, headers=headers)
    assert response.status_code == 200
    assert response.json() == [{"data": {"me": {"username": "admin"}}}] * DEFAULTS.graphql_max_batch
    response = await client.post("/graphql", json=[operation] * (DEFAULTS.graphql_max_batch + 1), headers=headers)
    assert response.status_code == 400
    assert "Too many operations" in response.text


@pytest.mark.parametrize("body", [[], [1, 2], [[{"query": "{ me { username } }"}]], 1, "query", None])
async def test_a_body_that_is_no_operation_nor_batch_is_a_400(client, admin_token, body):
    headers = {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"}
    response = await client.post("/graphql", content=json.dumps(body), headers=headers)
    assert response.status_code == 400, response.text
    assert "JSON object" in response.text


async def test_batching_can_be_turned_off(settings):
    async with served(settings, env="development", graphql_max_batch=0) as (client, token):
        response = await client.post(
            "/graphql", json=[{"query": "{ me { username } }"}], headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 400
        assert "Batching is not enabled" in response.text


# --- apps of one process ----------------------------------------------------------------


def test_schemas_share_the_converted_types_not_their_extensions_nor_configuration():
    first = build_schema(REGISTRY, extensions=[limits.HideSuggestions])
    second = build_schema(REGISTRY)
    assert first._schema is second._schema  # converted once (core.web.graphql.schema.converted)
    assert limits.HideSuggestions in first.extensions and limits.HideSuggestions not in second.extensions
    first.config.batching_config = {"max_operations": 1}
    assert second.config.batching_config is None


async def test_two_apps_of_one_process_keep_their_own_limits_masking_and_batching(platform, client, admin_token):
    """The schema's types are shared by a process's apps; what each app's settings make of them is not."""
    changed = platform.settings.model_copy(update={"env": "production", "graphql_max_batch": 1, "graphql_max_depth": 5})
    other = Platform.create(changed, plugins=[_broken_plugin()])
    headers = {"Authorization": f"Bearer {admin_token}"}
    batch = [{"query": "{ me { username } }"}] * 2
    deep = '{ region(path: "panjin") { ' + "parent { " * 6 + "name" + " }" * 6 + " } }"
    introspection = "{ __schema { queryType { name } } }"
    try:
        await other.load_signing_key()
        async with AsyncTestClient(app=create_app(other)) as production:
            for _ in range(2):  # each app's answers, the other's between them
                response = await client.post("/graphql", json=batch, headers=headers)
                assert response.status_code == 200 and len(response.json()) == 2
                response = await production.post("/graphql", json=batch, headers=headers)
                assert response.status_code == 400 and "Too many operations" in response.text

                assert "no such table" in messages(await graphql(client, "{ broken }", token=admin_token))[0]
                assert messages(await graphql(production, "{ broken }", token=admin_token)) == ["Unexpected error."]

                assert "errors" not in await graphql(client, deep, token=admin_token)
                assert messages(await graphql(production, deep, token=admin_token)) == [
                    "'anonymous' exceeds maximum operation depth of 5"
                ]

                assert "errors" not in await graphql(client, introspection, token=admin_token)
                assert messages(await graphql(production, introspection, token=admin_token))[0].startswith(
                    "GraphQL introspection has been disabled"
                )
    finally:
        await other.dispose()


# --- production mode ---------------------------------------------------------------------


async def test_production_refuses_introspection(production):
    client, token = production
    body = await graphql(client, "{ __schema { queryType { name } } }", token=token)
    assert body["data"] is None
    assert messages(body)[0].startswith("GraphQL introspection has been disabled")
    body = await graphql(client, '{ __type(name: "Region") { name } }', token=token)
    assert messages(body)[0].startswith("GraphQL introspection has been disabled")
    assert await graphql(client, "{ __typename }", token=token) == {"data": {"__typename": "Query"}}


async def test_development_keeps_introspection_and_the_ide(client, admin_token):
    body = await graphql(client, get_introspection_query(descriptions=True), token=admin_token)
    assert "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query"
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_production_serves_no_ide(production):
    client, _ = production
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code >= 400
    assert "graphiql" not in response.text.lower()


SUGGESTED = [
    '{ region(path: "panjin") { nme } }',  # field
    '{ region(pth: "panjin") { name } }',  # argument
    'query($t: Tierr) { region(path: "panjin") { descendants(tier: $t) { nodes { name } } } }',  # type
    '{ region(path: "panjin") { descendants(tier: CTY) { nodes { name } } } }',  # enum value
    '{ region(path: "panjin") { volunteers(filter: {nameContain: "x"}) { nodes { name } } } }',  # input field
]


@pytest.mark.parametrize("query", SUGGESTED)
async def test_production_suggests_no_names(production, client, admin_token, query):
    development = messages(await graphql(client, query, token=admin_token))
    assert any("Did you mean" in m for m in development), development
    served_client, token = production
    found = messages(await graphql(served_client, query, token=token))
    assert found == [strip_suggestion(m) for m in development]
    assert not any("Did you mean" in m for m in found), found


async def test_production_hides_suggestions_in_variable_values(production):
    client, token = production
    query = 'query($t: Tier) { region(path: "panjin") { descendants(tier: $t) { nodes { name } } } }'
    body = await graphql(client, query, {"t": "CTY"}, token=token)
    assert messages(body) == ["Variable '$t' has invalid value: Value 'CTY' does not exist in 'Tier' enum."]


async def test_production_masks_unexpected_errors(production):
    client, token = production
    response = await client.post("/graphql", json={"query": "{ broken }"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "Unexpected error."
    for leak in ("sqlite3", "SELECT", "secret", "Traceback", "RuntimeError", "File "):
        assert leak not in response.text
    # errors raised on purpose keep their message
    body = await graphql(client, '{ region(path: "nowhere") { name } }', token=token)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_development_shows_unexpected_errors(client, admin_token):
    body = await graphql(client, "{ broken }", token=admin_token)
    assert "no such table" in body["errors"][0]["message"]


def test_strip_suggestion():
    assert strip_suggestion("Cannot query field 'nme' on type 'Region'. Did you mean 'name'?") == (
        "Cannot query field 'nme' on type 'Region'."
    )
    assert strip_suggestion("Unknown argument 'pth'. Did you mean 'path', 'parent', or 'x'?") == "Unknown argument 'pth'."
    assert strip_suggestion("Nothing to strip.") == "Nothing to strip."
