"""Chongqing's 供需对接 (渝民发〔2022〕7号 三（六）) as a plugin's own GraphQL field, ``chongqingMatching``:
the demands of the lists in force, the projects answering each and the resources they use — read
through the access layer, so that each viewer gets what its roles let it read and nothing more."""

import copy

import pytest

from core.testing import create_role, graphql, user_with_role
from tests.plugins.test_chongqing_policy import DEMANDS, PROJECTS, RESOURCES

STREET = "chongqing/qianjiang/zhengyang"
CHAOYANG = f"{STREET}/chaoyang"
QUNLI = f"{STREET}/qunli"
SUBMIT = """mutation($f: String!, $at: String!, $d: JSON!) {
  submitForm(form: $f, region: $at, data: $d) { result { id } errors { field message code } } }"""
MATCHING = """query($at: String!, $only: Boolean) { chongqingMatching(at: $at, unansweredOnly: $only) {
  at answered unanswered peopleUnanswered source
  demands { code group people listedStatus region projects { code name status region resources { code name kind region } } } } }"""

LATER_DEMANDS = copy.deepcopy(DEMANDS)
LATER_DEMANDS["compiled_on"] = "2023-06-01"
LATER_DEMANDS["items"].append({"code": "D-003", "group": "残疾人", "domain": "医疗保健", "description": "康复训练",
                               "people": 7, "channel": "议事协商", "status": "待对接"})
OLD_DEMANDS = {**DEMANDS, "items": [{**DEMANDS["items"][0], "code": "D-009"}]}
QUNLI_DEMANDS = {**DEMANDS, "items": [{**DEMANDS["items"][0], "description": "老年助餐", "people": 50}]}
STREET_PROJECTS = {**PROJECTS, "items": [{**PROJECTS["items"][0], "code": "P-S01", "name": "街道长者食堂",
                                          "demand_codes": ["D-001"], "resource_codes": ["R-002"],
                                          "target_groups": ["独居老人"], "need_domains": ["生活照料"]}]}


async def _submit(client, token, form, at, data):
    body = await graphql(client, SUBMIT, {"f": form, "at": at, "d": data}, token=token)
    assert body["data"]["submitForm"]["errors"] == [], body


@pytest.fixture
async def lists(client, admin_token):
    """Chaoyang's lists (an older demand list, then the one in force), Qunli's demands, and the
    street's project list answering a demand of each community (the same code, D-001)."""
    for form, at, data in (
        ("chongqing_demand_list", CHAOYANG, OLD_DEMANDS), ("chongqing_demand_list", CHAOYANG, LATER_DEMANDS),
        ("chongqing_resource_list", CHAOYANG, RESOURCES), ("chongqing_project_list", CHAOYANG, PROJECTS),
        ("chongqing_demand_list", QUNLI, QUNLI_DEMANDS), ("chongqing_project_list", STREET, STREET_PROJECTS),
    ):
        await _submit(client, admin_token, form, at, data)


def _answers(body):
    assert "errors" not in body, body
    matching = body["data"]["chongqingMatching"]
    return {(d["region"].rsplit("/", 1)[-1], d["code"]): [p["code"] for p in d["projects"]] for d in matching["demands"]}


