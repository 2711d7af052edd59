"""The ``wushe`` command: init, serve, token, login, user, demo, plugins, regions."""

import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from core.config import Settings
from core.plugins import StartupError

T = TypeVar("T")

app = typer.Typer(
    help="wushe: the Five-Society Linkage (五社联动) platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", "-d", help="database URL (default: WUSHE_DATABASE_URL or sqlite:///wushe.db)"),
]


def _settings(database: str | None, **overrides: Any) -> Settings:
    values = {"database_url": database} if database else {}
    return Settings(**values, **overrides)


def _platform(settings: Settings) -> Any:
    from core.platform import Platform

    try:
        return Platform.create(settings)
    except (StartupError, ValueError) as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None


def _run(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        return asyncio.run(work())
    except (StartupError, LookupError, RuntimeError) as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None


@app.command()
def init(database: DatabaseOption = None) -> None:
    """Create the database, seed the enabled plugins' tenants and regions, create `admin`. Idempotent."""
    platform = _platform(_settings(database))

    async def work() -> Any:
        try:
            return await platform.init()
        finally:
            await platform.dispose()

    report = _run(work)
    out.print(
        f"initialised {platform.settings.database_url}: {report.tenants_added} tenants added, "
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
    from core.permissions.principal import UnknownUser

    platform = _platform(_settings(database))

    async def work() -> str:
        try:
            return str(await platform.token_for(username))
        except UnknownUser as error:
            raise LookupError(str(error)) from None
        finally:
            await platform.dispose()

    print(_run(work))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    dev: Annotated[bool, typer.Option("--dev/--no-dev", help="development mode: GraphiQL, unmasked errors")] = False,
    database: DatabaseOption = None,
) -> None:
    """Serve the GraphQL API at http://HOST:PORT/graphql."""
    overrides: dict[str, Any] = {"env": "development"} if dev else {}
    _serve(_platform(_settings(database, **overrides)), host, port)


def _serve(platform: Any, host: str, port: int) -> None:
    import uvicorn

    from core.app import create_app

    try:
        # forwarded headers are trusted by the app alone (WUSHE_TRUSTED_PROXIES), never by uvicorn
        uvicorn.run(create_app(platform), host=host, port=port, log_level="info", proxy_headers=False)
    except StartupError as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    database: Annotated[str, typer.Option("--database", "-d", help="SQLite file URL")] = "sqlite:///wushe-demo.db",
    serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="start the server afterwards")] = True,
) -> None:
    """Create a SQLite demo: the built-in tenants, synthetic people and organizations; then serve."""
    from core.demo import fill_demo_data

    platform = _platform(_settings(database, env="development"))

    async def work() -> tuple[Any, str]:
        await platform.init()
        report = await fill_demo_data(platform)
        return report, await platform.token_for("admin")

    report, bearer = _run(work)
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
    from core.plugins import load

    try:
        _, registry = load(only=Settings().plugins)
    except StartupError as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    rows = [
        {"name": p.name, "version": p.version, "scope": p.scope, "hooks": list(p.hooks)}
        for p in registry.plugins.values()
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("name", "version", "scope", "hooks")
    for column in table.columns:
        column.overflow = "fold"
    for row in rows:
        table.add_row(row["name"], row["version"], row["scope"] or "(everywhere)", ", ".join(row["hooks"]))
    out.print(table)


@app.command()
def regions(
    path: Annotated[str, typer.Argument(help="the root of the subtree to print, e.g. the tenant's code")],
    depth: Annotated[int, typer.Option(help="how many tiers below PATH to show")] = 3,
    database: DatabaseOption = None,
) -> None:
    """Print the stored tier tree under PATH (names, codes, tiers)."""
    from sqlmodel import col, select

    from core.models import Region
    from core.tree import region_by_path, subtree

    platform = _platform(_settings(database))

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

    rows = _run(work)
    nodes: dict[int | None, Tree] = {}
    top = rows[0]
    nodes[top.id] = Tree(f"{top.name} [dim]{top.path} {top.tier.value}[/dim]")
    for region in rows[1:]:
        parent = nodes.get(region.parent_id)
        if parent is not None:
            nodes[region.id] = parent.add(f"{region.name} [dim]{region.code} {region.tier.value}[/dim]")
    out.print(nodes[top.id])


# ---------------------------------------------------------------- users and sign-in

user_app = typer.Typer(help="Add users, set their passwords, revoke their tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")

PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from the first line of standard input")
]


