"""The time bank's and points' ledger under concurrency (issue 14): exact balances that never go below
zero, one effect per request key, and entries that cannot be edited or removed.

On PostgreSQL the requests run at once, each in its own session and transaction (the platform's pool
holds at most 15 connections); on SQLite, which has one writer, the same requests run one at a time.
"""

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from core import db
from core.errors import InvalidInput
from core.models import CreditAccount, CreditEntry, Region, ServiceRecord, Volunteer
from core.services import credits
from core.testing import row_id
from tests.graphql.test_credits import hebei_volunteer

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"


async def _volunteer(platform) -> int:
    async with db.transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == COMMUNITY))).one()
        row = Volunteer(name="李明", tenant_id=region.tenant_id, region_id=region.id, registered_on=dt.date(2024, 1, 1))
        session.add(row)
        await session.flush()
        return int(row.id or 0)


async def _record(platform, volunteer_id: int) -> int:
    """A service record of 150 minutes of the volunteer's."""
    async with db.transaction(platform.sessions) as session:
        volunteer = await session.get_one(Volunteer, volunteer_id)
        record = ServiceRecord(volunteer_id=volunteer_id, served_on=dt.date(2025, 5, 1), minutes=150,
                               tenant_id=volunteer.tenant_id, region_id=volunteer.region_id)
        session.add(record)
        await session.flush()
        return int(record.id or 0)


async def _call(platform, work, **arguments):
    """One request in its own transaction, as the API runs it: the entries, or the refusal."""
    async with db.transaction(platform.sessions) as session:
        who = await platform.principal(session, "admin")
        try:
            return await work(session, who, platform.registry, **arguments)
        except InvalidInput as error:
            return error


async def _all(platform, calls):
    """Run the calls at once on PostgreSQL; one after the other on SQLite (a single writer)."""
    if platform.engine.dialect.name != "postgresql":
        return [await call for call in calls]
    return await asyncio.gather(*calls)


async def _ledger(platform, volunteer_id: int, programme: str) -> tuple[int, list[int]]:
    async with platform.sessions() as session:
        account = (await session.exec(select(CreditAccount).where(
            CreditAccount.volunteer_id == volunteer_id, CreditAccount.programme == programme))).one()
        amounts = (await session.exec(select(CreditEntry.amount).where(CreditEntry.account_id == account.id)
                                      .order_by(col(CreditEntry.id)))).all()
        return account.balance, list(amounts)


async def test_200_redemptions_against_a_balance_covering_100(platform):
    volunteer_id = await _volunteer(platform)
    awarded = await _call(platform, credits.award, volunteer_id=volunteer_id, programme=None, points=100,
                          reason="年度优秀志愿者", request_key="award-concurrency")
    assert not isinstance(awarded, InvalidInput)
    calls = [_call(platform, credits.exchange, volunteer_id=volunteer_id, programme=None, points=1,
                   goods="爱心超市：毛巾一条", request_key=f"redeem-{n:04d}") for n in range(200)]
    results = await _all(platform, calls)
    succeeded = [r for r in results if not isinstance(r, InvalidInput)]
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(succeeded) == 100 and len(refused) == 100
    assert {(p.field, p.code) for r in refused for p in r.problems} == {("points", "insufficient")}
    balance, amounts = await _ledger(platform, volunteer_id, "volunteer_points")
    assert balance == 0 and sum(amounts) == balance and amounts.count(-1) == 100
    assert sorted(e.balance_after for r in succeeded for e in r) == list(range(100))  # each point taken once


async def test_one_request_key_sent_50_times_has_one_effect(platform):
    volunteer_id = await _volunteer(platform)
    record_id = await _record(platform, volunteer_id)
    deposits = [_call(platform, credits.deposit, record_id=record_id, request_key="deposit-once") for _ in range(50)]
    results = await _all(platform, deposits)
    assert all(not isinstance(r, InvalidInput) for r in results), results
    assert {r[0].id for r in results} == {results[0][0].id}
    balance, amounts = await _ledger(platform, volunteer_id, "time_bank")
    assert (balance, amounts) == (150, [150])

    withdrawals = [_call(platform, credits.withdraw, volunteer_id=volunteer_id, minutes=60, service="助浴",
                         recipient=None, request_key="withdraw-once") for _ in range(50)]
    results = await _all(platform, withdrawals)
    assert len({r[0].id for r in results}) == 1
    assert await _ledger(platform, volunteer_id, "time_bank") == (90, [150, -60])


