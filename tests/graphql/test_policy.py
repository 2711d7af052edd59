"""Targets, forms, catalogues, rules and settings from plugins, through GraphQL (with test plugins)."""

from decimal import Decimal

import pytest

from core import (
    CatalogueDecl,
    CatalogueItem,
    FormDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
    Tier,
)
from core.errors import StartupError
from core.plugins.manager import load
from core.testing import create_role, graphql, plugin_module, user_with_role
from tests.builtin import BUILT_IN

STREET = "chongqing/qianjiang/zhengyang"


plugin = plugin_module


def share(scope=None, threshold="0.20", locked=False, key="test_share"):
    return TargetDecl(key=key, indicator="volunteer_share", label="志愿者占比", comparator=">=", threshold=Decimal(threshold),
                      unit="ratio", yearly=True, scope=scope, locked=locked, source="测试文件 一")


APPLICATION = {
    "type": "object",
    "title": "申报书",
    "required": ["design", "budget"],
    "properties": {
        "design": {"type": "object", "title": "项目设计", "required": ["goal"],
                   "properties": {"goal": {"type": "string", "title": "目标", "minLength": 1}}},
        "budget": {"type": "object", "title": "预算", "required": ["total_fen", "self_funding_share"],
                   "properties": {"total_fen": {"type": "integer", "minimum": 1, "title": "总额（分）"},
                                  "self_funding_share": {"type": "number", "minimum": 0, "maximum": 1, "title": "自筹比例"}}},
    },
}


def small_budget(record, context):
    return record.get("budget", {}).get("total_fen", 0) <= 50_000_000 or "预算超过 50 万元上限"


def eligible(record, context):
    return record["full_time_staff"] >= 3


CITY = plugin(
    "testcity", "chongqing/qianjiang",
    register_targets=[share(locked=True), share(key="test_sessions", threshold="48")],
    register_forms=[FormDecl(key="test_application", version=1, title="申报书（旧）", json_schema={"type": "object"}, source="测试文件 附件"),
                    FormDecl(key="test_application", version=2, title="申报书", json_schema=APPLICATION, source="测试文件 附件",
                             tiers=(Tier.STREET, Tier.COMMUNITY))],
    register_catalogues=[CatalogueDecl(key="test_categories", label="服务类别", source="测试文件 二", items=(
        CatalogueItem(code="elderly", label="关爱老年人服务类"),
        CatalogueItem(code="volunteer", label="志愿服务类", purchasable=False),
        CatalogueItem(code="lonely_elderly", label="空巢老人关爱", parent="elderly")))],
    register_rules=[RuleDecl(key="test_budget_cap", label="预算上限", subject="form:test_application", message="预算超限",
                             check=small_budget, source="测试文件 三"),
                    RuleDecl(key="test_staff", label="专职人员", subject="social_organization", message="专职人员少于 3 人",
                             check=eligible, source="测试文件 四"),
                    RuleDecl(key="test_priority", label="5A 优先", subject="social_organization", message="非 5A",
                             check=lambda r, c: r["grade"] == 5, advisory=True, source="测试文件 四")],
    register_settings=[SettingDecl(key="test_time_bank", label="积分互认", kind="bool", default=True, source="测试文件 五")],
)
COMMUNITY = plugin("testcommunity", f"{STREET}/chaoyang", register_targets=[share(threshold="0.30")],
                   register_forms=[FormDecl(key="test_child_file", version=1, title="儿童档案", personal_data=True,
                                            json_schema={"type": "object", "required": ["name"],
                                                         "properties": {"name": {"type": "string", "title": "姓名"}}},
                                            source="测试文件 六")])


@pytest.fixture
def extra_plugins():
    return [CITY, COMMUNITY]


async def test_targets_inherit_and_the_most_specific_scope_wins(client, admin_token):
    query = 'query($at: String!) { targets(at: $at) { key threshold scope plugin source overrides { plugin scope threshold } } }'
    body = await graphql(client, query, {"at": f"{STREET}/chaoyang"}, token=admin_token)
    mine = {t["key"]: t for t in body["data"]["targets"] if t["key"].startswith("test_")}
    assert mine["test_share"] == {"key": "test_share", "threshold": "0.30", "scope": f"{STREET}/chaoyang", "plugin": "testcommunity",
                                  "source": "测试文件 一",
                                  "overrides": [{"plugin": "testcity", "scope": "chongqing/qianjiang", "threshold": "0.20"}]}
    assert mine["test_sessions"]["scope"] == "chongqing/qianjiang"
    body = await graphql(client, query, {"at": f"{STREET}/qunli"}, token=admin_token)
    mine = {t["key"]: t for t in body["data"]["targets"] if t["key"].startswith("test_")}
    assert mine["test_share"]["threshold"] == "0.20" and mine["test_share"]["overrides"] == []
    body = await graphql(client, query, {"at": "chongqing/wanzhou"}, token=admin_token)
    assert not [t for t in body["data"]["targets"] if t["key"].startswith("test_")]


