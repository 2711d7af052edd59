"""The in-platform inbox: notifications written with the change that caused them.

:func:`notify` writes, in the caller's transaction, one :class:`~core.models.Notification` per user
and its :class:`~core.models.OutboxMessage` (delivered outside the platform later, by
:mod:`core.cases.outbox`): a change rolled back notifies no one. A user reads only their own
inbox; another user's notification is "not found", exactly like one that does not exist.
"""

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.db import events
from core.errors import FieldError, NotFound
from core.models import Notification, OutboxMessage, User
from core.models.base import stored_id, utcnow

TITLE_MAX = 200
BODY_MAX = 2000
MAX_PAGE = 200
MAX_IDS = 500


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def notify(
    session: AsyncSession,
    tenant_id: int,
    user_ids: Iterable[int],
    title: str,
    body: str = "",
    *,
    case_id: int | None = None,
    event_id: int | None = None,
) -> list[Notification]:
    """One notification (and its outbox message) for each of ``user_ids``, in the caller's
    transaction; returns them. A user named twice is notified once; a user who is not of the
    tenant (another tenant's, a platform user) is left out: never a message across tenants, and
    never a step of a case refused for it."""
    named = sorted(set(user_ids))
    if not named:
        return []
    query = select(User.id).where(col(User.id).in_(named), User.tenant_id == tenant_id)
    wanted = sorted(int(user_id) for user_id in (await session.exec(query)).all() if user_id is not None)
    if not wanted:
        return []
    title, body = _clip(title, TITLE_MAX), _clip(body, BODY_MAX)
    rows = [Notification(tenant_id=tenant_id, user_id=user_id, case_id=case_id, event_id=event_id, title=title, body=body)
            for user_id in wanted]
    session.add_all(rows)
    await session.flush()
    session.add_all([OutboxMessage(tenant_id=tenant_id, notification_id=stored_id(row)) for row in rows])
    await session.flush()
    events.note(session, *(events.NotificationAdded(tenant_id, row.user_id, stored_id(row)) for row in rows))
    return rows


def _own(principal: Principal) -> sa.ColumnElement[bool]:
    if principal.user_id is None or principal.tenant_id is None:
        return sa.false()
    return sa.and_(col(Notification.user_id) == principal.user_id, col(Notification.tenant_id) == principal.tenant_id)


async def inbox(session: AsyncSession, principal: Principal, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    """The principal's own notifications, newest first."""
    query = select(Notification).where(_own(principal))
    if unread_only:
        query = query.where(col(Notification.read_at).is_(None))
    query = query.order_by(col(Notification.id).desc()).limit(max(0, min(limit, MAX_PAGE)))
    return list((await session.exec(query)).all())


async def own(session: AsyncSession, principal: Principal, ids: Iterable[int]) -> list[Notification]:
    """Those of the notifications ``ids`` that are the principal's own, oldest first."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    query = select(Notification).where(_own(principal), col(Notification.id).in_(wanted)).order_by(col(Notification.id))
    return list((await session.exec(query)).all())


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    query = select(sa.func.count()).select_from(Notification).where(_own(principal), col(Notification.read_at).is_(None))
    return int((await session.exec(query)).one())


async def mark_read(session: AsyncSession, principal: Principal, ids: Iterable[int]) -> list[Notification]:
    """Mark the principal's own notifications read (those already read keep their time). Any id
    that is not one of theirs refuses the whole request as "not found", whether or not it exists."""
    wanted = sorted(set(ids))
    if len(wanted) > MAX_IDS:
        raise FieldError("ids", f"at most {MAX_IDS} ids at once")
    rows = list((await session.exec(select(Notification).where(_own(principal), col(Notification.id).in_(wanted)))).all())
    missing = sorted(set(wanted) - {stored_id(row) for row in rows})
    if missing:
        raise NotFound("ids", f"no notification of yours with id {', '.join(map(str, missing))}")
    now = utcnow()
    for row in rows:
        if row.read_at is None:
            row.read_at = now
            session.add(row)
    await session.flush()
    return sorted(rows, key=lambda row: -stored_id(row))


async def own_among(session: AsyncSession, principal: Principal, ids: Iterable[int]) -> list[Notification]:
    """The principal's own notifications among ``ids``; another user's are left out, exactly as
    ones that do not exist (``node(id:)``)."""
    wanted = sorted(set(ids))[:MAX_IDS]
    return list((await session.exec(select(Notification).where(_own(principal), col(Notification.id).in_(wanted)))).all())
