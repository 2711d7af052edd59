"""Read replicas (``WUSHE_DATABASE_READ_URL``, docs/scaling.md) without a standby: the setting's
refusals, which requests count as reads, routing and row-level security on the read pool (here a
second pool on the same database, whose connections are read-only as a standby's are), and a replica
that is down. tests/test_read_replica_standby.py does the same against a real streaming standby."""

import pytest
import sqlalchemy as sa
from graphql import parse
from litestar.testing import AsyncTestClient
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlmodel import select
from strawberry.http import GraphQLRequestData

from core.access import tokens
from core.config import Settings
from core.db import tenancy
from core.models import Region
from core.platform import Platform
from core.testing import activity, graphql, settings_for_database, user_with_role
from core.testing.databases import initialise
from core.web.app import create_app
from core.web.graphql.limits import DocumentCache
from core.web.graphql.reads import only_queries
from tests.servers import free_port

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
ACTIVITY = "query($id: ID!) { activity(id: $id) { title } }"
VOLUNTEER = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""


def test_the_setting_is_refused_on_sqlite_and_when_it_is_the_primary():
    with pytest.raises(ValidationError, match="database_read_url: read replicas are for PostgreSQL only"):
        Settings(database_url="sqlite:///x.db", database_read_url="postgresql://app@127.0.0.1:5433/wushe")
    with pytest.raises(ValidationError, match="database_read_url: read replicas are for PostgreSQL only"):
        Settings(database_url="postgresql://app@127.0.0.1:5432/wushe", database_read_url="sqlite:///x.db")
    with pytest.raises(ValidationError, match="database_read_url: it is database_url itself"):
        Settings(database_url="postgresql://app@127.0.0.1:5432/wushe",
                 database_read_url="postgresql+psycopg://app@127.0.0.1:5432/wushe")
    with pytest.raises(ValidationError, match="database_read_url: not a database URL"):
        Settings(database_url="postgresql://app@127.0.0.1:5432/wushe", database_read_url="replica:5433")
    with pytest.raises(ValidationError, match="database_read_url: connect as the application's role, the user of "
                                              "database_url \\('app'\\), not 'postgres'"):
        Settings(database_url="postgresql://app@127.0.0.1:5432/wushe",
                 database_read_url="postgresql://postgres@10.0.0.2:5432/wushe")
    replica = Settings(database_url="postgresql://app@127.0.0.1:5432/wushe",
                       database_read_url="postgresql://app@10.0.0.2:5432/wushe")
    assert replica.database_read_url == "postgresql://app@10.0.0.2:5432/wushe"


def _requests(*operations: tuple[str, str | None]) -> list[GraphQLRequestData]:
    return [GraphQLRequestData(query=query, variables=None, operation_name=name, extensions=None,
                               protocol="http")
            for query, name in operations]


def test_only_a_request_of_queries_alone_is_a_read():
    documents = DocumentCache(0)
    read = "query A { regions { path } }"
    write = 'mutation B { logout { ok } }'
    both = f"{read} {write}"
    assert only_queries(_requests((read, None)), documents, 5000)
    assert only_queries(_requests(("{ viewer { username } }", None)), documents, 5000)  # the shorthand is a query
    assert only_queries(_requests((both, "A")), documents, 5000)
    assert not only_queries(_requests((both, "B")), documents, 5000)
    assert not only_queries(_requests((both, None)), documents, 5000)  # ambiguous: the schema refuses it, on the primary
    assert not only_queries(_requests((write, None)), documents, 5000)
    assert not only_queries(_requests(("subscription { inbox { id } }", None)), documents, 5000)
    assert not only_queries(_requests((read, None), (write, None)), documents, 5000)  # a batch with one write
    assert only_queries(_requests((read, None), ("{ viewer { username } }", None)), documents, 5000)
    assert not only_queries(_requests(("query {", None)), documents, 5000)  # does not parse
    assert not only_queries(_requests(("{ a b c }", None)), documents, 2)  # over the token limit
    assert not only_queries([], documents, 5000)
    kept = DocumentCache(1 << 20)
    kept.add(read, parse(read))
    assert only_queries(_requests((read, None)), kept, 5000)


