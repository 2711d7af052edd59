"""The time bank (时间银行) and points (积分): deposits and earnings from service records, withdrawals,
awards, exchanges (兑换) and conversions across programmes, on an append-only ledger.

Every write is one request with a key of the client's choosing: the same key again returns the
first effect (the same entries), and a different request under a used key is refused naming
``request_key``. A movement out of an account is one conditional UPDATE
(``balance = balance - n WHERE id = … AND balance >= n``) in the transaction that appends its entry,
so concurrent withdrawals never take a balance below zero and the entries always sum to the balance.
A write runs in a savepoint and is tried again when the database gives way (a deadlock, a
serialization failure, a locked SQLite file); accounts are updated in the order of their ids.
"""

import asyncio
import hashlib
import json
import random
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, get_visible, region_predicate, require
from core.errors import FieldError, InvalidInput, NotFound
from core.models import CreditAccount, CreditEntry, CreditKind, Region, ServiceRecord, Tenant, Volunteer
from core.models.base import stored_id
from core.plugins.programmes import TIME_BANK, VOLUNTEER_POINTS
from core.plugins.registry import Registry
from core.services import programmes
from core.services.programmes import Programme
from core.validators import mask_name

ATTEMPTS = 8
"""How many times a write is tried when the database gives way."""
MAX_AMOUNT = 100_000_000
"""The most minutes or points one request may move."""
_TRANSIENT_CODES = ("40001", "40P01")
_TRANSIENT_TEXT = ("deadlock detected", "could not serialize", "database is locked", "database table is locked")


@dataclass(frozen=True)
class Move:
    """One entry a request makes: on the volunteer's account in ``programme``, signed."""

    programme: Programme
    amount: int
    kind: CreditKind
    field: str
    """the input field to name when the balance does not cover it"""
    entry_key: str | None = None
    service_record_id: int | None = None
    recipient: str | None = None
    description: str | None = None


def _request_key(value: Any) -> str:
    key = value.strip() if isinstance(value, str) else ""
    if not 8 <= len(key) <= 64:
        raise FieldError("request_key", "give a key of 8 to 64 characters, of the client's choosing: the same key "
                         "again returns the first effect")
    return key


