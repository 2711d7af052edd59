"""Delivering the outbox: notifications leave the platform (SMS, WeChat …) through plugins.

An :class:`~core.models.OutboxMessage` is written with the change that caused it (see
:func:`core.cases.inbox.notify`), so only committed changes are sent. :func:`deliver` runs later
(``wushe outbox deliver``): it reads the pending messages in id order and hands each to the
``deliver_notification`` hook, each message in its own short transaction. A delivered message is
marked ``delivered_at``; a failed one (the plugin returned False, or raised) keeps waiting with
``attempts`` counted and ``last_error`` kept; a message no plugin takes stays pending untouched.
No message is ever deleted.

The message's row is locked while its plugin runs (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so
two deliverers running at once never send the same message twice; a plugin that is slow holds
that one row only.
"""

import inspect
from dataclasses import dataclass
from typing import Any

import pluggy
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.models import Notification, OutboxMessage, Tenant, User
from core.models.base import utcnow

HOOK = "deliver_notification"
BATCH = 100
ERROR_MAX = 500


@dataclass
class DeliveryCounts:
    """What one run did: messages delivered, attempts that failed, messages no plugin took."""

    delivered: int = 0
    failed: int = 0
    untaken: int = 0

    @property
    def attempted(self) -> int:
        return self.delivered + self.failed


def message_of(row: OutboxMessage, notification: Notification, user: User, tenant: Tenant) -> dict[str, Any]:
    """The dict a delivery plugin receives."""
    return {"id": row.id, "notification_id": notification.id, "tenant": tenant.code, "username": user.username,
            "title": notification.title, "body": notification.body, "case_id": notification.case_id}


async def _call(pm: pluggy.PluginManager, message: dict[str, Any]) -> bool | None:
    """The hook's first result other than None (implementations in pluggy's calling order);
    ``async def`` implementations are awaited before the next one is asked."""
    for impl in reversed(getattr(pm.hook, HOOK).get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        result = impl.function(*[{"message": message}[name] for name in impl.argnames])
        if inspect.isawaitable(result):
            result = await result
        if result is not None:
            return bool(result is True)
    return None


def _error(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"


async def _deliver_one(sessions: async_sessionmaker[AsyncSession], pm: pluggy.PluginManager, message_id: int) -> str | None:
    """Hand one pending message to the plugins, in its own transaction: "delivered", "failed",
    "untaken", or None when it is no longer pending (or another deliverer holds it)."""
    async with db.transaction(sessions) as session:
        query = (
            select(OutboxMessage, Notification, User, Tenant)
            .join(Notification, col(Notification.id) == OutboxMessage.notification_id)
            .join(User, col(User.id) == Notification.user_id)
            .join(Tenant, col(Tenant.id) == OutboxMessage.tenant_id)
            .where(OutboxMessage.id == message_id, col(OutboxMessage.delivered_at).is_(None))
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        found = (await session.exec(query)).first()
        if found is None:
            return None
        row, notification, user, tenant = found
        try:
            delivered = await _call(pm, message_of(row, notification, user, tenant))
        except Exception as error:  # a plugin's failure is the message's, never the run's
            row.attempts += 1
            row.last_error = _error(error)
            session.add(row)
            return "failed"
        if delivered is None:
            return "untaken"
        if delivered:
            row.delivered_at = utcnow()
            session.add(row)
            return "delivered"
        row.attempts += 1
        row.last_error = "not delivered: the plugin returned False"
        session.add(row)
        return "failed"


async def deliver(sessions: async_sessionmaker[AsyncSession], pm: pluggy.PluginManager, limit: int = 100) -> DeliveryCounts:
    """Hand pending messages, in id order, to the delivery plugins, until ``limit`` have been
    attempted (delivered or failed) or none are left. Run after commit, outside any request:
    each message is its own transaction. Messages no plugin takes do not count against ``limit``
    (they would otherwise hold back the messages after them); with no delivery plugin installed
    nothing is read."""
    counts = DeliveryCounts()
    if limit < 1 or not getattr(pm.hook, HOOK).get_hookimpls():
        return counts
    after = 0
    while counts.attempted < limit:
        async with sessions() as session:
            query = (
                select(OutboxMessage.id)
                .where(col(OutboxMessage.delivered_at).is_(None), col(OutboxMessage.id) > after)
                .order_by(col(OutboxMessage.id))
                .limit(BATCH)
            )
            ids = [int(i) for i in (await session.exec(query)).all() if i is not None]
        if not ids:
            break
        for message_id in ids:
            after = message_id
            outcome = await _deliver_one(sessions, pm, message_id)
            if outcome is not None:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            if counts.attempted >= limit:
                break
    return counts


async def pending(sessions: async_sessionmaker[AsyncSession]) -> int:
    """How many messages wait to be delivered."""
    async with sessions() as session:
        query = select(sa.func.count()).select_from(OutboxMessage).where(col(OutboxMessage.delivered_at).is_(None))
        return int((await session.exec(query)).one())
