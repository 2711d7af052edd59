"""The indicator summaries: check them against the raw data, rebuild them after a bulk load."""

from typing import Annotated

import typer
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.cli.base import (
    DatabaseOption,
    app,
    err,
    open_platform,
    out,
    run,
    settings_for,
)
from core.db import tenancy
from core.indicators import snapshots, summary
from core.models import Tenant

summaries = typer.Typer(help="The per-region summaries indicators are computed from.", no_args_is_help=True)
app.add_typer(summaries, name="summaries")


async def _tenant_id(session: AsyncSession, code: str | None) -> int | None:
    """The id of the tenant with ``code``; None (every tenant) when no code is given."""
    if code is None:
        return None
    tenant = (await session.exec(select(Tenant).where(Tenant.code == code))).first()
    if tenant is None:
        raise LookupError(f"tenant: no tenant with code {code!r}")
    return tenant.id


TenantOption = Annotated[str | None, typer.Option("--tenant", "-t", help="one tenant's code (default: all)")]


def _scope(tenant_id: int | None) -> tenancy.Scope:
    """One tenant's work when ``--tenant`` names it, platform-wide maintenance otherwise (:mod:`core.db.tenancy`)."""
    return tenancy.PLATFORM if tenant_id is None else tenancy.tenant(tenant_id)


@summaries.command("check")
def check(tenant: TenantOption = None, database: DatabaseOption = None) -> None:
    """Compare the stored summaries, and the counts kept as of past days, with a recomputation from the raw
    tables; exit 1 on a difference."""
    platform = open_platform(settings_for(database))

    async def work() -> list[str]:
        try:
            async with platform.sessions() as session:
                tenant_id = await _tenant_id(session, tenant)
            async with platform.engine.connect() as connection:
                await tenancy.set_on(connection, _scope(tenant_id))
                return await connection.run_sync(
                    lambda c: summary.differences(c, tenant_id) + snapshots.differences(c, tenant_id))
        finally:
            await platform.dispose()

    problems = run(work)
    for line in problems[:50]:
        err.print(line, highlight=False)
    if problems:
        err.print(f"{len(problems)} differences; `wushe summaries rebuild` recomputes them", highlight=False)
        raise typer.Exit(1)
    out.print("the summaries equal a recomputation from the raw data", highlight=False)


@summaries.command("rebuild")
def rebuild(tenant: TenantOption = None, database: DatabaseOption = None) -> None:
    """Recompute every summary row (of one tenant) in one transaction: after rows were written around the ORM."""
    platform = open_platform(settings_for(database))

    async def work() -> None:
        try:
            async with platform.sessions() as session:
                tenant_id = await _tenant_id(session, tenant)
            async with platform.engine.begin() as connection:
                await tenancy.set_on(connection, _scope(tenant_id))
                await connection.run_sync(lambda c: summary.rebuild(c, tenant_id))
        finally:
            await platform.dispose()

    run(work)
    out.print("summaries rebuilt", highlight=False)
