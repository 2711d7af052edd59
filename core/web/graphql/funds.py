"""Community funds' money in the API (:mod:`core.services.funds`, :mod:`core.services.receipts`).

- ``recordDonation(input)``: a donation, and its entry on the fund's ledger account in the same
  transaction (replaces the plain create of the element);
- ``grantFromFund(input)``: a grant (拨付) from a fund to a case, idempotent by ``requestKey``;
- ``fundStatement(fundId, year)``: a fund's year from the ledger;
- ``issueDonationReceipt(donationId)`` and ``donationReceipt(number)``: a receipt, issued once and
  verifiable by its number; its PDF at ``downloadPath`` (``GET`` with the bearer token).
"""

import datetime as dt

import strawberry

from core import models
from core.errors import FieldError
from core.plugins.declarations import GraphQLDecl
from core.services import funds, receipts
from core.web.graphql import types
from core.web.graphql.context import Info
from core.web.graphql.ids import global_id, parse_id
from core.web.graphql.inputs import DonationInput, as_data
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.scalars import Fen, Yuan, as_yuan

RECEIPTS_PATH = "/exports/receipts"
RECIPIENT_TYPES = {"case": "Case", "project": "ServiceProject"}
"""The GraphQL type of each kind of recipient (:data:`core.services.funds.TARGETS`), named by ``<kind>Id``."""


@strawberry.type(description="A grant (拨付) from a community fund: its two entries on the ledger.")
class FundGrant:
    grant: strawberry.Private[funds.Grant]

    @strawberry.field(description="the fund's ledger entry: its id")
    def entry_id(self) -> strawberry.ID:
        return global_id("LedgerEntry", int(self.grant.out.id or 0))

    @strawberry.field
    def fund(self) -> types.CommunityFund:
        return types.CommunityFund.of(self.grant.fund)

    @strawberry.field(description="the recipient's ledger account, e.g. case:12")
    def recipient(self) -> str:
        return self.grant.to.account

    @strawberry.field
    def amount_fen(self) -> Fen:
        return Fen(self.grant.amount_fen)

    @strawberry.field
    def amount_yuan(self) -> Yuan:
        return as_yuan(self.grant.amount_fen)

    @strawberry.field(description="what the grant is for")
    def note(self) -> str:
        return self.grant.out.note

    @strawberry.field
    def request_key(self) -> str | None:
        return self.grant.out.request_key

    @strawberry.field
    def at(self) -> dt.datetime:
        return self.grant.out.at


@strawberry.type(description="A community fund's year, from the ledger: money in and out, and goods received.")
class FundStatement:
    row: strawberry.Private[funds.Statement]
    year: int

    @strawberry.field
    def fund(self) -> types.CommunityFund:
        return types.CommunityFund.of(self.row.fund)

    @strawberry.field(description="the fund's money at the start of the year")
    def opening_yuan(self) -> Yuan:
        return as_yuan(self.row.opening_fen)

    @strawberry.field(description="money donations dated in the year")
    def donations_yuan(self) -> Yuan:
        return as_yuan(self.row.donations_fen)

    @strawberry.field(description="in-kind donations dated in the year, at their converted value (not granted as money)")
    def in_kind_yuan(self) -> Yuan:
        return as_yuan(self.row.in_kind_fen)

    @strawberry.field(description="granted out in the year")
    def grants_yuan(self) -> Yuan:
        return as_yuan(self.row.grants_fen)

    @strawberry.field(description="the fund's money at the end of the year (today's balance for this year)")
    def closing_yuan(self) -> Yuan:
        return as_yuan(self.row.closing_fen)

    @strawberry.field(description="openingYuan, in fen")
    def opening_fen(self) -> Fen:
        return Fen(self.row.opening_fen)

    @strawberry.field(description="donationsYuan, in fen")
    def donations_fen(self) -> Fen:
        return Fen(self.row.donations_fen)

    @strawberry.field(description="inKindYuan, in fen")
    def in_kind_fen(self) -> Fen:
        return Fen(self.row.in_kind_fen)

    @strawberry.field(description="grantsYuan, in fen")
    def grants_fen(self) -> Fen:
        return Fen(self.row.grants_fen)

    @strawberry.field(description="closingYuan, in fen")
    def closing_fen(self) -> Fen:
        return Fen(self.row.closing_fen)


