"""Chongqing's targets, forms, catalogues and rules against DOMAIN.md §3.5 and 渝民发〔2022〕7号."""

import datetime as dt
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import CommunityKind, Tier
from core.documents.targets import Role, applying_at, lock_problems, role_at
from core.plugins.manager import load
from core.testing import graphql, user_with_role

DOCUMENT = "渝民发〔2022〕7号"
END_2025 = dt.date(2025, 12, 31)

SHARED_KEYS = {
    "social_work_coverage", "community_workers_per_10k_urban", "certified_community_worker_share",
    "community_social_organizations_urban", "community_social_organizations_rural", "volunteer_share",
    "volunteer_station_coverage", "charity_organization_per_community",
}


def _registry():
    return load([plugins.chongqing], entry_points=False)[1]


def _municipal():
    return {d.item.key: d.item for d in _registry().targets if d.item.scope is None and d.item.applies_at is None}


# --- targets: DOMAIN.md §3.5 ----------------------------------------------------------------------

# key: (indicator, threshold, deadline, evaluated_at, community_kind, clause)
MUNICIPAL = {
    "social_work_professionals": ("social_work_professionals", Decimal(80_000), END_2025, "aggregate", None,
                                  "社会工作专业人才总量达到8万人"),
    "certified_social_work_professionals": ("certified_social_work_professionals", Decimal(30_000), END_2025, "aggregate",
                                            None, "其中持社工证社会工作专业人才总量达到3万人"),
    "social_work_coverage_2022": ("social_work_coverage", Decimal("0.70"), dt.date(2022, 12, 31), "aggregate", None,
                                  "于2022年末达到70%"),
    "social_work_coverage": ("social_work_coverage", Decimal("1.0"), dt.date(2023, 12, 31), "aggregate", None,
                             "于2023年末达到100%"),
    "community_workers_per_10k_urban": ("community_workers_per_10k_urban", Decimal(18), END_2025, "aggregate", None,
                                        "每万名城镇常住人口拥有社区工作者达到18人"),
    "certified_community_worker_share": ("certified_community_worker_share", Decimal("0.15"), END_2025, "aggregate", None,
                                         "城乡社区工作者持社工证比例达到15%"),
    "community_social_organizations_urban": ("community_social_organizations_per_community", Decimal(12), END_2025,
                                             "aggregate", CommunityKind.URBAN, "城市社区平均拥有12个以上社区社会组织"),
    "community_social_organizations_rural": ("community_social_organizations_per_community", Decimal(6), END_2025,
                                             "aggregate", CommunityKind.RURAL, "农村社区平均拥有6个以上社区社会组织"),
    "volunteer_share": ("volunteer_share", Decimal("0.22"), END_2025, "aggregate", None,
                        "实名认证注册志愿者占常住人口的比例达到22%"),
    "volunteer_station_coverage": ("volunteer_station_coverage", Decimal("1.0"), END_2025, "aggregate", None,
                                   "城乡社区志愿服务站（点）实现全覆盖"),
    "charity_organizations_growth": ("charity_organizations_growth", Decimal(2), END_2025, "aggregate", None,
                                     "慈善组织总数较‘十三五’末翻一番"),
    "community_funds": ("community_funds", Decimal(200), END_2025, "aggregate", None, "社区基金不少于200个"),
    "charity_organization_per_community": ("charity_social_organizations", Decimal(1), END_2025, "per_community", None,
                                           "每个城乡社区拥有1家以上登记或备案的社区公益慈善类社会组织"),
    "mechanism_coverage": ("mechanism_coverage", Decimal("1.0"), END_2025, "aggregate", None,
                           "到2025年末实现‘五社联动’机制普遍运用"),
}


@pytest.mark.parametrize("key", sorted(MUNICIPAL))
def test_municipal_target(key):
    indicator, threshold, deadline, evaluated_at, kind, clause = MUNICIPAL[key]
    target = _municipal()[key]
    assert (target.indicator, target.comparator, target.threshold, target.deadline) == (indicator, ">=", threshold, deadline)
    assert (target.evaluated_at, target.community_kind, target.yearly) == (evaluated_at, kind, False)
    assert clause in target.source and target.source.startswith(DOCUMENT)


