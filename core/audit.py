"""The append-only audit log: every change of permissions, every emergency, every full read of
personal data. Rows are only ever inserted; the database refuses updates and deletes."""

from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import Principal
from core.models import AuditEvent

_FORBID_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
]
_FORBID_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]


def _install_guard(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    statements = _FORBID_POSTGRESQL if connection.dialect.name == "postgresql" else _FORBID_SQLITE
    for statement in statements:
        connection.exec_driver_sql(statement)


sa.event.listen(AuditEvent.__table__, "after_create", _install_guard)  # type: ignore[attr-defined]


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
