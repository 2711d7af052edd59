"""A pytest plugin for wushe and for plugin authors (registered through ``pytest11``).

Fixtures build a fresh platform and database for every test: ``database_url`` (SQLite in the
test's own folder, and PostgreSQL too when ``WUSHE_TEST_DATABASE_URL`` is set, each test in a
database of its own on that server; the URL connects as the owner), ``app_database_url`` (the same database as
the application's role: on PostgreSQL one that owns nothing), ``platform`` (initialised as the
owner, running as the application's role: tenants, regions, ``admin``; a copy of a database
initialised once per process for the same plugins and settings), ``app``, ``client`` and
``admin_token``. :func:`settings_for_database` gives the same settings for a database a test made
itself. :func:`graphql` posts a query and returns the JSON answer. :func:`schema_differences` lists
how the models differ from the migrated schema (empty when every table has its migration).
"""

import contextlib
import functools
import gc
import os
import types
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import select

from core import clock, db, migrations
from core.access.vocabulary import PolicyLine, parse_permission
from core.config import Settings
from core.db import tenancy
from core.migrations import compare
from core.models import Tenant, User
from core.platform import Platform
from core.plugins.declarations import RoleDecl
from core.plugins.hookspecs import hookimpl
from core.testing.databases import initialise, postgres_database
from core.tree.tiers import Tier
from core.web.app import create_app
from core.web.graphql.ids import parse_id

TEST_DATABASE_ENV = "WUSHE_TEST_DATABASE_URL"
TEST_POOL = {"database_pool_size": 5, "database_max_overflow": 10}
"""The connections a test platform may open (a server's default is 20 + 10)."""
APP_ROLE = "wushe_test_app"
"""The application's role on the test PostgreSQL server: created once, shared, owns nothing."""


def _backends() -> list[Any]:
    params: list[Any] = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get(TEST_DATABASE_ENV):
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql))
    return params


ONCE = "once"
"""The marker of a heavy test whose subject is not the database (a browser, processes, servers): it runs
against one database only, PostgreSQL when ``WUSHE_TEST_DATABASE_URL`` is set, else SQLite."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs against the PostgreSQL server of WUSHE_TEST_DATABASE_URL")
    config.addinivalue_line("markers", f"{ONCE}: a heavy test whose subject is not the database: run against one "
                                       "database only, PostgreSQL when WUSHE_TEST_DATABASE_URL is set, else SQLite")
    # A run keeps the day it started on. Test modules compute days when imported (a TODAY, a TOMORROW in
    # parameters) while the platform asks its clock at each call: a run of the core's suite that crossed
    # midnight failed 18 tests. A test that moves the day sets WUSHE_TODAY itself; one set before the
    # run holds for all of it.
    os.environ.setdefault(clock.VARIABLE, clock.today().isoformat())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With PostgreSQL configured, a test marked :data:`ONCE` runs against it alone: its SQLite case is
    deselected (pytest reports it so)."""
    if not os.environ.get(TEST_DATABASE_ENV):
        return
    twice = [item for item in items if item.get_closest_marker(ONCE) is not None and _backend_of(item) == "sqlite"]
    if twice:
        config.hook.pytest_deselected(items=twice)
        dropped = set(twice)
        items[:] = [item for item in items if item not in dropped]


