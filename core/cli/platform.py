"""Running the platform: init, serve, token, demo, plugins, regions."""

import atexit
import json
import os
import shutil
import tempfile
from typing import Annotated, Any

import typer
import uvicorn
from rich.table import Table
from rich.tree import Tree
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from core import migrations, personal
from core.access.principal import UnknownUser
from core.cli.base import (
    DatabaseOption,
    app,
    err,
    open_platform,
    out,
    run,
    settings_for,
)
from core.cli.migrate import upgrade_lines
from core.config import Settings
from core.demo.data import DemoReport, fill_demo_data
from core.errors import StartupError
from core.models import Region
from core.platform import InitReport, Platform
from core.plugins.manager import load
from core.services.regions import region_by_path, subtree
from core.web.app import create_app
from core.web.observability import MULTIPROCESS_ENV, log_config
from core.web.workers import Supervisor, reuse_port_supported


@app.command()
def init(
    database: DatabaseOption = None,
    owner_database: Annotated[
        str | None,
        typer.Option("--owner-database", help="the database as its owner, for the tables and grants "
                     "(default: WUSHE_OWNER_DATABASE_URL, else the --database URL)"),
    ] = None,
) -> None:
    """Create or upgrade the database (`wushe migrate upgrade`), seed the enabled plugins' tenants and
    regions, create `admin`. Idempotent.

    PostgreSQL: tables are made as the owner, the --database role granted its rights (operators.md)."""
    overrides = {"owner_database_url": owner_database} if owner_database else {}
    platform = open_platform(settings_for(database, **overrides), initialised=False)

    async def work() -> InitReport:
        try:
            return await platform.init()
        finally:
            await platform.dispose()

    report = run(work)
    for line in upgrade_lines(migrations.where(platform.settings.database_url), report.schema):
        out.print(line, highlight=False)
    out.print(
        f"initialised {make_url(platform.settings.database_url).render_as_string()}: {report.tenants_added} tenants added, "
        f"{report.regions_added} regions added, {report.regions_updated} updated, {report.roles_added} roles added, "
        f"admin {'created' if report.admin_created else 'already present'}",
        highlight=False,
    )


@app.command()
def token(
    username: Annotated[str, typer.Argument(help="the user to sign a token for, e.g. admin")],
    database: DatabaseOption = None,
) -> None:
    """Print a bearer token for USER (on the last line). Send it as `Authorization: Bearer <token>`."""

    platform = open_platform(settings_for(database))

    async def work() -> str:
        try:
            return str(await platform.token_for(username))
        except UnknownUser as error:
            raise LookupError(str(error)) from None
        finally:
            await platform.dispose()

    print(run(work))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    dev: Annotated[bool, typer.Option("--dev/--no-dev", help="development mode: GraphiQL, unmasked errors")] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="worker processes (default: WUSHE_WORKERS, else 1)")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Serve the GraphQL API at http://HOST:PORT/graphql."""
    overrides: dict[str, Any] = {"env": "development"} if dev else {}
    if workers is not None:
        overrides["workers"] = workers
    _serve(open_platform(settings_for(database, **overrides)), host, port)


def _serve(platform: Platform, host: str, port: int) -> None:
    # forwarded headers are trusted by the app alone (WUSHE_TRUSTED_PROXIES), never by uvicorn
    settings = platform.settings
    options: dict[str, Any] = {
        "host": host, "port": port, "proxy_headers": False, "log_level": settings.log_level,
        "log_config": log_config(settings), "access_log": False,  # wushe.access writes a line per request
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
        "timeout_worker_healthcheck": settings.worker_start_seconds,
    }
    try:
        if platform.settings.workers == 1:
            uvicorn.run(create_app(platform), **options)
            return
        # Each worker builds its own platform from the environment (uvicorn starts them afresh):
        # the settings this command was given go there, and the app is named rather than passed.
        # What would stop every worker at start (no `wushe init`, a role that could rewrite the
        # audit log) stops this command first, once, with its reason.
        run(lambda: _ready(platform))
        os.environ.update(environment_of(platform.settings))
        if not os.environ.get(MULTIPROCESS_ENV):  # the workers' metrics, summed by whichever is scraped
            os.environ[MULTIPROCESS_ENV] = tempfile.mkdtemp(prefix="wushe-metrics-")
            atexit.register(shutil.rmtree, os.environ[MULTIPROCESS_ENV], ignore_errors=True)
        if settings.worker_sockets == "shared" or not reuse_port_supported():  # uvicorn's way
            uvicorn.run(WORKER_APP, factory=True, workers=settings.workers, **options)
            return
        config = uvicorn.Config(WORKER_APP, factory=True, **options)
        try:
            code = Supervisor(config, settings.workers, settings.worker_start_seconds).run()
        except OSError as error:
            raise StartupError(f"{host}:{port}: {error.strerror}") from None
        if code:
            raise typer.Exit(code)
    except StartupError as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None