def test_municipal_target_set_and_shared_keys():
    municipal = _municipal()
    assert set(municipal) == set(MUNICIPAL)
    assert set(municipal) >= SHARED_KEYS
    # universal requirements are locked; municipal averages and totals are not
    assert {k for k, t in municipal.items() if t.locked} == {
        "social_work_coverage", "volunteer_station_coverage", "charity_organization_per_community", "mechanism_coverage",
    }


def test_two_new_demonstration_sites_per_district_per_year():
    """二、工作目标 “每个区县每年新增不少于2个示范点”, judged at every one of the 41 the opinion is addressed to."""
    registry = _registry()
    regions = {d.item.path: d.item for d in registry.regions}
    (target,) = [d.item for d in registry.targets if d.item.key == "new_demonstration_sites_per_year"]
    assert (target.indicator, target.comparator, target.threshold, target.yearly, target.deadline) == (
        "new_demonstration_sites_per_year", ">=", Decimal(2), True, None)
    assert (target.scope, target.placement) == (None, Tier.DISTRICT)  # the municipality; each district judged
    districts = {path for path, r in regions.items() if r.tier is Tier.DISTRICT}
    assert len(districts) == 41  # 26 districts, 8 counties, 4 autonomous counties and the 3 management zones
    assert {"chongqing/liangjiang", "chongqing/gaoxin", "chongqing/wansheng"} <= districts
    for path in districts:
        assert role_at(target, "chongqing", path, Tier.DISTRICT) is Role.OWN, path
    assert role_at(target, "chongqing", "chongqing", Tier.CITY) is Role.SUMMARY
    assert "每个区县每年新增不少于2个‘五社联动’示范点" in target.source
    for addressee in ("各区县（自治县）民政局", "两江新区社会保障局", "西部科学城重庆高新区公共服务局", "万盛经开区民政局"):
        assert addressee in target.source


def test_targets_in_force_at_a_zhengyang_community():
    registry = load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]
    assert lock_problems(registry) == []
    path = "chongqing/qianjiang/zhengyang/chaoyang"
    applied = {a.target.key: a for a in applying_at(registry, path, {"chongqing", "qianjiang"})}
    assert set(MUNICIPAL) <= set(applied)
    roles = {key: role_at(a.target, a.scope, path, Tier.COMMUNITY, CommunityKind.URBAN) for key, a in applied.items()}
    # the municipality's totals and each district's sites are judged above: context here, never its status
    assert roles["certified_social_work_professionals"] is Role.CONTEXT
    assert roles["new_demonstration_sites_per_year"] is Role.CONTEXT
    assert roles["charity_organization_per_community"] is Role.OWN  # every community: judged here
    assert applied["volunteer_share"].target.source.startswith(("渝民发〔2022〕7号", "正阳办事处发〔2022〕95号"))


# --- forms ----------------------------------------------------------------------------------------


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


