"""The typed client generated from the published schema (examples/district_volunteers/, docs/clients.md):
its operations are the schema's and its queries file's, and the documented example pages through a
district's volunteers with it, on an open server and on one that runs registered operations only."""

import re
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import build_schema, parse, print_ast, validate

from core.config import Settings
from core.demo.data import fill_demo_data
from core.testing import graphql
from core.testing.databases import filled
from core.web.graphql.persisted import operations_of, write_list

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "district_volunteers"
DISTRICT = "chongqing/qianjiang"


def documented_example() -> str:
    text = (ROOT / "docs" / "clients.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "district_client" in b)


def test_the_example_operations_run_on_the_published_schema():
    schema = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))
    queries = (EXAMPLE / "queries.graphql").read_text(encoding="utf-8")
    assert validate(schema, parse(queries)) == []


def test_the_generated_client_holds_the_operations_of_the_queries_file():
    """queries.graphql changed without generating the client again fails here."""
    generated = (EXAMPLE / "district_client" / "client.py").read_text(encoding="utf-8")
    sent = {print_ast(parse(text)) for text in re.findall(r'gql\(\s*"""(.*?)"""', generated, flags=re.S)}
    queries = (EXAMPLE / "queries.graphql").read_text(encoding="utf-8")
    assert sent == {op.body for op in operations_of(queries, "op")}


@pytest.fixture
def only_listed() -> bool:
    return False


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, only_listed: bool) -> Settings:
    """Production; with ``only_listed``, running only the example's operations, listed as
    `wushe operations add examples/district_volunteers/queries.graphql` lists them."""
    if not only_listed:
        return settings.model_copy(update={"env": "production", "rate_limit_per_minute": 0})
    queries = (EXAMPLE / "queries.graphql").read_text(encoding="utf-8")
    write_list(tmp_path / "operations.json", {op.id: op for op in operations_of(queries, "op")})
    return settings.model_copy(update={"env": "production", "rate_limit_per_minute": 0,
                                       "persisted_operations": str(tmp_path / "operations.json"),
                                       "persisted_operations_only": True})


@pytest.fixture
def district_client(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(EXAMPLE))
    import district_client

    return district_client


@pytest.mark.parametrize("only_listed", [False, True])
async def test_the_documented_example_pages_through_a_districts_volunteers(platform, app, client, admin_token,
                                                                          district_client, only_listed):
    await filled(platform, fill_demo_data, volunteers=300, organizations=20, workers=20)
    module = types.ModuleType("clients_doc_example")
    exec(compile(documented_example(), "docs/clients.md", "exec"), module.__dict__)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {admin_token}"}  # on the HTTP client: the generated one reads them there
    async with httpx.AsyncClient(transport=transport, base_url="http://wushe.test", headers=headers) as http:
        typed = district_client.Client(url="http://wushe.test/graphql", http_client=http)
        found = await module.district_volunteers(typed, DISTRICT, page=7)
        first = await typed.node(id=found[0][0])
        assert (first.node.typename__, first.node.id, first.node.name) == ("Volunteer", *found[0])
        with pytest.raises(district_client.exceptions.GraphQLClientGraphQLMultiError, match="no region at path 'nowhere'"):
            await module.district_volunteers(typed, "nowhere")
        if only_listed:
            response = await typed.execute('{ region(path: "chongqing") { name } }')
            with pytest.raises(district_client.exceptions.GraphQLClientGraphQLMultiError, match="registered operations"):
                typed.get_data(response)
    expected = await graphql(client, '{ region(path: "%s") { volunteers(first: 500) { totalCount nodes { id name } } } }'
                             % DISTRICT, token=admin_token) if not only_listed else None
    if expected is not None:
        volunteers = expected["data"]["region"]["volunteers"]
        assert found == [(n["id"], n["name"]) for n in volunteers["nodes"]]
        assert len(found) == volunteers["totalCount"] > 7
    else:
        assert len(found) > 7 and len({id_ for id_, _ in found}) == len(found)
