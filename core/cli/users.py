"""Users and sign-in: user add, user passwd, user revoke, user locks, user unlock, login."""

import datetime as dt
import sys
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import tokens
from core.cli.base import DatabaseOption, app, fail, in_transaction, out
from core.models import ThrottleKind, User
from core.models.user import UserKind
from core.platform import Platform
from core.services import accounts, throttle

user_app = typer.Typer(
    help="Add users, set their passwords, revoke their tokens, lift sign-in locks.", no_args_is_help=True
)
app.add_typer(user_app, name="user")

PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from the first line of standard input")
]


def _password(from_stdin: bool, *, confirm: bool) -> str:
    """From stdin's first line (for scripts), else asked for without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("password: nothing on standard input")
        return password
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=confirm))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="3 to 64 characters: a-z, 0-9, '.', '_', '-'")],
    tenant: Annotated[str | None, typer.Option(help="the tenant's code (its root region); none: a platform user")] = None,
    password_stdin: PasswordStdinOption = False,
    service: Annotated[bool, typer.Option("--service", help="an API client: no password, service tokens")] = False,
    display_name: Annotated[str, typer.Option("--display-name", help="the name shown to people")] = "",
    platform_admin: Annotated[bool, typer.Option("--platform-admin", help="a platform administrator (no tenant)")] = False,
    database: DatabaseOption = None,
) -> None:
    """Add a user (without --password-stdin: no password yet; set one with `wushe user passwd`)."""

    if service and password_stdin:
        fail("password: service users have no password: issue them a service token")
    password = _password(True, confirm=False) if password_stdin else None

    async def work(platform: Platform, session: AsyncSession) -> User:
        return await accounts.create_user(
            session, accounts.OPERATOR, username=username, display_name=display_name, tenant=tenant,
            password=password, kind=UserKind.SERVICE if service else UserKind.PERSON, platform_admin=platform_admin,
        )

    user = in_transaction(database, work)
    where = f"tenant {tenant}" if tenant else "the platform"
    out.print(f"added {user.kind.value} {user.username} to {where}", highlight=False)


@user_app.command("passwd")
def user_passwd(
    username: Annotated[str, typer.Argument(help="the user whose password to set")],
    password_stdin: PasswordStdinOption = False,
    database: DatabaseOption = None,
) -> None:
    """Set a person's password (asked for twice, or read with --password-stdin); their tokens are revoked."""

    password = _password(password_stdin, confirm=True)

    async def work(platform: Platform, session: AsyncSession) -> User:
        return await accounts.set_password(session, accounts.OPERATOR, username=username, password=password)

    in_transaction(database, work)
    out.print(f"password of {username} set; the tokens it held are revoked", highlight=False)


@user_app.command("revoke")
def user_revoke(
    username: Annotated[str, typer.Argument(help="the user whose tokens to revoke")],
    database: DatabaseOption = None,
) -> None:
    """Revoke every token USER holds now (service tokens included)."""

    async def work(platform: Platform, session: AsyncSession) -> User:
        return await accounts.revoke_tokens(session, accounts.OPERATOR, username=username)

    in_transaction(database, work)
    out.print(f"every token of {username} issued until now is revoked", highlight=False)


@user_app.command("locks")
def user_locks(database: DatabaseOption = None) -> None:
    """The sign-in locks in force: usernames and client addresses, and until when."""

    async def work(platform: Platform, session: AsyncSession) -> list[throttle.Lock]:
        return await throttle.current_locks(session, accounts.OPERATOR, now=platform.sign_ins.clock())

    table = Table("kind", "subject", "tenant", "locks", "locked until")
    for lock in in_transaction(database, work):
        table.add_row(lock.kind.value, lock.subject, lock.tenant or "", str(lock.locks), lock.locked_until.isoformat())
    out.print(table)


@user_app.command("unlock")
def user_unlock(
    subject: Annotated[str, typer.Argument(help="the username (or, with --address, the client address) to unlock")],
    address: Annotated[bool, typer.Option("--address", help="SUBJECT is a client address, not a username")] = False,
    database: DatabaseOption = None,
) -> None:
    """Lift a sign-in lock and forget its failed sign-ins (audited)."""

    kind = ThrottleKind.ADDRESS if address else ThrottleKind.ACCOUNT
    subject = subject.strip() if address else subject.strip().lower()

    async def work(platform: Platform, session: AsyncSession) -> throttle.Lock:
        return await throttle.lift(session, accounts.OPERATOR, kind=kind, subject=subject, now=platform.sign_ins.clock())

    in_transaction(database, work)
    out.print(f"sign-in lock of {kind.value} {subject} lifted", highlight=False)


@app.command()
def login(
    username: Annotated[str, typer.Argument(help="your username")],
    password_stdin: PasswordStdinOption = False,
    database: DatabaseOption = None,
) -> None:
    """Sign in with a password: print a bearer token (on the last line)."""
    password = _password(password_stdin, confirm=False)

    async def work(platform: Platform, session: AsyncSession) -> tokens.IssuedToken:
        key = await tokens.signing_key(session, platform.settings.secret_key)
        ttl = dt.timedelta(seconds=platform.settings.token_ttl_seconds)
        return await accounts.sign_in(
            session, username=username, password=password, key=key, ttl=ttl, throttle=platform.sign_ins
        )

    issued = in_transaction(database, work)
    out.print(f"token for {username}, valid until {issued.expires_at.isoformat()}:", highlight=False)
    print(issued.token)