@pytest.fixture
def settings(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("read replicas are PostgreSQL's: WUSHE_DATABASE_READ_URL is refused on SQLite")
    primary = settings_for_database(database_url)
    # the same database through a second pool, as a replica is reached: its connections read-only
    replica = make_url(primary.database_url).update_query_dict({"application_name": "wushe_replica"})
    return settings_for_database(database_url, database_read_url=replica.render_as_string(hide_password=False))


def watch(engine) -> list[str]:
    """The statements run on ``engine`` from now on."""
    seen: list[str] = []
    sa.event.listen(engine.sync_engine, "before_cursor_execute",
                    lambda _c, _cur, statement, *_: seen.append(" ".join(statement.split())))
    return seen


async def test_a_query_is_read_from_the_replica_and_a_mutation_written_on_the_primary(platform, client, admin_token):
    token = await user_with_role(platform, client, admin_token, "replica_reader", "chongqing", "tenant_admin",
                                 "chongqing")
    read, written = watch(platform.reader), watch(platform.engine)
    held = await activity(client, token, COMMUNITY)
    assert any(s.startswith("INSERT INTO activity") for s in written)
    assert read == []
    written.clear()

    body = await graphql(client, ACTIVITY, {"id": held}, token=token)
    assert body["data"]["activity"]["title"] == "志愿服务活动"
    assert any("FROM activity" in s for s in read)
    assert any("set_config('wushe.tenant'" in s for s in read)  # the tenant set in the replica's transaction
    assert not any("FROM activity" in s for s in written)
    assert any("wushe_principal" in s for s in written)  # the token checked on the primary

    read.clear()
    batch = await client.post("/graphql", json=[{"query": ACTIVITY, "variables": {"id": held}},
                                                {"query": "mutation { logout { ok } }"}],
                              headers={"Authorization": f"Bearer {token}"})
    assert batch.status_code == 200, batch.text
    assert read == []  # a batch with a mutation stays on the primary, queries and all
    assert "wushe_db_read_pool_checked_out 0.0" in (await client.get("/metrics")).text  # every connection given back


async def test_a_full_personal_value_read_from_the_replica_is_audited_on_the_primary(platform, client, admin_token):
    made = await graphql(client, VOLUNTEER, {"input": {
        "name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05", "idNumber": "11010519491231002X",
        "region": COMMUNITY}}, token=admin_token)
    assert made["data"]["createVolunteer"]["errors"] == [], made
    read, written = watch(platform.reader), watch(platform.engine)
    body = await graphql(client, "query($id: ID!) { volunteer(id: $id) { idNumber } }",
                         {"id": made["data"]["createVolunteer"]["result"]["id"]}, token=admin_token)
    assert body["data"]["volunteer"]["idNumber"] == "11010519491231002X"
    assert any("FROM volunteer" in s for s in read) and not any("FROM volunteer" in s for s in written)
    assert any(s.startswith("INSERT INTO audit_event") for s in written)  # committed before the value was returned
    assert not any(s.startswith("INSERT") for s in read)


async def test_the_replica_s_sessions_keep_to_the_principal_s_tenant_and_write_nothing(platform, client, admin_token):
    token = await user_with_role(platform, client, admin_token, "replica_scope", "chongqing", "tenant_admin",
                                 "chongqing")
    async with platform.session_as(tenancy.NOBODY) as checking:
        principal = await tokens.principal_for(checking, platform.policies,
                                               tokens.read_token(token, platform.signing_key))
    async with platform.reads_for(principal) as session:
        regions = (await session.exec(select(Region))).all()  # no access filter: the policies alone
        assert regions and {r.tenant_id for r in regions} == {principal.tenant_id}
        assert (await session.exec(sa.text("SHOW transaction_read_only"))).scalar_one() == "on"
        with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"):
            await session.exec(sa.text("UPDATE region SET name = name"))
    async with platform.reads_for(None) as nobody:
        assert (await nobody.exec(select(Region))).all() == []


async def test_a_replica_that_is_down_answers_queries_503_and_leaves_mutations_alone(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("read replicas are PostgreSQL's: WUSHE_DATABASE_READ_URL is refused on SQLite")
    primary = make_url(settings_for_database(database_url).database_url)
    down = primary.set(port=free_port()).render_as_string(hide_password=False)  # nothing listens there
    platform = Platform.create(settings_for_database(database_url, database_read_url=down))
    try:
        await initialise(platform)
        await platform.load_signing_key()
        async with AsyncTestClient(app=create_app(platform)) as client:
            token = await platform.token_for("admin")
            held = await activity(client, token, COMMUNITY)  # written on the primary
            answer = await client.post("/graphql", json={"query": ACTIVITY, "variables": {"id": held}},
                                       headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 503, answer.text
            assert answer.headers["Retry-After"] == "1"
            (error,) = answer.json()["errors"]
            assert error["extensions"] == {"code": "DATABASE_UNAVAILABLE", "retryable": True}
            await activity(client, token, COMMUNITY)  # writing still works
    finally:
        await platform.dispose()
