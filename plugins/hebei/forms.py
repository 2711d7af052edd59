"""河北省的表单：冀民〔2021〕79号.

- 政府购买社会救助服务经费列支表 (``hebei_assistance_service_purchase``): 四（二） pays for purchased
  social-assistance services out of social-assistance funds, 列支比例不高于2% (see ``rules.py``); each
  one filed is a spending on the ledger (``PURCHASE_POSTING``);
- “河北慈善奖”推荐表 (``hebei_charity_award_nomination``): 四（三） 将“五社联动”优秀项目以及公益慈善
  资金支持“五社联动”典型事例纳入“河北慈善奖”表彰范围.

Money is in integer fen (分). Every property has a zh-CN ``title``.
"""

from typing import Any

from core import FormDecl, LedgerPostingDecl

DOCUMENT = "冀民〔2021〕79号"


# --- JSON Schema helpers ---------------------------------------------------------------------


def _text(title: str, *, max_length: int = 2000, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length}


def _int(title: str, *, minimum: int = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "title": title, "minimum": minimum, **extra}


def _money(title: str, *, minimum: int = 0) -> dict[str, Any]:
    return {"type": "integer", "title": f"{title}（分）", "minimum": minimum}


def _date(title: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "title": title}


def _enum(title: str, values: list[str]) -> dict[str, Any]:
    return {"type": "string", "title": title, "enum": values}


def _array(title: str, items: dict[str, Any], *, min_items: int = 0, unique: bool = False) -> dict[str, Any]:
    out = {"type": "array", "title": title, "items": items, "minItems": min_items}
    return {**out, "uniqueItems": True} if unique else out


