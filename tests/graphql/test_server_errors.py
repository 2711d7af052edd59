"""An error anywhere in a query is a GraphQL error, never an HTTP 500: the request's session is
closed only when no resolver or DataLoader uses it any more (issue #9, break 7)."""

import asyncio

import pytest

from core.testing.databases import initialise
from core.web.graphql.context import Context
from core.web.graphql.session import RequestFinished, SessionLock

REGION = "tianjin/heping"


async def post(client, query, token, variables=None):
    return await client.post("/graphql", json={"query": query, "variables": variables or {}},
                             headers={"Authorization": f"Bearer {token}"})


async def test_a_failing_field_beside_a_running_dataloader_is_a_graphql_error(client, admin_token):
    query = '{ region(path: "%s") { children { counts { volunteers } } volunteers(first: 1, after: "") { totalCount } } }'
    response = await post(client, query % REGION, admin_token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] == {"region": None}
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}


@pytest.mark.parametrize("failing", [
    'volunteers(first: 1, after: "x") { totalCount }',
    'socialWorkers(first: 1, after: "") { totalCount }',
    'volunteerTeams(first: 1, after: "!") { totalCount }',
])
async def test_every_sibling_loader_shape_survives_an_error(client, admin_token, failing):
    """Children, counts, indicators and lookups by id all loading while a sibling fails."""
    query = """{ region(path: "%s") {
      children { counts { volunteers communities } children { counts { socialWorkers } name } }
      counts { volunteerTeams } %s } a: region(path: "%s") { children { name } } }""" % (REGION, failing, REGION)
    for _ in range(5):  # the failure lands at different moments of the loaders' work
        response = await post(client, query, admin_token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["data"]["region"] is None and body["data"]["a"]["children"]
        assert [e["path"][0] for e in body["errors"]] == ["region"]


async def test_the_session_lock_refuses_work_once_the_request_is_over():
    used = []

    class Session:
        async def exec(self, statement):
            await asyncio.sleep(0.01)
            used.append(statement)

        async def close(self):
            used.append("closed")

        def in_transaction(self):  # core.db.closing asks before it closes: none open, nothing to commit
            return False

    lock = SessionLock()
    context = Context(platform=None, principal=None, session=Session(), lock=lock, loaders=None)
    running = asyncio.ensure_future(context.exec("first"))
    await asyncio.sleep(0)  # "first" holds the lock, mid-statement
    await lock.close(context.session)
    assert used == ["first", "closed"]  # the session was closed after the statement, not under it
    await running
    with pytest.raises(RequestFinished):
        await context.exec("late")
    assert used == ["first", "closed"]


# --- no Python exception text to clients (break 11) ------------------------------------------

CHECK = """query($s: String!, $d: JSON) { checkRules(subject: $s, data: $d, region: "chongqing/qianjiang/zhengyang/chaoyang") {
  key passed message } }"""
PYTHON_WORDS = ("object has no attribute", "NoneType", "Traceback", "dictionary update", "not subscriptable",
                "not iterable", "unhashable", "Error:")


@pytest.mark.parametrize(("subject", "data", "field"), [
    ("form:chongqing_consultation_record", {"participants": ["居民代表"]}, "data.participants.0"),
    ("form:chongqing_project_list", {"items": "x"}, "data.items"),
    ("form:chongqing_volunteer_record_spot_check", {"samples": [7], "rectification": "x"}, "data.rectification"),
    ("form:chongqing_project_list", ["x"], "data"),
    ("form:chongqing_project_list", "x", "data"),
])
async def test_rules_given_data_of_the_wrong_shape_answer_with_a_field_error(client, admin_token, subject, data, field):
    body = (await post(client, CHECK, admin_token, {"s": subject, "d": data})).json()
    assert not any(word in str(body) for word in PYTHON_WORDS), body
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["field"] == field, error


async def test_a_rule_that_breaks_says_so_without_its_exception(platform, caplog):
    from core.documents.rules import BROKEN, RuleContext, run_rules

    class Rule:
        key, label, message, advisory, source, subject = "broken", "坏规则", "不符合", False, "测试", "form:x"

        @staticmethod
        def check(record, context):
            return record["missing"].get("x")

    class Declared:
        item, plugin = Rule, "test"

    [result] = await run_rules([Declared], {}, RuleContext(session=None, principal=None, tenant=None, region=None))
    assert not result.passed
    assert result.message == BROKEN and "missing" not in result.message
    assert "KeyError" in caplog.text  # the reason is in the server's log


# --- logs: a client's mistake is one line, a fault a traceback (break 13) -------------------

def server_lines(caplog) -> list[str]:
    """What the server logged (the test client's own httpx lines and the access line every request
    writes left out), one entry per line."""
    lines = []
    for record in caplog.records:
        if record.name.startswith("httpx") or record.name == "wushe.access":
            continue
        lines.extend(caplog.handler.format(record).splitlines())
    return lines


async def test_an_enumeration_of_lookups_logs_a_line_each_and_no_traceback(client, admin_token, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="strawberry")
    caplog.set_level(logging.INFO, logger="core")
    caplog.clear()
    for number in range(50):
        body = (await post(client, '{ volunteer(id: "%d") { name } }' % (900_000 + number), admin_token)).json()
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    lines = server_lines(caplog)
    assert len(lines) <= 50, lines[:40]
    assert not any("Traceback" in line for line in lines)
    assert "NOT_FOUND at volunteer: no Volunteer with id 900049" in lines[-1]


@pytest.mark.parametrize("query", [
    '{ region(path: "nowhere/at/all") { name } }',  # not found
    '{ region(path: "tianjin") { nmae } }',  # validation
    '{ region(path: "tianjin") { volunteers(first: 1, after: "x") { totalCount } } }',  # a field error
    'mutation { dispatch(resource: VOLUNTEER, ids: ["1"], task: "t", region: "nowhere") { errors { field } } }',  # payload
])
async def test_expected_errors_log_at_most_one_line(client, admin_token, caplog, query):
    import logging

    caplog.set_level(logging.DEBUG, logger="strawberry")
    caplog.set_level(logging.INFO, logger="core")
    caplog.clear()
    response = await post(client, query, admin_token)
    assert response.status_code == 200
    lines = server_lines(caplog)
    assert len(lines) <= 1 and not any("Traceback" in line for line in lines), lines


async def test_refused_requests_log_at_most_one_line(settings, caplog):
    import logging

    from litestar.testing import AsyncTestClient

    from core.platform import Platform
    from core.web.app import create_app

    platform = Platform.create(settings.model_copy(update={"rate_limit_per_minute": 2}))
    await initialise(platform)
    await platform.load_signing_key()
    try:
        async with AsyncTestClient(app=create_app(platform)) as client:
            caplog.set_level(logging.DEBUG)
            for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Bearer nope"}):
                caplog.clear()
                response = await client.post("/graphql", json={"query": "{ me { username } }"}, headers=headers)
                assert response.status_code in (401, 429)
                lines = server_lines(caplog)
                assert len(lines) <= 1 and "Traceback" not in caplog.text, lines
            assert response.status_code == 429
    finally:
        await platform.dispose()


async def test_unexpected_errors_still_log_their_traceback(client, admin_token, caplog, monkeypatch):
    import logging

    from core.web.graphql import schema

    async def broken(*args, **kwargs):
        raise RuntimeError("a fault in the server")

    monkeypatch.setattr(schema, "region_at", broken)
    caplog.set_level(logging.INFO)
    caplog.clear()
    body = (await post(client, '{ region(path: "tianjin") { name } }', admin_token)).json()
    assert body["data"] == {"region": None}
    assert "Traceback" in caplog.text and "a fault in the server" in caplog.text


async def test_an_http_500_is_logged_with_its_traceback(client, admin_token, caplog, monkeypatch):
    import logging

    from core.web.graphql import dataloaders

    def broken(self, context):
        raise RuntimeError("no loaders today")

    monkeypatch.setattr(dataloaders.Loaders, "__init__", broken)
    caplog.set_level(logging.INFO)
    caplog.clear()
    response = await post(client, "{ me { username } }", admin_token)
    assert response.status_code == 500 and "no loaders" not in response.text
    assert "Traceback" in caplog.text and "no loaders today" in caplog.text
