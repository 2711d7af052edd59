"""Zhengyang Street's targets, catalogues, form and rules against DOMAIN.md §3.2 and 正阳办事处发〔2022〕95号.

Every number is written out here from the documents, not read back from the plugin.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import CommunityKind, Tier
from core.documents.rules import rules_for, run_rules
from core.plugins.manager import load
from core.tree.paths import within
from core.validators import id_number_check_digit

DOCUMENT = "正阳办事处发〔2022〕95号"
STREET = "chongqing/qianjiang/zhengyang"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]
CHILD_FILE = "qianjiang_child_file"

# The keys Zhengyang shares with Chongqing, so that the street's version overrides the municipal one.
SHARED_KEYS = {
    "social_work_coverage",
    "community_workers_per_10k_urban",
    "certified_community_worker_share",
    "community_social_organizations_urban",
    "community_social_organizations_rural",
    "volunteer_share",
    "volunteer_station_coverage",
    "charity_organization_per_community",
}


def _registry():
    return load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]


def _own(kind):
    return [d.item for d in getattr(_registry(), kind) if d.plugin == "qianjiang"]


# --- targets ----------------------------------------------------------------------------------------

END_2022 = dt.date(2022, 12, 31)
END_2025 = dt.date(2025, 12, 31)  # Chongqing's "到'十四五'末", for the goals Zhengyang restates undated
THREE_YEARS = dt.date(2025, 8, 29)  # 2022-08-29 (the plan's date) + 3 years
FIRST_YEAR = dt.date(2023, 8, 29)


def test_targets_as_the_document_states_them():
    rows = [
        (t.key, t.scope, t.indicator, t.evaluated_at, t.community_kind, t.comparator, t.threshold, t.deadline)
        for t in _own("targets")
    ]
    assert rows == [
        ("social_work_coverage", None, "social_work_coverage", "aggregate", None, ">=", Decimal("1"), END_2022),
        ("community_workers_per_10k_urban", None, "community_workers_per_10k_urban", "aggregate", None, ">=",
         Decimal("18"), END_2025),
        ("certified_community_worker_share", None, "certified_community_worker_share", "aggregate", None, ">=",
         Decimal("0.15"), END_2025),
        ("community_social_organizations_urban", None, "community_social_organizations_per_community", "aggregate",
         CommunityKind.URBAN, ">=", Decimal("12"), END_2025),
        ("community_social_organizations_rural", None, "community_social_organizations_per_community", "aggregate",
         CommunityKind.RURAL, ">=", Decimal("6"), END_2025),
        ("volunteer_share", None, "volunteer_share", "per_community", None, ">=", Decimal("0.22"), END_2025),
        ("registered_volunteers", None, "registered_volunteers", "aggregate", None, ">=", Decimal("7195"), END_2025),
        ("registered_volunteers", f"{STREET}/chaoyang", "registered_volunteers", "aggregate", None, ">=",
         Decimal("1178"), END_2025),
        ("registered_volunteers", f"{STREET}/qunli", "registered_volunteers", "aggregate", None, ">=",
         Decimal("1638"), END_2025),
        ("registered_volunteers", f"{STREET}/tongping", "registered_volunteers", "aggregate", None, ">=",
         Decimal("1280"), END_2025),
        ("registered_volunteers", f"{STREET}/jifu", "registered_volunteers", "aggregate", None, ">=",
         Decimal("2733"), END_2025),
        ("registered_volunteers", f"{STREET}/tuanjie", "registered_volunteers", "aggregate", None, ">=",
         Decimal("366"), END_2025),
        ("charity_organization_per_community", None, "charity_social_organizations", "per_community", None, ">=",
         Decimal("1"), END_2025),
        ("volunteer_station_coverage", None, "volunteer_station_coverage", "aggregate", None, ">=", Decimal("1"),
         END_2025),
        ("demonstration_sites", None, "demonstration_sites", "per_community", None, ">=", Decimal("1"), THREE_YEARS),
        ("demonstration_sites", f"{STREET}/chaoyang", "demonstration_sites", "per_community", None, ">=",
         Decimal("1"), FIRST_YEAR),
        ("mechanism_coverage", None, "mechanism_coverage", "aggregate", None, ">=", Decimal("1"), THREE_YEARS),
        ("social_work_station_coverage", None, "social_work_station_coverage", "aggregate", None, ">=",
         Decimal("1"), END_2022),
        # 三（三）“社会工作站、社区社会工作室全覆盖”: the station and the rooms, each a target of its own
        ("social_work_room_coverage", None, "social_work_room_coverage", "aggregate", None, ">=",
         Decimal("1"), END_2022),
    ]
    assert not any(t.yearly or t.locked for t in _own("targets"))


def test_per_community_volunteer_counts_sum_to_the_street_total():
    targets = [t for t in _own("targets") if t.key == "registered_volunteers"]
    street = next(t for t in targets if t.scope is None)
    communities = {t.scope.rsplit("/", 1)[1]: int(t.threshold) for t in targets if t.scope}
    assert communities == {"chaoyang": 1178, "qunli": 1638, "tongping": 1280, "jifu": 2733, "tuanjie": 366}
    assert sum(communities.values()) == int(street.threshold) == 7195
    regions = {d.item.path for d in _registry().regions if d.plugin == "qianjiang"}
    assert {f"{STREET}/{code}" for code in communities} <= regions
    assert [t.label for t in targets if t.scope] == [
        "朝阳社区实名认证注册志愿者人数", "群力社区实名认证注册志愿者人数", "桐坪社区实名认证注册志愿者人数",
        "积富社区实名认证注册志愿者人数", "团结社区实名认证注册志愿者人数"]


def test_demonstration_plan_chaoyang_first_then_every_community_within_three_years():
    demo = [t for t in _own("targets") if t.key == "demonstration_sites"]
    assert [(t.scope, t.deadline) for t in demo] == [(None, dt.date(2025, 8, 29)),
                                                      (f"{STREET}/chaoyang", dt.date(2023, 8, 29))]
    assert demo[1].deadline < demo[0].deadline  # 率先: the override at 朝阳 tightens the street's
    assert "朝阳社区" in demo[1].source and "三年内" in demo[0].source


def test_shared_keys_are_chongqings_and_never_weaker():
    registry = _registry()
    own = {t.key: t for t in _own("targets") if t.scope is None}
    assert set(own) >= SHARED_KEYS
    municipal = {d.item.key: d.item for d in registry.targets
                 if d.plugin == "chongqing" and (d.item.scope or "chongqing") == "chongqing"}
    for key in SHARED_KEYS:
        mine, theirs = own[key], municipal[key]  # the same key at a deeper scope: Zhengyang's overrides
        assert (mine.indicator, mine.comparator, mine.community_kind) == (
            theirs.indicator, theirs.comparator, theirs.community_kind), key
        assert mine.threshold >= theirs.threshold, key
        assert mine.deadline <= theirs.deadline, key
        assert within(STREET, registry.plugins["chongqing"].scope)


def test_target_sources_quote_the_clause():
    for target in _own("targets"):
        assert target.source.startswith(f"{DOCUMENT} 二：") or target.source.startswith(f"{DOCUMENT} 三（三）："), \
            target.source
    sources = {t.key: t.source for t in _own("targets") if t.scope is None}
    assert "2022年末达到100%" in sources["social_work_coverage"]
    assert "18人" in sources["community_workers_per_10k_urban"]
    assert "15%" in sources["certified_community_worker_share"]
    assert "12个以上" in sources["community_social_organizations_urban"]
    assert "6个以上" in sources["community_social_organizations_rural"]
    assert "七人普" in sources["volunteer_share"] and "22%" in sources["volunteer_share"]
    assert "7195人" in sources["registered_volunteers"]
    assert "1家以上" in sources["charity_organization_per_community"]
    assert "全覆盖" in sources["volunteer_station_coverage"]
    assert "到2022年末实现社会工作站、社区社会工作室全覆盖" in sources["social_work_station_coverage"]


# --- catalogues -------------------------------------------------------------------------------------


def _catalogue(key):
    (catalogue,) = [c for c in _own("catalogues") if c.key == key]
    return catalogue


def test_six_deliveries_six_entries():
    items = _catalogue("qianjiang_six_deliveries").items
    assert [i.label for i in items] == ["送医进村", "送浴进院", "送踪进坝", "送爱进门", "送悦进寨", "送需进家"]
    assert all(i.description and i.parent is None for i in items)
    descriptions = {i.label: i.description for i in items}
    assert "家庭医生签约服务" in descriptions["送医进村"]
    assert "上门助浴" in descriptions["送浴进院"]
    assert "适老化改造" in descriptions["送踪进坝"] and "智能设施" in descriptions["送踪进坝"]
    assert "定期探访" in descriptions["送爱进门"]
    assert "时间银行" in descriptions["送悦进寨"]
    assert "需求评估" in descriptions["送需进家"] and "物资需求清单" in descriptions["送需进家"]
    assert "群力社区" in _catalogue("qianjiang_six_deliveries").source


def test_five_child_actions_with_the_ten_safety_tasks():
    items = _catalogue("qianjiang_five_child_actions").items
    assert [i.label for i in items if i.parent is None] == ["童网", "童德", "童心", "童伴", "童安"]
    safety = next(i for i in items if i.label == "童安")
    assert [i.label for i in items if i.parent == safety.code] == [
        "防心理疾病", "防溺水事故", "防网络沉迷", "防虐待欺凌", "防性侵伤害",
        "防诱骗拐卖", "防食品中毒", "防毒品侵害", "防交通事故", "防火灾危害",
    ]
    companion = next(i for i in items if i.label == "童伴")
    assert "个人档案" in companion.description and "定期走访" in companion.description
    network = next(i for i in items if i.label == "童网")
    assert "区未保中心、街道未保工作站、社区未保工作室" in network.description


# --- sources and counts -----------------------------------------------------------------------------


def test_every_declaration_cites_the_document():
    for kind in ("targets", "forms", "catalogues", "rules"):
        declarations = _own(kind)
        assert declarations, kind
        for declaration in declarations:
            assert declaration.source.startswith(f"{DOCUMENT} "), (kind, declaration.key)
    for catalogue in _own("catalogues"):
        assert all(item.source and item.source.startswith(DOCUMENT) for item in catalogue.items), catalogue.key


def test_counts_per_kind():
    assert {kind: len(_own(kind)) for kind in ("targets", "forms", "catalogues", "rules", "settings")} == {
        "targets": 19, "forms": 1, "catalogues": 2, "rules": 4, "settings": 0,
    }


# --- the children's individual file -----------------------------------------------------------------


def _form():
    (form,) = _own("forms")
    return form


def _errors(data):
    validator = Draft202012Validator(_form().json_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(data))


def _id_number(birth: str, serial="123"):
    body = "500114" + birth.replace("-", "") + serial
    return body + id_number_check_digit(body)


def child_file():
    return {
        "child": {"name": "小明", "id_number": _id_number("2015-06-01"), "birth_date": "2015-06-01"},
        "guardian": {"name": "明奶奶", "relation": "grandparent", "phone": "13912345678"},
        "guardian_consent": {"given": True, "date": "2023-03-01", "method": "written"},
        "situation": ["left_behind"],
        "situation_details": "父母在外务工，随祖母生活。",
        "needs": ["education", "emotional_support"],
        "actions": ["child_companion", "prevent_drowning"],
        "visits": [
            {"date": "2023-03-01", "visitor": "社工甲", "method": "home_visit", "findings": "学习跟不上。"},
            {"date": "2023-06-01", "visitor": "社工甲", "method": "phone", "findings": "情绪稳定。",
             "follow_up": "暑期防溺水宣教。"},
        ],
        "opened_on": "2023-03-01",
        "opened_by": "社工甲",
    }


def test_child_file_is_a_minors_record():
    form = _form()
    assert (form.key, form.version, form.title, form.tiers, form.personal_data) == (
        CHILD_FILE, 1, "特殊困难儿童个人档案", (Tier.COMMUNITY,), True)
    Draft202012Validator.check_schema(form.json_schema)
    assert form.json_schema["required"] == [
        "child", "guardian", "guardian_consent", "situation", "needs", "actions", "visits", "opened_on", "opened_by"]
    props = form.json_schema["properties"]
    assert props["child"]["required"] == ["name", "id_number", "birth_date"]
    assert props["guardian"]["required"] == ["name", "relation", "phone"]
    assert props["guardian_consent"]["properties"]["given"]["const"] is True
    assert props["visits"]["items"]["properties"]["date"]["format"] == "date"
    assert props["situation"]["items"]["enum"][:2] == ["left_behind", "in_difficulty"]
    assert form.ui["widgets"]["situation"]["options"]["left_behind"] == "留守儿童"
    assert form.ui["widgets"]["actions"]["options"]["prevent_drowning"] == "防溺水事故"
    assert form.ui["widgets"]["actions"]["catalogue"] == "qianjiang_five_child_actions"


def test_child_file_submitters():
    assert _form().submitters == ("social_work_station",)


def _walk(schema, path="$"):
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{path}[]")


def test_every_field_has_a_chinese_title():
    for path, node in _walk(_form().json_schema):
        assert node.get("title"), path
        if node.get("type") == "object":
            assert node["additionalProperties"] is False and set(node["required"]) <= set(node["properties"])


def test_a_complete_file_is_valid_and_consent_is_required():
    assert _errors(child_file()) == []
    no_consent = child_file()
    del no_consent["guardian_consent"]
    assert [e.message for e in _errors(no_consent)] == ["'guardian_consent' is a required property"]
    refused = child_file()
    refused["guardian_consent"]["given"] = False
    assert _errors(refused)
    undated = child_file()
    del undated["guardian_consent"]["date"]
    assert [e.message for e in _errors(undated)] == ["'date' is a required property"]
    assert _errors({**child_file(), "situation": []})
    assert _errors({**child_file(), "actions": ["doctor_to_village"]})  # not a 五童 action


@dataclass
class FakeContext:
    today: dt.date = dt.date(2024, 1, 15)
    region: object = None

    def setting(self, key, default=None):
        return default


async def _run(subject, record, context=None):
    registry = load(ALL, entry_points=False)[1]
    street = SimpleNamespace(path="chongqing/qianjiang/zhengyang")
    rules = [r for r in rules_for(registry, subject, street, {"chongqing", "qianjiang"}) if r.plugin == "qianjiang"]
    return await run_rules(rules, record, context or FakeContext())


async def test_a_complete_file_passes_its_rules():
    results = await _run(f"form:{CHILD_FILE}", child_file())
    assert [r.key for r in results] == [
        "qianjiang_child_file_id_number", "qianjiang_child_file_minor", "qianjiang_child_file_guardian_consent"]
    assert all(r.passed for r in results), [(r.key, r.message) for r in results if not r.passed]


async def _failures(data):
    return {r.key: r.message for r in await _run(f"form:{CHILD_FILE}", data) if not r.passed}


async def test_child_file_rules_fail_as_they_should():
    data = child_file()
    data["child"]["id_number"] = data["child"]["id_number"][:-1] + ("0" if data["child"]["id_number"][-1] != "0" else "1")
    assert "check digit" in (await _failures(data))["qianjiang_child_file_id_number"]

    data = child_file()
    data["child"]["birth_date"] = "2015-06-02"
    assert "不一致" in (await _failures(data))["qianjiang_child_file_id_number"]

    adult = child_file()
    adult["child"] = {"name": "大明", "id_number": _id_number("2005-06-01"), "birth_date": "2005-06-01"}
    assert (await _failures(adult)) == {"qianjiang_child_file_minor": "儿童个人档案只为未成年人建立；该儿童已满18周岁"}

    late = child_file()
    late["guardian_consent"]["date"] = "2023-03-02"
    assert "须先取得监护人同意再建档" in (await _failures(late))["qianjiang_child_file_guardian_consent"]


# --- the one-time exam allowance ----------------------------------------------------------------------


def worker(**overrides):
    return {"id": 3, "name": "社工乙", "certificate_level": "assistant", "post": "social_work_station",
            "is_community_worker": False, "is_full_time": True, "region": STREET, **overrides}


@pytest.mark.parametrize("level", ["assistant", "intermediate", "senior"])
async def test_a_certified_station_social_worker_is_eligible(level):
    (result,) = await _run("social_worker", worker(certificate_level=level))
    assert result.key == "qianjiang_exam_allowance_eligibility" and result.passed and not result.advisory
    assert result.source == (f"{DOCUMENT} 三（三）：支持驻站社工参加全国社会工作者职业水平考试并为获得资格证的人才"
                             "发放一次性职业津贴")


async def test_the_allowance_is_refused_with_a_clear_message():
    (result,) = await _run("social_worker", worker(certificate_level="none"))
    assert not result.passed and "尚未取得资格证" in result.message
    (result,) = await _run("social_worker", worker(post="social_work_room", region=f"{STREET}/chaoyang"))
    assert not result.passed and "驻街道社会工作站" in result.message


async def test_workers_outside_the_street_are_not_this_rules_business():
    (result,) = await _run("social_worker", worker(certificate_level="none", region="chongqing/yuzhong"))
    assert result.passed


# --- together ---------------------------------------------------------------------------------------


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    counts = {kind: sum(1 for d in getattr(registry, kind) if d.plugin == "qianjiang")
              for kind in ("targets", "forms", "catalogues", "rules", "settings")}
    assert counts == {"targets": 19, "forms": 1, "catalogues": 2, "rules": 4, "settings": 0}
    # catalogue and rule keys do not collide with Chongqing's in the shared tenant
    tenant = [d.item.key for d in registry.catalogues + registry.rules
              if registry.plugins[d.plugin].tenant_code == "chongqing"]
    assert len(tenant) == len(set(tenant))
