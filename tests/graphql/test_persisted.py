"""Persisted operations through the real HTTP app (docs/clients.md): operations by their SHA-256
hash (Apollo's automatic persisted queries), and a production server that runs registered
operations only, which neither GET nor a batch gets round."""

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from core.config import Settings
from core.errors import StartupError
from core.models import Volunteer
from core.platform import Platform
from core.web.app import create_app
from core.web.graphql.persisted import NOT_LISTED_MESSAGE, operations_of, sha256, write_list

REGION = "query Region($path: String!) { region(path: $path) { name tier } }"
LOGIN = "mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
UNLISTED = '{ region(path: "chongqing") { name } }'
CREATE = 'mutation { createVolunteer(input: {name: "未登记", region: "chongqing/qianjiang/zhengyang/chaoyang"}) { result { id } } }'
PATH = {"path": "chongqing/qianjiang"}
ANSWER = {"data": {"region": {"name": "黔江区", "tier": "DISTRICT"}}}


def listed(text: str) -> tuple[str, str]:
    """The body and hash of the one operation of ``text`` as the list keeps it."""
    operation = operations_of(text, "op")[0]
    return operation.body, operation.id


def by_hash(text: str, **more: Any) -> dict[str, Any]:
    _, hash_ = listed(text)
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash_}}, **more}


@pytest.fixture
def only_listed() -> bool:
    return True


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, only_listed: bool) -> Settings:
    """Production, with a list of two operations; only those run unless ``only_listed`` is False."""
    operations = {op.id: op for text in (REGION, LOGIN) for op in operations_of(text, "op")}
    write_list(tmp_path / "operations.json", operations)
    return settings.model_copy(update={"env": "production", "rate_limit_per_minute": 0,
                                       "persisted_operations": str(tmp_path / "operations.json"),
                                       "persisted_operations_only": only_listed})


async def post(client: Any, payload: Any, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json=payload, headers=headers)
    return response.status_code, response.json() if response.headers.get("content-type", "").startswith("application/json") else response.text


def code(answer: dict[str, Any]) -> str:
    return str(answer["errors"][0]["extensions"]["code"])


async def test_a_listed_operation_runs_by_its_hash_or_its_text(client, admin_token):
    assert await post(client, by_hash(REGION, variables=PATH), admin_token) == (200, ANSWER)
    body, _ = listed(REGION)
    assert await post(client, {"query": body, "variables": PATH}, admin_token) == (200, ANSWER)
    assert await post(client, by_hash(REGION, query=body, variables=PATH), admin_token) == (200, ANSWER)


async def test_a_listed_operation_written_otherwise_runs(client, admin_token):
    """Other spaces, line breaks, commas and comments: the same document, as a generated client's
    indented strings are; not listed by hash, so it cannot be sent by hash alone."""
    written = "\n    # the district\n    query Region($path: String!) {\n      region(path: $path) { name, tier }\n    }\n"
    assert await post(client, {"query": written, "variables": PATH}, admin_token) == (200, ANSWER)


async def test_an_unlisted_document_is_refused_and_nothing_runs(platform, client, admin_token):
    for payload in ({"query": UNLISTED}, {"query": CREATE}, {"query": REGION.replace("tier", "tier path"), "variables": PATH}):
        status, answer = await post(client, payload, admin_token)
        assert status == 200 and answer["data"] is None and code(answer) == "OPERATION_NOT_LISTED", answer
        assert answer["errors"][0]["message"] == NOT_LISTED_MESSAGE
    async with platform.sessions() as session:
        assert (await session.exec(select(func.count()).select_from(Volunteer))).one() == 0