DEMANDS = {
    "compiled_on": "2023-03-01", "period": "2023年度",
    "items": [
        {"code": "D-001", "group": "独居老人", "domain": "生活照料", "description": "助餐、助洁", "people": 36,
         "channel": "居民需求调研", "status": "待对接"},
        {"code": "D-002", "group": "留守儿童", "domain": "心理疏导", "description": "课后陪伴和心理辅导", "people": 20,
         "channel": "“渝快社区”APP及小程序", "status": "已对接"},
    ],
}
RESOURCES = {
    "compiled_on": "2023-03-05", "period": "2023年度",
    "items": [
        {"code": "R-001", "kind": "社会工作服务机构", "name": "某社会工作服务中心", "offers": ["心理疏导", "情绪支持"],
         "fields": ["儿童关爱"], "capacity": "2名持证社工"},
        {"code": "R-002", "kind": "服务设施", "name": "社区综合服务中心", "facility": "村（社区）综合服务中心",
         "offers": ["文化娱乐"]},
        {"code": "R-003", "kind": "慈善组织", "name": "某慈善会", "offers": ["资源链接"], "public_fundraising": True},
    ],
}
PROJECTS = {
    "compiled_on": "2023-03-10", "period": "2023年度",
    "items": [
        {"code": "P-001", "name": "童伴计划", "demand_codes": ["D-002"], "resource_codes": ["R-001", "R-003"],
         "target_groups": ["留守儿童"], "need_domains": ["心理疏导"], "field": "儿童关爱", "forms": ["微创投"],
         "implementer": {"name": "某社会工作服务中心", "kind": "社会工作服务机构"}, "budget_fen": 3_000_000,
         "funding_sources": ["福彩公益金", "社会慈善资金"], "raises_donations": True,
         "fundraising_partner": {"name": "某慈善会", "kind": "具有公开募捐资格的慈善组织"},
         "started_on": "2023-04-01", "ended_on": "2023-12-31", "major_matter": True, "party_decided_on": "2023-03-20",
         "status": "实施中"},
    ],
}
CONSULTATION = {
    "held_on": "2023-04-12", "venue": "社区议事厅", "convened_by": "乡镇（街道）", "topic": "老旧小区加装电梯",
    "participants": [
        {"name": "王某", "category": "村（社区）党组织"},
        {"name": "赵某", "category": "社会工作者", "organization": "某社会工作服务中心"},
        {"name": "钱某", "category": "社会组织代表", "organization": "邻里互助会"},
        {"name": "孙某", "category": "社区志愿者"},
        {"name": "李某", "category": "社会慈善资源代表", "organization": "某慈善会"},
        {"name": "周某", "category": "居民"},
    ],
    "issues": [{"description": "3号楼老人上下楼难", "channel": "议事协商", "category": "公共设施",
                "responsible": "社区居委会", "outcome": "申请加装电梯补助", "project_code": "P-002"}],
    "major_matter": True, "party_decided_on": "2023-04-15", "feedback": "在居务公开栏公示",
}
SPOT_CHECK = {
    "checked_on": "2023-06-30", "checked_by": "某街道社会工作站", "period": "2023年上半年", "population": 420,
    "samples": [
        {"record_ref": "VR-1001", "volunteer_ref": "V-88", "activity": "助老送餐", "service_date": "2023-05-02",
         "recorded_hours": 3, "verified_hours": 3, "certificate_issued": True, "finding": "记录属实"},
        {"record_ref": "VR-1002", "activity": "社区清洁", "service_date": "2023-05-09",
         "recorded_hours": 2.5, "verified_hours": 2.5, "finding": "记录属实"},
    ],
    "findings": "抽查记录均属实。", "result": "合格",
}
SAMPLES = {
    "chongqing_demand_list": DEMANDS,
    "chongqing_resource_list": RESOURCES,
    "chongqing_project_list": PROJECTS,
    "chongqing_consultation_record": CONSULTATION,
    "chongqing_volunteer_record_spot_check": SPOT_CHECK,
}


def test_forms_declared():
    forms = _forms()
    assert set(forms) == set(SAMPLES)
    for key in ("chongqing_demand_list", "chongqing_resource_list", "chongqing_project_list", "chongqing_consultation_record"):
        assert forms[key].tiers == (Tier.STREET, Tier.COMMUNITY)
    assert forms["chongqing_volunteer_record_spot_check"].tiers == ()
    assert "需求清单、资源清单、项目清单" in forms["chongqing_demand_list"].source
    assert "志愿服务记录与证明抽查" in forms["chongqing_volunteer_record_spot_check"].source


