"""Hebei's targets, catalogues, setting, forms and rules against DOMAIN.md §3.4 and 冀民〔2021〕79号."""

import asyncio
import base64
import datetime as dt
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import select

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import CommunityKind, db
from core.documents import forms
from core.documents.targets import lock_problems
from core.errors import InvalidInput
from core.models import LedgerEntry, Region
from core.plugins.manager import load
from core.testing import graphql

DOCUMENT = "冀民〔2021〕79号"
END_2025 = dt.date(2025, 12, 31)


def _registry():
    return load([plugins.hebei], entry_points=False)[1]


def _targets():
    return {d.item.key: d.item for d in _registry().targets}


# --- targets (DOMAIN.md §3.4: by end 2025, at the province) -----------------------------------


@pytest.mark.parametrize(
    ("key", "threshold", "clause"),
    [
        ("social_organization_full_time_staff", Decimal(400_000), "社会组织专职工作人员数量达到40万以上"),
        ("social_work_professionals", Decimal(1_050_000), "社会工作专业人才总量达到105万人以上"),
        ("volunteer_station_coverage", Decimal("0.80"), "社区志愿服务站点在社区综合服务设施中的覆盖率达到80%以上"),
        ("hub_organization_coverage", Decimal("1.0"), "城市社区枢纽型社会组织实现全覆盖"),
        ("social_work_station_coverage", Decimal("1.0"), "以乡镇（街道）社会工作站为基础的全省社会工作服务体系基本建成"),
    ],
)
def test_province_targets_for_end_2025(key, threshold, clause):
    target = _targets()[key]
    assert (target.indicator, target.comparator, target.threshold) == (key, ">=", threshold)
    assert (target.deadline, target.yearly, target.scope, target.evaluated_at) == (END_2025, False, None, "aggregate")
    assert clause in target.source and "到‘十四五’末" in target.source


def test_target_set_and_urban_hub_organizations():
    targets = _targets()
    assert len(targets) == 5
    assert targets["hub_organization_coverage"].community_kind is CommunityKind.URBAN
    assert all(t.community_kind is None for k, t in targets.items() if k != "hub_organization_coverage")
    assert _registry().plugins["hebei"].scope == "hebei"  # scope None: the province


# --- catalogues ---------------------------------------------------------------------------------


def _catalogues():
    return {d.item.key: d.item for d in _registry().catalogues}


def test_activity_series():
    series = _catalogues()["hebei_activity_series"]
    assert [(i.label, i.description) for i in series.items] == [
        ("邻里守望", "社区服务活动"), ("共建共治共享", "社区协商活动"), ("共创平安", "社区治理活动"), ("文化铸魂", "精神文明创建活动"),
    ]
    assert "系列活动" in series.source


def test_platforms():
    platforms = _catalogues()["hebei_service_platforms"]
    assert [i.label for i in platforms.items] == [
        "乡镇（街道）社会工作服务站", "社区社会组织孵化基地", "村（社区）社会工作室", "学雷锋志愿服务站", "新时代文明实践站",
        "城乡志愿服务站点", "“五社联动”支持服务平台",
    ]
    services = _catalogues()["hebei_community_services"]
    assert [i.label for i in services.items] == ["扶老", "助困", "恤孤", "助残", "社区治理"]


# --- setting ------------------------------------------------------------------------------------


def test_time_bank_points_cross_recognition_setting():
    (setting,) = [d.item for d in _registry().settings if d.item.kind == "bool"]
    assert (setting.key, setting.kind, setting.default) == ("time_bank_points_cross_recognition", "bool", True)
    assert "积分互认互通互兑" in setting.source and "积分互认互通互兑" in setting.label


def test_the_rates_of_cross_recognition_are_settings_and_each_conversion_names_one():
    registry = _registry()
    rates = {d.item.key: d.item.default for d in registry.settings if d.item.kind == "decimal"}
    assert rates == {"charity_points_per_volunteer_point": 1, "volunteer_points_per_charity_point": 1,
                     "charity_points_per_service_hour": 1}
    assert [(d.item.key, d.item.unit) for d in registry.programmes if d.plugin == "hebei"] == [("charity_points", "point")]
    assert {(d.item.source, d.item.target, d.item.rate_setting, d.item.enabled_setting) for d in registry.conversions} == {
        ("volunteer_points", "charity_points", "charity_points_per_volunteer_point", "time_bank_points_cross_recognition"),
        ("charity_points", "volunteer_points", "volunteer_points_per_charity_point", "time_bank_points_cross_recognition"),
        ("time_bank", "charity_points", "charity_points_per_service_hour", "time_bank_points_cross_recognition"),
    }
    assert all("积分互认互通互兑" in d.item.source_clause for d in registry.conversions)