def _object(title: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _form_schema(title: str, properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **_object(title, properties, required), **extra}


# --- vocabularies ----------------------------------------------------------------------------

ASSISTANCE_FUNDS = ["社会救助工作经费", "困难群众救助补助资金", "其他社会救助专项经费"]
"""四（二）: 从已有社会救助工作经费或困难群众救助补助资金等社会救助专项经费中列支."""

AWARD_CATEGORIES = ["“五社联动”优秀项目", "公益慈善资金支持“五社联动”典型事例"]
"""四（三）: 将“五社联动”优秀项目以及公益慈善资金支持“五社联动”典型事例纳入“河北慈善奖”表彰范围."""

NOMINEE_KINDS = [
    "社会组织", "社会工作服务机构", "志愿服务组织", "慈善组织", "社区基金会", "企事业单位", "驻社区单位", "个人", "其他",
]
ACTIVITY_SERIES = ["邻里守望", "共建共治共享", "共创平安", "文化铸魂"]
SERVICE_AREAS = ["扶老", "助困", "恤孤", "助残", "社区治理"]
SUPPORT_FORMS = ["购买服务", "设立专项基金", "公益创投", "公益沙龙", "项目大赛", "公益捐赠", "建立社区公益基金", "其他"]
"""三（四）: 购买服务、设立专项基金、公益创投、公益沙龙、项目大赛; 四（二）: 公益捐赠、建立社区公益基金."""


def _purchase_schema() -> dict[str, Any]:
    properties = {
        "year": _int("年度", minimum=2021, maximum=2100),
        "fund_source": _enum("列支的社会救助专项经费", ASSISTANCE_FUNDS),
        "fund_total_fen": _money("社会救助专项经费总额"),
        "purchase_amount_fen": _money("购买社会救助服务列支金额"),
        "services": _array(
            "购买的社会救助服务",
            _object(
                "服务",
                {
                    "name": _text("服务项目", max_length=200),
                    "provider": _text("承接主体", max_length=200),
                    "provider_kind": _enum("承接主体类别", ["社会工作服务机构", "社会组织", "其他"]),
                    "amount_fen": _money("金额"),
                },
            ),
            min_items=1,
        ),
    }
    return _form_schema("政府购买社会救助服务经费列支表", properties, list(properties))


def _nomination_schema() -> dict[str, Any]:
    properties = {
        "category": _enum("推荐类别", AWARD_CATEGORIES),
        "nominee": _object(
            "被推荐对象",
            {
                "name": _text("名称", max_length=200),
                "kind": _enum("类别", NOMINEE_KINDS),
                "location": _text("所在地", max_length=200),
            },
        ),
        "project": _object(
            "“五社联动”项目",
            {
                "name": _text("项目名称", max_length=200),
                "started_on": _date("开始日期"),
                "ended_on": _date("结束日期"),
                "activity_series": _array("所属社区治理系列活动", _enum("系列活动", ACTIVITY_SERIES), unique=True),
                "service_areas": _array("服务领域", _enum("领域", SERVICE_AREAS), unique=True),
                "beneficiaries": _int("服务人次"),
                "outcomes": _text("项目成效", max_length=5000),
            },
            required=["name", "started_on", "service_areas", "outcomes"],
        ),
        "charity_support": _object(
            "公益慈善资金支持",
            {
                "forms": _array("支持方式", _enum("方式", SUPPORT_FORMS), min_items=1, unique=True),
                "money_fen": _money("资金"),
                "in_kind_value_fen": _money("物资折算金额"),
                "supported_projects": _text("支持的“五社联动”项目", max_length=2000),
            },
            required=["forms", "money_fen", "in_kind_value_fen", "supported_projects"],
        ),
        "deeds": _text("主要事迹", max_length=10000),
        "recommending_unit": _text("推荐单位", max_length=200),
        "recommended_on": _date("推荐日期"),
    }
    category = {"type": "string", "title": "推荐类别"}
    return _form_schema(
        "“河北慈善奖”推荐表",
        properties,
        ["category", "nominee", "deeds", "recommending_unit", "recommended_on"],
        allOf=[
            {
                "if": {"properties": {"category": {**category, "const": AWARD_CATEGORIES[0]}}},
                "then": {"required": ["project"]},
            },
            {
                "if": {"properties": {"category": {**category, "const": AWARD_CATEGORIES[1]}}},
                "then": {"required": ["charity_support"]},
            },
        ],
    )


PURCHASE_POSTING = LedgerPostingDecl(account="hebei_assistance_fund:{fund_source}:{year}",
                                     amount="purchase_amount_fen", kind="spending")
"""四（二）: a purchase is paid from (列支) one social-assistance fund of the office that files it, in
the year of the form; it is an entry out of that fund's account on the ledger, at the office's
region, and the 2% cap (rules.py) reads the account."""


def declarations() -> list[FormDecl]:
    return [
        FormDecl(
            key="hebei_assistance_service_purchase",
            version=1,
            title="政府购买社会救助服务经费列支表",
            json_schema=_purchase_schema(),
            ui={
                "order": ["year", "fund_source", "fund_total_fen", "purchase_amount_fen", "services"],
                "widgets": {
                    "fund_total_fen": "money_fen", "purchase_amount_fen": "money_fen",
                    "services.amount_fen": "money_fen",
                },
                "help": {"purchase_amount_fen": "四（二）：列支比例不高于2%"},
            },
            # 四（二）: 各地可通过政府购买服务方式……政府购买社会救助服务所需经费……列支 — 各地 fill it in: the
            # city and county civil-affairs bureaus (roles.py), where the funds are kept.
            submitters=("city_bureau", "county_bureau"),
            ledger=PURCHASE_POSTING,
            source=(
                f"{DOCUMENT} 四（二）“政府购买社会救助服务所需经费从已有社会救助工作经费或困难群众救助补助资金等"
                "社会救助专项经费中列支，列支比例不高于2%”"
            ),
        ),
        FormDecl(
            key="hebei_charity_award_nomination",
            version=1,
            title="“河北慈善奖”推荐表（“五社联动”）",
            json_schema=_nomination_schema(),
            ui={
                "order": [
                    "category", "nominee", "project", "charity_support", "deeds", "recommending_unit", "recommended_on",
                ],
                "widgets": {
                    "deeds": "textarea", "project.outcomes": "textarea",
                    "charity_support.money_fen": "money_fen", "charity_support.in_kind_value_fen": "money_fen",
                },
                "help": {
                    "project": "推荐“五社联动”优秀项目时填写",
                    "charity_support": "推荐公益慈善资金支持“五社联动”典型事例时填写",
                },
            },
            # 四（三）: 各地要及时总结提炼“五社联动”实践经验……纳入“河北慈善奖”表彰范围 — 各地 put forward
            # the nominations: the city and county civil-affairs bureaus (roles.py); the provincial
            # department reviews them.
            submitters=("city_bureau", "county_bureau"),
            source=(
                f"{DOCUMENT} 四（三）“将‘五社联动’优秀项目以及公益慈善资金支持‘五社联动’典型事例纳入‘河北慈善奖’"
                "表彰范围”"
            ),
        ),
    ]
