"""The time bank and points from the shell: credits deposit, withdraw, earn, award, exchange, convert,
balance, programmes.

The operator acts as the platform administrator (recorded as ``cli:<login>`` on each entry). Every
write takes a request key (``--request-key``); without one a key is made and printed, so that a
command that may not have gone through can be sent again with it and takes effect once.
"""

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.cli.base import DatabaseOption, app, current_operator, fail, in_transaction, out, record_id
from core.models import CreditAccount, CreditEntry, Tenant
from core.platform import Platform
from core.services import credits, programmes

credits_app = typer.Typer(help="The time bank (时间银行) and points (积分) of volunteers.", no_args_is_help=True)
app.add_typer(credits_app, name="credits")

KeyOption = Annotated[str | None, typer.Option("--request-key", "-k",
                                               help="8 to 64 characters; the same key again takes effect once "
                                                    "(default: a new key, printed)")]
ProgrammeOption = Annotated[str | None, typer.Option("--programme", "-p", help="default: volunteer_points")]
VolunteerArgument = Annotated[str, typer.Argument(help="the volunteer's id")]


def _write(database: str | None, key: str | None, work: Callable[..., Awaitable[list[CreditEntry]]],
           **arguments: Any) -> None:
    request_key = key or uuid.uuid4().hex

    async def run(platform: Platform, session: AsyncSession) -> list[CreditEntry]:
        who = await current_operator(platform, session)
        return await work(session, who, platform.registry, request_key=request_key, **arguments)

    entries = in_transaction(database, run)
    for entry in entries:
        out.print(f"entry {entry.id}: {entry.programme} {entry.kind} {entry.amount:+d}, balance {entry.balance_after}",
                  highlight=False)
    out.print(f"request key: {request_key}", highlight=False)


@credits_app.command("deposit")
def deposit(record: Annotated[str, typer.Argument(help="the service record's id")], request_key: KeyOption = None,
            database: DatabaseOption = None) -> None:
    """Deposit a service record's minutes into its volunteer's time bank (once per record)."""
    _write(database, request_key, credits.deposit, record_id=record_id(record, "record"))


@credits_app.command("withdraw")
def withdraw(volunteer: VolunteerArgument, minutes: Annotated[int, typer.Argument(help="minutes taken out")],
             service: Annotated[str, typer.Option("--service", "-s", help="the service received, e.g. 陪同就医")],
             recipient: Annotated[str | None, typer.Option("--recipient", "-r",
                                                           help="a resident the volunteer names (default: the volunteer)")] = None,
             request_key: KeyOption = None, database: DatabaseOption = None) -> None:
    """Withdraw minutes from a volunteer's time bank for a service received."""
    _write(database, request_key, credits.withdraw, volunteer_id=record_id(volunteer, "volunteer"), minutes=minutes,
           service=service, recipient=recipient)


@credits_app.command("earn")
def earn(record: Annotated[str, typer.Argument(help="the service record's id")], programme: ProgrammeOption = None,
         request_key: KeyOption = None, database: DatabaseOption = None) -> None:
    """Earn points for a service record at the programme's rate an hour (once per record and programme)."""
    _write(database, request_key, credits.earn, record_id=record_id(record, "record"), programme=programme)


@credits_app.command("award")
def award(volunteer: VolunteerArgument, points: Annotated[int, typer.Argument(help="points awarded")],
          reason: Annotated[str, typer.Option("--reason", help="why they are awarded")],
          programme: ProgrammeOption = None, request_key: KeyOption = None, database: DatabaseOption = None) -> None:
    """Award points to a volunteer, with the reason."""
    _write(database, request_key, credits.award, volunteer_id=record_id(volunteer, "volunteer"), programme=programme,
           points=points, reason=reason)


@credits_app.command("exchange")
def exchange(volunteer: VolunteerArgument, points: Annotated[int, typer.Argument(help="points exchanged")],
             goods: Annotated[str, typer.Option("--goods", "-g", help="what they are exchanged for, e.g. 大米一袋")],
             programme: ProgrammeOption = None, request_key: KeyOption = None, database: DatabaseOption = None) -> None:
    """Exchange (兑换) a volunteer's points for goods or a service."""
    _write(database, request_key, credits.exchange, volunteer_id=record_id(volunteer, "volunteer"), programme=programme,
           points=points, goods=goods)


@credits_app.command("convert")
def convert(volunteer: VolunteerArgument, source: Annotated[str, typer.Argument(help="the programme converted from")],
            target: Annotated[str, typer.Argument(help="the programme converted into")],
            amount: Annotated[int, typer.Argument(help="in the source's unit: minutes or points")],
            request_key: KeyOption = None, database: DatabaseOption = None) -> None:
    """Convert a volunteer's credits into another programme at the rate in effect (rounded down)."""
    _write(database, request_key, credits.convert, volunteer_id=record_id(volunteer, "volunteer"), source=source,
           target=target, amount=amount)


@credits_app.command("balance")
def balance(volunteer: VolunteerArgument, database: DatabaseOption = None) -> None:
    """A volunteer's accounts, each with its balance and its entries' sum (they are equal)."""
    volunteer_id = record_id(volunteer, "volunteer")

    async def work(platform: Platform, session: AsyncSession) -> list[tuple[CreditAccount, int]]:
        who = await current_operator(platform, session)
        accounts = (await session.exec(credits.accounts(who, platform.registry, volunteer_id))).all()
        rows = []
        for account in accounts:
            total = (await session.exec(select(CreditEntry.amount).where(col(CreditEntry.account_id) == account.id))).all()
            rows.append((account, sum(total)))
        return rows

    table = Table("programme", "balance", "entries sum")
    for account, total in in_transaction(database, work):
        table.add_row(account.programme, str(account.balance), str(total))
    out.print(table)


@credits_app.command("programmes")
def list_programmes(tenant: Annotated[str, typer.Argument(help="the tenant's code")],
                    database: DatabaseOption = None) -> None:
    """The programmes of a tenant and the conversions in effect there, with their rates."""
    async def work(platform: Platform, session: AsyncSession) -> programmes.Programmes:
        row = (await session.exec(select(Tenant).where(Tenant.code == tenant))).first()
        if row is None:
            fail(f"tenant: no tenant {tenant!r}")
        return await programmes.of_tenant(session, platform.registry, row)

    found = in_transaction(database, work)
    table = Table("programme", "label", "unit", "points an hour", "declared by")
    for p in found.by_key.values():
        table.add_row(p.key, p.label, p.unit, "" if p.earn_per_hour is None else str(p.earn_per_hour), p.plugin)
    out.print(table)
    table = Table("from", "into", "rate", "setting", "declared by")
    for c in found.conversions:
        table.add_row(c.source.key, c.target.key, str(c.rate), c.rate_setting, c.plugin)
    out.print(table)
