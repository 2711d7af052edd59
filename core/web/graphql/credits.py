"""The time bank (时间银行) and points (积分) through GraphQL: balances and ledger entries of a volunteer,
the programmes and conversions in effect, and the writes (:mod:`core.services.credits`), each with a
request key."""

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from core import models
from core.access.grants import get_visible
from core.models.base import stored_id
from core.plugins.declarations import GraphQLDecl
from core.services import credits
from core.services import programmes as programme_service
from core.services.administration import tenant_root
from core.web.graphql.context import Info
from core.web.graphql.ids import global_id, parse_id
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node

REQUEST_KEY = (" With requestKey (8 to 64 characters, of the client's choosing) the same request again returns its "
               "first effect; another request under a used key is refused, naming requestKey.")


@strawberry.type(description="One movement on a time-bank or points account, appended and never edited.")
class CreditEntry(Node):
    programme: str
    kind: str = strawberry.field(description="deposit, earn, award, withdraw, exchange, convert_out, convert_in")
    amount: int = strawberry.field(description="minutes (time bank) or points; negative out of the account")
    balance_after: int
    recipient: str | None = strawberry.field(description="who received the service (a withdrawal), masked (张**): "
                                              "the ledger is append-only, and no erasure could reach a full name on it")
    description: str | None = strawberry.field(description="what was received or exchanged, or why points were awarded")
    actor: str = strawberry.field(description="the user who recorded it")
    request_key: str
    at: dt.datetime
    service_record_id: strawberry.ID | None = strawberry.field(description="the service record deposited or earned on")
    pair_id: strawberry.ID | None = strawberry.field(description="a conversion's entry out of the source programme")

    @classmethod
    def of(cls, row: models.CreditEntry) -> "CreditEntry":
        return cls(
            id=global_id("CreditEntry", stored_id(row)), programme=row.programme, kind=str(row.kind), amount=row.amount,
            balance_after=row.balance_after, recipient=row.recipient, description=row.description, actor=row.actor,
            request_key=row.request_key, at=row.at,
            service_record_id=global_id("ServiceRecord", row.service_record_id) if row.service_record_id else None,
            pair_id=global_id("CreditEntry", row.pair_id) if row.pair_id else None,
        )


@strawberry.type(description="A volunteer's account in one programme: the time bank in minutes, points in points.")
class CreditAccount(Node):
    programme: str
    balance: int = strawberry.field(description="minutes or points; the sum of the account's entries, never below 0")
    row: strawberry.Private[Any]

    @strawberry.field(description="The account's entries, oldest first.")
    async def entries(self, info: Info, first: int = 100, after: str | None = None) -> Connection[CreditEntry]:
        query = credits.entries(info.context.who, info.context.platform.registry, self.row.volunteer_id,
                                self.row.programme)
        return await paginate(info, query, models.CreditEntry, CreditEntry.of, first=first, after=after)

    @classmethod
    def of(cls, row: models.CreditAccount) -> "CreditAccount":
        return cls(id=global_id("CreditAccount", stored_id(row)), programme=row.programme, balance=row.balance, row=row)


async def accounts_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``creditAccounts``: the volunteer visible, and the programme's ``read`` where the volunteer is."""
    rows = (await info.context.exec(credits.accounts_among(info.context.who, info.context.platform.registry, ids))).all()
    return {stored_id(row): CreditAccount.of(row) for row in rows}


