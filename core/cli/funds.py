"""Community funds' money from the shell: fund donate, fund grant, fund statement, fund receipt, fund verify.

The operator acts as the platform administrator (``cli:<login>`` on the ledger and the receipts);
the checks are the API's (:mod:`core.services.funds`, :mod:`core.services.receipts`). Amounts are
given in yuan (``--yuan 1234.56``) and shown in yuan.
"""

import datetime as dt
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.cli.base import DatabaseOption, app, current_operator, fail, in_transaction, out, record_id
from core.models import DonationReceipt
from core.money import parse_yuan, yuan_text
from core.platform import Platform
from core.services import funds, receipts

fund_app = typer.Typer(help="Community funds: donations, grants, yearly statements, receipts.", no_args_is_help=True)
app.add_typer(fund_app, name="fund")

FundArgument = Annotated[str, typer.Argument(help="the community fund's id")]


@fund_app.command("donate")
def donate(
    fund_id: FundArgument,
    donor: Annotated[str, typer.Option(help="the donor's name (a resident's is shown masked)")],
    region: Annotated[str, typer.Option(help="path of the region that receives the donation")],
    kind: Annotated[str, typer.Option(help="resident, enterprise, stationed_unit, social_organization, government, other")]
    = "enterprise",
    yuan: Annotated[str | None, typer.Option(help="a money donation, in yuan")] = None,
    goods: Annotated[str | None, typer.Option(help="an in-kind donation: what was given")] = None,
    value: Annotated[str | None, typer.Option(help="the goods' converted value, in yuan")] = None,
    on: Annotated[str | None, typer.Option(help="the day of the donation (YYYY-MM-DD; today by default)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Record a donation to a fund; it is an entry on the fund's ledger account in the same transaction."""
    number = record_id(fund_id, "fund")
    if (yuan is None) == (goods is None):
        fail("give either --yuan (money) or --goods with --value (in kind)")
    data: dict[str, Any] = {"fund_id": number, "donor_name": donor, "donor_kind": kind, "region": region,
                            "donated_on": on or clock.today().isoformat()}

    async def work(platform: Platform, session: AsyncSession) -> tuple[int, int]:
        if yuan is not None:
            data.update(form="money", amount_fen=parse_yuan(yuan, "yuan"))
        else:
            data.update(form="in_kind", in_kind_description=goods,
                        in_kind_value_fen=parse_yuan(value, "value") if value is not None else None)
        row = await funds.record_donation(session, await current_operator(platform, session), data)
        return int(row.id or 0), row.value_fen

    donation_id, fen = in_transaction(database, work)
    out.print(f"donation {donation_id}: {yuan_text(fen)} yuan to fund {number}", highlight=False)


@fund_app.command("grant")
def grant(
    fund_id: FundArgument,
    yuan: Annotated[str, typer.Option(help="the amount, in yuan")],
    purpose: Annotated[str, typer.Option(help="what the grant is for")],
    case: Annotated[str | None, typer.Option(help="the id of the case that receives the grant")] = None,
    project: Annotated[str | None, typer.Option(help="or the id of the project (项目清单) that receives it")] = None,
    key: Annotated[str | None, typer.Option(help="request key: the same key again makes no second grant "
                                            "(one is made up and printed when not given)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Grant (拨付) from a fund to a case or a project, within the fund's balance."""
    named = [(kind, value) for kind, value in (("case", case), ("project", project)) if value is not None]
    if len(named) != 1:
        fail("--case or --project: name the one recipient of the grant")
    (kind, value), = named
    number, target_id = record_id(fund_id, "fund"), record_id(value, kind)
    request_key = key or f"cli-{uuid.uuid4()}"

    async def work(platform: Platform, session: AsyncSession) -> tuple[str, int]:
        made = await funds.grant(session, await current_operator(platform, session), fund_id=number, target=kind,
                                 target_id=target_id, amount_fen=parse_yuan(yuan, "yuan"), purpose=purpose,
                                 request_key=request_key)
        return made.to.account, made.amount_fen

    account, fen = in_transaction(database, work)
    out.print(f"granted {yuan_text(fen)} yuan from fund {number} to {account} (request key {request_key})",
              highlight=False)


@fund_app.command("statement")
def statement(
    fund_id: FundArgument,
    year: Annotated[int | None, typer.Option(help="the year (this year by default)")] = None,
    database: DatabaseOption = None,
) -> None:
    """A fund's year from the ledger: opening balance, donations, goods, grants, closing balance (yuan)."""
    number = record_id(fund_id, "fund")
    which = year or clock.today().year

    async def work(platform: Platform, session: AsyncSession) -> funds.Statement:
        return await funds.statement(session, await current_operator(platform, session), number, which)

    row = in_transaction(database, work)
    out.print(f"{row.fund.name} {which}", highlight=False)
    for label, fen in (("opening", row.opening_fen), ("donations", row.donations_fen), ("in kind", row.in_kind_fen),
                       ("grants", row.grants_fen), ("closing", row.closing_fen)):
        out.print(f"{label:<10}{yuan_text(fen):>16}", highlight=False)


@fund_app.command("receipt")
def receipt(
    donation: Annotated[str, typer.Argument(help="the donation's id")],
    output: Annotated[Path | None, typer.Option(help="write the receipt's PDF here")] = None,
    database: DatabaseOption = None,
) -> None:
    """Issue a donation's receipt (or show the one issued before) and write its PDF."""
    donation_id = record_id(donation, "donation")

    async def work(platform: Platform, session: AsyncSession) -> DonationReceipt:
        return await receipts.issue(session, await current_operator(platform, session), donation_id)

    row = in_transaction(database, work)
    if output is not None:
        output.write_bytes(row.pdf)
    _show(row)


@fund_app.command("verify")
def verify(number: Annotated[str, typer.Argument(help="the receipt's number, e.g. JZ2026-000001")],
           tenant: Annotated[str | None, typer.Option(help="the tenant's code (numbers are a tenant's own)")] = None,
           database: DatabaseOption = None) -> None:
    """Say what the receipt with this number said when it was issued; exit 2 if none was."""

    async def work(platform: Platform, session: AsyncSession) -> DonationReceipt:
        return await receipts.by_number(session, await current_operator(platform, session), number, tenant)

    _show(in_transaction(database, work))


def _show(row: DonationReceipt) -> None:
    issued: dt.date = row.issued_on
    out.print(f"{row.number}: {yuan_text(row.amount_fen)} yuan ({row.amount_capital}) to {row.fund_name}, "
              f"hosted by {row.host_name}, issued {issued.isoformat()} by {row.issued_by}", highlight=False)
