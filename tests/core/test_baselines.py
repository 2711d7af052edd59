"""Baselines: "慈善组织总数较‘十三五’末翻一番" is computed as now / the count at the end of 2020.

The count at the end of 2020 is set by an office (``setBaseline``, indicator:update at the region,
audited) or declared by the plugin from its document; without one the target is ``no_data`` and says
which baseline is missing.
"""

import datetime as dt
import types
from decimal import Decimal

import pytest
from sqlmodel import select

from core import RegionDecl, TargetDecl, Tier, hookimpl
from core.db import transaction
from core.models import AuditEvent, OrgType, Region, Registration, SocialOrganization
from core.testing import graphql, user_with_role

SET = """mutation($r: String!, $i: String!, $y: Int!, $v: String!, $s: String!) {
  setBaseline(region: $r, indicator: $i, year: $y, value: $v, source: $s) {
    result { region indicator year value source setBy } errors { field message code } } }"""
STATUS = """query($p: String!) { region(path: $p) { targetStatus {
  key status met value baselineYear baseline baselineSource leftOutReason } } }"""
SOURCE = "重庆市民政事业发展统计公报（2020年）"

# a tenant whose plugin states the baseline in its document
DECLARED = types.ModuleType("tests_baseline_demo")
DECLARED.PLUGIN_NAME = "baseline_demo"
DECLARED.plugin_scope = hookimpl(lambda: "based")
DECLARED.register_regions = hookimpl(lambda: [
    RegionDecl(path="based", name="基数市", tier=Tier.CITY),
    RegionDecl(path="based/d", name="一区", tier=Tier.DISTRICT),
])
DECLARED.register_targets = hookimpl(lambda: [TargetDecl(
    key="charity_doubled", indicator="charity_organizations_growth", label="慈善组织较2020年末翻一番",
    comparator=">=", threshold=Decimal(2), deadline=dt.date(2025, 12, 31), baseline_year=2020, baseline=Decimal(2),
    source="基数市文件 二：2020年末慈善组织2家，到2025年末翻一番")])


@pytest.fixture
def extra_plugins():
    return [DECLARED]


FILED_ON = dt.date(2024, 5, 1)

async def _charities(platform, path: str, count: int) -> None:
    async with transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == path))).one()
        session.add_all([SocialOrganization(tenant_id=region.tenant_id, region_id=region.id, name=f"慈善组织{i}",
                                            org_type=OrgType.CHARITY_ORGANIZATION, registration=Registration.FILED,
                                            valid_from=FILED_ON)  # before the deadline its target is judged on
                         for i in range(count)])


async def _growth(client, token, path, key="charity_organizations_growth"):
    body = await graphql(client, STATUS, {"p": path}, token=token)
    assert "errors" not in body, body
    return next(t for t in body["data"]["region"]["targetStatus"] if t["key"] == key)


async def test_without_a_baseline_growth_is_no_data_and_says_why(client, admin_token):
    growth = await _growth(client, admin_token, "chongqing")
    assert (growth["status"], growth["met"], growth["value"], growth["baselineYear"], growth["baseline"]) == (
        "no_data", None, None, 2020, None)
    assert "no baseline of charity_organizations at the end of 2020" in growth["leftOutReason"]