def test_forms_submitters():
    assert {k: f.submitters for k, f in _forms().items()} == {
        "chongqing_demand_list": ("community", "street_office", "social_work_station"),
        "chongqing_resource_list": ("community", "two_committees", "street_office", "social_work_station"),
        "chongqing_project_list": ("community", "two_committees", "street_office", "social_work_station"),
        "chongqing_consultation_record": ("community", "street_office"),
        "chongqing_volunteer_record_spot_check": ("district_bureau",),
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


def test_lists_use_the_groups_and_domains_of_the_programme():
    demand = _forms()["chongqing_demand_list"].json_schema["properties"]["items"]["items"]["properties"]
    groups = set(demand["group"]["enum"])
    assert {"低保对象", "特困人员", "空巢老人", "独居老人", "失独老人", "残疾人", "残疾老人", "退伍老兵", "留守儿童",
            "农村留守妇女", "农村留守老人", "困境儿童", "孤儿", "低保救助未成年子女", "进城务工人员及随迁子女"} <= groups
    # 三（三）: 生活照料、文化娱乐、心理疏导、情绪支持、资源链接; DOMAIN.md §1 adds 医疗保健, 人文关怀
    assert {"生活照料", "文化娱乐", "心理疏导", "情绪支持", "资源链接", "医疗保健", "人文关怀"} <= set(demand["domain"]["enum"])
    project = _forms()["chongqing_project_list"].json_schema["properties"]["items"]["items"]["properties"]
    assert project["target_groups"]["items"]["enum"] == demand["group"]["enum"]
    assert project["field"]["enum"] == ["社会救助", "养老服务", "儿童关爱", "社区治理", "社会事务"]
    assert project["budget_fen"]["type"] == "integer"


def test_a_list_names_the_bad_field():
    validator = Draft202012Validator(_forms()["chongqing_demand_list"].json_schema)
    bad = {**DEMANDS, "items": [{**DEMANDS["items"][0], "group": "老人"}]}
    assert [list(e.absolute_path) for e in validator.iter_errors(bad)] == [["items", 0, "group"]]
    assert any(e.validator == "minItems" for e in validator.iter_errors({**DEMANDS, "items": []}))


# --- rules ----------------------------------------------------------------------------------------


def _rules():
    return {d.item.key: d.item for d in _registry().rules}


def test_consultation_participants_rule():
    rule = _rules()["chongqing_consultation_participants"]
    assert rule.subject == "form:chongqing_consultation_record" and not rule.advisory
    assert rule.fields == ("participants",)
    assert "吸纳社会工作者、社会组织代表、社区志愿者和社会慈善资源代表参与" in rule.source
    assert rule.check(CONSULTATION, None) is True
    few = {**CONSULTATION, "participants": [p for p in CONSULTATION["participants"]
                                            if p["category"] not in ("社会工作者", "社会慈善资源代表")]}
    assert rule.check(few, None) == "议事协商缺少以下参与人：社会工作者、社会慈善资源代表"


def test_party_decision_rules():
    rules = _rules()
    assert rules["chongqing_consultation_party_decision"].fields == ("party_decided_on",)
    assert rules["chongqing_consultation_party_decision"].check(CONSULTATION, None) is True
    undecided = {k: v for k, v in CONSULTATION.items() if k != "party_decided_on"}
    assert "党组织研究讨论" in rules["chongqing_consultation_party_decision"].check(undecided, None)
    assert rules["chongqing_consultation_party_decision"].check({**undecided, "major_matter": False}, None) is True
    project = {**PROJECTS["items"][0]}
    del project["party_decided_on"]
    assert rules["chongqing_project_party_decision"].check(PROJECTS, None) == []
    (fault,) = rules["chongqing_project_party_decision"].check({**PROJECTS, "items": [PROJECTS["items"][0], project]}, None)
    assert fault.field == "items.1.party_decided_on" and "童伴计划" in fault.message


def test_fundraising_partner_and_needs():
    rules = _rules()
    assert rules["chongqing_project_fundraising_partner"].check(PROJECTS, None) == []
    alone = {k: v for k, v in PROJECTS["items"][0].items() if k != "fundraising_partner"}
    (fault,) = rules["chongqing_project_fundraising_partner"].check({"items": [alone]}, None)
    assert fault.field == "items.0.fundraising_partner" and "红十字会" in fault.message
    assert rules["chongqing_project_answers_needs"].advisory
    assert rules["chongqing_project_answers_needs"].check(PROJECTS, None) == []
    unlinked = {**PROJECTS["items"][0], "demand_codes": []}
    (fault,) = rules["chongqing_project_answers_needs"].check({"items": [unlinked]}, None)
    assert fault.field == "items.0.demand_codes" and "童伴计划" in fault.message


def test_spot_check_rule():
    rule = _rules()["chongqing_spot_check_result"]
    assert rule.check(SPOT_CHECK, None) == []
    flawed = {**SPOT_CHECK, "samples": [SPOT_CHECK["samples"][0], {**SPOT_CHECK["samples"][1], "finding": "服务时长不符"}]}
    (fault,) = rule.check(flawed, None)
    assert fault.field == "result" and "VR-1002" in fault.message
    (fault,) = rule.check({**flawed, "result": "限期整改"}, None)
    assert fault.field == "rectification" and "应填写整改要求" in fault.message
    fixed = {**flawed, "result": "限期整改", "rectification": {"measures": "更正时长", "due_on": "2023-07-31"}}
    assert rule.check(fixed, None) == []
    (fault,) = rule.check({**SPOT_CHECK, "population": 1}, None)
    assert fault.field == "samples" and "多于" in fault.message


# --- catalogues, sources, loading -------------------------------------------------------------------


def test_catalogues():
    catalogues = {d.item.key: d.item for d in _registry().catalogues}
    assert [i.label for i in catalogues["chongqing_social_work_fields"].items] == [
        "社会救助", "养老服务", "儿童关爱", "社区治理", "社会事务"]
    assert [i.label for i in catalogues["chongqing_community_services"].items] == [
        "生活照料", "文化娱乐", "心理疏导", "情绪支持", "资源链接"]
    assert {i.label for i in catalogues["chongqing_project_forms"].items} == {
        "政府购买服务", "微创投", "微治理", "公益创投", "设立专项基金", "积分激励", "项目大赛"}


def test_every_declaration_has_a_source_with_the_document_number():
    registry = _registry()
    for kind in ("targets", "forms", "catalogues", "rules"):
        items = [d.item for d in getattr(registry, kind)]
        assert items and all(item.source.startswith(DOCUMENT) for item in items), kind
    for catalogue in registry.catalogues:
        assert all(item.source and item.source.startswith(DOCUMENT) for item in catalogue.item.items)


def test_counts():
    registry = _registry()
    assert {kind: len(getattr(registry, kind)) for kind in ("targets", "forms", "catalogues", "rules", "settings")} == {
        "targets": 14 + 1, "forms": 5, "catalogues": 3, "rules": 6, "settings": 0,
    }


def test_all_five_builtins_load_together():
    registry = load(
        [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei], entry_points=False
    )[1]
    assert lock_problems(registry) == []
    assert {p.name for p in registry.plugins_of_tenant("chongqing")} == {"chongqing", "qianjiang"}


# --- through GraphQL ---------------------------------------------------------------------------------


async def test_graphql_targets_at_zhengyang_and_the_participants_rule(client, admin_token):
    body = await graphql(client, '{ targets(at: "chongqing/qianjiang/zhengyang/chaoyang") { key plugin source } }',
                         token=admin_token)
    targets = {t["key"]: t for t in body["data"]["targets"]}
    assert {"social_work_professionals", "community_funds", "new_demonstration_sites_per_year"} <= set(targets)
    assert targets["community_funds"]["plugin"] == "chongqing" and targets["community_funds"]["source"].startswith(DOCUMENT)
    forms = await graphql(client, '{ forms(at: "chongqing/qianjiang/zhengyang/chaoyang") { key } }', token=admin_token)
    assert set(SAMPLES) <= {f["key"] for f in forms["data"]["forms"]}

    # the record is the deliberation step of a consultation case (tests/plugins/test_consultation.py);
    # its rule is checked there and on request, and it is never a free-floating submission
    rules = 'query($d: JSON!) { checkRules(subject: "form:chongqing_consultation_record", data: $d, region: "chongqing/qianjiang/zhengyang/chaoyang") { key passed message } }'
    without = {**CONSULTATION, "participants": [p for p in CONSULTATION["participants"] if p["category"] != "社会慈善资源代表"]}
    outcome = {r["key"]: r for r in (await graphql(client, rules, {"d": without}, token=admin_token))["data"]["checkRules"]}
    assert not outcome["chongqing_consultation_participants"]["passed"]
    assert "社会慈善资源代表" in outcome["chongqing_consultation_participants"]["message"]
    outcome = {r["key"]: r for r in (await graphql(client, rules, {"d": CONSULTATION}, token=admin_token))["data"]["checkRules"]}
    assert outcome["chongqing_consultation_participants"]["passed"]
    submit = 'mutation($d: JSON!) { submitForm(form: "chongqing_consultation_record", region: "chongqing/qianjiang/zhengyang/chaoyang", data: $d) { result { id } errors { field message code } } }'
    loose = await graphql(client, submit, {"d": CONSULTATION}, token=admin_token)
    assert [(e["field"], e["code"]) for e in loose["data"]["submitForm"]["errors"]] == [("form", "case_step")]
    assert "chongqing_consultation.deliberate" in loose["data"]["submitForm"]["errors"][0]["message"]


async def test_a_project_names_demands_and_resources_of_submitted_lists(client, admin_token):
    """三（六）促进供需对接: a project list entry citing demand D404 and resource R9 that no list holds is refused."""
    submit = 'mutation($f: String!, $d: JSON!) { submitForm(form: $f, region: "chongqing/qianjiang/zhengyang/chaoyang", data: $d) { result { id } errors { field message code } } }'
    invented = {**PROJECTS, "items": [{**PROJECTS["items"][0], "demand_codes": ["D404"], "resource_codes": ["R9"]}]}
    refused = await graphql(client, submit, {"f": "chongqing_project_list", "d": invented}, token=admin_token)
    assert [(e["field"], e["code"]) for e in refused["data"]["submitForm"]["errors"]] == [
        ("data.items.0.demand_codes.0", "reference"), ("data.items.0.resource_codes.0", "reference")]
    assert "chongqing_demand_list" in refused["data"]["submitForm"]["errors"][0]["message"]
    for key, data in (("chongqing_demand_list", DEMANDS), ("chongqing_resource_list", RESOURCES)):
        listed = await graphql(client, submit, {"f": key, "d": data}, token=admin_token)
        assert listed["data"]["submitForm"]["errors"] == [], listed
    accepted = await graphql(client, submit, {"f": "chongqing_project_list", "d": PROJECTS}, token=admin_token)
    assert accepted["data"]["submitForm"]["errors"] == []
    still = await graphql(client, submit, {"f": "chongqing_project_list", "d": invented}, token=admin_token)
    assert [e["field"] for e in still["data"]["submitForm"]["errors"]] == ["data.items.0.demand_codes.0", "data.items.0.resource_codes.0"]


async def test_demonstration_sites_are_never_dated_in_the_future_and_count_in_every_district(platform, client, admin_token):
    """二、工作目标 每个区县每年新增不少于2个示范点: a site dated 2027 (or tomorrow) is refused on the one path that
    records a site, the community profile; a real one counts in its district's year; the zones carry the target too."""
    bureau = await user_with_role(platform, client, admin_token, "cq_bureau", "chongqing", "district_bureau", "chongqing/qianjiang")
    mutation = """mutation($d: Date!) { setCommunityProfile(region: "chongqing/qianjiang/zhengyang/chaoyang",
        input: {demonstration: DEMONSTRATION_SITE, demonstrationSince: $d}) { result { demonstrationSince } errors { field message } } }"""
    today = dt.date.today()
    for day in ("2027-01-01", (today + dt.timedelta(days=1)).isoformat()):
        body = await graphql(client, mutation, {"d": day}, token=bureau)
        (error,) = body["data"]["setCommunityProfile"]["errors"]
        assert error["field"].endswith("demonstrationSince") and "is in the future" in error["message"], body
    kept = await graphql(client, mutation, {"d": today.isoformat()}, token=bureau)
    assert kept["data"]["setCommunityProfile"] == {"result": {"demonstrationSince": today.isoformat()}, "errors": []}

    query = """query($p: String!, $y: Int) { region(path: $p) { targetStatus(year: $y) { key value met status } } }"""
    for path, value in (("chongqing/qianjiang", 1), ("chongqing/wansheng", 0), ("chongqing/liangjiang", 0)):
        body = await graphql(client, query, {"p": path, "y": today.year}, token=admin_token)
        assert "errors" not in body, body
        (status,) = [t for t in body["data"]["region"]["targetStatus"] if t["key"] == "new_demonstration_sites_per_year"]
        assert status == {"key": "new_demonstration_sites_per_year", "value": value, "met": False, "status": "not_met"}, path


def test_targets_in_force_are_worked_out_once_per_path_and_plugins():
    registry = load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]
    path = "chongqing/qianjiang/zhengyang/chaoyang"
    first = applying_at(registry, path, {"chongqing", "qianjiang"})
    first.clear()  # the caller's own list: what is kept is untouched
    again = applying_at(registry, path, {"qianjiang", "chongqing"})
    assert again and again == applying_at(registry, path, frozenset({"chongqing", "qianjiang"}))
    only_city = {a.target.key for a in applying_at(registry, path, {"chongqing"})}  # other plugins, other answer
    assert only_city < {a.target.key for a in again}
