"""The rate limit shared by the workers of ``wushe serve --workers N``, counted in the database.

Each worker would otherwise count on its own, so that a client spreading its requests over N
workers got N times the limit. Here the client's window is one row of ``rate_limit_count`` (an
UNLOGGED table on PostgreSQL), and a worker asks it for a share of what remains rather than for
every request: a *claim* adds ``ceil(remaining / (2 × workers))`` (at least 1, never past the
limit) to the window's count and returns it, and the worker admits that many of the client's
requests from memory before it claims again. So:

- **never past the limit**: every admitted request was claimed first, and claims are one atomic
  upsert each, so the workers together admit at most ``rate_limit_per_minute`` requests of a
  client a window;
- **a round trip per claim, not per request**: the first request of a client in a window at a
  worker claims a quarter of the limit with two workers (150 of the default 600), the next
  claims a quarter of what remains, and so on, about ``2 × workers × ln(limit)`` claims (~25 for
  600) a window however many requests; the other requests cost what the in-memory count costs;
- **refused a little early, at worst**: what a worker claimed and its client then sent to another
  worker stays unused until the window ends; a client is refused at most that share early (the
  last shares are small: each is a fraction of what remained);
- **a database that does not answer** (PostgreSQL restarting, say) does not refuse requests: the
  worker counts in memory, as a single worker does, until a claim succeeds again (logged once a
  window).

Windows are as in :mod:`core.web.rate_limit`: a client's first request opens a minute, the same
minute for every worker (it is the row's ``reset_at``). Expired rows are deleted by the claims,
at most once a window per worker.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from litestar.connection import ASGIConnection
from litestar.exceptions import TooManyRequestsException
from sqlalchemy.ext.asyncio import AsyncEngine

from core import db
from core.web.rate_limit import WINDOW, RateLimit, Window

log = logging.getLogger(__name__)

CLIENT_MAX = 64
"""The longest client key kept (``rate_limit_count.client``): an address or an IPv6 /64 is shorter."""

POOL: dict[str, Any] = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 1}
"""The limiter's own connections: two a worker, and a claim that finds both taken waits a second
at most, then counts in memory (it never waits for the requests' pool)."""

_SHARE = "(:limit - w.count + :parts - 1) / :parts"
CLAIM = sa.text(f"""
INSERT INTO rate_limit_count AS w (client, count, granted, reset_at)
VALUES (:client, :first, :first, :reset)
ON CONFLICT (client) DO UPDATE SET
  count = CASE WHEN w.reset_at <= :now THEN :first WHEN w.count >= :limit THEN w.count ELSE w.count + {_SHARE} END,
  granted = CASE WHEN w.reset_at <= :now THEN :first WHEN w.count >= :limit THEN 0 ELSE {_SHARE} END,
  reset_at = CASE WHEN w.reset_at <= :now THEN :reset ELSE w.reset_at END
RETURNING count, granted, reset_at
""")
"""One claim: a new window's first share, or a share of what remains of the current one (none at
the limit); returns the window's count (claims included), the share granted and the window's end."""

SWEEP = sa.text("DELETE FROM rate_limit_count WHERE reset_at <= :now")


@dataclass(slots=True)
class Lease:
    """What this worker claimed of a client's window and has not admitted yet."""

    left: int
    """requests it may still admit from its claims"""
    claimed: int
    """the window's count at its last claim (every worker's claims)"""
    reset: int


class SharedRateLimit(RateLimit):
    """At most ``limit`` requests a client a window, counted in the database (see the module)."""

    def __init__(
        self, limit: int, identify: Callable[[ASGIConnection[Any, Any, Any, Any]], str], database_url: str, workers: int
    ) -> None:
        super().__init__(limit, identify)
        self.parts = 2 * max(workers, 1)
        # each claim is one statement, its own transaction: no BEGIN and COMMIT around it (a round trip
        # saved, which a loaded server's scheduling makes milliseconds)
        self.engine: AsyncEngine = db.create_engine(database_url, isolation_level="AUTOCOMMIT", **POOL)
        self.leases: dict[str, Lease] = {}
        self.claims: dict[str, asyncio.Future[Lease | None]] = {}
        self.next_lease_sweep = 0
        self.next_table_sweep = 0
        self.warned_until = 0

    async def admit(self, key: str, now: int) -> Window:
        key = key[:CLIENT_MAX]
        while True:
            lease = self.leases.get(key)
            if lease is not None and lease.reset > now:
                if lease.left > 0:
                    lease.left -= 1
                    return Window(lease.claimed - lease.left, lease.reset)
                if lease.claimed >= self.limit:
                    raise TooManyRequestsException(headers=self.headers(Window(self.limit, lease.reset), now))
            if await self.claim(key, now) is None:
                return self.count(key, now)  # the database did not answer: this worker's own count

    async def claim(self, key: str, now: int) -> Lease | None:
        """Claim a share of ``key``'s window; one claim at a time per client (the others wait for it)."""
        pending = self.claims.get(key)
        if pending is None:
            pending = self.claims[key] = asyncio.ensure_future(self._claim(key, now))
            pending.add_done_callback(lambda _done: self.claims.pop(key, None))
        return await asyncio.shield(pending)

    async def _claim(self, key: str, now: int) -> Lease | None:
        first = min(self.limit, -(-self.limit // self.parts))
        values = {"client": key, "now": now, "reset": now + WINDOW, "limit": self.limit, "parts": self.parts,
                  "first": first}
        try:
            async with self.engine.connect() as connection:
                count, granted, reset = (await connection.execute(CLAIM, values)).one()
                if now >= self.next_table_sweep:
                    self.next_table_sweep = now + WINDOW
                    await connection.execute(SWEEP, {"now": now})
        except (sa.exc.SQLAlchemyError, OSError) as error:
            if now >= self.warned_until:
                self.warned_until = now + WINDOW
                log.warning("rate limit: the shared counts cannot be reached (%s); counting in this worker "
                            "alone until they can", type(error).__name__)
            return None
        self.sweep_leases(now)
        lease = self.leases.get(key)
        if lease is None or lease.reset != reset:
            lease = self.leases[key] = Lease(0, count, reset)
        lease.left += granted
        lease.claimed = count
        return lease

    def sweep_leases(self, now: int) -> None:
        """Forget the leases of windows that ended, at most once a window."""
        if now < self.next_lease_sweep:
            return
        self.next_lease_sweep = now + WINDOW
        for key in [key for key, lease in self.leases.items() if lease.reset <= now]:
            del self.leases[key]

    async def close(self) -> None:
        await self.engine.dispose()