async def test_a_request_whose_twin_commits_between_its_checks_gets_the_twins_entries(platform, monkeypatch):
    """The key's first look finds nothing; the same request, sent twice, commits before the second
    look (whether the record was deposited already): the answer is the twin's entries, not a refusal
    of the record as deposited. Under load, 50 requests at once met that window (CI, 2026-12-06)."""
    volunteer_id = await _volunteer(platform)
    record_id = await _record(platform, volunteer_id)
    twin = await _call(platform, credits.deposit, record_id=record_id, request_key="deposit-twice")
    looks = []
    real = credits._entries_of

    async def before_the_twin_committed(session, tenant_id, request_key):
        looks.append(request_key)
        return [] if len(looks) == 1 else await real(session, tenant_id, request_key)

    monkeypatch.setattr(credits, "_entries_of", before_the_twin_committed)
    again = await _call(platform, credits.deposit, record_id=record_id, request_key="deposit-twice")
    assert not isinstance(again, InvalidInput), again.problems
    assert [e.id for e in again] == [e.id for e in twin]
    assert await _ledger(platform, volunteer_id, "time_bank") == (150, [150])


@pytest.mark.parametrize("statement", ["UPDATE credit_entry SET amount = 1000", "DELETE FROM credit_entry"])
async def test_a_ledger_entry_cannot_be_edited_or_removed(platform, statement):
    volunteer_id = await _volunteer(platform)
    await _call(platform, credits.award, volunteer_id=volunteer_id, programme=None, points=5, reason="垃圾分类宣传",
                request_key="award-guarded")
    with pytest.raises(sa.exc.DBAPIError, match=r"append-only|permission denied"):
        async with db.transaction(platform.sessions) as session:
            await session.exec(sa.text(statement))
    assert await _ledger(platform, volunteer_id, "volunteer_points") == (5, [5])


async def test_the_trigger_refuses_even_the_tables_owner(platform):
    """Beyond the application role's rights (SELECT, INSERT): the trigger stops the owner too."""
    volunteer_id = await _volunteer(platform)
    await _call(platform, credits.award, volunteer_id=volunteer_id, programme=None, points=5, reason="垃圾分类宣传",
                request_key="award-owner")
    async with platform.owner_engine() as owner, owner.connect() as connection:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            await connection.execute(sa.text("UPDATE credit_entry SET amount = 1000"))


async def test_conversions_both_ways_at_once_keep_both_ledgers_exact(platform, client, admin_token):
    """Conversions between two accounts in opposite directions take the rows in the same order (no
    deadlock), and each account's entries sum to its balance."""
    volunteer_id = row_id(await hebei_volunteer(client, admin_token))
    for programme in ("volunteer_points", "charity_points"):
        await _call(platform, credits.award, volunteer_id=volunteer_id, programme=programme, points=20,
                    reason="邻里守望", request_key=f"award-{programme}")
    directions = [("volunteer_points", "charity_points"), ("charity_points", "volunteer_points")]
    calls = [_call(platform, credits.convert, volunteer_id=volunteer_id, source=directions[n % 2][0],
                   target=directions[n % 2][1], amount=3, request_key=f"convert-{n:03d}") for n in range(40)]
    results = await _all(platform, calls)
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert {(p.field, p.code) for r in refused for p in r.problems} <= {("amount", "insufficient")}
    balances = [await _ledger(platform, volunteer_id, p) for p in ("volunteer_points", "charity_points")]
    assert all(balance == sum(amounts) >= 0 for balance, amounts in balances)
    assert sum(balance for balance, _ in balances) == 40  # one point for one: nothing made or lost
    converted = len(results) - len(refused)
    assert converted > 0 and all(len(amounts) == 1 + converted for _, amounts in balances)
