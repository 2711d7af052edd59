"""What every ``wushe`` command shares: the Typer app, the consoles, opening the platform, errors."""

import asyncio
import getpass
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.access.grants import Principal
from core.access.policy import Policy
from core.config import Settings
from core.errors import FieldError, InvalidInput, StartupError
from core.indicators import snapshots
from core.platform import Platform
from core.plugins.manager import load
from core.plugins.registry import Registry
from core.web.graphql.ids import MAX_ID, parse_id

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


def settings_for(database: str | None, **overrides: Any) -> Settings:
    """The settings (``WUSHE_*``) with the command's options; a bad one ends the command with
    exit code 2 and a line naming it (``WUSHE_WORKERS (workers): …``)."""
    values: dict[str, Any] = {"database_url": database} if database else {}
    try:
        return Settings(**values, **overrides)
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"])
            message = problem["msg"].removeprefix("Value error, ").removeprefix(f"{name}: ")
            err.print(f"[red]error:[/red] WUSHE_{name.upper()} ({name}): {message}", markup=True, highlight=False)
        raise typer.Exit(2) from None


def open_platform(settings: Settings, *, initialised: bool = True) -> Platform:
    """The platform of ``settings``. Unless ``initialised`` is False (``init``, ``demo``, ``migrate``),
    a database that is not initialised, was made by a release before migrations or is not up to
    date ends the command with exit code 2 and what to run (``run `wushe init```), before anything
    is written: a SQLite file that does not exist is not created."""
    try:
        platform = Platform.create(settings)
    except (StartupError, ValueError) as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    if initialised:
        try:
            run(platform.check_database)
        except typer.Exit:
            run(platform.dispose)
            raise
    return platform


def run(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        return asyncio.run(work())
    except (StartupError, LookupError, RuntimeError) as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None


def operator(policy: Policy) -> Principal:
    """The operator at the shell, acting as the platform administrator (audited as ``cli:<login>``)."""
    return Principal(username=f"cli:{getpass.getuser()}", platform_admin=True, policy=policy)


async def current_operator(platform: Platform, session: AsyncSession) -> Principal:
    """:func:`operator` under the policy in force."""
    return operator(await platform.policies.current(session))


def fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(2)


def record_id(value: str, field: str, kind: str | None = None) -> int:
    """A record's id as a command takes it: its number (1 to 2^31 − 1), or, when ``kind`` names its
    type, also the global id the API gave out; anything else stops the command naming ``field``."""
    if kind is not None:
        try:
            return parse_id(value, field, kind)
        except FieldError as error:
            fail(f"{field}: {error.message}")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        fail(f"{field}: {value!r} is not an id")
    return int(value)


def in_transaction(database: str | None, work: Callable[[Platform, AsyncSession], Coroutine[Any, Any, T]]) -> T:
    """Run ``work(platform, session)`` in one transaction; field errors end with exit code 2."""
    opened = open_platform(settings_for(database))

    async def run_work() -> T:
        try:
            with snapshots.keep_with(opened.keeper or opened.engine):  # an export as of past days keeps what it counts
                async with db.transaction(opened.sessions) as session:
                    return await work(opened, session)
        finally:
            await opened.dispose()

    try:
        return run(run_work)
    except (FieldError, InvalidInput) as error:
        fail(str(error))



def installed_registry(plugin: str | None = None) -> Registry:
    """The installed plugins' declarations, for the commands that print them; exits 2 naming the
    problem when they do not load, or when ``plugin`` is not one of them."""
    try:
        _, registry = load(only=Settings().plugins)
    except StartupError as error:
        err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    if plugin is not None and plugin not in registry.plugins:
        err.print(f"[red]error:[/red] plugin: no installed plugin {plugin!r}", markup=True, highlight=False)
        raise typer.Exit(2)
    return registry