def test_a_locked_target_cannot_be_weakened_below():
    weaker = plugin("weaker", f"{STREET}/qunli", register_targets=[share(threshold="0.10")])
    with pytest.raises(StartupError, match=r"plugin 'weaker': register_targets\[0\]\.threshold: 0.10 weakens the >= 0.20 locked by plugin 'testcity' at "):
        load([CITY, weaker], only=BUILT_IN)


async def test_forms_submissions_validate_against_their_version(client, admin_token):
    forms = await graphql(client, 'query($at: String!) { forms(at: $at) { key version versions title } }', {"at": STREET}, token=admin_token)
    mine = [f for f in forms["data"]["forms"] if f["key"] == "test_application"]
    assert mine == [{"key": "test_application", "version": 2, "versions": [1, 2], "title": "申报书"}]
    at_district = await graphql(client, '{ forms(at: "chongqing/qianjiang") { key } }', token=admin_token)
    assert "test_application" not in [f["key"] for f in at_district["data"]["forms"]]

    submit = """mutation($data: JSON!, $v: Int) { submitForm(form: "test_application", region: "%s", data: $data, version: $v) {
      result { id version status data } errors { field message code } } }""" % STREET
    missing = await graphql(client, submit, {"data": {"design": {"goal": "关爱空巢老人"}}}, token=admin_token)
    assert missing["data"]["submitForm"]["errors"] == [{"field": "data.budget", "message": "is required", "code": "required"}]
    bad = await graphql(client, submit, {"data": {"design": {}, "budget": {"total_fen": 0, "self_funding_share": 2}}}, token=admin_token)
    assert [e["field"] for e in bad["data"]["submitForm"]["errors"]] == [
        "data.budget.self_funding_share", "data.budget.total_fen", "data.design.goal"]
    capped = await graphql(client, submit, {"data": {"design": {"goal": "x"}, "budget": {"total_fen": 60_000_000, "self_funding_share": 0.1}}},
                           token=admin_token)
    assert capped["data"]["submitForm"]["errors"] == [{"field": "rules.test_budget_cap", "message": "预算超过 50 万元上限 (测试文件 三)", "code": "rule"}]
    good = await graphql(client, submit, {"data": {"design": {"goal": "x"}, "budget": {"total_fen": 1_000_000, "self_funding_share": 0.2}}},
                         token=admin_token)
    assert good["data"]["submitForm"]["result"]["version"] == 2
    old = await graphql(client, submit, {"data": {"anything": 1}, "v": 1}, token=admin_token)
    assert old["data"]["submitForm"]["result"]["version"] == 1
    one = await graphql(client, 'query($k: String!) { form(key: $k, version: 1) { title version } }', {"k": "test_application"}, token=admin_token)
    assert one["data"]["form"] == {"title": "申报书（旧）", "version": 1}
    listed = await graphql(client, '{ formSubmissions(under: "chongqing", form: "test_application") { totalCount nodes { version region } } }',
                           token=admin_token)
    assert listed["data"]["formSubmissions"]["totalCount"] == 2, listed


async def test_rules_report_every_failure_with_its_source(client, admin_token):
    created = await graphql(client, """mutation { createSocialOrganization(input: {name: "小机构", orgType: SOCIAL_WORK_AGENCY,
        registration: REGISTERED, creditCode: "51500000MJP5000008", grade: 3, fullTimeStaff: 1, region: "%s"}) { result { id } } }""" % STREET,
                            token=admin_token)
    org = created["data"]["createSocialOrganization"]["result"]["id"]
    body = await graphql(client, 'query($id: ID!) { checkRules(subject: "social_organization", id: $id) { key passed message advisory source plugin } }',
                         {"id": org}, token=admin_token)
    mine = {r["key"]: r for r in body["data"]["checkRules"] if r["plugin"] == "testcity"}
    assert mine["test_staff"] == {"key": "test_staff", "passed": False, "message": "专职人员少于 3 人", "advisory": False,
                                  "source": "测试文件 四", "plugin": "testcity"}
    assert mine["test_priority"]["passed"] is False and mine["test_priority"]["advisory"] is True
    form = await graphql(client, 'query($d: JSON!) { checkRules(subject: "form:test_application", data: $d, region: "%s") { key passed message } }' % STREET,
                         {"d": {"budget": {"total_fen": 99_000_000}}}, token=admin_token)
    assert form["data"]["checkRules"] == [{"key": "test_budget_cap", "passed": False, "message": "预算超过 50 万元上限"}]
    wrong = await graphql(client, '{ checkRules(subject: "spaceship", id: "1") { key } }', token=admin_token)
    assert wrong["errors"][0]["extensions"]["field"] == "subject"


