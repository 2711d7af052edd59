"""The in-platform inbox: notifications written with the change that caused them, and an outbox
row for each so a delivery plugin can forward it after commit."""

from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Notification, OutboxMessage
from core.models.base import stored_id


async def notify(session: AsyncSession, tenant_id: int, user_ids: list[int], title: str, body: str = "", *,
                 case_id: int | None = None, event_id: int | None = None) -> list[Notification]:
    rows = [Notification(tenant_id=tenant_id, user_id=user_id, case_id=case_id, event_id=event_id,
                         title=title[:200], body=body[:2000]) for user_id in user_ids]
    session.add_all(rows)
    await session.flush()
    session.add_all([OutboxMessage(tenant_id=tenant_id, notification_id=stored_id(row)) for row in rows])
    await session.flush()
    return rows