def _password(from_stdin: bool, *, confirm: bool) -> str:
    """From stdin's first line (for scripts), else asked for without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            _fail("password: nothing on standard input")
        return password
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=confirm))


def _fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(2)


def _accounts(database: str | None, work: Callable[[Any, Any], Coroutine[Any, Any, T]]) -> T:
    """Run ``work(platform, session)`` in one transaction; field errors end with exit code 2."""
    from core import db
    from core.errors import FieldError, InvalidInput

    platform = _platform(_settings(database))

    async def run() -> T:
        try:
            async with db.transaction(platform.sessions) as session:
                return await work(platform, session)
        finally:
            await platform.dispose()

    try:
        return _run(run)
    except (FieldError, InvalidInput) as error:
        _fail(str(error))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="3 to 64 characters: a-z, 0-9, '.', '_', '-'")],
    tenant: Annotated[str | None, typer.Option(help="the tenant's code (its root region), e.g. panjin; none: a platform user")] = None,
    password_stdin: PasswordStdinOption = False,
    service: Annotated[bool, typer.Option("--service", help="an API client: no password, service tokens")] = False,
    display_name: Annotated[str, typer.Option("--display-name", help="the name shown to people")] = "",
    platform_admin: Annotated[bool, typer.Option("--platform-admin", help="a platform administrator (no tenant)")] = False,
    database: DatabaseOption = None,
) -> None:
    """Add a user (without --password-stdin: no password yet; set one with `wushe user passwd`)."""
    from core.models.user import UserKind
    from core.services import accounts

    if service and password_stdin:
        _fail("password: service users have no password: issue them a service token")
    password = _password(True, confirm=False) if password_stdin else None

    async def work(platform: Any, session: Any) -> Any:
        return await accounts.create_user(
            session, accounts.OPERATOR, username=username, display_name=display_name, tenant=tenant,
            password=password, kind=UserKind.SERVICE if service else UserKind.PERSON, platform_admin=platform_admin,
        )

    user = _accounts(database, work)
    where = f"tenant {tenant}" if tenant else "the platform"
    out.print(f"added {user.kind.value} {user.username} to {where}", highlight=False)


@user_app.command("passwd")
def user_passwd(
    username: Annotated[str, typer.Argument(help="the user whose password to set")],
    password_stdin: PasswordStdinOption = False,
    database: DatabaseOption = None,
) -> None:
    """Set a person's password (asked for twice, or read with --password-stdin); their tokens are revoked."""
    from core.services import accounts

    password = _password(password_stdin, confirm=True)

    async def work(platform: Any, session: Any) -> Any:
        return await accounts.set_password(session, accounts.OPERATOR, username=username, password=password)

    _accounts(database, work)
    out.print(f"password of {username} set; the tokens it held are revoked", highlight=False)


@user_app.command("revoke")
def user_revoke(
    username: Annotated[str, typer.Argument(help="the user whose tokens to revoke")],
    database: DatabaseOption = None,
) -> None:
    """Revoke every token USER holds now (service tokens included)."""
    from core.services import accounts

    async def work(platform: Any, session: Any) -> Any:
        return await accounts.revoke_tokens(session, accounts.OPERATOR, username=username)

    _accounts(database, work)
    out.print(f"every token of {username} issued until now is revoked", highlight=False)


@app.command()
def login(
    username: Annotated[str, typer.Argument(help="your username")],
    password_stdin: PasswordStdinOption = False,
    database: DatabaseOption = None,
) -> None:
    """Sign in with a password: print a bearer token (on the last line)."""
    import datetime as dt

    from core import auth
    from core.services import accounts

    password = _password(password_stdin, confirm=False)

    async def work(platform: Any, session: Any) -> Any:
        key = await auth.signing_key(session, platform.settings.secret_key)
        ttl = dt.timedelta(seconds=platform.settings.token_ttl_seconds)
        return await accounts.sign_in(session, username=username, password=password, key=key, ttl=ttl)

    issued = _accounts(database, work)
    out.print(f"token for {username}, valid until {issued.expires_at.isoformat()}:", highlight=False)
    print(issued.token)


def main() -> None:
    app()
