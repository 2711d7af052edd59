"""The append-only audit log: every change of permissions, every emergency, every full read of
personal data. Rows are only ever inserted; the database refuses updates and deletes
(:func:`install_guard`), and on PostgreSQL the application's role may only insert and read."""

from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.db.roles import APPEND_ONLY_TABLES
from core.models import AuditEvent


def _forbid_sqlite(table: str) -> list[str]:
    refuse = f"SELECT RAISE(ABORT, '{table} is append-only')"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN {refuse}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN {refuse}; END",
        # REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing delete
        # triggers (unless recursive_triggers is on): refuse an insert over an existing id. Before
        # the insert, an id the statement did not give reads -1, so ids below 1 are refused after
        # it: no stored row can make every later insert fail. (A replace over another unique key
        # is caught by the same trigger only for the id; the other keys are the engine's.)
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) BEGIN {refuse}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_positive_id AFTER INSERT ON {table} "
        f"WHEN NEW.id < 1 BEGIN {refuse}; END",
    ]


def _forbid_postgresql(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
    ]


def install_guard(connection: sa.Connection) -> None:
    """Create (or bring up to date) the triggers that refuse to change or remove a row of an append-only table.

    They stop the application and its mistakes; on PostgreSQL the owner of the table can still
    drop them, which is why the application connects as a role that owns nothing
    (:mod:`core.db.roles`). Run by ``wushe init`` as the owner; idempotent."""
    forbid = _forbid_postgresql if connection.dialect.name == "postgresql" else _forbid_sqlite
    for table in APPEND_ONLY_TABLES:
        for statement in forbid(table):
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
