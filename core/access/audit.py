"""The append-only audit log: every change of permissions, every emergency, every full read of
personal data. Rows are only ever inserted; the database refuses updates and deletes (triggers
the migrations install: :func:`core.migrations.baseline.install_guard`), and on PostgreSQL the
application's role may only insert and read."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.models import AuditEvent


async def record(
    session: AsyncSession,
    principal: Principal,
    action: str,
    target: str,
    *,
    tenant_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction: it is kept exactly when the change is."""
    event = AuditEvent(
        tenant_id=tenant_id, actor=principal.username, action=action, target=target, before=before, after=after
    )
    session.add(event)
    await session.flush()
    return event