async def test_catalogues_and_settings(client, admin_token):
    body = await graphql(client, '{ catalogues(at: "%s") { key items { code label purchasable parent } } }' % STREET, token=admin_token)
    (catalogue,) = [c for c in body["data"]["catalogues"] if c["key"] == "test_categories"]
    assert catalogue["items"][1] == {"code": "volunteer", "label": "志愿服务类", "purchasable": False, "parent": None}
    assert catalogue["items"][2]["parent"] == "elderly"
    settings = await graphql(client, '{ settings(tenant: "chongqing") { key value default } }', token=admin_token)
    assert {"key": "test_time_bank", "value": True, "default": True} in settings["data"]["settings"]
    changed = await graphql(client, 'mutation { setSetting(tenant: "chongqing", key: "test_time_bank", value: false) { result { value } errors { field } } }',
                            token=admin_token)
    assert changed["data"]["setSetting"]["result"] == {"value": False}
    wrong = await graphql(client, 'mutation { setSetting(tenant: "chongqing", key: "test_time_bank", value: 3) { errors { field message } } }',
                          token=admin_token)
    assert wrong["data"]["setSetting"]["errors"] == [{"field": "value", "message": "must be a bool"}]
    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "setting") { nodes { before after } } }', token=admin_token)
    assert log["data"]["auditEvents"]["nodes"] == [{"before": {"test_time_bank": True}, "after": {"test_time_bank": False}}]


async def test_personal_data_forms_need_the_full_read_permission_and_reads_are_audited(platform, client, admin_token):
    await create_role(client, admin_token, "clerk_t", "COMMUNITY", ["region:read", "form:read", "form:submit"], "chongqing")
    clerk = await user_with_role(platform, client, admin_token, "clerk.t", "chongqing", "clerk_t", f"{STREET}/chaoyang")
    submit = 'mutation { submitForm(form: "test_child_file", region: "%s/chaoyang", data: {name: "小明"}) { result { id } errors { field code } } }' % STREET
    denied = await graphql(client, submit, token=clerk)
    assert denied["data"]["submitForm"]["errors"] == [{"field": "region", "code": "forbidden"}]
    made = await graphql(client, submit, token=admin_token)
    id_ = made["data"]["submitForm"]["result"]["id"]
    read = 'query($id: ID!) { formSubmission(id: $id) { data } }'
    assert (await graphql(client, read, {"id": id_}, token=clerk))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await graphql(client, read, {"id": id_}, token=admin_token))["data"]["formSubmission"]["data"] == {"name": "小明"}
    # the file is written audited; reading it is, value by value, for its marked personal fields
    # (it has none: see tests/graphql/test_form_personal_data.py)
    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "personal_data") { nodes { actor action target } } }', token=admin_token)
    assert [(e["actor"], e["action"]) for e in log["data"]["auditEvents"]["nodes"]] == [("admin", "personal_data.write")]


SCORED = plugin("testscore", STREET, register_forms=[FormDecl(
    key="test_score_sheet", version=1, title="评分表", json_schema={"type": "object"}, submitters=("scorer",),
    source="测试文件 七")])


@pytest.mark.parametrize("extra_plugins", [[SCORED]])
async def test_a_form_naming_its_submitters_refuses_other_roles(platform, client, admin_token, extra_plugins):
    await create_role(client, admin_token, "scorer", "STREET", ["region:read", "form:read", "form:submit"], "chongqing")
    await create_role(client, admin_token, "applicant", "STREET", ["region:read", "form:read", "form:submit"], "chongqing")
    scorer = await user_with_role(platform, client, admin_token, "s.one", "chongqing", "scorer", STREET)
    applicant = await user_with_role(platform, client, admin_token, "a.one", "chongqing", "applicant", STREET)
    submit = 'mutation { submitForm(form: "test_score_sheet", region: "%s", data: {}) { result { id } errors { field message code } } }' % STREET
    refused = await graphql(client, submit, token=applicant)
    assert refused["data"]["submitForm"]["errors"] == [
        {"field": "form", "message": "'test_score_sheet' is filled in by scorer", "code": "forbidden"}]
    assert (await graphql(client, submit, token=scorer))["data"]["submitForm"]["result"]
