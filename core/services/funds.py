"""Community funds' money: donations in, grants (拨付) out, on the one append-only ledger.

A fund's account on the ledger (:class:`~core.models.LedgerEntry`) is ``fund:<id>``; its balance is
the sum of the account's entries, never a stored number. A money donation to a fund is an entry
``donation`` on it, written in the transaction that records the donation; an in-kind donation is
an entry ``donation`` on ``fund:<id>:in_kind`` at its converted value (goods are counted, never
granted as money). The ledger's entries name no donor: they cannot be erased, a resident's name can.

A grant moves money from a fund to a recipient in one transaction: ``grant`` entries of ``-amount``
on the fund's account and ``+amount`` on the recipient's (``case:<id>``). It needs
``community_fund:grant`` at the fund's region; the fund's row is locked first (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite has one writer at a time), so the balance it reads stays true until
it commits and concurrent grants never take a fund below zero. A ``request_key`` makes it happen
once: the key is kept on the fund's entry (unique in the tenant), read again after the lock, and the
same key returns the grant it made, or is refused if it asked for something else.

A recipient kind is one entry of :data:`TARGETS` (the kind's name → how to find it): another
(``project`` for the project list) is one more function that finds the row the principal may see
and names its account and region.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access.grants import Principal, get_visible, require
from core.errors import FieldError, InvalidInput, NotFound
from core.models import Case, CommunityFund, Donation, DonationForm, LedgerEntry, Region
from core.models.base import stored_id
from core.models.lists import ProjectStatus, ServiceProject
from core.money import year_bounds, yuan_words
from core.services import elements

DONATION = "donation"
GRANT = "grant"
MAX_PURPOSE = 400


def fund_account(fund_id: int) -> str:
    return f"fund:{fund_id}"


def in_kind_account(fund_id: int) -> str:
    return f"fund:{fund_id}:in_kind"


async def record_donation(session: AsyncSession, principal: Principal, data: dict[str, object]) -> Donation:
    """Record a donation (checked as :data:`core.services.elements.DONATION` says) and, when it is
    to a fund, its entry on the fund's account, in the same transaction."""
    row: Donation = await elements.create(session, principal, elements.DONATION, data)
    if row.fund_id is None:
        return row
    fund = await session.get(CommunityFund, row.fund_id)
    if fund is None:  # elements.create found it visible a moment ago
        raise InvalidInput.of(NotFound("fund_id", f"no CommunityFund with id {row.fund_id}"))
    money = row.form is DonationForm.MONEY
    session.add(LedgerEntry(
        tenant_id=row.tenant_id, region_id=fund.region_id,
        account=fund_account(stored_id(fund)) if money else in_kind_account(stored_id(fund)),
        kind=DONATION, amount_fen=row.value_fen, entry_key=f"donation:{row.id}", actor=principal.username,
        note=f"donation:{row.id}",
    ))
    await session.flush()
    return row


async def balance(session: AsyncSession, fund: CommunityFund) -> int:
    """The fund's money: the sum of its account's entries, in fen."""
    total = (await session.exec(select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_fen), 0)).where(
        LedgerEntry.tenant_id == fund.tenant_id, LedgerEntry.account == fund_account(stored_id(fund))))).one()
    return int(total)


# --- recipients -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    kind: str
    id: int
    account: str
    region: Region
    case_id: int | None = None


async def _case(session: AsyncSession, principal: Principal, tenant_id: int, case_id: int) -> Recipient:
    """A case the principal reads as an office (``case:read`` at its region), open, in the fund's tenant."""
    case = await session.get(Case, case_id)
    region = await session.get(Region, case.region_id) if case is not None else None
    if case is None or region is None or case.tenant_id != tenant_id or not principal.may("case", "read", region):
        raise NotFound("case_id", f"no case with id {case_id}")
    if case.terminal:
        raise FieldError("case_id", f"case {case_id} is closed ({case.state}): a grant goes to an open case")
    return Recipient("case", case_id, f"case:{case_id}", region, case_id)


