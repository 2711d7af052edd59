"""The schema's migrations from the shell: migrate upgrade, downgrade, current, check, history,
revision (:mod:`core.migrations`; docs/operators.md "Upgrading", docs/plugins.md "Tables and
migrations"). Upgrades and downgrades run as the database's owner, like ``init``."""

from typing import Annotated

import typer

from core import migrations
from core.cli.base import DatabaseOption, app, err, open_platform, out, run, settings_for
from core.config import Settings
from core.migrations import compare, revisions

migrate_app = typer.Typer(
    help="The database schema's migrations: core's history and one branch per plugin.", no_args_is_help=True
)
app.add_typer(migrate_app, name="migrate")

OwnerOption = Annotated[
    str | None,
    typer.Option("--owner-database", help="the database as its owner, who migrates it "
                 "(default: WUSHE_OWNER_DATABASE_URL, else the --database URL)"),
]


def _settings(database: str | None, owner_database: str | None = None) -> Settings:
    overrides = {"owner_database_url": owner_database} if owner_database else {}
    return settings_for(database, **overrides)


@migrate_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="where to stop: every branch's head (heads), a revision, BRANCH@head")] = "heads",
    database: DatabaseOption = None,
    owner_database: OwnerOption = None,
) -> None:
    """Run the migrations up to REVISION (every branch's head by default); back the database up first.

    A database made by a release before migrations is brought to the baseline and stamped first.
    Seeds nothing (`wushe init` does)."""
    platform = open_platform(_settings(database, owner_database), initialised=False)

    async def work() -> migrations.Upgrade:
        try:
            return await platform.migrate(revision)
        finally:
            await platform.dispose()

    report = run(work)
    where = migrations.where(platform.settings.database_url)
    for line in upgrade_lines(where, report):
        out.print(line, highlight=False)
    out.print(f"{where}: {len(report.applied)} migration(s) run, now at {revision}", highlight=False)


def upgrade_lines(where: str, report: migrations.Upgrade) -> list[str]:
    """What an upgrade did, a line each: a database made before migrations brought to the
    baseline (and what that changed), then each revision run."""
    lines = []
    if report.previous is not None:
        changed = f" ({', '.join(report.previous)})" if report.previous else ""
        lines.append(f"{where}: made by a release before migrations: brought to the baseline and stamped{changed}")
    return lines + [f"  {line}" for line in report.applied]


@migrate_app.command("downgrade")
def downgrade(
    revision: Annotated[str, typer.Argument(help="where to stop: a revision, BRANCH@-1 (one step of a branch), base (nothing)")],
    database: DatabaseOption = None,
    owner_database: OwnerOption = None,
) -> None:
    """Undo migrations down to REVISION; back the database up first.

    A downgrade drops what the undone revisions made, data included."""
    platform = open_platform(_settings(database, owner_database), initialised=False)

    async def work() -> list[str]:
        try:
            return await platform.downgrade(revision)
        finally:
            await platform.dispose()

    undone = run(work)
    for line in undone:
        out.print(f"  {line}", highlight=False)
    out.print(f"{migrations.where(platform.settings.database_url)}: {len(undone)} migration(s) undone", highlight=False)


@migrate_app.command("current")
def current(database: DatabaseOption = None) -> None:
    """Print where the database stands: its revisions, each branch's head, what to run."""
    platform = open_platform(_settings(database), initialised=False)

    async def work() -> migrations.Status:
        try:
            return await platform.database_status()
        finally:
            await platform.dispose()

    found = run(work)
    out.print(f"state: {found.state}", highlight=False)
    out.print(f"database: {', '.join(found.current) or '(none)'}", highlight=False)
    heads = revisions.history(platform.branches)
    out.print("heads: " + ", ".join(f"{r.branch} {r.revision}" for r in heads if r.head), highlight=False)
    problem = found.problem(migrations.where(platform.settings.database_url))
    if problem:
        err.print(problem, highlight=False)


@migrate_app.command("check")
def check(database: DatabaseOption = None) -> None:
    """Compare the models with the migrated schema: exit 1 listing every difference.

    A difference is a model changed without a migration, or a migration without its model; exit
    code 2 when the database is not up to date."""
    platform = open_platform(_settings(database))

    async def work() -> list[str]:
        try:
            async with platform.owner_engine() as engine:
                return await migrations.on(engine, compare.differences, platform.branches)
        finally:
            await platform.dispose()

    found = run(work)
    if found:
        for line in found:
            err.print(f"differs: {line}", highlight=False)
        err.print(f"{len(found)} difference(s) between the models and the migrated schema: add a migration "
                  "(`wushe migrate revision`)", highlight=False)
        raise typer.Exit(1)
    out.print("the models and the migrated schema agree", highlight=False)


@migrate_app.command("history")
def history(database: DatabaseOption = None) -> None:
    """List every revision of every branch, newest first: branch, revision, what it follows, message."""
    platform = open_platform(_settings(database), initialised=False)
    run(platform.dispose)
    for item in revisions.history(platform.branches):
        follows = ", ".join(item.down) or "base"
        needs = f" (needs {', '.join(item.depends_on)})" if item.depends_on else ""
        head = " (head)" if item.head else ""
        out.print(f"{item.branch:<12} {item.revision}{head} after {follows}{needs}: {item.message}", highlight=False)


@migrate_app.command("revision")
def revision(
    message: Annotated[str, typer.Argument(help="what the revision does, e.g. 'add the allowance register'")],
    branch: Annotated[str, typer.Option("--branch", "-b", help="the branch: core, or a plugin's (its register_migrations)")],
    autogenerate: Annotated[
        bool, typer.Option("--autogenerate/--empty", help="write the operations the branch's tables need (compares "
                           "the models with --database, which must be up to date)")
    ] = True,
    database: DatabaseOption = None,
) -> None:
    """Write a new revision file in BRANCH's folder (developers, plugin authors).

    Read and tidy it before committing. A plugin's first revision starts its branch and depends on
    core's head."""
    platform = open_platform(_settings(database), initialised=False)

    async def work() -> str:
        try:
            if not autogenerate:
                return str(revisions.new_revision(None, platform.branches, branch, message, autogenerate=False))
            async with platform.owner_engine() as engine:
                made = await migrations.on(
                    engine, revisions.new_revision, platform.branches, branch, message, autogenerate=True
                )
                return str(made)
        finally:
            await platform.dispose()

    out.print(f"wrote {run(work)}", highlight=False)