# --- forms --------------------------------------------------------------------------------------


def _forms():
    return {d.item.key: d.item for d in _registry().forms}


def _titled(schema, where="$"):
    if not isinstance(schema, dict):
        return
    for name, sub in (schema.get("properties") or {}).items():
        assert isinstance(sub.get("title"), str) and sub["title"], f"{where}.{name} has no title"
        _titled(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        _titled(schema["items"], f"{where}[]")
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword, []):
            _titled(sub, where)
    for keyword in ("if", "then", "else"):
        _titled(schema.get(keyword), where)


PURCHASE = {
    "year": 2023,
    "fund_source": "困难群众救助补助资金",
    "fund_total_fen": 1_000_000_000,  # ¥10,000,000
    "purchase_amount_fen": 20_000_000,  # ¥200,000: exactly 2%
    "services": [
        {"name": "低保对象入户探访", "provider": "某社会工作服务中心", "provider_kind": "社会工作服务机构", "amount_fen": 12_000_000},
        {"name": "困境儿童关爱", "provider": "某社会工作服务中心", "provider_kind": "社会工作服务机构", "amount_fen": 8_000_000},
    ],
}
NOMINATION = {
    "category": "“五社联动”优秀项目",
    "nominee": {"name": "某社会工作服务中心", "kind": "社会工作服务机构", "location": "石家庄市长安区"},
    "project": {
        "name": "邻里守望·暖心行动", "started_on": "2022-03-01", "ended_on": "2023-02-28",
        "activity_series": ["邻里守望"], "service_areas": ["扶老", "助残"], "beneficiaries": 3200,
        "outcomes": "服务空巢老人和残疾人3200人次。",
    },
    "deeds": "联动社区、社会组织、社工、志愿者和慈善资源开展服务。",
    "recommending_unit": "石家庄市民政局",
    "recommended_on": "2023-05-01",
}
CASE = {
    **{k: v for k, v in NOMINATION.items() if k != "project"},
    "category": "公益慈善资金支持“五社联动”典型事例",
    "nominee": {"name": "某企业", "kind": "企事业单位", "location": "唐山市"},
    "charity_support": {"forms": ["设立专项基金"], "money_fen": 50_000_000, "in_kind_value_fen": 0,
                        "supported_projects": "社区基金资助的为老服务项目"},
}
SAMPLES = {"hebei_assistance_service_purchase": PURCHASE, "hebei_charity_award_nomination": NOMINATION}


def test_forms_are_filled_in_by_the_city_and_county_bureaus():
    # 四: 各地 — the civil-affairs bureaus of the cities and counties (roles.py).
    assert {k: f.submitters for k, f in _forms().items()} == {
        "hebei_assistance_service_purchase": ("city_bureau", "county_bureau"),
        "hebei_charity_award_nomination": ("city_bureau", "county_bureau"),
    }


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_form_schema_is_valid_titled_and_accepts_a_sample(key):
    form = _forms()[key]
    Draft202012Validator.check_schema(form.json_schema)
    _titled(form.json_schema)
    validator = Draft202012Validator(form.json_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(SAMPLES[key])) == []
    assert set(form.ui["order"]) == set(form.json_schema["properties"])
    assert form.source.startswith(DOCUMENT)


def test_purchase_form_money_in_fen():
    schema = _forms()["hebei_assistance_service_purchase"].json_schema
    for key in ("fund_total_fen", "purchase_amount_fen"):
        assert schema["properties"][key]["type"] == "integer" and "（分）" in schema["properties"][key]["title"]
    errors = list(Draft202012Validator(schema).iter_errors({**PURCHASE, "purchase_amount_fen": 200000.5}))
    assert [list(e.absolute_path) for e in errors] == [["purchase_amount_fen"]]


def test_nomination_requires_the_section_of_its_category():
    validator = Draft202012Validator(_forms()["hebei_charity_award_nomination"].json_schema)
    assert list(validator.iter_errors(CASE)) == []
    without = {k: v for k, v in NOMINATION.items() if k != "project"}
    assert any("'project' is a required property" in e.message for e in validator.iter_errors(without))
    without = {k: v for k, v in CASE.items() if k != "charity_support"}
    assert any("'charity_support' is a required property" in e.message for e in validator.iter_errors(without))
    assert "河北慈善奖" in _forms()["hebei_charity_award_nomination"].source


# --- rules --------------------------------------------------------------------------------------


def _rules():
    return {d.item.key: d.item for d in _registry().rules}


