"""Reports as files for the offices: ``wushe export rollup``, ``wushe export targets`` and a form's
submissions, ``wushe export form KEY --under PATH``.

The operator acts as the platform administrator (as ``wushe role`` and ``wushe assign`` do): an
export from the shell sees every tenant. Users download the same reports over HTTP
(``GET /exports/rollup.xlsx`` …) with their own token and their own permissions.
"""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.access.grants import Principal
from core.cli.base import (
    DatabaseOption,
    app,
    current_operator,
    fail,
    in_transaction,
    open_platform,
    out,
    run,
    settings_for,
)
from core.documents import exports as form_exports
from core.errors import FieldError
from core.indicators import reports
from core.platform import Platform
from core.plugins.registry import Registry

export_app = typer.Typer(
    help="Write a rollup or the targets' status as CSV (UTF-8 with BOM) or XLSX, or a form's submissions as XLSX, "
    "as the platform administrator.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

YearOption = Annotated[int | None, typer.Option(help="the year of the yearly indicators (default: this year)")]
FormatOption = Annotated[str | None, typer.Option("--format", "-f", help="csv or xlsx (default: the output's suffix)")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="the file to write, e.g. report.xlsx")]


BuildReport = Callable[[AsyncSession, Principal, Registry], Awaitable[reports.Report]]
"""Builds the report as ``who`` (the session, the principal, the plugins' declarations)."""


def _write(output: Path, fmt: str | None, build: BuildReport, database: str | None) -> None:
    try:
        chosen = reports.format_for(str(output), fmt)
    except FieldError as error:
        fail(str(error))

    async def work(platform: Platform, session: AsyncSession) -> reports.Report:
        return await build(session, await current_operator(platform, session), platform.registry)

    report = in_transaction(database, work)
    try:
        output.write_bytes(reports.render(report, chosen))
    except OSError as error:
        fail(f"output: {error}")
    out.print(f"{output}: {report.title}, {len(report.rows)} rows ({chosen})", highlight=False)


@export_app.command("rollup")
def export_rollup(
    under: Annotated[str, typer.Option(help="the region's path, e.g. shanhai/donghu")],
    by: Annotated[str, typer.Option(help="a tier below it: city, district, street or community")],
    indicators: Annotated[str, typer.Option(help="indicator keys, comma-separated, e.g. volunteer_share,sessions")],
    output: OutputOption,
    year: YearOption = None,
    kind: Annotated[str | None, typer.Option(help="only urban or only rural communities")] = None,
    targets: Annotated[bool, typer.Option("--targets/--no-targets", help="add each indicator's target and whether it is met")] = False,
    years: Annotated[str | None, typer.Option(
        help="several years, comma-separated (e.g. 2023,2024,2025): one group of columns per year, the counts "
             "of what exists as of each 31 December (today for the current year)")] = None,
    months: Annotated[str | None, typer.Option(
        help="several months instead of years, comma-separated (e.g. 2025-01,2025-02): one group of columns per "
             "month, the counts of what exists as of its last day (today for the current month), the yearly "
             "indicators over that month alone")] = None,
    fmt: FormatOption = None,
    database: DatabaseOption = None,
) -> None:
    """One row per region of tier BY under UNDER with the INDICATORS, and a 合计 (total) row."""

    async def build(session: AsyncSession, who: Principal, registry: Registry) -> reports.Report:
        return await reports.rollup_report(session, who, registry, under=under, by=by, indicators=indicators,
                                           year=year, kind=kind, targets=targets, years=years,
                                           months=months)

    _write(output, fmt, build, database)


@export_app.command("targets")
def export_targets(
    region: Annotated[str, typer.Option(help="the region's path, e.g. shanhai/donghu/xiyuan")],
    output: OutputOption,
    year: YearOption = None,
    fmt: FormatOption = None,
    database: DatabaseOption = None,
) -> None:
    """Every target in force at REGION: threshold, current value, met or not, deadline, failing communities."""

    async def build(session: AsyncSession, who: Principal, registry: Registry) -> reports.Report:
        return await reports.targets_report(session, who, registry, region=region, year=year)

    _write(output, fmt, build, database)


@export_app.command("form")
def export_form(
    key: Annotated[str, typer.Argument(help="the form's key, e.g. child_file")],
    under: Annotated[str, typer.Option(help="the region's path, e.g. shanhai/donghu")],
    output: OutputOption,
    masked: Annotated[bool, typer.Option("--masked/--full", help="keep personal fields masked (default: in full, "
                                         "each value read written to the audit log)")] = False,
    database: DatabaseOption = None,
) -> None:
    """Every submission of form KEY under UNDER, one row each, one column per field (XLSX, money in yuan)."""
    if output.suffix.lower() != ".xlsx":
        fail("output: a form is exported as .xlsx")

    platform = open_platform(settings_for(database))  # checks the database itself: not inside run()

    async def work() -> tuple[form_exports.FormExport, int]:
        try:
            await platform.load_data_key()  # the personal values, read in full where the operator may
            async with db.transaction(platform.sessions) as session:
                who = await current_operator(platform, session)
                plan = await form_exports.prepare(session, who, platform.registry, key=key, under=under, masked=masked)
                partial = output.with_name(f".{output.name}.part")
                try:
                    with partial.open("wb") as file:
                        count = await form_exports.write_xlsx(session, who, platform.registry, plan, file)
                    partial.replace(output)
                except OSError as error:
                    partial.unlink(missing_ok=True)
                    raise FieldError("output", str(error)) from None
                except BaseException:
                    partial.unlink(missing_ok=True)
                    raise
                return plan, count
        finally:
            await platform.dispose()

    try:
        plan, count = run(work)
    except FieldError as error:
        fail(str(error))
    out.print(f"{output}: {plan.title}, {count} rows (xlsx)", highlight=False)