def _amount(value: Any, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_AMOUNT:
        raise FieldError(field, f"must be a whole number from 1 to {MAX_AMOUNT}")
    return value


def _text(value: Any, field: str, limit: int, *, required: bool) -> str | None:
    """A text of at most ``limit`` characters, stripped; None when blank and not ``required``."""
    text = value.strip() if isinstance(value, str) else None
    if not text:
        if required:
            raise FieldError(field, "is required")
        return None
    if len(text) > limit:
        raise FieldError(field, f"must be at most {limit} characters")
    return text


def _digest(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


async def _volunteer(session: AsyncSession, who: Principal, volunteer_id: int, field: str) -> tuple[Volunteer, Region]:
    volunteer = await get_visible(session, Volunteer, volunteer_id, who, field=field)
    region = await session.get(Region, volunteer.region_id)
    if region is None:
        raise NotFound(field, f"no region with id {volunteer.region_id}")
    return volunteer, region


async def _programmes(session: AsyncSession, registry: Registry, volunteer: Volunteer) -> programmes.Programmes:
    tenant = await session.get_one(Tenant, volunteer.tenant_id)
    return await programmes.of_tenant(session, registry, tenant)


async def _record(session: AsyncSession, who: Principal, record_id: int) -> tuple[ServiceRecord, Volunteer, Region]:
    """A service record the principal sees, one that counts: a corrected entry credits nothing (its
    correction does, :func:`_credited_before`)."""
    record = await get_visible(session, ServiceRecord, record_id, who, field="record")
    correction = (await session.exec(select(ServiceRecord.id).where(col(ServiceRecord.corrects_id) == record.id))).first()
    if correction is not None:
        raise FieldError("record", f"service record {record.id} was corrected by record {correction}: credit the "
                         "correction, which counts in its place", code="conflict")
    volunteer = await session.get_one(Volunteer, record.volunteer_id)
    region = await session.get_one(Region, volunteer.region_id)
    return record, volunteer, region


async def _corrected(session: AsyncSession, record: ServiceRecord) -> list[int]:
    """The entries a correction replaced, nearest first (a correction of a correction replaces both)."""
    chain: list[int] = []
    corrected = record.corrects_id
    while corrected is not None and corrected not in chain:
        chain.append(corrected)
        corrected = (await session.exec(select(ServiceRecord.corrects_id).where(col(ServiceRecord.id) == corrected))).first()
    return chain


async def _credited_before(session: AsyncSession, volunteer: Volunteer, programme: str, record: ServiceRecord) -> int:
    """What the entries ``record`` corrects already credited in ``programme``: a correction credits
    only the difference, so that corrected hours are never counted twice."""
    chain = await _corrected(session, record)
    if not chain:
        return 0
    query = (select(sa.func.coalesce(sa.func.sum(CreditEntry.amount), 0))
             .join(CreditAccount, col(CreditAccount.id) == CreditEntry.account_id)
             .where(col(CreditAccount.volunteer_id) == volunteer.id, col(CreditAccount.programme) == programme,
                    col(CreditEntry.entry_key).in_([f"record:{number}" for number in chain])))
    return int((await session.exec(query)).one())


# --- the writes ---------------------------------------------------------------------------------


async def deposit(session: AsyncSession, who: Principal, registry: Registry, *, record_id: int,
                  request_key: Any) -> list[CreditEntry]:
    """Deposit a service record's minutes (read from the record) into its volunteer's time bank:
    once per record. Needs ``time_bank:deposit`` at the volunteer's community."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        record, volunteer, region = await _record(session, who, record_id)
        require(who, TIME_BANK, "deposit", region, field="record")
        bank = (await _programmes(session, registry, volunteer)).get(TIME_BANK)
        minutes = record.minutes - await _credited_before(session, volunteer, bank.key, record)
        if minutes == 0:
            raise FieldError("record", f"the entries record {record.id} corrects were deposited with the same "
                             "minutes: nothing to deposit", code="duplicate")
        move = Move(bank, minutes, CreditKind.DEPOSIT, "record", entry_key=f"record:{record.id}",
                    service_record_id=record.id, description=record.description)
        return await _post(session, who, volunteer, key, {"op": "deposit", "record": record.id}, [move])
    return await _guarded(work())


async def earn(session: AsyncSession, who: Principal, registry: Registry, *, record_id: int, programme: str | None,
               request_key: Any) -> list[CreditEntry]:
    """Earn points for a service record, at the programme's rate an hour (rounded down): once per record
    and programme. Needs ``points:earn`` at the volunteer's community."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        record, volunteer, region = await _record(session, who, record_id)
        target = (await _programmes(session, registry, volunteer)).get(programme or VOLUNTEER_POINTS)
        require(who, target.resource, "earn", region, field="record")
        if target.unit != "point" or target.earn_per_hour is None:
            raise FieldError("programme", f"{target.key!r} earns nothing from service records")
        points = int(record.minutes * target.earn_per_hour // 60)
        earned = await _credited_before(session, volunteer, target.key, record)
        if points < 1 and not earned:
            raise FieldError("record", f"{record.minutes} minutes earn no whole point at {target.earn_per_hour} an hour")
        points -= earned
        if points == 0:
            raise FieldError("record", f"the entries record {record.id} corrects earned the same points: nothing to "
                             "earn", code="duplicate")
        move = Move(target, points, CreditKind.EARN, "record", entry_key=f"record:{record.id}",
                    service_record_id=record.id, description=record.description)
        request = {"op": "earn", "record": record.id, "programme": target.key}
        return await _post(session, who, volunteer, key, request, [move])
    return await _guarded(work())


async def award(session: AsyncSession, who: Principal, registry: Registry, *, volunteer_id: int,
                programme: str | None, points: Any, reason: Any, request_key: Any) -> list[CreditEntry]:
    """Award points with a reason. Needs ``points:award`` at the volunteer's community."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        volunteer, region = await _volunteer(session, who, volunteer_id, "volunteer")
        target = (await _programmes(session, registry, volunteer)).get(programme or VOLUNTEER_POINTS)
        if target.unit != "point":
            raise FieldError("programme", f"{target.key!r} counts minutes of service: deposit service records into it")
        require(who, target.resource, "award", region, field="volunteer")
        amount, why = _amount(points, "points"), _text(reason, "reason", 500, required=True)
        request = {"op": "award", "volunteer": volunteer.id, "programme": target.key, "points": amount, "reason": why}
        move = Move(target, amount, CreditKind.AWARD, "points", description=why)
        return await _post(session, who, volunteer, key, request, [move])
    return await _guarded(work())


async def withdraw(session: AsyncSession, who: Principal, registry: Registry, *, volunteer_id: int, minutes: Any,
                   service: Any, recipient: Any, request_key: Any) -> list[CreditEntry]:
    """Withdraw minutes from the volunteer's time bank for a service received (``service``: what), by
    the volunteer or a resident they name (``recipient``). Needs ``time_bank:withdraw``."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        volunteer, region = await _volunteer(session, who, volunteer_id, "volunteer")
        require(who, TIME_BANK, "withdraw", region, field="volunteer")
        bank = (await _programmes(session, registry, volunteer)).get(TIME_BANK)
        amount = _amount(minutes, "minutes")
        what = _text(service, "service", 500, required=True)
        whom = _text(recipient, "recipient", 50, required=False) or volunteer.name
        if "\n" in whom:
            raise FieldError("recipient", "must be one line: the name of who received the service")
        # the ledger is append-only, so no erasure could ever reach a name on it: it keeps the mask
        whom = mask_name(whom)
        request = {"op": "withdraw", "volunteer": volunteer.id, "minutes": amount, "service": what, "recipient": whom}
        move = Move(bank, -amount, CreditKind.WITHDRAW, "minutes", recipient=whom, description=what)
        return await _post(session, who, volunteer, key, request, [move])
    return await _guarded(work())


async def exchange(session: AsyncSession, who: Principal, registry: Registry, *, volunteer_id: int,
                   programme: str | None, points: Any, goods: Any, request_key: Any) -> list[CreditEntry]:
    """Exchange (兑换) points for goods or a service (``goods``: what, e.g. at a charity supermarket).
    Needs ``points:exchange`` at the volunteer's community."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        volunteer, region = await _volunteer(session, who, volunteer_id, "volunteer")
        source = (await _programmes(session, registry, volunteer)).get(programme or VOLUNTEER_POINTS)
        if source.unit != "point":
            raise FieldError("programme", f"{source.key!r} counts minutes of service: withdraw from it instead")
        require(who, source.resource, "exchange", region, field="volunteer")
        amount, what = _amount(points, "points"), _text(goods, "goods", 500, required=True)
        request = {"op": "exchange", "volunteer": volunteer.id, "programme": source.key, "points": amount, "goods": what}
        move = Move(source, -amount, CreditKind.EXCHANGE, "points", description=what)
        return await _post(session, who, volunteer, key, request, [move])
    return await _guarded(work())


async def convert(session: AsyncSession, who: Principal, registry: Registry, *, volunteer_id: int, source: str,
                  target: str, amount: Any, request_key: Any) -> list[CreditEntry]:
    """Convert ``amount`` (in the source's unit: minutes or points) into another programme at the rate
    the tenant's setting gives, rounded down: two entries, out and in. Needs ``convert`` on both
    programmes' resources at the volunteer's community."""
    async def work() -> list[CreditEntry]:
        key = _request_key(request_key)
        volunteer, region = await _volunteer(session, who, volunteer_id, "volunteer")
        conversion = (await _programmes(session, registry, volunteer)).conversion(source, target)
        require(who, conversion.source.resource, "convert", region, field="source")
        require(who, conversion.target.resource, "convert", region, field="target")
        taken = _amount(amount, "amount")
        given = conversion.converted(taken)
        if given < 1:
            raise FieldError("amount", f"{taken} is worth less than one unit of {target} at the rate {conversion.rate}")
        note = f"{conversion.label}（{conversion.rate}）"
        request = {"op": "convert", "volunteer": volunteer.id, "source": source, "target": target, "amount": taken}
        moves = [Move(conversion.source, -taken, CreditKind.CONVERT_OUT, "amount", description=note),
                 Move(conversion.target, given, CreditKind.CONVERT_IN, "amount", description=note)]
        return await _post(session, who, volunteer, key, request, moves)
    return await _guarded(work())


async def _guarded(work: Awaitable[list[CreditEntry]]) -> list[CreditEntry]:
    """The entries of ``work``, or its field error as the API reports it (InvalidInput)."""
    try:
        return await work
    except FieldError as error:
        raise InvalidInput.of(error) from error


# --- posting ------------------------------------------------------------------------------------


async def _post(session: AsyncSession, who: Principal, volunteer: Volunteer, request_key: str,
                request: dict[str, Any], moves: Sequence[Move]) -> list[CreditEntry]:
    """Write ``moves`` as one request: the entries, or the first effect of the key; tried again when
    the database gives way."""
    digest = _digest(request)
    found = await _entries_of(session, volunteer.tenant_id, request_key)
    if found:
        return _same(found, digest)
    try:
        for move in moves:
            await _not_yet(session, volunteer, move)
    except FieldError:  # the same request, sent twice, may have committed since the look above
        found = await _entries_of(session, volunteer.tenant_id, request_key)
        if found:
            return _same(found, digest)
        raise
    for attempt in range(ATTEMPTS):
        try:
            async with session.begin_nested():
                return await _write(session, who, volunteer, request_key, digest, moves)
        except sa.exc.IntegrityError:
            found = await _entries_of(session, volunteer.tenant_id, request_key)
            if found:  # a concurrent request with the same key came first
                return _same(found, digest)
            for move in moves:
                await _not_yet(session, volunteer, move)
            if attempt == ATTEMPTS - 1:
                raise
        except sa.exc.DBAPIError as error:
            if not _transient(error) or attempt == ATTEMPTS - 1:
                raise
        await asyncio.sleep(random.uniform(0, 0.005 * 2 ** attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _transient(error: sa.exc.DBAPIError) -> bool:
    """Did the database give way (a retry may succeed) rather than refuse?"""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in _TRANSIENT_CODES or any(text in str(error.orig).lower() for text in _TRANSIENT_TEXT)


async def _write(session: AsyncSession, who: Principal, volunteer: Volunteer, request_key: str, digest: str,
                 moves: Sequence[Move]) -> list[CreditEntry]:
    accounts = {move.programme.key: await _account(session, volunteer, move) for move in moves}
    balances: dict[str, int] = {}
    # The balances first, in the order of the accounts' ids: two requests on the same two accounts
    # take their rows in the same order and never wait for each other in a circle.
    for move in sorted(moves, key=lambda m: accounts[m.programme.key].id or 0):
        balances[move.programme.key] = await _move_balance(session, accounts[move.programme.key], move)
    entries: list[CreditEntry] = []
    for move in moves:
        entry = CreditEntry(
            tenant_id=volunteer.tenant_id, account_id=stored_id(accounts[move.programme.key]), programme=move.programme.key,
            kind=move.kind,
            amount=move.amount, balance_after=balances[move.programme.key], service_record_id=move.service_record_id,
            pair_id=entries[0].id if entries else None, entry_key=move.entry_key, request_key=request_key,
            request_digest=digest, recipient=move.recipient, description=move.description, actor=who.username,
        )
        session.add(entry)
        await session.flush()
        entries.append(entry)
    return entries


async def _account(session: AsyncSession, volunteer: Volunteer, move: Move) -> CreditAccount:
    """The volunteer's account in the move's programme, opened (in a savepoint) for a move into it."""
    query = select(CreditAccount).where(col(CreditAccount.volunteer_id) == volunteer.id,
                                        col(CreditAccount.programme) == move.programme.key)
    account = (await session.exec(query)).first()
    if account is not None:
        return account
    if move.amount < 0:
        raise FieldError(move.field, f"the balance (0 in {move.programme.key}) does not cover {-move.amount}")
    try:
        async with session.begin_nested():
            account = CreditAccount(tenant_id=volunteer.tenant_id, volunteer_id=stored_id(volunteer),
                                    programme=move.programme.key)
            session.add(account)
            await session.flush()
            return account
    except sa.exc.IntegrityError:  # opened by a concurrent request
        return (await session.exec(query)).one()


async def _move_balance(session: AsyncSession, account: CreditAccount, move: Move) -> int:
    """Add ``move.amount`` to the balance in one statement; a movement out only while the balance covers it."""
    amount = move.amount
    statement = sa.update(CreditAccount).where(col(CreditAccount.id) == account.id)
    if amount < 0:
        statement = statement.where(col(CreditAccount.balance) >= -amount)
    statement = (statement.values(balance=col(CreditAccount.balance) + amount).returning(col(CreditAccount.balance))
                 .execution_options(synchronize_session=False))
    balance = (await session.exec(statement)).scalar_one_or_none()
    if balance is None:
        current = (await session.exec(select(CreditAccount.balance).where(col(CreditAccount.id) == account.id))).one()
        raise FieldError(move.field, f"the balance ({current} in {move.programme.key}) does not cover {-amount}",
                         code="insufficient")
    return int(balance)


async def _not_yet(session: AsyncSession, volunteer: Volunteer, move: Move) -> None:
    """Refuse a second entry with the move's entry key (a record deposited or earned on once already)."""
    if move.entry_key is None:
        return
    query = (select(CreditEntry.id).join(CreditAccount, col(CreditAccount.id) == CreditEntry.account_id)
             .where(col(CreditAccount.volunteer_id) == volunteer.id, col(CreditAccount.programme) == move.programme.key,
                    col(CreditEntry.entry_key) == move.entry_key))
    if (await session.exec(query)).first() is not None:
        what = "deposited" if move.kind is CreditKind.DEPOSIT else "earned on"
        raise FieldError(move.field, f"this service record is already {what} in {move.programme.key}", code="duplicate")


async def _entries_of(session: AsyncSession, tenant_id: int, request_key: str) -> list[CreditEntry]:
    query = (select(CreditEntry).where(col(CreditEntry.tenant_id) == tenant_id, col(CreditEntry.request_key) == request_key)
             .order_by(col(CreditEntry.id)))
    return list((await session.exec(query)).all())


def _same(entries: list[CreditEntry], digest: str) -> list[CreditEntry]:
    if entries[0].request_digest != digest:
        raise FieldError("request_key", "already used for a different request", code="duplicate")
    return entries


# --- reading ------------------------------------------------------------------------------------


def _readable(who: Principal, registry: Registry) -> sa.ColumnElement[bool]:
    """Accounts the principal may read: a minute programme with ``time_bank:read``, a points programme
    with ``points:read``, at the volunteer's region (the query joins ``Region``)."""
    minutes = [d.item.key for d in registry.programmes if d.item.unit == "minute"]
    programme = col(CreditAccount.programme)
    condition = sa.or_(sa.and_(programme.in_(minutes), region_predicate(who, TIME_BANK, "read")),
                       sa.and_(programme.not_in(minutes), region_predicate(who, "points", "read")))
    if who.platform_admin:
        return condition
    return sa.and_(col(CreditAccount.tenant_id) == who.tenant_id, condition)


def accounts(who: Principal, registry: Registry, volunteer_id: int) -> Any:
    """The volunteer's accounts the principal may read, by programme."""
    return (select(CreditAccount).join(Volunteer, col(Volunteer.id) == CreditAccount.volunteer_id)
            .join(Region, col(Region.id) == Volunteer.region_id)
            .where(col(CreditAccount.volunteer_id) == volunteer_id, _readable(who, registry))
            .order_by(col(CreditAccount.programme)))


def accounts_among(who: Principal, registry: Registry, ids: list[int]) -> Any:
    """The accounts ``ids`` the principal may read, as :func:`accounts` gives them: the volunteer's
    record visible (``volunteer:read``), and the programme's ``read`` where the volunteer is."""
    return (select(CreditAccount).join(Volunteer, col(Volunteer.id) == CreditAccount.volunteer_id)
            .join(Region, col(Region.id) == Volunteer.region_id)
            .where(col(CreditAccount.id).in_(ids), _readable(who, registry),
                   region_predicate(who, "volunteer", "read")))


def entries_among(who: Principal, registry: Registry, ids: list[int]) -> Any:
    """The entries ``ids`` of the accounts :func:`accounts_among` gives."""
    return (select(CreditEntry).join(CreditAccount, col(CreditAccount.id) == CreditEntry.account_id)
            .join(Volunteer, col(Volunteer.id) == CreditAccount.volunteer_id)
            .join(Region, col(Region.id) == Volunteer.region_id)
            .where(col(CreditEntry.id).in_(ids), _readable(who, registry), region_predicate(who, "volunteer", "read")))


def entries(who: Principal, registry: Registry, volunteer_id: int, programme: str | None) -> Any:
    """The entries of the volunteer's accounts the principal may read (of one programme, if given)."""
    query = (select(CreditEntry).join(CreditAccount, col(CreditAccount.id) == CreditEntry.account_id)
             .join(Volunteer, col(Volunteer.id) == CreditAccount.volunteer_id)
             .join(Region, col(Region.id) == Volunteer.region_id)
             .where(col(CreditAccount.volunteer_id) == volunteer_id, _readable(who, registry)))
    if programme is not None:
        query = query.where(col(CreditAccount.programme) == programme)
    return query