TEST_GC_THRESHOLD = (20_000, 20, 20)
"""The garbage collector's thresholds while a test's body runs. A test process holds far more than a
worker (every test's platform and app until collected, the schema, hypothesis), so each full
collection walks ~0.4 s of objects; with the thresholds a server uses (``gc_threshold``, which each
app's start-up sets) ``tests/graphql`` on SQLite spent 33 of its 188 s in 85 of them. With these,
37 collections and 12 s, 166 s in all, the same peak memory (docs/benchmarks.md)."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    gc.set_threshold(*TEST_GC_THRESHOLD)  # after the fixtures' start-ups, which set a server's
    return (yield)


def _backend_of(item: pytest.Item) -> str | None:
    """The database a test's case runs against (``database_url``'s parameter), if it takes one."""
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("database_url") if callspec is not None else None


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a new database on the test PostgreSQL server. A test of
    ``platform`` gets that database as the platform's copy of an initialised one, made when the
    platform is, not before (a fixture of the test's own that connects before ``platform`` is made
    should ask for ``platform`` first)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wushe.db'}"
        return
    yield from postgres_database(os.environ[TEST_DATABASE_ENV], copied="platform" in request.fixturenames)


@pytest.fixture
def app_database_url(database_url: str) -> str:
    """The database of ``database_url`` as the application connects to it: on PostgreSQL as
    :data:`APP_ROLE`, which ``wushe init`` (run as the owner) grants its rights."""
    return application_url(database_url)


def application_url(database_url: str) -> str:
    """``database_url`` (the owner's) as the application's role: :data:`APP_ROLE` on PostgreSQL."""
    if not database_url.startswith("postgresql"):
        return database_url

    url = make_url(database_url)
    _create_app_role(url.set(database="postgres", query={}).render_as_string(hide_password=False))
    return url.set(username=APP_ROLE, password=APP_ROLE).render_as_string(hide_password=False)


@functools.cache
def _create_app_role(dsn: str) -> None:
    """Create the shared application role once per process; several processes may race."""

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(
            f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_ROLE}' NOSUPERUSER NOCREATEDB NOCREATEROLE; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )


def settings_for_database(database_url: str, **changes: Any) -> Settings:
    """Settings for a test database (development mode unless changed): the platform runs as the
    application's role and ``init`` works as the owner of ``database_url``, as in production."""

    app_url = application_url(database_url)
    owner = database_url if app_url != database_url else None
    # A smaller pool than a server's: two test processes, each with a few platforms open, stay well
    # inside PostgreSQL's 100 connections.
    values: dict[str, Any] = {"env": "development", "secret_key": None, **TEST_POOL} | changes
    return Settings(database_url=app_url, owner_database_url=owner, **values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return settings_for_database(database_url)


@pytest.fixture
def extra_plugins() -> list[Any]:
    """Override to register plugin objects of your own beside the installed ones."""
    return []


@pytest.fixture
async def platform(settings: Settings, extra_plugins: list[Any]) -> AsyncIterator[Platform]:
    """An initialised platform: tables, tenants and regions of the installed plugins, ``admin``.

    ``wushe init`` runs once per process for each set of plugins and settings; each test then gets
    its own copy of that database (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on
    PostgreSQL), which is what a fresh ``init`` would have made, in a fiftieth of the time."""

    instance = Platform.create(settings, plugins=extra_plugins)
    try:
        await initialise(instance, extra_plugins)
        await instance.load_signing_key()
        yield instance
    finally:
        await instance.dispose()


@pytest.fixture
def app(platform: Platform) -> Litestar:
    return create_app(platform)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def admin_token(platform: Platform) -> str:
    return str(await platform.token_for("admin"))


@contextlib.asynccontextmanager
async def platform_wide(platform: Platform, *, begin: bool = False) -> AsyncIterator[AsyncConnection]:
    """A connection to the platform's database as its application's role, every transaction of which
    works platform-wide (row-level security's maintenance scope, :mod:`core.db.tenancy`): for a
    test's own checks in plain SQL, which a connection of ``platform.engine`` would make for nobody,
    seeing no tenant's row. ``begin``: in a transaction committed at the end (``engine.begin()``)."""
    engine = db.create_engine(platform.engine.url, poolclass=sa.NullPool)
    tenancy.scope_engine(engine, tenancy.PLATFORM)
    try:
        async with (engine.begin() if begin else engine.connect()) as connection:
            yield connection
    finally:
        await engine.dispose()


def row_id(id_: str | int) -> int:
    """The row number of an id the API gave out (a global id, docs/clients.md), or of a number."""
    return parse_id(id_, "id")


async def schema_differences(platform: Platform) -> list[str]:
    """How the loaded models (core's and the plugins' ``register_migrations`` tables) differ from
    the platform's migrated database, one line each (``wushe migrate check``); empty when they agree."""
    async with platform.owner_engine() as owner:
        return await migrations.on(owner, compare.differences, platform.branches)


async def graphql(
    client: AsyncTestClient[Litestar], query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
) -> dict[str, Any]:
    """POST a GraphQL query; returns the decoded JSON body (``data`` and maybe ``errors``)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


ACTIVITY = """mutation($input: ActivityInput!) { createActivity(input: $input) { result { id } errors { field message } } }"""


async def activity(client: AsyncTestClient[Litestar], token: str, region: str, held_on: str = "2024-01-01",
                   **fields: Any) -> str:
    """Create an activity at ``region`` through GraphQL (held by the office there, unless ``fields``
    name an ``organizationId``); returns its id. An entry of hours names the activity served at,
    and only its organizer records it (:mod:`core.services.hours`)."""
    data = {"title": "志愿服务活动", "heldOn": held_on, "region": region} | fields
    body = await graphql(client, ACTIVITY, {"input": data}, token=token)
    assert body["data"]["createActivity"]["errors"] == [], body
    return str(body["data"]["createActivity"]["result"]["id"])


STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id type state version dueOn data terminal }
  errors { field message code } } }"""
"""The ``transition`` mutation with the case's usual fields, as :func:`step` posts it."""


async def step(client: AsyncTestClient[Litestar], token: str, **input_: Any) -> dict[str, Any]:
    """Take a step on a case (or open one) through GraphQL; returns the payload ``{result, errors}``.
    ``input_`` is the ``TransitionInput``: ``case`` or ``type`` and ``region``, ``action``, ``data`` …"""
    body = await graphql(client, STEP, {"input": input_}, token=token)
    assert "errors" not in body, body
    return dict(body["data"]["transition"])


async def step_taken(client: AsyncTestClient[Litestar], token: str, **input_: Any) -> dict[str, Any]:
    """:func:`step`, which must succeed: returns the case (id, type, state, version, dueOn, data, terminal)."""
    payload = await step(client, token, **input_)
    assert payload["errors"] == [], payload
    return dict(payload["result"])


async def step_refused(client: AsyncTestClient[Litestar], token: str, **input_: Any) -> dict[str, str]:
    """:func:`step`, which must be refused: returns its problems as ``{field: message}``."""
    payload = await step(client, token, **input_)
    assert payload["result"] is None, payload
    return {e["field"]: e["message"] for e in payload["errors"]}


async def add_user(platform: Platform, username: str, tenant: str) -> None:
    """A user of ``tenant`` (by code), with no role yet."""


    async with db.transaction(platform.sessions) as session:
        tenant_row = (await session.exec(select(Tenant).where(Tenant.code == tenant))).one()
        session.add(User(username=username, tenant_id=tenant_row.id))


async def create_role(
    client: AsyncTestClient[Litestar], token: str, code: str, tier: str, permissions: list[str], tenant: str | None = None,
    *, emergency_powers: bool = False,
) -> dict[str, Any]:
    """Create a tenant role through GraphQL; returns ``{result, errors}``."""
    mutation = """mutation($code: String!, $tier: Tier!, $perms: [String!]!, $t: String, $e: Boolean!) {
      createRole(code: $code, label: "测试角色", tier: $tier, permissions: $perms, tenant: $t, emergencyPowers: $e) {
        result { code permissions emergencyPowers } errors { field message code } } }"""
    variables = {"code": code, "tier": tier, "perms": permissions, "t": tenant, "e": emergency_powers}
    body = await graphql(client, mutation, variables, token=token)
    return body["data"]["createRole"]


async def user_with_role(
    platform: Platform, client: AsyncTestClient[Litestar], admin_token: str, username: str, tenant: str, role: str,
    region: str,
) -> str:
    """Create ``username`` in ``tenant``, give it ``role`` at ``region``; return a token for it."""
    await add_user(platform, username, tenant)
    mutation = """mutation($u: String!, $r: String!, $at: String!) {
      assignRole(username: $u, role: $r, region: $at) { errors { field message } } }"""
    body = await graphql(client, mutation, {"u": username, "r": role, "at": region}, token=admin_token)
    assert body["data"]["assignRole"]["errors"] == [], body
    return str(await platform.token_for(username))


def role_lines(role: RoleDecl) -> set[PolicyLine]:
    """The policy lines of a declared role, its permissions parsed."""
    return {line for permission in role.permissions for line in parse_permission(permission)}


def role_may(role: RoleDecl, resource: str, action: str, tier: Tier) -> bool:
    """Does a declared role allow ``action`` on ``resource`` for objects at ``tier``?"""
    return any(
        line.resource == resource and line.action == action and line.tier in ("*", tier.value)
        for line in role_lines(role)
    )


def plugin_module(name: str, scope: str | None, **hooks: Any) -> types.ModuleType:
    """A plugin made on the spot for a test: a module named ``name`` with ``plugin_scope`` returning
    ``scope`` and each ``register_…=value`` hook returning ``value`` (give it to ``extra_plugins`` or
    ``load([...])``)."""
    module = types.ModuleType(f"test_{name}")
    module.PLUGIN_NAME = name  # type: ignore[attr-defined]
    module.plugin_scope = hookimpl(lambda: scope)  # type: ignore[attr-defined]
    for hook, value in hooks.items():
        setattr(module, hook, hookimpl(lambda value=value: value))
    return module
