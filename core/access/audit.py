"""The append-only audit log: every change of permissions, every emergency, every full read of
personal data. Rows are only ever inserted; the database refuses updates and deletes
(:func:`install_guard`), and on PostgreSQL the application's role may only insert and read."""

from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.models import AuditEvent

_REFUSE = "SELECT RAISE(ABORT, 'audit_event is append-only')"
_FORBID_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event BEGIN {_REFUSE}; END",
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event BEGIN {_REFUSE}; END",
    # REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing delete
    # triggers (unless recursive_triggers is on): refuse an insert over an existing id. id is
    # the table's only unique key. Before the insert, an id the statement did not give reads -1,
    # so ids below 1 are refused after it: no stored row can make every later insert fail.
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_replace BEFORE INSERT ON audit_event "
    f"WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) BEGIN {_REFUSE}; END",
    "CREATE TRIGGER IF NOT EXISTS audit_event_positive_id AFTER INSERT ON audit_event "
    f"WHEN NEW.id < 1 BEGIN {_REFUSE}; END",
]
_FORBID_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]


def install_guard(connection: sa.Connection) -> None:
    """Create (or bring up to date) the triggers that refuse to change or remove an event.

    They stop the application and its mistakes; on PostgreSQL the owner of the table can still
    drop them, which is why the application connects as a role that owns nothing
    (:mod:`core.db.roles`). Run by ``wushe init`` as the owner; idempotent."""
    statements = _FORBID_POSTGRESQL if connection.dialect.name == "postgresql" else _FORBID_SQLITE
    for statement in statements:
        connection.exec_driver_sql(statement)


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
