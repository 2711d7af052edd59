"""Sign-in throttling: failed sign-ins counted per username and per client address, with locks.

Counts live in the database (:class:`~core.models.SignInThrottle`), so they hold across workers
and restarts. After ``sign_in_account_failures`` failures for one username (whether or not it
exists, so a lock tells nobody who exists) or ``sign_in_address_failures`` from one address within
``sign_in_window_seconds``, that username or address is locked: for ``sign_in_lock_seconds`` the
first time, twice as long each further time, at most ``sign_in_lock_max_seconds``. While locked,
a sign-in is refused at once, before any password is checked. A successful sign-in clears the
username's record (not the address's: a guesser's own account must not reset its address).

Each lock is appended to the audit log with the address that caused it; administrators list the
current locks and lift them (audited too).

The CPU that password checks take is bounded per process: at most ``sign_in_concurrency`` argon2
checks run at once (the others wait their turn), and one client address has at most one sign-in
in progress (another at the same time is refused, unchecked).

The counts are written in transactions of their own: a failed sign-in rolls back the request's
transaction, never its count.
"""

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit
from core.access.grants import Principal
from core.config import Settings
from core.errors import FieldError, NotFound
from core.models import SignInThrottle, Tenant, ThrottleKind
from core.models.base import utcnow
from core.services import regions

SIGN_IN = Principal(username="(sign-in)")
"""The actor of the audit events of locks: the sign-in guard itself (the address is in the event)."""

log = logging.getLogger(__name__)

SUBJECT_MAX = 64
RETRIES = 5
BUSY = "another sign-in from your address is being checked: try again in a moment"


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def lock_seconds(settings: Settings, locks: int) -> int:
    """How long the ``locks``-th lock of a series lasts: doubling from the first, capped."""
    first, longest = settings.sign_in_lock_seconds, settings.sign_in_lock_max_seconds
    doublings = min(max(locks - 1, 0), longest.bit_length())
    return int(min(first * 2**doublings, longest))


def locked_error(kind: ThrottleKind, until: dt.datetime, now: dt.datetime, field: str = "username") -> FieldError:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    whom = "for this username" if kind is ThrottleKind.ACCOUNT else "from your address"
    return FieldError(field, f"too many failed sign-ins {whom}: try again in {seconds} seconds", code="locked")


def _describe(row: SignInThrottle) -> dict[str, Any]:
    """What the audit log keeps of a row: counts and times, never a password."""
    return {
        "failures": row.failures,
        "locks": row.locks,
        "locked_until": aware(row.locked_until).isoformat() if row.locked_until else None,
    }


