"""What an operator watches (#15 item 3, core.web.observability): readiness, request ids, one log
line per request without personal data, Prometheus metrics."""

import logging
import re

import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient

from core import db
from core.platform import Platform
from core.testing import graphql
from core.web import observability
from core.web.app import create_app

DASHBOARD = "query Dashboard($path: String!) { region(path: $path) { name } }"


async def test_ready_when_the_database_answers_and_is_at_the_release_heads(client):
    answer = await client.get("/ready")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready"}


async def test_not_ready_when_the_schema_is_behind_the_release(platform: Platform, client):
    async with platform.owner_engine() as owner, owner.begin() as connection:
        await connection.execute(sa.text("DELETE FROM alembic_version"))
    answer = await client.get("/ready")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "not ready"
    assert body["problems"][0].startswith("migrations: the database at ")


async def test_not_ready_when_the_database_cannot_be_reached(platform: Platform, client, tmp_path):
    unreachable = db.create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'wushe.db'}")
    kept, platform.keeper = platform.keeper, unreachable
    try:
        answer = await client.get("/ready")
    finally:
        platform.keeper = kept
        await unreachable.dispose()
    assert answer.status_code == 503
    assert answer.json()["problems"] == ["database: cannot be reached (OperationalError)"]


async def test_a_request_id_is_kept_when_plain_and_made_otherwise(client):
    given = await client.get("/health", headers={"X-Request-ID": "lb-1234.abc_9"})
    assert given.headers["x-request-id"] == "lb-1234.abc_9"
    for header in ({}, {"X-Request-ID": "has spaces"}, {"X-Request-ID": "x" * 65}):
        made = await client.get("/health", headers=header)
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])


async def test_one_log_line_per_request_with_its_id_operation_and_user_id_never_personal_data(
    client, admin_token, platform: Platform, caplog
):
    caplog.set_level(logging.INFO, logger="wushe.access")
    secret_path = "chongqing/13800138000"  # a phone number as a variable must never reach the log
    answer = await client.post("/graphql", json={"query": DASHBOARD, "variables": {"path": secret_path}},
                               headers={"Authorization": f"Bearer {admin_token}", "X-Request-ID": "req-42"})
    assert answer.status_code == 200
    lines = [r for r in caplog.records if r.name == "wushe.access"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.route, line.status, line.operation) == ("POST", "/graphql", 200, "Dashboard")
    async with platform.sessions() as session:
        admin = await platform.principal(session, "admin")
    assert isinstance(line.user_id, int) and line.user_id == admin.user_id
    assert observability.RequestIdFilter().filter(line) and line.request_id == "-"  # outside the request now
    everything = f"{line.getMessage()} {line.__dict__}"
    assert "13800138000" not in everything and "admin" not in everything and admin_token not in everything


async def test_a_refused_request_is_logged_and_counted_with_its_status(client, caplog):
    caplog.set_level(logging.INFO, logger="wushe.access")
    answer = await client.post("/graphql", json={"query": "{ me { username } }"})
    assert answer.status_code == 401
    assert [r.status for r in caplog.records if r.name == "wushe.access"] == [401]
    text = (await client.get("/metrics")).text
    assert _sample(text, "wushe_http_requests_total", method="POST", route="/graphql", status="401") == 1


async def test_log_lines_written_during_a_request_carry_its_id(client, caplog):
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.request_id)  # type: ignore[attr-defined]

    handler = Keep()
    handler.addFilter(observability.RequestIdFilter())
    access = logging.getLogger("wushe.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        await client.get("/health", headers={"X-Request-ID": "probe-7"})
    finally:
        access.removeHandler(handler)
    assert seen == ["probe-7"]


def _sample(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{"):
            found = ",".join(sorted(line[line.index("{") + 1:line.index("}")].split(",")))
            if found == wanted:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_metrics_count_requests_operations_and_the_pool(client, admin_token):
    for _ in range(3):
        await client.post("/graphql", json={"query": DASHBOARD, "variables": {"path": "chongqing"}},
                          headers={"Authorization": f"Bearer {admin_token}"})
    await client.post("/graphql", json={"query": "query Broken { nosuchfield }"},
                      headers={"Authorization": f"Bearer {admin_token}"})
    await client.post("/graphql", json={"query": "query {"}, headers={"Authorization": f"Bearer {admin_token}"})
    text = (await client.get("/metrics")).text
    assert _sample(text, "wushe_graphql_operations_total", operation="unparsed", outcome="error") == 1
    assert _sample(text, "wushe_http_requests_total", method="POST", route="/graphql", status="200") == 5
    assert _sample(text, "wushe_graphql_operations_total", operation="Dashboard", outcome="ok") == 3
    assert _sample(text, "wushe_graphql_operations_total", operation="Broken", outcome="error") == 1
    assert _sample(text, "wushe_http_request_duration_seconds_count", method="POST", route="/graphql") == 5
    assert "wushe_db_pool_size " in text and "wushe_summary_write_seconds " in text


async def test_summary_maintenance_is_counted(client, admin_token):
    create = """mutation { createVolunteer(input: {name: "王芳", region: "chongqing/qianjiang/zhengyang/chaoyang"}) {
      result { id } errors { field message } } }"""
    answer = await graphql(client, create, token=admin_token)
    assert answer["data"]["createVolunteer"]["errors"] == [], answer
    text = (await client.get("/metrics")).text
    writes = [line for line in text.splitlines() if line.startswith("wushe_summary_writes ")]
    assert writes and float(writes[0].split()[1]) >= 1


async def test_operation_names_past_the_cap_count_as_other(client, admin_token, monkeypatch):
    monkeypatch.setattr(observability, "MAX_OPERATION_NAMES", 2)
    for name in ("One", "Two", "Three", "Four"):
        await client.post("/graphql", json={"query": f"query {name} {{ __typename }}"},
                          headers={"Authorization": f"Bearer {admin_token}"})
    text = (await client.get("/metrics")).text
    assert _sample(text, "wushe_graphql_operations_total", operation="Two", outcome="ok") == 1
    assert _sample(text, "wushe_graphql_operations_total", operation="other", outcome="ok") == 2
    assert 'operation="Three"' not in text


@pytest.mark.parametrize("metrics_token", ["s3cret-scrape"])
async def test_a_metrics_token_guards_the_scrape_and_probes_pass_the_rate_limit(platform: Platform, metrics_token):
    platform.settings = platform.settings.model_copy(update={"metrics_token": metrics_token, "rate_limit_per_minute": 1})
    async with AsyncTestClient(app=create_app(platform)) as client:
        assert (await client.get("/metrics")).status_code == 401
        assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 401
        for _ in range(3):  # over the limit of 1 a minute, still answered
            assert (await client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})).status_code == 200
            assert (await client.get("/ready")).status_code == 200
        assert (await client.post("/graphql", json={"query": "{ __typename }"})).status_code in (401, 429)


async def test_metrics_can_be_turned_off(platform: Platform):
    platform.settings = platform.settings.model_copy(update={"metrics": False})
    async with AsyncTestClient(app=create_app(platform)) as client:
        assert (await client.get("/metrics")).status_code == 404
