"""What ``env.py`` configures Alembic with: the models' metadata, the tables in scope, how
autogenerate compares and writes.

A scope is the set of tables a command looks at: every loaded table for ``wushe migrate check``,
one branch's for a new revision of that branch (so that a plugin's revision never touches core's
tables, nor core's a plugin's).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString


@dataclass(frozen=True)
class Scope:
    tables: frozenset[str]
    """the tables of the models compared and written"""
    orphans: bool
    """whether a table the database has and no loaded model declares counts (to be dropped)"""

    def include(self, obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        """Alembic's ``include_object``: a table in scope, or an orphan when they count; the
        columns, indexes and constraints of the tables included."""
        if type_ != "table":
            return True
        if name in self.tables:
            return True
        return self.orphans and reflected and compare_to is None and name not in SQLModel.metadata.tables


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write SQLModel's ``AutoString`` as ``sa.String`` and an enum stored by value (``native_enum=False``,
    :func:`core.models.base.enum_column`) as the ``VARCHAR`` it is, so that a revision never
    imports the models nor freezes an enum's members."""
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if type_ == "type" and isinstance(obj, sa.Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def compare_server_default(
    context: Any, inspected_column: Any, metadata_column: Any, inspected_default: str | None,
    metadata_default: Any, rendered_metadata_default: str | None,
) -> bool | None:
    """A JSON column's server default compared as text (PostgreSQL has no ``=`` for ``json``, which
    Alembic's own comparison runs); any other column's is left to Alembic (None)."""
    if not isinstance(metadata_column.type, sa.JSON):
        return None

    def plain(value: str | None) -> str | None:
        return None if value is None else re.sub(r"::jsonb?$", "", value.strip("() ")).strip("'\"")

    return plain(inspected_default) != plain(rendered_metadata_default)


def configure(scope: Scope, applied: list[str] | None = None) -> dict[str, Any]:
    """The keyword arguments of ``context.configure`` besides the connection; each revision run
    (or stamped) is added to ``applied`` as ``up|down|stamp <revision> <message>``."""
    include: Callable[..., bool] = scope.include

    def record(*, step: Any, **_: Any) -> None:
        if applied is not None:
            script = step.up_revision  # the revision run, or undone
            verb = "stamp" if step.is_stamp else "up" if step.is_upgrade else "down"
            message = (script.doc or "").strip().splitlines()[0] if script is not None and script.doc else ""
            applied.append(f"{verb} {step.up_revision_id} {message}".strip())

    return {
        "on_version_apply": record,
        "target_metadata": SQLModel.metadata,
        "include_object": include,
        "compare_type": True,
        "compare_server_default": compare_server_default,
        "render_item": render_item,
        "render_as_batch": True,  # SQLite alters a table by copying it: autogenerate writes batch operations
    }
