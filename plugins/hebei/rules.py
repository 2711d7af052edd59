"""河北省的规则：冀民〔2021〕79号 四（二）、四（三）, run on form records."""

from typing import Any

from core import RuleDecl
from plugins.hebei.forms import PURCHASE_POSTING

DOCUMENT = "冀民〔2021〕79号"

ASSISTANCE_PURCHASE_CAP_PERCENT = 2
"""四（二）: 列支比例不高于2%."""


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}元"


PURCHASE_FORM = "hebei_assistance_service_purchase"


def check_assistance_purchase_cap(record: dict[str, Any], context: Any = None) -> Any:
    """The purchases paid from one social-assistance fund in one year are at most 2% of it, all
    withdrawals together (exact, in integer fen). A fund is the ``fund_source`` of the office that
    files the withdrawal (the submission's region) in the ``year`` of the form: its account on the
    ledger (forms.PURCHASE_POSTING), where every withdrawal filed is an entry out of it, as is money
    paid from it otherwise; what was paid before is added to this one and compared with this one's
    ``fund_total_fen``. Without a context (a record checked on its own) only this withdrawal counts."""
    alone = _within_cap(record, 0)
    if alone is not True or context is None or getattr(context, "region", None) is None:
        return alone
    return _cumulative_cap(record, context)


async def _cumulative_cap(record: dict[str, Any], context: Any) -> bool | str:
    balance = await context.ledger_total(PURCHASE_POSTING.account_for(record), at=context.region)
    return _within_cap(record, -balance)


def _within_cap(record: dict[str, Any], earlier: int) -> bool | str:
    total = record.get("fund_total_fen")
    amount = record.get("purchase_amount_fen")
    if not isinstance(total, int) or not isinstance(amount, int):
        return "应填写社会救助专项经费总额和购买社会救助服务列支金额（分）"
    spent = earlier + amount
    if spent * 100 <= total * ASSISTANCE_PURCHASE_CAP_PERCENT:
        return True
    cap = total * ASSISTANCE_PURCHASE_CAP_PERCENT // 100
    share = spent / total if total else None
    ratio = f"{share:.2%}" if share is not None else "—"
    if not earlier:
        return (
            f"购买社会救助服务列支{_yuan(amount)}，占社会救助专项经费{_yuan(total)}的{ratio}，"
            f"超过2%（上限{_yuan(cap)}）"
        )
    return (
        f"{record.get('year')}年从{record.get('fund_source')}累计列支{_yuan(spent)}（此前{_yuan(earlier)}，"
        f"本次{_yuan(amount)}），占社会救助专项经费{_yuan(total)}的{ratio}，超过2%（上限{_yuan(cap)}）"
    )


def check_purchase_items(record: dict[str, Any], context: Any = None) -> bool | str:
    services = record.get("services") or []
    listed = sum(s.get("amount_fen") or 0 for s in services)
    amount = record.get("purchase_amount_fen") or 0
    if listed == amount:
        return True
    return f"购买的各项社会救助服务金额合计{_yuan(listed)}，与列支金额{_yuan(amount)}不符"


def check_charity_support_amount(record: dict[str, Any], context: Any = None) -> bool | str:
    if record.get("category") != "公益慈善资金支持“五社联动”典型事例":
        return True
    support = record.get("charity_support") or {}
    if (support.get("money_fen") or 0) + (support.get("in_kind_value_fen") or 0) > 0:
        return True
    return "公益慈善资金支持“五社联动”典型事例应填写支持的资金或物资折算金额"


def declarations() -> list[RuleDecl]:
    return [
        RuleDecl(
            key="hebei_assistance_purchase_cap",
            label="政府购买社会救助服务经费列支比例不高于2%（每项经费每年累计）",
            subject=f"form:{PURCHASE_FORM}",
            message="购买社会救助服务列支金额超过社会救助专项经费的2%",
            check=check_assistance_purchase_cap,
            fields=("purchase_amount_fen",),
            source=(
                f"{DOCUMENT} 四（二）“政府购买社会救助服务所需经费从已有社会救助工作经费或困难群众救助补助资金等"
                "社会救助专项经费中列支，列支比例不高于2%”"
            ),
        ),
        RuleDecl(
            key="hebei_assistance_purchase_items",
            label="购买的社会救助服务金额合计与列支金额一致",
            subject="form:hebei_assistance_service_purchase",
            message="购买的各项社会救助服务金额合计与列支金额不符",
            check=check_purchase_items,
            fields=("services",),
            source=f"{DOCUMENT} 四（二）“政府购买社会救助服务所需经费……列支比例不高于2%”",
        ),
        RuleDecl(
            key="hebei_award_charity_support",
            label="公益慈善资金支持典型事例须有资金或物资",
            subject="form:hebei_charity_award_nomination",
            message="公益慈善资金支持“五社联动”典型事例应填写支持的资金或物资折算金额",
            check=check_charity_support_amount,
            fields=("charity_support",),
            source=f"{DOCUMENT} 四（三）“将……公益慈善资金支持‘五社联动’典型事例纳入‘河北慈善奖’表彰范围”",
        ),
    ]
