"""HTTP limits (SECURITY.md items 8 and 9): request body size, and rate limits per client that a
spoofed X-Forwarded-For neither resets nor moves; forwarded addresses believed only from
the configured proxies."""

import contextlib
import ipaddress
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.exceptions import TooManyRequestsException
from litestar.testing import AsyncTestClient

from core.platform import Platform
from core.testing.databases import initialise
from core.web import rate_limit
from core.web.addresses import client_key
from core.web.app import create_app

ME = {"query": "{ me { username } }"}


@contextlib.asynccontextmanager
async def served(settings: Any, **changes: Any) -> AsyncIterator[tuple[Litestar, str]]:
    platform = Platform.create(settings.model_copy(update=changes))
    await initialise(platform)
    await platform.load_signing_key()
    try:
        yield create_app(platform), str(await platform.token_for("admin"))
    finally:
        await platform.dispose()


def from_peer(app: Litestar, peer: str) -> httpx.AsyncClient:
    """A client whose requests reach the app from the socket address ``peer``."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 40000)), base_url="http://wushe")


# --- body size ---------------------------------------------------------------------------


async def test_a_body_over_the_limit_gets_413(settings):
    async with served(settings, max_body_bytes=2000) as (app, token), AsyncTestClient(app=app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        padding = " " * (2000 - len('{"query": "{ me { username } }"}'))
        fits = ('{"query": "' + padding + '{ me { username } }"}').encode()
        assert len(fits) == 2000
        response = await client.post("/graphql", content=fits, headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 200 and response.json() == {"data": {"me": {"username": "admin"}}}
        too_big = fits.replace(b'"query"', b'"query" ')
        response = await client.post("/graphql", content=too_big, headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 413
        assert "SELECT" not in response.text and "Traceback" not in response.text


async def test_a_streamed_body_over_the_limit_gets_413(settings):
    """No Content-Length: the bytes are counted as they arrive."""

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "'
        for _ in range(20):
            yield b" " * 100
        yield b'{ me { username } }"}'

    async with served(settings, max_body_bytes=1000) as (app, token), from_peer(app, "192.0.2.1") as client:
        response = await client.post(
            "/graphql", content=chunks(), headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        )
        assert response.status_code == 413


def test_the_default_body_limit_is_one_mebibyte():
    from core.config import Settings

    assert Settings().max_body_bytes == 1024 * 1024


# --- rate limits -------------------------------------------------------------------------


async def test_the_test_clients_peer_is_not_an_address_and_is_counted_as_such(settings):
    async with served(settings, rate_limit_per_minute=5) as (app, token), AsyncTestClient(app=app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        statuses = [
            (await client.post("/graphql", json=ME, headers={**headers, "X-Forwarded-For": f"203.0.113.{i}"})).status_code
            for i in range(7)
        ]
        assert statuses == [200] * 5 + [429] * 2


async def test_a_spoofed_forwarded_for_does_not_reset_the_bucket(settings):
    async with served(settings, rate_limit_per_minute=5) as (app, token), from_peer(app, "198.51.100.7") as client:
        headers = {"Authorization": f"Bearer {token}"}
        statuses = []
        for i in range(8):
            spoof = {"X-Forwarded-For": f"203.0.113.{i}, 10.0.0.{i}", "X-Real-IP": f"192.0.2.{i}", "Forwarded": f"for=192.0.2.{i}"}
            statuses.append((await client.post("/graphql", json=ME, headers={**headers, **spoof})).status_code)
        assert statuses == [200] * 5 + [429] * 3
        response = await client.post("/graphql", json=ME, headers=headers)
        assert response.status_code == 429
        assert response.headers["RateLimit-Limit"] == "5" and response.headers["RateLimit-Remaining"] == "0"
        # another client is not affected
        async with from_peer(app, "198.51.100.8") as other:
            assert (await other.post("/graphql", json=ME, headers=headers)).status_code == 200


async def test_requests_without_a_token_count_too(settings):
    async with served(settings, rate_limit_per_minute=3) as (app, _), from_peer(app, "198.51.100.9") as client:
        statuses = [(await client.post("/graphql", json=ME)).status_code for _ in range(5)]
        assert statuses == [401] * 3 + [429] * 2


async def test_health_is_not_rate_limited(settings):
    async with served(settings, rate_limit_per_minute=2) as (app, _), from_peer(app, "198.51.100.10") as client:
        assert [(await client.get("/health")).status_code for _ in range(6)] == [200] * 6


async def test_a_trusted_proxy_gives_each_forwarded_client_its_own_bucket(settings):
    async with served(settings, rate_limit_per_minute=3, trusted_proxies=["10.0.0.0/8"]) as (app, token):
        headers = {"Authorization": f"Bearer {token}"}
        async with from_peer(app, "10.1.2.3") as proxy:

            async def post(forwarded: str) -> int:
                return (await proxy.post("/graphql", json=ME, headers={**headers, "X-Forwarded-For": forwarded})).status_code

            assert [await post("203.0.113.5") for _ in range(3)] == [200] * 3
            assert await post("203.0.113.5") == 429
            # what the client wrote itself stays on the left of what the proxy appended
            assert await post("1.1.1.1, 203.0.113.5") == 429
            assert await post("203.0.113.99, 203.0.113.5, 10.9.9.9") == 429  # through two trusted proxies
            # another forwarded client has a bucket of its own
            assert [await post("203.0.113.6") for _ in range(3)] == [200] * 3
            assert await post("203.0.113.6") == 429


async def test_an_untrusted_proxy_is_the_client(settings):
    async with served(settings, rate_limit_per_minute=2, trusted_proxies=["10.0.0.0/8"]) as (app, token):
        headers = {"Authorization": f"Bearer {token}"}
        async with from_peer(app, "192.0.2.50") as untrusted:
            statuses = [
                (await untrusted.post("/graphql", json=ME, headers={**headers, "X-Forwarded-For": f"10.0.0.{i}"})).status_code
                for i in range(4)
            ]
        assert statuses == [200, 200, 429, 429]


async def test_rate_limits_can_be_turned_off(settings):
    async with served(settings, rate_limit_per_minute=0) as (app, token), from_peer(app, "198.51.100.11") as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert {(await client.post("/graphql", json=ME, headers=headers)).status_code for _ in range(20)} == {200}


async def test_a_clients_window_lasts_a_minute_from_its_first_request(settings, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(rate_limit, "clock", lambda: now[0])
    async with served(settings, rate_limit_per_minute=3) as (app, token), from_peer(app, "198.51.100.12") as client:
        headers = {"Authorization": f"Bearer {token}"}

        async def post() -> httpx.Response:
            return await client.post("/graphql", json=ME, headers=headers)

        first = await post()
        assert first.status_code == 200
        assert {k: first.headers[k] for k in ("RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")} == {
            "RateLimit-Policy": "3; w=60", "RateLimit-Limit": "3", "RateLimit-Remaining": "2", "RateLimit-Reset": "60"}
        now[0] += 59
        assert [(r.status_code, r.headers["RateLimit-Remaining"]) for r in [await post(), await post(), await post()]] == [
            (200, "1"), (200, "0"), (429, "0")]
        assert (await post()).headers["RateLimit-Reset"] == "1"
        now[0] += 1  # the window is over: a new one opens with this request
        response = await post()
        assert response.status_code == 200 and response.headers["RateLimit-Remaining"] == "2"
        assert response.headers["RateLimit-Reset"] == "60"


def test_windows_that_ended_are_forgotten():
    limit = rate_limit.RateLimit(2, lambda connection: "")
    for i in range(100):
        limit.count(f"client{i}", 1000)
    assert len(limit.windows) == 100
    limit.count("late", 1059)
    assert len(limit.windows) == 101  # nothing ended yet
    limit.count("later", 1060)
    assert set(limit.windows) == {"late", "later"}
    with pytest.raises(TooManyRequestsException):
        for _ in range(3):
            limit.count("late", 1061)


PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8:ffff::/48")]


@pytest.mark.parametrize(
    ("peer", "forwarded", "key"),
    [
        ("192.0.2.1", [], "192.0.2.1"),
        ("192.0.2.1", ["203.0.113.1"], "192.0.2.1"),  # not a trusted proxy: the header is ignored
        ("10.0.0.1", [], "10.0.0.1"),  # a proxy's own requests
        ("10.0.0.1", ["203.0.113.1"], "203.0.113.1"),
        ("10.0.0.1", ["6.6.6.6, 203.0.113.1"], "203.0.113.1"),
        ("10.0.0.1", ["6.6.6.6", "203.0.113.1, 10.0.0.2"], "203.0.113.1"),  # several headers, in order
        ("10.0.0.1", ["203.0.113.1:5555"], "203.0.113.1"),  # with a port
        ("10.0.0.1", ["10.0.0.3, 10.0.0.2"], "10.0.0.3"),  # only proxies: the farthest one
        ("10.0.0.1", ["203.0.113.1, not-an-address"], "10.0.0.1"),  # garbage from the proxy: stay with it
        ("10.0.0.1", ["::ffff:203.0.113.1"], "203.0.113.1"),
        ("10.0.0.1", ["[2001:db8:1:2:3:4:5:6]:443"], "2001:db8:1:2::/64"),
        ("2001:db8:1:2::9", [], "2001:db8:1:2::/64"),  # IPv6 clients are counted per /64
        ("2001:db8:ffff::1", ["2001:db8:1:2::7"], "2001:db8:1:2::/64"),
        ("testclient", ["203.0.113.1"], "testclient"),
    ],
)
def test_client_key(peer, forwarded, key):
    assert client_key(peer, forwarded, PROXIES) == key