@dataclass
class Throttle:
    """One platform's sign-in guard: the database counts, and the per-process CPU bounds."""

    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    clock: Callable[[], dt.datetime] = utcnow
    """the current time (tests put a clock of their own here)"""
    _checks: asyncio.Semaphore = field(init=False, repr=False)
    _busy: set[str] = field(init=False, repr=False, default_factory=set)

    def __post_init__(self) -> None:
        self._checks = asyncio.Semaphore(self.settings.sign_in_concurrency)

    # ------------------------------------------------------------ bounds on CPU

    @asynccontextmanager
    async def turn(self, address: str | None) -> AsyncIterator[None]:
        """The one sign-in in progress for ``address`` (FieldError ``busy`` if there is one already)."""
        if address is None:
            yield
            return
        if address in self._busy:
            raise FieldError("username", BUSY, code="busy")
        self._busy.add(address)
        try:
            yield
        finally:
            self._busy.discard(address)

    @asynccontextmanager
    async def checking(self) -> AsyncIterator[None]:
        """A slot for one password check; waits while ``sign_in_concurrency`` checks run."""
        async with self._checks:
            yield

    # ------------------------------------------------------------ counts and locks

    @staticmethod
    def keys(account: str | None, address: str | None) -> list[tuple[ThrottleKind, str]]:
        found = []
        if account is not None:
            found.append((ThrottleKind.ACCOUNT, account[:SUBJECT_MAX]))
        if address is not None:
            found.append((ThrottleKind.ADDRESS, address[:SUBJECT_MAX]))
        return found

    async def check(self, *, account: str | None, address: str | None, field: str = "username") -> bool:
        """Refuse (FieldError ``locked`` on ``field``) while the username or the address is locked.

        Returns whether the username has a record (which a successful sign-in then clears)."""
        keys = self.keys(account, address)
        if not keys:
            return False
        condition = sa.or_(*(sa.and_(col(SignInThrottle.kind) == k, col(SignInThrottle.subject) == s) for k, s in keys))
        async with self.sessions() as session:
            rows = (await session.exec(select(SignInThrottle).where(condition))).all()
        now = self.clock()
        for row in sorted(rows, key=lambda r: r.kind is not ThrottleKind.ACCOUNT):
            if row.locked_until is not None and aware(row.locked_until) > now:
                raise locked_error(row.kind, aware(row.locked_until), now, field)
        return any(row.kind is ThrottleKind.ACCOUNT for row in rows)

    async def failed(self, *, account: str | None, address: str | None, tenant_id: int | None) -> None:
        """Count one failed sign-in for the username and the address; lock them at their limits."""
        settings = self.settings
        limits = {
            ThrottleKind.ACCOUNT: settings.sign_in_account_failures,
            ThrottleKind.ADDRESS: settings.sign_in_address_failures,
        }
        for kind, subject in self.keys(account, address):
            await self._count(kind, subject, limits[kind], tenant_id if kind is ThrottleKind.ACCOUNT else None, address)

    async def succeeded(self, *, account: str, recorded: bool) -> None:
        """Clear the username's record after a successful sign-in (if :meth:`check` found one)."""
        if not recorded:
            return
        async with self.sessions() as session, session.begin():
            await session.exec(
                sa.delete(SignInThrottle).where(
                    col(SignInThrottle.kind) == ThrottleKind.ACCOUNT,
                    col(SignInThrottle.subject) == account[:SUBJECT_MAX],
                )
            )

    async def _count(
        self, kind: ThrottleKind, subject: str, limit: int, tenant_id: int | None, address: str | None
    ) -> None:
        """One failure, in a transaction of its own; retried when another worker updated the row first."""
        locked = False
        for attempt in range(RETRIES):
            try:
                async with self.sessions() as session, session.begin():
                    now = self.clock()
                    row = await session.get(SignInThrottle, (kind, subject))
                    if row is None:
                        row = SignInThrottle(kind=kind, subject=subject, window_started_at=now, last_failure_at=now)
                    locked = self._fail(row, now, limit)
                    if locked:
                        target = f"user:{subject}" if kind is ThrottleKind.ACCOUNT else f"address:{subject}"
                        await audit.record(session, SIGN_IN, "sign_in.lock", target, tenant_id=tenant_id,
                                           after={**_describe(row), "address": address})
                    row.tenant_id = tenant_id
                    session.add(row)
                    await session.flush()
                break
            except (StaleDataError, sa.exc.IntegrityError):
                if attempt == RETRIES - 1:
                    raise
        if locked:
            await self._forget_idle(now)

    def _fail(self, row: SignInThrottle, now: dt.datetime, limit: int) -> bool:
        """Count a failure on ``row``; True when it locks the row."""
        settings = self.settings
        forget = dt.timedelta(seconds=settings.sign_in_lock_max_seconds)
        last = max(aware(row.last_failure_at), aware(row.locked_until) if row.locked_until else aware(row.last_failure_at))
        if now - last >= forget:
            row.locks = 0
        if now - aware(row.window_started_at) >= dt.timedelta(seconds=settings.sign_in_window_seconds):
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        row.last_failure_at = now
        if row.failures < limit:
            return False
        row.locks += 1
        row.locked_until = now + dt.timedelta(seconds=lock_seconds(settings, row.locks))
        row.failures, row.window_started_at = 0, now
        return True

    async def _forget_idle(self, now: dt.datetime) -> None:
        """Delete records with no failure and no lock for ``sign_in_lock_max_seconds``: they count nothing.

        Housekeeping, run when a lock is set, in a transaction of its own (so it never holds rows
        that a count is waiting for); if it fails, the next lock does it."""
        before = now - dt.timedelta(seconds=self.settings.sign_in_lock_max_seconds)
        try:
            async with self.sessions() as session, session.begin():
                await session.exec(
                    sa.delete(SignInThrottle).where(
                        col(SignInThrottle.last_failure_at) < before,
                        sa.or_(col(SignInThrottle.locked_until).is_(None), col(SignInThrottle.locked_until) < before),
                    )
                )
        except sa.exc.DBAPIError as error:
            log.warning("sign-in throttle: idle records not deleted this time: %s", type(error).__name__)