async def entries_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``creditEntries``: the entries of the accounts ``creditAccounts`` gives."""
    rows = (await info.context.exec(credits.entries_among(info.context.who, info.context.platform.registry, ids))).all()
    return {stored_id(row): CreditEntry.of(row) for row in rows}


@strawberry.type(description="A programme volunteers hold accounts in, as it applies in a tenant.")
class CreditProgramme:
    key: str
    label: str
    unit: str = strawberry.field(description="minute or point")
    plugin: str = strawberry.field(description="who declared it: core, or a plugin")
    earn_per_hour: str | None = strawberry.field(description="points an hour of recorded service earns (decimal)")


@strawberry.type(description="A conversion between two programmes in effect in a tenant, at its setting's rate.")
class CreditConversion:
    source: str
    target: str
    rate: str = strawberry.field(description="target units per source unit, a minute programme counted in hours")
    rate_setting: str = strawberry.field(description="the setting that gives the rate (setSetting changes it)")
    label: str
    clause: str = strawberry.field(description="the document and clause that allow it")
    plugin: str


@strawberry.type(description="The programmes of a tenant and the conversions in effect there.")
class CreditProgrammes:
    programmes: list[CreditProgramme]
    conversions: list[CreditConversion]


@strawberry.type
class CreditQuery:
    @strawberry.field(description="A volunteer's time-bank and points accounts the viewer may read (time_bank:read, "
                                  "points:read at the volunteer's community).")
    async def credit_accounts(self, info: Info, volunteer: strawberry.ID) -> list[CreditAccount]:
        who, registry = info.context.who, info.context.platform.registry
        async with info.context.lock:
            row = await get_visible(info.context.session, models.Volunteer, parse_id(volunteer, "volunteer", "Volunteer"),
                                    who, field="volunteer")
        rows = (await info.context.exec(credits.accounts(who, registry, row.id or 0))).all()
        return [CreditAccount.of(account) for account in rows]

    @strawberry.field(description="A volunteer's ledger entries the viewer may read, oldest first (of one programme, "
                                  "if given).")
    async def credit_entries(self, info: Info, volunteer: strawberry.ID, programme: str | None = None,
                             first: int = 100, after: str | None = None) -> Connection[CreditEntry]:
        who, registry = info.context.who, info.context.platform.registry
        async with info.context.lock:
            row = await get_visible(info.context.session, models.Volunteer, parse_id(volunteer, "volunteer", "Volunteer"),
                                    who, field="volunteer")
        query = credits.entries(who, registry, row.id or 0, programme)
        return await paginate(info, query, models.CreditEntry, CreditEntry.of, first=first, after=after)

    @strawberry.field(description="The programmes of a tenant (the viewer's, or the one named) and the conversions "
                                  "in effect there, with the rates its settings give.")
    async def credit_programmes(self, info: Info, tenant: str | None = None) -> CreditProgrammes:
        async with info.context.lock:
            session = info.context.session
            tenant_row, _ = await tenant_root(session, info.context.who, tenant)
            found = await programme_service.of_tenant(session, info.context.platform.registry, tenant_row)
        return CreditProgrammes(
            programmes=[CreditProgramme(key=p.key, label=p.label, unit=p.unit, plugin=p.plugin,
                                        earn_per_hour=None if p.earn_per_hour is None else str(p.earn_per_hour))
                        for p in found.by_key.values()],
            conversions=[CreditConversion(source=c.source.key, target=c.target.key, rate=str(c.rate),
                                          rate_setting=c.rate_setting, label=c.label, clause=c.clause, plugin=c.plugin)
                         for c in found.conversions],
        )


@strawberry.type(description="What a time-bank or points write did: its entries (two for a conversion, out and in).")
class CreditResult:
    entries: list[CreditEntry]

    @strawberry.field(description="The balance after the request, of its last entry's account.")
    def balance(self) -> int:
        return self.entries[-1].balance_after


def _result(rows: list[models.CreditEntry]) -> CreditResult:
    return CreditResult(entries=[CreditEntry.of(row) for row in rows])


def _write(info: Info, work: Callable[..., Awaitable[list[models.CreditEntry]]], ids: dict[str, tuple[Any, str]],
           **arguments: Any) -> Any:
    """Run ``work`` as the mutation's write; ``ids`` (argument → its value and the type whose global
    id it takes) are parsed inside it, so that a bad id is a payload error naming the argument."""
    def run() -> Awaitable[list[models.CreditEntry]]:
        parsed = {f"{name}_id": parse_id(value, name, kind) for name, (value, kind) in ids.items()}
        return work(info.context.session, info.context.who, info.context.platform.registry, **parsed, **arguments)
    return mutate(info, run, _result)


@strawberry.type
class CreditMutation:
    @strawberry.mutation(description="Deposit a service record's minutes into its volunteer's time bank (once per "
                                     "record; the minutes are the record's). Needs time_bank:deposit." + REQUEST_KEY)
    async def deposit_service_time(self, info: Info, record: strawberry.ID, request_key: str) -> Payload[CreditResult]:
        return await _write(info, credits.deposit, {"record": (record, "ServiceRecord")}, request_key=request_key)

    @strawberry.mutation(description="Withdraw minutes from a volunteer's time bank for a service received by the "
                                     "volunteer or a resident they name (recipient). Needs time_bank:withdraw." + REQUEST_KEY)
    async def withdraw_service_time(self, info: Info, volunteer: strawberry.ID, minutes: int, service: str,
                                    request_key: str, recipient: str | None = None) -> Payload[CreditResult]:
        return await _write(info, credits.withdraw, {"volunteer": (volunteer, "Volunteer")}, minutes=minutes,
                            service=service, recipient=recipient, request_key=request_key)

    @strawberry.mutation(description="Earn points for a service record at the programme's rate an hour (once per record "
                                     "and programme; volunteer_points unless named). Needs points:earn." + REQUEST_KEY)
    async def earn_points(self, info: Info, record: strawberry.ID, request_key: str,
                          programme: str | None = None) -> Payload[CreditResult]:
        return await _write(info, credits.earn, {"record": (record, "ServiceRecord")}, programme=programme,
                            request_key=request_key)

    @strawberry.mutation(description="Award points to a volunteer, with the reason. Needs points:award." + REQUEST_KEY)
    async def award_points(self, info: Info, volunteer: strawberry.ID, points: int, reason: str, request_key: str,
                           programme: str | None = None) -> Payload[CreditResult]:
        return await _write(info, credits.award, {"volunteer": (volunteer, "Volunteer")}, programme=programme,
                            points=points, reason=reason, request_key=request_key)

    @strawberry.mutation(description="Exchange (兑换) a volunteer's points for goods or a service, e.g. at a charity "
                                     "supermarket (爱心超市). Needs points:exchange." + REQUEST_KEY)
    async def exchange_points(self, info: Info, volunteer: strawberry.ID, points: int, goods: str, request_key: str,
                              programme: str | None = None) -> Payload[CreditResult]:
        return await _write(info, credits.exchange, {"volunteer": (volunteer, "Volunteer")}, programme=programme,
                            points=points, goods=goods, request_key=request_key)

    @strawberry.mutation(description="Convert a volunteer's credits from one programme into another at the rate in "
                                     "effect (creditProgrammes), rounded down. Needs convert on both programmes."
                                     + REQUEST_KEY)
    async def convert_credits(self, info: Info, volunteer: strawberry.ID, source: str, target: str, amount: int,
                              request_key: str) -> Payload[CreditResult]:
        return await _write(info, credits.convert, {"volunteer": (volunteer, "Volunteer")}, source=source,
                            target=target, amount=amount, request_key=request_key)


PART = GraphQLDecl(query=CreditQuery, mutation=CreditMutation)