async def test_the_street_office_sees_every_demand_of_its_communities_and_who_answers_it(platform, client, admin_token, lists):
    office = await user_with_role(platform, client, admin_token, "zy.office", "chongqing", "street_office", STREET)
    body = await graphql(client, MATCHING, {"at": STREET}, token=office)
    assert _answers(body) == {
        ("chaoyang", "D-001"): ["P-S01"], ("chaoyang", "D-002"): ["P-001"], ("chaoyang", "D-003"): [],
        ("qunli", "D-001"): ["P-S01"],
    }
    matching = body["data"]["chongqingMatching"]
    assert (matching["at"], matching["answered"], matching["unanswered"], matching["peopleUnanswered"]) == (STREET, 3, 1, 7)
    assert "三（六）" in matching["source"]
    (youth,) = [d for d in matching["demands"] if d["code"] == "D-002"]
    assert youth["listedStatus"] == "已对接" and youth["group"] == "留守儿童"
    assert youth["projects"][0]["resources"] == [
        {"code": "R-001", "name": "某社会工作服务中心", "kind": "社会工作服务机构", "region": CHAOYANG},
        {"code": "R-003", "name": "某慈善会", "kind": "慈善组织", "region": CHAOYANG}]
    (meals,) = [d for d in matching["demands"] if d["region"] == QUNLI]
    assert meals["projects"] == [{"code": "P-S01", "name": "街道长者食堂", "status": "实施中", "region": STREET, "resources": [
        {"code": "R-002", "name": "社区综合服务中心", "kind": "服务设施", "region": CHAOYANG}]}]

    only = await graphql(client, MATCHING, {"at": STREET, "only": True}, token=office)
    assert _answers(only) == {("chaoyang", "D-003"): []}
    assert only["data"]["chongqingMatching"]["answered"] == 3


async def test_a_community_sees_its_own_lists_only(platform, client, admin_token, lists):
    """The community's worker reads its community's lists (form:read held there covers its subtree,
    never upward): the street's project is not its to see, and Qunli's lists are not either."""
    worker = await user_with_role(platform, client, admin_token, "cy.worker", "chongqing", "community", CHAOYANG)
    body = await graphql(client, MATCHING, {"at": CHAOYANG}, token=worker)
    assert _answers(body) == {("chaoyang", "D-001"): [], ("chaoyang", "D-002"): ["P-001"], ("chaoyang", "D-003"): []}
    assert body["data"]["chongqingMatching"]["peopleUnanswered"] == 36 + 7
    for elsewhere in (QUNLI, STREET):
        refused = await graphql(client, MATCHING, {"at": elsewhere}, token=worker)
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "at"}
        assert refused["errors"][0]["message"] == f"at: no region at path {elsewhere!r}"


async def test_a_viewer_without_form_read_is_refused(platform, client, admin_token, lists):
    await create_role(client, admin_token, "map_reader", "COMMUNITY", ["region:read"], "chongqing")
    reader = await user_with_role(platform, client, admin_token, "cy.reader", "chongqing", "map_reader", CHAOYANG)
    body = await graphql(client, MATCHING, {"at": CHAOYANG}, token=reader)
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "field": "at"}
    assert body["errors"][0]["message"] == f"at: you may not read form at {CHAOYANG!r}"


async def test_the_field_answers_only_where_the_plugin_applies(client, admin_token, lists):
    elsewhere = await graphql(client, MATCHING, {"at": "tianjin/heping"}, token=admin_token)
    assert elsewhere["errors"][0]["extensions"] == {"code": "NOT_APPLICABLE", "field": "at"}
    assert elsewhere["errors"][0]["message"] == "at: plugin 'chongqing' does not apply at 'tianjin/heping'"
    city = await graphql(client, MATCHING, {"at": "chongqing"}, token=admin_token)
    assert city["errors"][0]["extensions"] == {"code": "INVALID", "field": "at"}
    district = await graphql(client, MATCHING, {"at": "chongqing/qianjiang"}, token=admin_token)
    assert _answers(district) == {
        ("chaoyang", "D-001"): ["P-S01"], ("chaoyang", "D-002"): ["P-001"], ("chaoyang", "D-003"): [],
        ("qunli", "D-001"): ["P-S01"],
    }


async def test_a_list_in_another_tenant_is_never_counted(platform, client, admin_token, lists):
    """A Tianjin user asking at a Chongqing path finds no region; nothing of Chongqing is counted for it."""
    tianjin = await user_with_role(platform, client, admin_token, "tj.office", "tianjin", "district_bureau", "tianjin/heping")
    body = await graphql(client, MATCHING, {"at": STREET}, token=tianjin)
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "at"}
