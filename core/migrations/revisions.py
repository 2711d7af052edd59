"""The branches' revisions: their history, and a new revision file for one branch."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.script import Script, ScriptDirectory

from core.migrations import Branch, MigrationError, alembic_config, run_alembic, scripts, status
from core.migrations.environment import Scope
from core.plugins.migrations import CORE_BRANCH


@dataclass(frozen=True)
class Revision:
    branch: str
    revision: str
    down: tuple[str, ...]
    depends_on: tuple[str, ...]
    message: str
    head: bool


def history(lines: Iterable[Branch]) -> list[Revision]:
    """Every revision of the branches, newest first."""
    lines = tuple(lines)
    labels = {line.versions.resolve(): line.label for line in lines}
    found = []
    for script in scripts(lines).walk_revisions():
        found.append(Revision(
            branch=labels.get(Path(script.path).parent.resolve(), "?"),
            revision=script.revision,
            down=_tuple(script.down_revision),
            depends_on=_tuple(script.dependencies),
            message=(script.doc or "").strip().splitlines()[0] if script.doc else "",
            head=script.is_head,
        ))
    return found


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def new_revision(
    connection: sa.Connection | None, lines: Iterable[Branch], label: str, message: str, *, autogenerate: bool
) -> Path:
    """Write a revision file for the branch ``label`` in its folder and return its path.

    The branch's first revision starts it (``branch_labels``) and, for a plugin's, depends on
    core's head at that moment. With ``autogenerate`` the operations are what the branch's tables
    need to match the models; ``connection`` is then a database at every branch's head."""
    lines = tuple(lines)
    line = next((b for b in lines if b.label == label), None)
    if line is None:
        known = ", ".join(b.label for b in lines)
        raise MigrationError(f"branch: no migration branch {label!r}; the branches are: {known}")
    config = alembic_config(lines, connection=connection, scope=Scope(line.tables, orphans=label == CORE_BRANCH))
    script = ScriptDirectory.from_config(config)
    options: dict[str, Any] = {"head": f"{label}@head", "version_path": str(line.versions)}
    if not _has_revisions(script, line):
        core_head = script.get_revision(f"{CORE_BRANCH}@head")
        options = {"head": "base", "branch_label": label, "version_path": str(line.versions),
                   "depends_on": core_head.revision if core_head is not None else None}
    if autogenerate:
        if connection is None:
            raise MigrationError("autogenerate: a database at every branch's head is needed to compare with")
        found = status(connection, lines)
        if found.state != "current":
            raise MigrationError(found.problem("the given URL") or "the database is not at every branch's head")
    made = run_alembic(command.revision, config, message, autogenerate, **options)
    scripts_made = made if isinstance(made, list) else [made]
    written = next(s for s in scripts_made if isinstance(s, Script))
    return Path(written.path)


def _has_revisions(script: ScriptDirectory, line: Branch) -> bool:
    folder = line.versions.resolve()
    return any(Path(s.path).parent.resolve() == folder for s in script.walk_revisions())
