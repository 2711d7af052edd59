"""The rate limit: ``rate_limit_per_minute`` requests a minute from one client (see
:func:`core.web.addresses.client_key`), every path but the probes' and the scraper's (``/health``, ``/ready``, ``/metrics``), counted before anything else.

The rule is Litestar's ``RateLimitMiddleware``'s: a client's window opens with its first request
and lasts a minute; within it, requests past the limit get ``429``; every answer carries
``RateLimit-Policy``, ``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (the
IETF draft's headers). What differs is the cost: Litestar keeps the time of every request of
the window in a store, as JSON decoded and encoded again on every request, which costs in
proportion to the limit (with the limit raised for a load test, milliseconds a request); here a
client's window is a count and an end, kept in memory. Each worker counts on its own here; with
several workers on PostgreSQL they share the counts (:mod:`core.web.shared_rate_limit`).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

WINDOW = 60
"""Seconds in a window: the limit is a number of requests a minute."""

clock = time.time
"""What time it is (tests move it)."""


@dataclass(slots=True)
class Window:
    """One client's current window: the requests counted in it, and when it ends (epoch seconds)."""

    count: int
    reset: int


PROBES = frozenset({"/health", "/ready", "/metrics"})


def _probe(scope: Scope) -> bool:
    return scope["path"] in PROBES


class RateLimit(ASGIMiddleware):
    """At most ``limit`` requests a client a window (see the module)."""

    scopes = (ScopeType.HTTP,)
    should_bypass_for_scope = staticmethod(_probe)

    def __init__(self, limit: int, identify: Callable[[ASGIConnection[Any, Any, Any, Any]], str]) -> None:
        self.limit = limit
        self.identify = identify
        self.windows: dict[str, Window] = {}
        """the clients' windows, for as long as they last (one app, one middleware: never shared)"""
        self.next_sweep = 0

    def count(self, key: str, now: int) -> Window:
        """Count one request of ``key``'s at ``now``; TooManyRequestsException past the limit."""
        window = self.windows.get(key)
        if window is None or window.reset <= now:
            self.sweep(now)
            window = self.windows[key] = Window(0, now + WINDOW)
        if window.count >= self.limit:
            raise TooManyRequestsException(headers=self.headers(window, now))
        window.count += 1
        return window

    def sweep(self, now: int) -> None:
        """Forget the windows that ended, at most once a window (so that memory follows the
        clients of the last minute, at a constant cost a request)."""
        if now < self.next_sweep:
            return
        self.next_sweep = now + WINDOW
        for key in [key for key, window in self.windows.items() if window.reset <= now]:
            del self.windows[key]

    def headers(self, window: Window, now: int) -> dict[str, str]:
        return {
            "RateLimit-Policy": f"{self.limit}; w={WINDOW}",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.limit - window.count, 0)),
            "RateLimit-Reset": str(window.reset - now),
        }

    async def admit(self, key: str, now: int) -> Window:
        """Count one request of ``key``'s (TooManyRequestsException past the limit): in memory here,
        shared by the workers in :class:`core.web.shared_rate_limit.SharedRateLimit`."""
        return self.count(key, now)

    async def close(self) -> None:
        """Release what the limiter holds (nothing in memory; a shared one's connections)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        now = int(clock())
        window = await self.admit(self.identify(ASGIConnection(scope)), now)
        headers = self.headers(window, now)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                found = MutableScopeHeaders(message)
                for name, value in headers.items():
                    found[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)