async def _project(session: AsyncSession, principal: Principal, tenant_id: int, project_id: int) -> Recipient:
    """A project of the project list the principal may read at its region, not finished, in the fund's tenant."""
    project = await session.get(ServiceProject, project_id)
    region = await session.get(Region, project.region_id) if project is not None else None
    if (project is None or region is None or project.tenant_id != tenant_id
            or not principal.may("service_project", "read", region)):
        raise NotFound("project_id", f"no project with id {project_id}")
    if project.status is ProjectStatus.FINISHED:
        raise FieldError("project_id", f"project {project_id} is finished: a grant goes to a planned or running project")
    return Recipient("project", project_id, f"project:{project_id}", region)


TARGETS: dict[str, Callable[[AsyncSession, Principal, int, int], Awaitable[Recipient]]] = {
    "case": _case, "project": _project,
}
"""The kinds of recipient of a grant; the input field that names one is ``<kind>_id``, its ledger
account is ``<kind>:<id>``."""


# --- grants ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    """One grant: the fund's entry (negative) and the recipient's (positive)."""

    fund: CommunityFund
    out: LedgerEntry
    to: LedgerEntry

    @property
    def amount_fen(self) -> int:
        return self.to.amount_fen


def _grant_input(amount_fen: object, purpose: str, request_key: str) -> tuple[int, str, str]:
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise FieldError("amount_fen", "a grant is a positive whole number of fen")
    text = (purpose or "").strip()
    if not text:
        raise FieldError("purpose", "say what the grant is for", code="required")
    if len(text) > MAX_PURPOSE:
        raise FieldError("purpose", f"at most {MAX_PURPOSE} characters")
    key = (request_key or "").strip()
    if not key or len(key) > 100:
        raise FieldError("request_key", "give a request key of 1 to 100 characters (the same key again makes "
                         "no second grant)", code="required")
    return amount_fen, text, key


async def _entry_with_key(session: AsyncSession, tenant_id: int, key: str) -> LedgerEntry | None:
    query = select(LedgerEntry).where(LedgerEntry.tenant_id == tenant_id, LedgerEntry.request_key == key)
    return (await session.exec(query.execution_options(populate_existing=True))).first()


async def _made(session: AsyncSession, fund: CommunityFund, out: LedgerEntry, recipient: str, amount: int) -> Grant:
    """The grant a request key already made, if it is the one asked for again; refused otherwise."""
    if out.kind != GRANT or out.account != fund_account(stored_id(fund)) or out.amount_fen != -amount:
        raise FieldError("request_key", "already used for a different entry", code="duplicate")
    to = (await session.exec(select(LedgerEntry).where(
        LedgerEntry.tenant_id == fund.tenant_id, LedgerEntry.entry_key == f"grant:{out.id}",
        LedgerEntry.kind == GRANT))).first()
    if to is None or to.account != recipient:
        raise FieldError("request_key", "already used for a grant to another recipient", code="duplicate")
    return Grant(fund, out, to)