# ---------------------------------------------------------------- administrators


@dataclass(frozen=True)
class Lock:
    """A current lock, as administrators see it."""

    kind: ThrottleKind
    subject: str
    tenant: str | None
    locks: int
    locked_until: dt.datetime


async def _administered_tenant(session: AsyncSession, actor: Principal, *, field: str) -> int | None:
    """None for the platform administrator (every lock); else the actor's tenant, if the actor holds
    ``user:update`` at its root (its users' locks)."""
    if actor.platform_admin:
        return None
    if actor.tenant_id is not None:
        root = await regions.tenant_root(session, actor.tenant_id)
        if root is not None and actor.may("user", "update", root):
            return actor.tenant_id
    raise FieldError(field, "you may not administer users", code="forbidden")


async def current_locks(session: AsyncSession, actor: Principal, *, now: dt.datetime) -> list[Lock]:
    """The locks in force: all for the platform administrator; a tenant administrator's tenant's users' only."""
    tenant_id = await _administered_tenant(session, actor, field="signInLocks")
    query = (
        select(SignInThrottle, Tenant.code)
        .join(Tenant, col(Tenant.id) == col(SignInThrottle.tenant_id), isouter=True)
        .where(col(SignInThrottle.locked_until) > now)
        .order_by(col(SignInThrottle.locked_until), col(SignInThrottle.kind), col(SignInThrottle.subject))
    )
    if tenant_id is not None:
        query = query.where(SignInThrottle.kind == ThrottleKind.ACCOUNT, SignInThrottle.tenant_id == tenant_id)
    rows = (await session.exec(query)).all()
    return [Lock(row.kind, row.subject, code, row.locks, _locked_until(row)) for row, code in rows]


def _locked_until(row: SignInThrottle) -> dt.datetime:
    """When the lock of a row found locked ends (UTC)."""
    if row.locked_until is None:
        raise RuntimeError(f"sign-in throttle of {row.subject!r}: found locked, but has no lock")
    return aware(row.locked_until)


async def lift(session: AsyncSession, actor: Principal, *, kind: ThrottleKind, subject: str, now: dt.datetime) -> Lock:
    """Lift a lock and clear its record (counts and the series of locks); audited.

    A tenant's administrator lifts locks of its own users only; addresses, and usernames of no
    user of that tenant, are the platform administrator's. Anything else is "not found"."""
    field = "username" if kind is ThrottleKind.ACCOUNT else "address"
    tenant_id = await _administered_tenant(session, actor, field=field)
    row = await session.get(SignInThrottle, (kind, subject[:SUBJECT_MAX]))
    if (
        row is None
        or row.locked_until is None
        or aware(row.locked_until) <= now
        or (tenant_id is not None and (kind is not ThrottleKind.ACCOUNT or row.tenant_id != tenant_id))
    ):
        raise NotFound(field, f"no lock on {subject!r}")
    tenant = await session.get(Tenant, row.tenant_id) if row.tenant_id is not None else None
    lifted = Lock(row.kind, row.subject, tenant.code if tenant else None, row.locks, aware(row.locked_until))
    before = _describe(row)
    await session.delete(row)
    await session.flush()
    target = f"user:{row.subject}" if kind is ThrottleKind.ACCOUNT else f"address:{row.subject}"
    await audit.record(session, actor, "sign_in.unlock", target, tenant_id=row.tenant_id, before=before)
    return lifted