def test_two_percent_cap():
    rule = _rules()["hebei_assistance_purchase_cap"]
    assert rule.subject == "form:hebei_assistance_service_purchase" and not rule.advisory
    assert "列支比例不高于2%" in rule.source
    assert rule.check(PURCHASE, None) is True  # exactly 2%
    over = {**PURCHASE, "purchase_amount_fen": 20_000_001}
    message = rule.check(over, None)
    assert "超过2%" in message and "上限200,000.00元" in message
    assert rule.check({**PURCHASE, "fund_total_fen": 0, "purchase_amount_fen": 0}, None) is True
    assert rule.check({**PURCHASE, "fund_total_fen": 0, "purchase_amount_fen": 1}, None) is not True
    assert "应填写" in rule.check({"year": 2023}, None)


def test_purchase_items_add_up():
    rule = _rules()["hebei_assistance_purchase_items"]
    assert rule.check(PURCHASE, None) is True
    assert "不符" in rule.check({**PURCHASE, "purchase_amount_fen": 19_000_000}, None)


def test_charity_case_needs_money_or_goods():
    rule = _rules()["hebei_award_charity_support"]
    assert rule.check(NOMINATION, None) is True and rule.check(CASE, None) is True
    empty = {**CASE, "charity_support": {**CASE["charity_support"], "money_fen": 0}}
    assert "应填写" in rule.check(empty, None)


def test_every_declaration_has_a_source_with_the_document_number():
    registry = _registry()
    for kind in ("targets", "forms", "catalogues", "rules", "settings"):
        items = [d.item for d in getattr(registry, kind)]
        assert items and all(item.source.startswith(DOCUMENT) for item in items), kind
    for catalogue in registry.catalogues:
        assert all(item.source and item.source.startswith(DOCUMENT) for item in catalogue.item.items)


def test_counts():
    registry = _registry()
    assert {kind: len(getattr(registry, kind)) for kind in ("targets", "forms", "catalogues", "rules", "settings")} == {
        "targets": 5, "forms": 2, "catalogues": 3, "rules": 3, "settings": 4,
    }


def test_all_five_builtins_load_together():
    registry = load(
        [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei], entry_points=False
    )[1]
    assert lock_problems(registry) == []
    assert {d.item.key for d in registry.settings if d.plugin == "hebei"} == {
        "time_bank_points_cross_recognition", "charity_points_per_volunteer_point", "volunteer_points_per_charity_point",
        "charity_points_per_service_hour"}


# --- through GraphQL ---------------------------------------------------------------------------------


async def test_graphql_cap_setting_and_series(client, admin_token):
    submit = 'mutation($d: JSON!) { submitForm(form: "hebei_assistance_service_purchase", region: "hebei/baoding", data: $d) { result { id } errors { field message code } } }'
    over = {**PURCHASE, "purchase_amount_fen": 25_000_000,
            "services": [{**PURCHASE["services"][0], "amount_fen": 25_000_000}]}
    refused = await graphql(client, submit, {"d": over}, token=admin_token)
    (error,) = refused["data"]["submitForm"]["errors"]
    assert error["field"] == "data.purchase_amount_fen" and "超过2%" in error["message"] and DOCUMENT in error["message"]
    accepted = await graphql(client, submit, {"d": PURCHASE}, token=admin_token)
    assert accepted["data"]["submitForm"]["errors"] == []
    settings = await graphql(client, '{ settings(tenant: "hebei") { key value default } }', token=admin_token)
    assert {"key": "time_bank_points_cross_recognition", "value": True, "default": True} in settings["data"]["settings"]
    body = await graphql(client, '{ catalogues(at: "hebei/xiongan") { key items { label } } }', token=admin_token)
    series = {c["key"]: c for c in body["data"]["catalogues"]}["hebei_activity_series"]
    assert [i["label"] for i in series["items"]] == ["邻里守望", "共建共治共享", "共创平安", "文化铸魂"]


def _purchase(amount_fen, **changes):
    return {**PURCHASE, "purchase_amount_fen": amount_fen,
            "services": [{**PURCHASE["services"][0], "amount_fen": amount_fen}], **changes}


async def test_the_cap_is_cumulative_per_fund_per_year(client, admin_token):
    """四（二）列支比例不高于2%: a second 1.5% withdrawal from one fund in one year (3% in all) is refused."""
    submit = 'mutation($d: JSON!, $at: String!, $draft: Boolean) { submitForm(form: "hebei_assistance_service_purchase", region: $at, data: $d, draft: $draft) { result { id } errors { field message code } } }'

    async def errors(data, at="hebei/baoding", draft=False):
        body = await graphql(client, submit, {"d": data, "at": at, "draft": draft}, token=admin_token)
        return body["data"]["submitForm"]["errors"]

    one_and_a_half = _purchase(15_000_000)  # ¥150,000 of ¥10,000,000
    assert await errors(one_and_a_half) == []
    assert await errors(one_and_a_half, draft=True) == []  # a draft withdraws nothing
    (error,) = await errors(one_and_a_half)
    assert error["field"] == "data.purchase_amount_fen" and error["code"] == "rule"
    assert "2023年从困难群众救助补助资金累计列支300,000.00元（此前150,000.00元，本次150,000.00元）" in error["message"]
    assert "3.00%" in error["message"] and "上限200,000.00元" in error["message"] and DOCUMENT in error["message"]
    assert await errors(_purchase(5_000_000)) == []  # up to exactly 2% together
    assert [e["field"] for e in await errors(_purchase(1))] == ["data.purchase_amount_fen"]
    # another fund, another year, another office's fund: each has its own 2%
    assert await errors(_purchase(15_000_000, fund_source="社会救助工作经费")) == []
    assert await errors(_purchase(15_000_000, year=2024)) == []
    assert await errors(one_and_a_half, at="hebei/xiongan") == []


