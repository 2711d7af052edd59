"""The models against a migrated database's schema: what ``wushe migrate check`` lists."""

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from core.migrations import Branch
from core.migrations.environment import Scope, configure


def differences(
    connection: sa.Connection, lines: Iterable[Branch], metadata: sa.MetaData | None = None
) -> list[str]:
    """How the loaded models (core's and the branches' tables of ``metadata``, the models' by
    default) differ from the database's schema, one line each; empty when they agree."""
    lines = tuple(lines)
    scope = Scope(frozenset().union(*(line.tables for line in lines)), orphans=True)
    context = MigrationContext.configure(connection, opts=configure(scope))
    return [describe(item) for item in compare_metadata(context, metadata or SQLModel.metadata)]


def describe(item: Any) -> str:
    """One of Alembic's differences as a line: what, where, database against models."""
    if isinstance(item, list):  # a column's changes come grouped
        return "; ".join(describe(part) for part in item)
    kind = item[0]
    if kind in ("add_table", "remove_table"):
        table = item[1]
        return f"table {table.name}: {_side(kind)}"
    if kind in ("add_column", "remove_column"):
        _, _, table, column = item
        return f"column {table}.{column.name} ({column.type}): {_side(kind)}"
    if kind in ("add_index", "remove_index"):
        index = item[1]
        columns = ", ".join(str(getattr(c, "name", c)) for c in index.expressions)
        return f"index {index.name} on {index.table.name}({columns}): {_side(kind)}"
    if kind in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        constraint = item[1]
        columns = ", ".join(c.name for c in constraint.columns)
        what = "foreign key" if kind.endswith("fk") else type(constraint).__name__
        return f"{what} {constraint.name or ''} on {constraint.table.name}({columns}): {_side(kind)}".replace("  ", " ")
    if kind.startswith("modify_"):
        _, _, table, column, _info, database, models = item
        what = kind.removeprefix("modify_").replace("_", " ")
        return f"column {table}.{column}: {what} {database!r} in the database, {models!r} in the models"
    return repr(item)


def _side(kind: str) -> str:
    return "in the models, not in the database" if kind.startswith("add") else "in the database, not in the models"
