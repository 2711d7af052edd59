"""Bulk import from the shell: ``wushe import volunteers|organizations|workers|regions|baselines FILE`` and
``wushe import template KIND``.

``--as USER`` imports with that user's permissions (``volunteer:create`` at each row's region …)
and is what the audit log records; without it the operator acts as the platform administrator
(audited as ``cli:<login>``) and names the tenant with ``--tenant``. A file with bad rows is not
imported at all: every bad row is listed (row, column, reason) and the exit code is 1.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from core import imports
from core.access.grants import Principal
from core.access.principal import UnknownUser
from core.cli.base import DatabaseOption, app, err, fail, open_platform, operator, out, run, settings_for
from core.imports import templates
from core.imports.loader import Result

import_app = typer.Typer(
    help="Import volunteers, social organizations, social workers, regions or baselines from XLSX or CSV "
         "(all rows or none).",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

FileArgument = Annotated[Path, typer.Argument(help="the .xlsx or .csv file", exists=True, dir_okay=False, readable=True)]
TenantOption = Annotated[str | None, typer.Option("--tenant", "-t", help="the tenant's code (default: the user's own)")]
AsOption = Annotated[
    str | None, typer.Option("--as", help="import as this user, with their permissions (default: the platform administrator)")
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="check everything and report the counts; store nothing")]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="of a CSV file, e.g. gb18030 (default: UTF-8, else GB18030)")
]
FormatOption = Annotated[str | None, typer.Option("--format", "-f", help="xlsx or csv (default: the file's suffix)")]

SHOWN = 50
"""Errors printed in the table; all of them with --errors FILE."""


def _print_errors(result: Result, errors_file: Path | None) -> None:
    table = Table("行", "列", "原因", title=f"{len(result.errors)} 个错误，未导入任何记录")
    for error in result.errors[:SHOWN]:
        table.add_row("" if error.row is None else str(error.row), error.column, error.reason)
    err.print(table)
    if len(result.errors) > SHOWN:
        err.print(f"… 另有 {len(result.errors) - SHOWN} 个错误" + ("" if errors_file else "（用 --errors FILE 写出全部）"),
                  highlight=False)
    if errors_file is not None:
        errors_file.write_text("行,列,原因\n" + "".join(
            f"{'' if e.row is None else e.row},{e.column},\"{e.reason.replace(chr(34), chr(34) * 2)}\"\n"
            for e in result.errors), encoding="utf-8-sig")


def _import(kind: str, file: Path, tenant: str | None, as_user: str | None, dry_run: bool, encoding: str | None,
            fmt: str | None, errors_file: Path | None, database: str | None) -> None:
    platform = open_platform(settings_for(database))

    async def work() -> Result:
        try:
            await platform.load_data_key()
            async with platform.sessions() as session:
                who: Principal = (await platform.principal(session, as_user) if as_user
                                  else operator(await platform.policies.current(session)))
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                reading = bar.add_task("读取", total=None)
                tasks: dict[str, TaskID] = {}

                def read(row: int, total: int | None) -> None:
                    if row % 500 == 0 or row == total:
                        bar.update(reading, completed=row, total=total)

                def step(phase: str, done: int, total: int) -> None:
                    if phase not in tasks:
                        bar.update(reading, completed=bar.tasks[reading].total or 0)
                        tasks[phase] = bar.add_task(phase, total=total)
                    bar.update(tasks[phase], completed=done, total=total)

                return await imports.run(platform.sessions, who, kind, file, filename=file.name, tenant=tenant, fmt=fmt,
                                         encoding=encoding, dry_run=dry_run, progress=step, reading=read,
                                         registry=platform.registry)
        except UnknownUser as error:
            raise LookupError(f"--as: {error}") from None
        finally:
            await platform.dispose()

    result = run(work)
    if result.errors:
        _print_errors(result, errors_file)
        raise typer.Exit(1)
    label = imports.kind_named(kind).label
    verb = "试运行（未保存）" if dry_run else "已导入"
    out.print(f"{verb}{label} {result.rows} 行：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}",
              highlight=False)


ErrorsOption = Annotated[Path | None, typer.Option("--errors", help="also write every error to this CSV file")]


@import_app.command("volunteers")
def import_volunteers(file: FileArgument, tenant: TenantOption = None, as_user: AsOption = None,
                      dry_run: DryRunOption = False, encoding: EncodingOption = None, fmt: FormatOption = None,
                      errors: ErrorsOption = None, database: DatabaseOption = None) -> None:
    """Volunteers (志愿者), matched on the ID number: new ones created, changed ones updated."""
    _import("volunteers", file, tenant, as_user, dry_run, encoding, fmt, errors, database)


@import_app.command("organizations")
def import_organizations(file: FileArgument, tenant: TenantOption = None, as_user: AsOption = None,
                         dry_run: DryRunOption = False, encoding: EncodingOption = None, fmt: FormatOption = None,
                         errors: ErrorsOption = None, database: DatabaseOption = None) -> None:
    """Social organizations (社会组织), matched on the unified social credit code."""
    _import("organizations", file, tenant, as_user, dry_run, encoding, fmt, errors, database)


@import_app.command("workers")
def import_workers(file: FileArgument, tenant: TenantOption = None, as_user: AsOption = None,
                   dry_run: DryRunOption = False, encoding: EncodingOption = None, fmt: FormatOption = None,
                   errors: ErrorsOption = None, database: DatabaseOption = None) -> None:
    """Social workers (社会工作者), matched on the ID number."""
    _import("workers", file, tenant, as_user, dry_run, encoding, fmt, errors, database)


@import_app.command("regions")
def import_regions(file: FileArgument, tenant: TenantOption = None, as_user: AsOption = None,
                   dry_run: DryRunOption = False, encoding: EncodingOption = None, fmt: FormatOption = None,
                   errors: ErrorsOption = None, database: DatabaseOption = None) -> None:
    """Regions and their facts (区域): missing ones added below their parent, populations, census year and kind set."""
    _import("regions", file, tenant, as_user, dry_run, encoding, fmt, errors, database)


@import_app.command("baselines")
def import_baselines(file: FileArgument, tenant: TenantOption = None, as_user: AsOption = None,
                     dry_run: DryRunOption = False, encoding: EncodingOption = None, fmt: FormatOption = None,
                     errors: ErrorsOption = None, database: DatabaseOption = None) -> None:
    """Indicators' baselines (指标基数): a value at a region at a year's end, as setBaseline sets one."""
    _import("baselines", file, tenant, as_user, dry_run, encoding, fmt, errors, database)


@import_app.command("template")
def template(
    kind: Annotated[str, typer.Argument(help="volunteers, organizations, workers, regions or baselines")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="default: import-KIND-template.xlsx")] = None,
) -> None:
    """Write the template workbook of KIND: its headers, and a sheet saying what each column takes."""
    found = imports.ALL_KINDS.get(kind)
    if found is None:
        fail(f"kind: {kind!r} is not one of {', '.join(imports.ALL_KINDS)}")
    path = output or Path(templates.filename(found))
    try:
        path.write_bytes(templates.workbook(found))
    except OSError as error:
        fail(f"output: {error}")
    out.print(f"{path}: {found.label}导入模板，{len(found.columns)} 列", highlight=False)
