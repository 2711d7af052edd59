"""The rate limit shared through the database (core.web.shared_rate_limit): two apps on one database
stand for two workers; a client spreading its requests over them gets the limit once, not twice.
(tests/test_workers.py does the same with `wushe serve --workers 2`.)"""

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.exceptions import TooManyRequestsException

from core.config import Settings
from core.platform import Platform
from core.testing.databases import initialise
from core.web import rate_limit
from core.web.app import create_app, shared_rate_limit
from core.web.shared_rate_limit import SharedRateLimit
from tests.servers import free_port

ME = {"query": "{ me { username } }"}


@contextlib.asynccontextmanager
async def workers(settings: Settings, count: int, **changes: Any) -> AsyncIterator[tuple[list[Litestar], str]]:
    """``count`` apps, each with its own platform and limiter, on one initialised database (the copy of
    what ``init`` makes, as the ``platform`` fixture gets it)."""
    changes = {"rate_limit_store": "database", "workers": count, **changes}
    platforms = [Platform.create(settings.model_copy(update=changes)) for _ in range(count)]
    await initialise(platforms[0])
    for platform in platforms:
        await platform.load_signing_key()
    apps = [create_app(platform) for platform in platforms]
    try:
        yield apps, str(await platforms[0].token_for("admin"))
    finally:
        for app in apps:
            for layer in app.middleware:
                if isinstance(layer, rate_limit.RateLimit):
                    await layer.close()
        for platform in platforms:
            await platform.dispose()


def from_peer(app: Litestar, peer: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 40000)), base_url="http://wushe")


def limiter_of(app: Litestar) -> SharedRateLimit:
    found = [layer for layer in app.middleware if isinstance(layer, SharedRateLimit)]
    assert len(found) == 1, app.middleware
    return found[0]


async def test_two_workers_share_one_limit(settings):
    async with workers(settings, 2, rate_limit_per_minute=10) as (apps, token):
        headers = {"Authorization": f"Bearer {token}"}
        async with from_peer(apps[0], "198.51.100.20") as first, from_peer(apps[1], "198.51.100.20") as second:
            statuses = [(await client.post("/graphql", json=ME, headers=headers)).status_code
                        for _ in range(10) for client in (first, second)]
            assert statuses.count(200) == 10 and statuses.count(429) == 10  # alone, each would have admitted 10
            refused = await second.post("/graphql", json=ME, headers=headers)
            assert refused.status_code == 429 and refused.headers["RateLimit-Remaining"] == "0"
            # another client has a window of its own
            async with from_peer(apps[1], "198.51.100.21") as other:
                answer = await other.post("/graphql", json=ME, headers=headers)
                assert answer.status_code == 200 and answer.headers["RateLimit-Limit"] == "10"


async def test_one_worker_serves_the_whole_limit_and_claims_a_share_at_a_time(settings):
    async with workers(settings, 2, rate_limit_per_minute=40) as (apps, token):
        headers = {"Authorization": f"Bearer {token}"}
        async with from_peer(apps[0], "198.51.100.22") as client:
            statuses = [(await client.post("/graphql", json=ME, headers=headers)).status_code for _ in range(42)]
        assert statuses == [200] * 40 + [429] * 2
        limiter = limiter_of(apps[0])
        assert limiter.leases["198.51.100.22"].claimed == 40
        remaining = [int((await _post(apps[0], "198.51.100.23", headers)).headers["RateLimit-Remaining"])]
        assert remaining == [39]


async def _post(app: Litestar, peer: str, headers: dict[str, str]) -> httpx.Response:
    async with from_peer(app, peer) as client:
        return await client.post("/graphql", json=ME, headers=headers)


async def test_a_window_ends_for_every_worker_a_minute_after_it_opened(settings, monkeypatch):
    now = [2_000_000.0]
    monkeypatch.setattr(rate_limit, "clock", lambda: now[0])
    async with workers(settings, 2, rate_limit_per_minute=3) as (apps, token):
        headers = {"Authorization": f"Bearer {token}"}
        peer = "198.51.100.24"
        assert [(await _post(app, peer, headers)).status_code for app in (apps[0], apps[1], apps[0], apps[1])] == [
            200, 200, 200, 429]
        now[0] += 59
        assert (await _post(apps[0], peer, headers)).status_code == 429
        now[0] += 1
        assert [(await _post(app, peer, headers)).status_code for app in (apps[1], apps[0], apps[1], apps[0])] == [
            200, 200, 200, 429]


async def test_a_database_that_does_not_answer_leaves_each_worker_counting_alone(caplog):
    caplog.set_level(logging.WARNING, logger="core.web.shared_rate_limit")
    nobody = f"postgresql://wushe@127.0.0.1:{free_port()}/wushe"  # a port no server listens on
    limiter = SharedRateLimit(2, lambda connection: "", nobody, 2)
    try:
        assert [(await limiter.admit("client", 1000)).count for _ in range(2)] == [1, 2]
        with pytest.raises(TooManyRequestsException):
            await limiter.admit("client", 1000)
    finally:
        await limiter.close()
    warnings = [r.getMessage() for r in caplog.records if r.name == "core.web.shared_rate_limit"]
    assert len(warnings) == 1 and "counting in this worker alone" in warnings[0]  # once a window, not a request


def test_the_store_is_the_database_with_several_workers_on_postgresql_and_memory_otherwise():
    postgres, sqlite = "postgresql://app@db/wushe", "sqlite:///wushe.db"
    assert shared_rate_limit(Settings(database_url=postgres, workers=2))
    assert not shared_rate_limit(Settings(database_url=postgres, workers=1))
    assert not shared_rate_limit(Settings(database_url=sqlite, workers=2))
    assert shared_rate_limit(Settings(database_url=sqlite, workers=1, rate_limit_store="database"))
    assert not shared_rate_limit(Settings(database_url="sqlite://", rate_limit_store="database"))
    assert not shared_rate_limit(Settings(database_url=postgres, workers=4, rate_limit_store="memory"))