async def test_a_hash_without_its_document_is_persisted_query_not_found(client, admin_token):
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(UNLISTED)}}}
    status, answer = await post(client, unknown, admin_token)
    assert status == 200
    assert answer == {"data": None, "errors": [{"message": "PersistedQueryNotFound",
                                                 "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
    # the text sent with it does not get it listed
    status, answer = await post(client, {**unknown, "query": UNLISTED}, admin_token)
    assert code(answer) == "OPERATION_NOT_LISTED"
    assert code((await post(client, unknown, admin_token))[1]) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_hash_must_be_the_texts_and_well_formed(client, admin_token):
    status, answer = await post(client, by_hash(REGION, query=UNLISTED), admin_token)
    assert code(answer) == "PERSISTED_QUERY_HASH_MISMATCH"
    for extension in ({"version": 2, "sha256Hash": listed(REGION)[1]}, {"version": 1, "sha256Hash": "abc"},
                      {"version": 1}, "x"):
        status, answer = await post(client, {"extensions": {"persistedQuery": extension}}, admin_token)
        assert status == 200 and code(answer) == "PERSISTED_QUERY_INVALID", answer


async def test_a_batch_runs_its_listed_operations_and_refuses_the_others(client, admin_token):
    batch = [by_hash(REGION, variables=PATH), {"query": UNLISTED}, {"query": CREATE},
             {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(CREATE)}}}]
    status, answers = await post(client, batch, admin_token)
    assert status == 200
    assert answers[0] == ANSWER
    assert [code(a) for a in answers[1:]] == ["OPERATION_NOT_LISTED", "OPERATION_NOT_LISTED", "PERSISTED_QUERY_NOT_FOUND"]


async def test_a_batch_of_password_checks_by_hash_is_refused_as_by_text(client, admin_token):
    login = by_hash(LOGIN, variables={"u": "admin", "p": "wrong"})
    status, answer = await post(client, [login, login], admin_token)
    assert status == 400 and "at most one password" in str(answer), answer


async def test_get_runs_nothing(client, admin_token):
    headers = {"Authorization": f"Bearer {admin_token}"}
    body, hash_ = listed(REGION)
    for params in ({"query": UNLISTED}, {"query": body, "variables": json.dumps(PATH)},
                   {"extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": hash_}}),
                    "variables": json.dumps(PATH)}):
        response = await client.get("/graphql", params=params, headers=headers)
        assert "黔江区" not in response.text and "重庆" not in response.text
        if response.status_code == 200:  # refused before the operation's type is looked at
            assert response.json()["data"] is None and code(response.json()) == "OPERATION_NOT_LISTED"
        else:  # the listed query: no query runs on GET (Strawberry answers 404 when queries by GET are off)
            assert response.status_code in {400, 404, 405}, response.text


@pytest.mark.parametrize("only_listed", [False])
async def test_without_the_only_setting_clients_register_documents_by_the_protocol(client, admin_token):
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(UNLISTED)}}}
    assert code((await post(client, unknown, admin_token))[1]) == "PERSISTED_QUERY_NOT_FOUND"
    answer = {"data": {"region": {"name": "重庆市"}}}
    assert await post(client, {**unknown, "query": UNLISTED}, admin_token) == (200, answer)
    assert await post(client, unknown, admin_token) == (200, answer)  # remembered
    assert await post(client, by_hash(REGION, variables=PATH), admin_token) == (200, ANSWER)  # listed
    assert (await post(client, {"query": "{ region(path: \"chongqing\") { name } }"}, admin_token))[0] == 200
    # a document that does not validate is not remembered
    bad = "{ region(path: \"chongqing\") { nonsense } }"
    hashed = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(bad)}}}
    refused = (await post(client, {**hashed, "query": bad}, admin_token))[1]
    assert refused["data"] is None and "Cannot query field 'nonsense'" in refused["errors"][0]["message"]
    assert code((await post(client, hashed, admin_token))[1]) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_listed_operation_the_schema_refuses_stops_the_start(platform, tmp_path):
    bad = {op.id: op for op in operations_of("query Old { region(path: \"x\") { population } }", "op")}
    write_list(tmp_path / "old.json", bad)
    settings = platform.settings.model_copy(update={"persisted_operations": str(tmp_path / "old.json")})
    with pytest.raises(StartupError, match=r"operation 'Old' .* does not run on this schema: Cannot query field 'population'"):
        create_app(Platform.create(settings))
    (tmp_path / "broken.json").write_text('{"format": "apollo-persisted-query-manifest", "version": 1, "operations": '
                                          '[{"id": "0", "name": "X", "type": "query", "body": "{ me { username } }"}]}')
    settings = platform.settings.model_copy(update={"persisted_operations": str(tmp_path / "broken.json")})
    with pytest.raises(StartupError, match="operation 'X': its id is not the SHA-256 of its body"):
        create_app(Platform.create(settings))


def test_only_listed_needs_a_list():
    with pytest.raises(ValueError, match="name the list of operations in WUSHE_PERSISTED_OPERATIONS"):
        Settings(persisted_operations_only=True)