async def _lock(session: AsyncSession, fund: CommunityFund) -> None:
    query = select(CommunityFund.id).where(col(CommunityFund.id) == fund.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    await session.exec(query)


async def grant(
    session: AsyncSession, principal: Principal, *, fund_id: int, target: str, target_id: int, amount_fen: int,
    purpose: str, request_key: str,
) -> Grant:
    """Grant ``amount_fen`` from a fund to a recipient (``target``: a kind of :data:`TARGETS`)."""
    try:
        amount, text, key = _grant_input(amount_fen, purpose, request_key)
        if target not in TARGETS:
            raise FieldError("target", f"a grant goes to one of: {', '.join(TARGETS)}")
        fund = await get_visible(session, CommunityFund, fund_id, principal, field="fund_id")
        fund_region = await session.get(Region, fund.region_id)
        if fund_region is None:
            raise NotFound("fund_id", f"no CommunityFund with id {fund_id}")
        require(principal, "community_fund", GRANT, fund_region, field="fund_id")
        if fund.valid_to is not None and fund.valid_to <= clock.today():
            raise FieldError("fund_id", f"the fund was closed on {fund.valid_to.isoformat()}")
        await _lock(session, fund)
        existing = await _entry_with_key(session, fund.tenant_id, key)
        if existing is not None:  # a retry: the grant made, even if its case has closed since
            return await _made(session, fund, existing, f"{target}:{target_id}", amount)
        recipient = await TARGETS[target](session, principal, fund.tenant_id, target_id)
        available = await balance(session, fund)
        if available < amount:
            raise FieldError("amount_fen", f"the fund holds {yuan_words(available)}, less than the "
                             f"{yuan_words(amount)} asked for", code="conflict")
        try:
            return await _write(session, principal, fund, recipient, amount, text, key)
        except sa.exc.OperationalError as error:  # SQLite: another writer held the database past the wait
            if "locked" not in str(error.orig).lower():
                raise
            raise FieldError("fund_id", "the database stayed busy with other writes; nothing was written: "
                             "try again", code="conflict") from error
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def _write(session: AsyncSession, principal: Principal, fund: CommunityFund, recipient: Recipient,
                 amount: int, purpose: str, key: str) -> Grant:
    out = LedgerEntry(tenant_id=fund.tenant_id, region_id=fund.region_id, account=fund_account(stored_id(fund)),
                      kind=GRANT, amount_fen=-amount, request_key=key, actor=principal.username,
                      note=f"→ {recipient.account}: {purpose}")
    try:
        async with session.begin_nested():
            session.add(out)
            await session.flush()
    except sa.exc.IntegrityError:  # the same key, written by a request that did not wait on the lock
        existing = await _entry_with_key(session, fund.tenant_id, key)
        if existing is None:
            raise
        return await _made(session, fund, existing, recipient.account, amount)
    to = LedgerEntry(tenant_id=fund.tenant_id, region_id=stored_id(recipient.region), case_id=recipient.case_id,
                     account=recipient.account, kind=GRANT, amount_fen=amount, entry_key=f"grant:{out.id}",
                     actor=principal.username, note=f"← {fund_account(stored_id(fund))}: {purpose}")
    session.add(to)
    await session.flush()
    return Grant(fund, out, to)


# --- yearly totals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """A fund's year: what came in and went out of its money, and the in-kind value it received."""

    fund: CommunityFund
    year: int
    opening_fen: int
    donations_fen: int
    in_kind_fen: int
    grants_fen: int
    """granted out in the year, a positive number"""
    closing_fen: int


_year_bounds = year_bounds
"""A fund's year, by the books' clock (:data:`core.money.BOOKS`): a grant made at 01:00 on 1 January,
Beijing time, is of the new year."""


async def statement(session: AsyncSession, principal: Principal, fund_id: int, year: int) -> Statement:
    """The fund's ``year`` from the ledger: donations dated in it (by their ``donated_on``), grants
    made in it (by the entry's time, Beijing time), and the balance before and after."""
    if not 1900 <= year <= 9999:
        raise InvalidInput.of(FieldError("year", f"{year} is not a year"))
    try:
        fund = await get_visible(session, CommunityFund, fund_id, principal, field="fund_id")
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return await statement_of(session, fund, year)


async def statement_of(session: AsyncSession, fund: CommunityFund, year: int) -> Statement:
    """:func:`statement` of a fund its caller has found (the public page reads every fund of its tenant)."""
    accounts = [fund_account(stored_id(fund)), in_kind_account(stored_id(fund))]
    donation = col(LedgerEntry.kind) == DONATION
    day = sa.case((donation, col(Donation.donated_on)), else_=None)
    start, end = _year_bounds(year)
    linked = sa.and_(donation, col(LedgerEntry.entry_key) == sa.literal("donation:") + sa.cast(col(Donation.id), sa.String))
    rows = (await session.exec(
        select(LedgerEntry, day).outerjoin(Donation, linked)
        .where(col(LedgerEntry.tenant_id) == fund.tenant_id, col(LedgerEntry.account).in_(accounts)))).all()
    opening = donations = in_kind = grants = closing = 0
    for entry, donated_on in rows:
        account, kind, amount, at = entry.account, entry.kind, entry.amount_fen, entry.at
        if donated_on is not None:
            when = -1 if donated_on.year < year else (0 if donated_on.year == year else 1)
        else:
            stamp = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
            when = -1 if stamp < start else (0 if stamp < end else 1)
        if account != accounts[0]:
            in_kind += amount if when == 0 else 0
            continue
        if when <= 0:
            closing += amount
        if when < 0:
            opening += amount
        elif when == 0 and kind == DONATION:
            donations += amount
        elif when == 0 and kind == GRANT:
            grants -= amount
    return Statement(fund, year, opening, donations, in_kind, grants, closing)