LEDGER_ACCOUNT = "hebei_assistance_fund:困难群众救助补助资金:2023"
"""The office's 2023 困难群众救助补助资金 on the ledger, as the purchase form's posting names it."""


async def _ledger(platform, account=LEDGER_ACCOUNT):
    async with db.transaction(platform.sessions) as session:
        rows = (await session.exec(select(LedgerEntry, Region.path).join(Region, Region.id == LedgerEntry.region_id)
                                   .where(LedgerEntry.account == account).order_by(LedgerEntry.id))).all()
        return [(entry.kind, entry.amount_fen, path, entry.entry_key) for entry, path in rows]


async def test_each_withdrawal_is_on_the_ledger_and_the_cap_reads_it(platform, client, admin_token):
    """四（二）列支比例不高于2%, on the one append-only ledger: a withdrawal filed is an entry ``spending``
    on the office's fund account in the transaction that stores it (a draft and a refused one write
    none), and the cap reads the ledger, so money paid from the fund otherwise counts too."""
    submit = 'mutation($d: JSON!, $draft: Boolean) { submitForm(form: "hebei_assistance_service_purchase", region: "hebei/baoding", data: $d, draft: $draft) { result { id } errors { field message code } } }'

    async def errors(data, draft=False):
        body = await graphql(client, submit, {"d": data, "draft": draft}, token=admin_token)
        return body["data"]["submitForm"]["result"], body["data"]["submitForm"]["errors"]

    result, problems = await errors(_purchase(10_000_000))  # 1%
    assert problems == []
    number = int(base64.b64decode(result["id"]).decode().rpartition(":")[2])
    assert await _ledger(platform) == [("spending", -10_000_000, "hebei/baoding", f"form_submission:{number}")]
    assert (await errors(_purchase(10_000_000), draft=True))[1] == []
    assert len(await _ledger(platform)) == 1  # a draft withdraws nothing
    async with db.transaction(platform.sessions) as session:  # paid from the same fund another way (a case's payment)
        office = (await session.exec(select(Region).where(Region.path == "hebei/baoding"))).one()
        session.add(LedgerEntry(tenant_id=office.tenant_id, region_id=office.id, account=LEDGER_ACCOUNT,
                                kind="spending", amount_fen=-9_000_000, actor="admin", note="paid by a case"))
    _, (error,) = await errors(_purchase(2_000_000))  # 1% + 0.9% + 0.2%
    assert error["field"] == "data.purchase_amount_fen" and "此前190,000.00元" in error["message"], error
    assert len(await _ledger(platform)) == 2  # the refused one wrote nothing
    assert (await errors(_purchase(1_000_000)))[1] == []  # exactly 2% together
    assert [amount for _, amount, _, _ in await _ledger(platform)] == [-10_000_000, -9_000_000, -1_000_000]
    assert await _ledger(platform, "hebei_assistance_fund:困难群众救助补助资金:2024") == []


async def test_concurrent_withdrawals_never_pass_the_cap_together(platform):
    """Ten withdrawals of 0.5% each filed at once (on PostgreSQL; one after the other on SQLite):
    exactly four pass, as the ledger's account is held while the cap reads it."""

    async def file(n):
        async with db.transaction(platform.sessions) as session:
            who = await platform.principal(session, "admin")
            try:
                return await forms.submit(session, who, platform.registry, form_key="hebei_assistance_service_purchase",
                                          region="hebei/baoding", data=_purchase(5_000_000))
            except InvalidInput as error:
                return error

    calls = [file(n) for n in range(10)]
    if platform.engine.dialect.name == "postgresql":
        results = await asyncio.gather(*calls)
    else:
        results = [await call for call in calls]
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(refused) == 6 and {p.field for r in refused for p in r.problems} == {"data.purchase_amount_fen"}
    assert [amount for _, amount, _, _ in await _ledger(platform)] == [-5_000_000] * 4