async def test_doubled_since_2020_is_now_over_the_baseline_an_office_set(platform, client, admin_token, monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2025-06-01")  # before the deadline: judged on today's data, no verdict yet
    await _charities(platform, "chongqing/qianjiang", 3)
    body = await graphql(client, SET, {"r": "chongqing", "i": "charity_organizations", "y": 2020, "v": "2",
                                       "s": SOURCE}, token=admin_token)
    assert body["data"]["setBaseline"] == {"result": {"region": "chongqing", "indicator": "charity_organizations",
                                                      "year": 2020, "value": "2", "source": SOURCE, "setBy": "admin"},
                                           "errors": []}
    growth = await _growth(client, admin_token, "chongqing")
    assert (growth["status"], growth["value"], growth["baseline"], growth["baselineSource"]) == (
        "not_met", 1.5, 2.0, SOURCE)
    await _charities(platform, "chongqing/qianjiang", 1)
    growth = await _growth(client, admin_token, "chongqing")
    assert (growth["status"], growth["met"], growth["value"]) == ("met", True, 2.0)

    # asked without a target, the indicator uses the latest baseline before the year asked
    query = """{ region(path: "chongqing") { indicators(keys: ["charity_organizations_growth"]) {
      value numerator denominator baselineYear baselineSource } } }"""
    value = (await graphql(client, query, token=admin_token))["data"]["region"]["indicators"][0]
    assert value == {"value": 2.0, "numerator": 4, "denominator": 2, "baselineYear": 2020, "baselineSource": SOURCE}

    # corrected: audited with the value before
    again = await graphql(client, SET, {"r": "chongqing", "i": "charity_organizations", "y": 2020, "v": "4",
                                        "s": SOURCE + "（更正）"}, token=admin_token)
    assert again["data"]["setBaseline"]["errors"] == []
    assert (await _growth(client, admin_token, "chongqing"))["status"] == "not_met"
    async with platform.sessions() as session:
        events = (await session.exec(select(AuditEvent).where(AuditEvent.action == "baseline.set")
                                     .order_by(AuditEvent.id))).all()
    assert [(e.target, e.before and e.before["value"], e.after["value"]) for e in events] == [
        ("chongqing:charity_organizations:2020", None, "2"),
        ("chongqing:charity_organizations:2020", "2", "4"),
    ]


@pytest.mark.parametrize(("variables", "field", "words"), [
    ({"y": dt.date.today().year}, "year", "never in the future"),
    ({"y": 1999}, "year", "from 2000"),
    ({"v": "-1"}, "value", "> 0"),
    ({"v": "0"}, "value", "> 0"),
    ({"v": "1e999999"}, "value", "at most 18 digits"),
    ({"v": "两家"}, "value", "not a decimal"),
    ({"i": "charity_orgs"}, "indicator", "unknown indicator"),
    ({"i": "mechanism_coverage"}, "indicator", "not computed"),
    ({"s": "  "}, "source", "where the value comes from"),
    ({"r": "chongqing/nowhere"}, "region", "no region"),
])
async def test_a_bad_baseline_is_refused_naming_the_field(client, admin_token, variables, field, words):
    body = await graphql(client, SET, {"r": "chongqing", "i": "charity_organizations", "y": 2020, "v": "2",
                                       "s": SOURCE, **variables}, token=admin_token)
    (error,) = body["data"]["setBaseline"]["errors"]
    assert error["field"] == field and words in error["message"], error
    assert (await _growth(client, admin_token, "chongqing"))["baseline"] is None


async def test_setting_a_baseline_needs_indicator_update_at_the_region(platform, client, admin_token):
    bureau = await user_with_role(platform, client, admin_token, "cq_bureau", "chongqing", "district_bureau",
                                  "chongqing/qianjiang")
    body = await graphql(client, SET, {"r": "chongqing/qianjiang", "i": "charity_organizations", "y": 2020, "v": "1",
                                       "s": SOURCE}, token=bureau)
    (error,) = body["data"]["setBaseline"]["errors"]
    assert (error["field"], error["code"]) == ("region", "forbidden")
    async with platform.sessions() as session:
        assert (await session.exec(select(AuditEvent).where(AuditEvent.action == "baseline.set"))).all() == []


async def test_a_declared_baseline_is_used_until_an_office_sets_one(platform, client, admin_token, monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2025-06-01")  # before the deadline: judged on today's data, no verdict yet
    await _charities(platform, "based/d", 3)
    growth = await _growth(client, admin_token, "based", "charity_doubled")
    assert (growth["status"], growth["value"], growth["baseline"]) == ("not_met", 1.5, 2.0)
    assert growth["baselineSource"].startswith("基数市文件")
    # the district is not where it is judged: context, never its own verdict
    assert (await _growth(client, admin_token, "based/d", "charity_doubled"))["status"] == "context"
    body = await graphql(client, SET, {"r": "based", "i": "charity_organizations", "y": 2020, "v": "1.5",
                                       "s": "统计年鉴2021"}, token=admin_token)
    assert body["data"]["setBaseline"]["errors"] == []
    growth = await _growth(client, admin_token, "based", "charity_doubled")
    assert (growth["status"], growth["value"], growth["baselineSource"]) == ("met", 2.0, "统计年鉴2021")


async def test_the_administrators_doc_baseline_example_gives_the_output_shown(platform, client, admin_token):
    import json
    import re
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "administrators.md").read_text(encoding="utf-8")
    section = text.split("## Baselines", 1)[1]
    (mutation,) = re.findall(r"```graphql\n(.*?)```", section, flags=re.S)
    (shown,) = re.findall(r"```json\n(.*?)```", section, flags=re.S)
    await _charities(platform, "chongqing/qianjiang", 6)
    assert await graphql(client, mutation, token=admin_token) == json.loads(shown)
    growth = await _growth(client, admin_token, "chongqing")
    assert (growth["value"], growth["baseline"], growth["baselineYear"], growth["status"]) == (0.05, 120.0, 2020, "not_met")
    listed = await graphql(client, '{ baselines(region: "chongqing") { indicator year value } }', token=admin_token)
    assert listed["data"]["baselines"] == [{"indicator": "charity_organizations", "year": 2020, "value": "120"}]
