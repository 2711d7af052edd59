"""A plugin's own tables and the migrations that make them: :class:`MigrationsDecl`, what the
``register_migrations`` hook returns, and :func:`declared_migrations`, which collects and checks them.

Each plugin that has tables has one branch of migrations, labelled ``branch``, in a folder of
its own (``versions``); ``wushe init`` and ``wushe migrate upgrade`` run core's history and every
plugin's branch to their heads (:mod:`core.migrations`, docs/plugins.md "Tables and migrations").
"""

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pluggy
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlmodel import SQLModel

from core.errors import StartupError
from core.plugins.registry import Declared

CORE_BRANCH = "core"
"""The label of core's own history: no plugin's branch may take it."""


class MigrationsDecl(BaseModel):
    """A plugin's branch of migrations and the tables its models define.

    ``branch`` labels the branch (the plugin's name, as a rule); ``versions`` is the folder of its
    revision files (shipped inside the plugin's package); ``tables`` are the plugin's table models
    (SQLModel classes with ``table=True``) or ``sa.Table`` objects on ``SQLModel.metadata``, each
    named ``<branch>_…`` so that it never meets a core table or another plugin's.
    ``wushe migrate check`` compares exactly these (and core's) with the migrated database."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    branch: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    versions: Path
    tables: tuple[Any, ...] = ()

    @field_validator("branch")
    @classmethod
    def _not_core(cls, value: str) -> str:
        if value == CORE_BRANCH:
            raise ValueError(f"{CORE_BRANCH!r} is core's own history; label the branch with the plugin's name")
        return value

    @field_validator("versions")
    @classmethod
    def _folder(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"no folder at {str(value)!r} (the plugin's revision files)")
        return value

    @field_validator("tables")
    @classmethod
    def _tables(cls, value: tuple[Any, ...]) -> tuple[Any, ...]:
        for index, item in enumerate(value):
            table = getattr(item, "__table__", item)
            if not isinstance(table, sa.Table):
                raise ValueError(f"[{index}]: {item!r} is not a table model (SQLModel with table=True) nor a table")
            if table.metadata is not SQLModel.metadata:
                raise ValueError(f"[{index}]: table {table.name!r} is not on SQLModel.metadata")
        return value

    @model_validator(mode="after")
    def _prefixed(self) -> "MigrationsDecl":
        for index, name in enumerate(self.table_names):
            if not name.startswith(f"{self.branch}_"):
                raise ValueError(f"tables[{index}]: {name!r} must start with {self.branch + '_'!r} (the branch's label)")
        return self

    @property
    def table_names(self) -> tuple[str, ...]:
        return tuple(getattr(item, "__table__", item).name for item in self.tables)


def declared_migrations(
    pm: pluggy.PluginManager, disabled: Iterable[tuple[str, Any]] = ()
) -> list[Declared[MigrationsDecl]]:
    """Every plugin's ``register_migrations``, checked: one branch per plugin at most, labels and
    table names unique. ``disabled`` are the installed plugins ``WUSHE_PLUGINS`` leaves out, as
    (name, plugin): their tables stay migrated with them, so that leaving a plugin out never makes
    the database one the platform refuses. Raises :class:`StartupError` naming the plugin, the
    hook and the field (every problem found, one a line)."""
    found: list[Declared[MigrationsDecl]] = []
    problems: list[str] = []
    hooks = [(impl.plugin_name, impl.function) for impl in pm.hook.register_migrations.get_hookimpls()]
    hooks += [(name, plugin.register_migrations) for name, plugin in disabled if hasattr(plugin, "register_migrations")]
    for name, hook in hooks:  # in registration order, then the disabled ones
        try:
            result = hook()
            if result is None:
                continue
            decl = result if isinstance(result, MigrationsDecl) else MigrationsDecl.model_validate(result)
        except ValidationError as error:
            for item in error.errors():
                where = ".".join(str(part) for part in item["loc"])
                message = re.sub(r"^Value error, ", "", item["msg"])
                problems.append(f"plugin {name!r}: register_migrations{'.' + where if where else ''}: {message}")
            continue
        found.append(Declared(name, decl))
    branches: dict[str, str] = {}
    tables: dict[str, str] = {}
    for declared in found:
        where = f"plugin {declared.plugin!r}: register_migrations"
        other = branches.setdefault(declared.item.branch, declared.plugin)
        if other != declared.plugin:
            problems.append(f"{where}.branch: {declared.item.branch!r} is already plugin {other!r}'s branch")
        for index, table in enumerate(declared.item.table_names):
            owner = tables.setdefault(table, declared.plugin)
            if owner != declared.plugin:
                problems.append(f"{where}.tables[{index}]: {table!r} is already plugin {owner!r}'s table")
    if problems:
        raise StartupError("\n".join(problems))
    return found
