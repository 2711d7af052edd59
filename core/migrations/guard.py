"""The append-only guard for a table a revision after the baseline creates: the same triggers
:func:`core.migrations.baseline.install_guard` puts on the baseline's append-only tables (that module
is frozen; a later revision calls these)."""

import sqlalchemy as sa

from core.migrations.baseline import _forbid_postgresql, _forbid_sqlite


def guard(connection: sa.Connection, table: str) -> None:
    """Install the triggers that refuse to change or remove a row of ``table`` (idempotent)."""
    forbid = _forbid_postgresql if connection.dialect.name == "postgresql" else _forbid_sqlite
    for statement in forbid(table):
        connection.exec_driver_sql(statement)


def unguard(connection: sa.Connection, table: str) -> None:
    """Drop them (and on PostgreSQL their function)."""
    if connection.dialect.name == "postgresql":
        statements = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                      f"DROP FUNCTION IF EXISTS {table}_append_only()"]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {table}_{name}" for name in ("no_update", "no_delete", "no_replace",
                                                                              "positive_id")]
    for statement in statements:
        connection.exec_driver_sql(statement)
