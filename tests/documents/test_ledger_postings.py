"""A form that is a spending (``FormDecl(ledger=LedgerPostingDecl(…))``) and the rules that read the
ledger (``RuleContext.ledger_total``): the declaration checked at start-up, the account a
submission's data names, and totals by region, subtree and year (the books' clock)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlmodel import select

from core import FormDecl, LedgerPostingDecl, db
from core.documents.rules import RuleContext
from core.models import LedgerEntry, Region, Tenant
from core.money import BOOKS
from core.plugins.formschema import fen, form, integer, text

SCHEMA = form("列支表", {"year": integer("年度"), "fund": text("经费"), "amount_fen": fen("金额"),
                         "note": text("说明")}, optional=("note",))


def spending(**posting) -> FormDecl:
    ledger = LedgerPostingDecl(**{"account": "test_fund:{fund}:{year}", "amount": "amount_fen", **posting})
    return FormDecl(key="test_spending", version=1, title="列支表", json_schema=SCHEMA, ledger=ledger, source="测试文件 一")


def test_a_posting_names_its_account_from_the_data_and_moves_the_amount_out():
    posting = spending().ledger
    record = {"year": 2024, "fund": "救助资金", "amount_fen": 1500}
    assert posting.fields == ("fund", "year")
    assert posting.account_for(record) == "test_fund:救助资金:2024"
    assert posting.amount_of(record) == -1500
    assert spending(out=False).ledger.amount_of(record) == 1500
    assert posting.amount_of({**record, "amount_fen": True}) == 0


@pytest.mark.parametrize(("posting", "message"), [
    ({"amount": "note"}, "ledger.amount: 'note' is not a required top-level property"),
    ({"amount": "missing_fen"}, "ledger.amount: 'missing_fen' is not a required top-level property"),
    ({"account": "test_fund:{note}"}, "ledger.account: 'note' is not a required top-level property"),
    ({"amount": "fund"}, "ledger.amount: 'fund' is not an integer"),
    ({"account": "fund:{fund}"}, "are the core's own"),
    ({"account": "case:{fund}"}, "are the core's own"),
    ({"account": "{fund}:x"}, "starts with a snake_case name and a colon"),
    ({"account": "test_fund:{Fund}"}, "a field in braces is a snake_case top-level field"),
])
def test_a_posting_that_a_submission_could_not_make_stops_the_start(posting, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        spending(**posting)


async def test_ledger_totals_by_region_subtree_and_year(platform):
    account = "test_fund:救助资金:2024"
    async with db.transaction(platform.sessions) as session:
        street = (await session.exec(select(Region).where(Region.path == "chongqing/qianjiang/zhengyang"))).one()
        community = (await session.exec(select(Region).where(Region.path == f"{street.path}/chaoyang"))).one()
        district = (await session.exec(select(Region).where(Region.path == "chongqing/qianjiang"))).one()
        tenant = await session.get(Tenant, street.tenant_id)
        new_year = dt.datetime(2025, 1, 1, 0, 30, tzinfo=BOOKS)  # still 2024 by UTC, 2025 by the books
        for region, amount, at in [(street, -100, dt.datetime(2024, 6, 1, tzinfo=BOOKS)), (community, -20, new_year),
                                   (district, -3, dt.datetime(2024, 6, 1, tzinfo=BOOKS))]:
            session.add(LedgerEntry(tenant_id=tenant.id, region_id=region.id, account=account, kind="spending",
                                    amount_fen=amount, actor="admin", at=at))
        session.add(LedgerEntry(tenant_id=tenant.id, region_id=street.id, account="test_fund:其他:2024",
                                kind="spending", amount_fen=-7, actor="admin"))
        await session.flush()
        context = RuleContext(session=session, principal=None, tenant=tenant, region=street)
        assert await context.ledger_total(account) == -123
        assert await context.ledger_total(account, at=street) == -100
        assert await context.ledger_total(account, under=street) == -120
        assert await context.ledger_total(account, under=district) == -123
        assert await context.ledger_total(account, year=2024) == -103
        assert await context.ledger_total(account, under=street, year=2025) == -20
        assert await context.ledger_total("test_fund:无:2024") == 0


def test_the_docs_example_is_the_hebei_plugins_code():
    docs = (Path(__file__).parents[2] / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = docs.split("**A form that is a spending**", 1)[1].split("\n### ", 1)[0]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[2] / "plugins" / "hebei")
                                                                    .glob("*.py")))
    examples = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(examples) == 2
    for example in examples:
        assert example.strip() in code, example