@strawberry.type(description="A donation receipt (捐赠收据) as issued; its PDF at downloadPath.")
class DonationReceipt:
    row: strawberry.Private[models.DonationReceipt]
    number: str
    amount_capital: str = strawberry.field(description="the amount in capital numerals (大写)")
    fund_name: str
    host_name: str
    issued_on: dt.date
    issued_by: str

    @classmethod
    def of(cls, row: models.DonationReceipt) -> "DonationReceipt":
        return cls(row=row, number=row.number, amount_capital=row.amount_capital, fund_name=row.fund_name,
                   host_name=row.host_name, issued_on=row.issued_on, issued_by=row.issued_by)

    @strawberry.field
    def amount_fen(self) -> Fen:
        return Fen(self.row.amount_fen)

    @strawberry.field
    def amount_yuan(self) -> Yuan:
        return as_yuan(self.row.amount_fen)

    @strawberry.field(description="the donation's id")
    def donation_id(self) -> strawberry.ID:
        return global_id("Donation", self.row.donation_id)

    @strawberry.field(description="GET it with the bearer token: the receipt's PDF")
    def download_path(self) -> str:
        return f"{RECEIPTS_PATH}/{self.row.number}.pdf"


@strawberry.input(description="A grant from a fund; name exactly one recipient.")
class FundGrantInput:
    fund_id: strawberry.ID
    case_id: strawberry.ID | None = strawberry.field(default=None, description="the case that receives the grant")
    project_id: strawberry.ID | None = strawberry.field(
        default=None, description="or the project of the project list (项目清单) that receives it"
    )
    amount_fen: Fen
    purpose: str
    request_key: str = strawberry.field(description="the same key again makes no second grant")


@strawberry.type
class Query:
    @strawberry.field(description="A community fund's year from the ledger (donations, grants, balances).")
    async def fund_statement(self, info: Info, fund_id: strawberry.ID, year: int) -> FundStatement:
        async with info.context.lock:
            row = await funds.statement(info.context.session, info.context.who,
                                        parse_id(fund_id, "fundId", "CommunityFund"), year)
        return FundStatement(row=row, year=year)

    @strawberry.field(description="The receipt issued with this number (verification), if the viewer may read "
                      "its donation; an error naming number otherwise. tenant: the tenant's code, for a reader of "
                      "several tenants when the number was issued in more than one.")
    async def donation_receipt(self, info: Info, number: str, tenant: str | None = None) -> DonationReceipt:
        async with info.context.lock:
            return DonationReceipt.of(await receipts.by_number(info.context.session, info.context.who, number, tenant))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a donation; a donation to a fund is also an entry on the fund's "
                         "ledger account, in the same transaction.")
    async def record_donation(self, info: Info, input: DonationInput) -> Payload[types.Donation]:
        return await mutate(info, lambda: funds.record_donation(info.context.session, info.context.who,
                                                                as_data(input)), types.Donation.of)

    @strawberry.mutation(description="Grant (拨付) from a fund to a case or a project: the fund's entry and the recipient's in one "
                         "transaction; refused beyond the fund's balance; once per requestKey.")
    async def grant_from_fund(self, info: Info, input: FundGrantInput) -> Payload[FundGrant]:
        async def work() -> funds.Grant:
            named = {kind: value for kind, value in (("case", input.case_id), ("project", input.project_id))
                     if value is not None}
            if len(named) != 1:
                raise FieldError("caseId", "name the one recipient of the grant: caseId or projectId", code="required")
            (kind, value), = named.items()
            return await funds.grant(
                info.context.session, info.context.who, fund_id=parse_id(input.fund_id, "fundId", "CommunityFund"),
                target=kind, target_id=parse_id(value, f"{kind}Id", RECIPIENT_TYPES[kind]),
                amount_fen=input.amount_fen, purpose=input.purpose, request_key=input.request_key)

        return await mutate(info, work, lambda grant: FundGrant(grant=grant))

    @strawberry.mutation(description="Issue the receipt of a donation to a fund (the one issued before, if any).")
    async def issue_donation_receipt(self, info: Info, donation_id: strawberry.ID) -> Payload[DonationReceipt]:
        async def work() -> models.DonationReceipt:
            return await receipts.issue(info.context.session, info.context.who,
                                        parse_id(donation_id, "donationId", "Donation"))

        return await mutate(info, work, DonationReceipt.of)


PART = GraphQLDecl(query=Query, mutation=Mutation)