async def _ready(platform: Platform) -> None:
    try:
        await platform.load_signing_key()
    finally:
        await platform.dispose()


WORKER_APP = "core.web.app:create_app"
"""What each worker of ``wushe serve --workers N`` calls to build its app."""


def environment_of(settings: Settings) -> dict[str, str]:
    """``WUSHE_*`` variables giving ``settings`` to a new process (what was set, not the defaults)."""
    values = settings.model_dump(mode="json", exclude_unset=True)
    return {
        f"WUSHE_{name.upper()}": value if isinstance(value, str) else json.dumps(value)
        for name, value in values.items()
        if value is not None
    }


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    database: Annotated[str, typer.Option("--database", "-d", help="SQLite file URL")] = "sqlite:///wushe-demo.db",
    serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="start the server afterwards")] = True,
) -> None:
    """Create a SQLite demo: the built-in tenants, synthetic people and organizations; then serve."""

    platform = open_platform(settings_for(database, env="development"), initialised=False)

    async def work() -> tuple[DemoReport, str]:
        await platform.init()
        report = await fill_demo_data(platform)
        return report, await platform.token_for("admin")

    report, bearer = run(work)
    out.print(f"demo data: {report}", highlight=False)
    out.print(f"GraphiQL:  http://{host}:{port}/graphql  (add the header Authorization: Bearer <token>)", highlight=False)
    out.print("token for admin:", highlight=False)
    print(bearer, flush=True)
    if serve_:
        _serve(platform, host, port)


@app.command()
def plugins(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List every installed plugin: version, scope and the hooks it implements."""

    try:
        _, registry = load(only=Settings().plugins)
    except StartupError as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    infos = list(registry.plugins.values())
    if as_json:
        rows = [{"name": p.name, "version": p.version, "scope": p.scope, "hooks": list(p.hooks)} for p in infos]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("name", "version", "scope", "hooks")
    for column in table.columns:
        column.overflow = "fold"
    for p in infos:
        table.add_row(p.name, p.version, p.scope or "(everywhere)", ", ".join(p.hooks))
    out.print(table)


@app.command()
def regions(
    path: Annotated[str, typer.Argument(help="the root of the subtree to print, e.g. the tenant's code")],
    depth: Annotated[int, typer.Option(help="how many tiers below PATH to show")] = 3,
    database: DatabaseOption = None,
) -> None:
    """Print the stored tier tree under PATH (names, codes, tiers)."""
    platform = open_platform(settings_for(database))

    async def work() -> list[Region]:
        try:
            async with platform.sessions() as session:
                root = await region_by_path(session, path.strip("/"))
                if root is None:
                    raise LookupError(f"path: no region at {path!r}")
                query = select(Region).where(subtree(root), col(Region.depth) <= root.depth + depth)
                return list((await session.exec(query.order_by(col(Region.depth), col(Region.position)))).all())
        finally:
            await platform.dispose()

    rows = run(work)
    nodes: dict[int | None, Tree] = {}
    top = rows[0]
    nodes[top.id] = Tree(f"{top.name} [dim]{top.path} {top.tier.value}[/dim]")
    for region in rows[1:]:
        parent = nodes.get(region.parent_id)
        if parent is not None:
            nodes[region.id] = parent.add(f"{region.name} [dim]{region.code} {region.tier.value}[/dim]")
    out.print(nodes[top.id])


# ---------------------------------------------------------------- users and sign-in


@app.command()
def reencrypt(database: DatabaseOption = None) -> None:
    """Re-encrypt and re-index every personal value under the newest data key (after a key change).

    Uses the WUSHE_* keys of the instance. The keys are not checked against the data first, since
    recomputing the index after a change of index key is what this is for."""
    platform = open_platform(settings_for(database))

    async def work() -> int:
        try:
            async with platform.sessions() as session:
                keyring = await personal.load_keyring(session, platform.settings)
            return await personal.reencrypt(platform.sessions, keyring)
        finally:
            await platform.dispose()

    rows = run(work)
    out.print(f"re-encrypted and re-indexed the personal data of {rows} rows under the newest data key")
