"""Panjin's targets, catalogues, forms, rules and settings against DOMAIN.md §3.1 and 盘民发〔2023〕24号.

Every number is written out here from the documents, not read back from the plugin.
"""

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import Tier
from core.documents.rules import rules_for, run_rules
from core.plugins.manager import load
from core.testing import graphql
from core.validators import credit_code_check_char

DOCUMENT = "盘民发〔2023〕24号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]

APPLICATION = "panjin_project_application"
EXPERT = "panjin_expert_pool_entry"
SCORING = "panjin_project_scoring"
PROGRESS = "panjin_monthly_progress_report"
EVALUATION = "panjin_performance_evaluation"


def _registry():
    return load([plugins.panjin], entry_points=False)[1]


def _own(kind):
    return [d.item for d in getattr(_registry(), kind) if d.plugin == "panjin"]


def _form(key):
    (form,) = [f for f in _own("forms") if f.key == key]
    return form


def _errors(key, data):
    schema = _form(key).json_schema
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return list(validator.iter_errors(data))


def _code(body):
    return body + credit_code_check_char(body)


CONTRACTOR_CODE = _code("51211100MJ0123456")
PARTNER_CODE = _code("52211100MJ7654321")


# --- targets ----------------------------------------------------------------------------------------


def test_per_community_yearly_targets():
    assert [
        (t.key, t.indicator, t.evaluated_at, t.comparator, t.threshold, t.yearly, t.deadline, t.scope, t.locked)
        for t in _own("targets")
    ] == [
        ("community_sessions_per_year", "sessions", "per_community", ">=", Decimal("48"), True, None, None, False),
        ("community_person_times_per_year", "person_times", "per_community", ">=", Decimal("1000"), True, None, None,
         False),
    ]
    assert _registry().plugins["panjin"].scope == "panjin"  # the 35 listed communities are the whole scope
    assert all(t.source.startswith(f"{DOCUMENT} 三（四）") for t in _own("targets"))
    assert "48场次" in _own("targets")[0].source and "1000人次" in _own("targets")[1].source


# --- catalogues -------------------------------------------------------------------------------------


def _catalogue(key):
    (catalogue,) = [c for c in _own("catalogues") if c.key == key]
    return catalogue


def test_service_targets_one_old_one_young():
    items = _catalogue("panjin_service_targets").items
    elderly = [i.label for i in items if i.parent == "elderly"]
    children = [i.label for i in items if i.parent == "children"]
    assert elderly == ["社区老年人", "空巢老人", "独居老人", "失独老人", "残疾老人", "退伍老兵", "生活困难老人"]
    assert children == ["社区儿童", "孤儿", "留守儿童", "困境儿童", "低保救助未成年子女"]
    assert [(i.code, i.label) for i in items if i.parent is None] == [("elderly", "老人"), ("children", "儿童")]


def test_four_categories_and_volunteer_service_is_not_purchased():
    items = _catalogue("panjin_services").items
    categories = [i for i in items if i.parent is None and i.code != "other_old_and_young_care"]
    assert [(i.label, i.purchasable) for i in categories] == [
        ("关爱老年人服务类", True),
        ("关爱儿童服务类", True),
        ("志愿服务类", False),
        ("其他公益类", True),
    ]
    volunteer = next(i for i in items if i.label == "志愿服务类")
    assert "不列入采购范围" in volunteer.source and "三（四）" in volunteer.source


def test_eight_service_projects_under_their_categories():
    items = _catalogue("panjin_services").items
    labels = {i.code: i.label for i in items}
    projects = items[4:]
    assert [(i.label, labels.get(i.parent)) for i in projects] == [
        ("关爱失独老人服务", "关爱老年人服务类"),
        ("关爱空巢老人服务", "关爱老年人服务类"),
        ("关爱残疾老人服务", "关爱老年人服务类"),
        ("关爱低保高龄老人服务", "关爱老年人服务类"),
        ("关爱留守儿童服务", "关爱儿童服务类"),
        ("关爱残疾儿童服务", "关爱儿童服务类"),
        ("关爱低保救助未成年子女服务", "关爱儿童服务类"),
        ("关爱其他“一老一小”服务", None),
    ]
    assert [i.source for i in projects] == [f"{DOCUMENT} 三（三）开展服务项目 {n}" for n in "一二三四五六七八"]


# --- sources ----------------------------------------------------------------------------------------


def test_every_declaration_cites_the_document():
    for kind in ("targets", "forms", "catalogues", "rules", "settings"):
        declarations = _own(kind)
        assert declarations, kind
        for declaration in declarations:
            assert declaration.source.startswith(f"{DOCUMENT} "), (kind, declaration.key)
    for catalogue in _own("catalogues"):
        assert all(item.source and item.source.startswith(DOCUMENT) for item in catalogue.items), catalogue.key


def test_counts_per_kind():
    assert {kind: len(_own(kind)) for kind in ("targets", "forms", "catalogues", "rules", "settings")} == {
        "targets": 2, "forms": 5, "catalogues": 2, "rules": 18, "settings": 6,
    }


# --- forms: shape -----------------------------------------------------------------------------------


def _walk(schema, path="$"):
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{path}[]")


def test_forms_keys_titles_tiers():
    assert [(f.key, f.version, f.title, f.tiers, f.personal_data) for f in _own("forms")] == [
        (APPLICATION, 1, "《“五社联动”项目申报书》", (Tier.DISTRICT,), False),
        (EXPERT, 1, "项目评审专家库成员登记表", (Tier.CITY,), False),
        (SCORING, 1, "项目评分表", (Tier.DISTRICT,), False),
        (PROGRESS, 1, "项目月度进度报告", (Tier.DISTRICT,), False),
        (EVALUATION, 1, "项目绩效评估表", (Tier.DISTRICT,), False),
    ]


def test_forms_submitters():
    assert {f.key: f.submitters for f in _own("forms")} == {
        APPLICATION: ("contractor",),
        EXPERT: ("organizer",),
        SCORING: ("expert",),
        PROGRESS: ("contractor",),
        EVALUATION: ("expert",),
    }


@pytest.mark.parametrize("key", [APPLICATION, EXPERT, SCORING, PROGRESS, EVALUATION])
def test_schemas_are_valid_and_labelled(key):
    form = _form(key)
    Draft202012Validator.check_schema(form.json_schema)
    assert form.json_schema["type"] == "object"
    for path, node in _walk(form.json_schema):
        assert node.get("title"), path
        if node.get("type") == "object":
            assert set(node["required"]) <= set(node["properties"]), path
            assert node["additionalProperties"] is False, path
        if node.get("type") == "number":
            assert "minimum" in node and "maximum" in node, path
        if path.endswith("_fen"):
            assert node["type"] == "integer" and node["minimum"] >= 0, path
    assert form.ui["order"] == list(form.json_schema["properties"])
    assert set(form.ui["help"]) <= {p[2:].replace("[]", "") for p, _ in _walk(form.json_schema)} | set(
        form.json_schema["properties"])
    for path, widget in form.ui["widgets"].items():
        if "options" in widget:
            assert all(label for label in widget["options"].values()), path


def test_application_sections():
    schema = _form(APPLICATION).json_schema
    assert schema["required"] == [
        "project_name", "county", "service_category", "service_project", "target_groups", "service_communities",
        "period", "contractor_credit_code", "contractor", "project_design", "team", "implementation",
        "inspection", "supervision", "monitoring", "budget", "self_funding", "project_plan", "attachments",
        "declaration",
    ]
    props = schema["properties"]
    assert props["county"]["enum"] == ["panjin/panshan", "panjin/shuangtaizi", "panjin/xinglongtai", "panjin/dawa"]
    assert props["service_category"]["enum"] == ["elderly_care", "child_care", "other_public_welfare"]
    assert len(props["service_project"]["enum"]) == 8
    assert len(props["service_communities"]["items"]["enum"]) == 35
    assert props["budget"]["properties"]["lines"]["type"] == "array"
    assert props["budget"]["properties"]["lines"]["items"]["properties"]["amount_fen"]["type"] == "integer"
    assert props["self_funding"]["properties"]["share"] == {
        "type": "number", "title": "自筹比例", "minimum": 0, "maximum": 1, "description": "自筹资金占项目总预算的比例（0–1）",
    }
    assert props["team"]["properties"]["members"]["type"] == "array"
    assert props["project_design"]["properties"]["planned_sessions_per_community"]["minimum"] == 48
    assert props["project_design"]["properties"]["planned_person_times_per_community"]["minimum"] == 1000
    assert props["contractor_credit_code"]["pattern"].startswith("^5")
    widgets = _form(APPLICATION).ui["widgets"]
    assert widgets["county"]["options"]["panjin/dawa"] == "大洼区"
    assert widgets["service_category"]["options"] == {
        "elderly_care": "关爱老年人服务类", "child_care": "关爱儿童服务类", "other_public_welfare": "其他公益类"}
    assert widgets["attachments[].kind"]["options"]["charter"] == "登记管理机关核准的章程"
    assert (widgets["service_category"]["catalogue"], widgets["service_project"]["catalogue"],
            widgets["target_groups"]["catalogue"]) == ("panjin_services", "panjin_services", "panjin_service_targets")


def _file(name):
    return {"file_name": name, "file_id": f"files/{name}"}


def application():
    """A complete application for 大洼区, to be mutated by the tests."""
    return {
        "project_name": "大洼区“一老一小”关爱服务项目",
        "county": "panjin/dawa",
        "service_category": "elderly_care",
        "service_project": "empty_nest_elderly_care",
        "target_groups": ["empty_nest_elderly", "living_alone_elderly"],
        "service_communities": ["panjin/dawa/tianjia/shuanghai", "panjin/dawa/dawa/zhanqian"],
        "period": {"start_date": "2023-06-01", "end_date": "2023-12-31"},
        "contractor_credit_code": CONTRACTOR_CODE,
        "contractor": {
            "name": "盘锦市大洼区社会工作服务中心",
            "org_type": "social_work_agency",
            "registration_authority": "盘锦市大洼区民政局",
            "registered_on": "2019-05-20",
            "newly_registered": False,
            "grade": 4,
            "full_time_staff": 5,
            "legal_representative": "王某",
            "contact_person": "李某",
            "contact_phone": "0427-6812345",
            "address": "盘锦市大洼区某路1号",
            "qualifications": {
                "independent_civil_liability": True,
                "governance_structure": True,
                "internal_management": True,
                "information_disclosure": True,
                "democratic_supervision": True,
                "npo_accounting": True,
                "independent_finance": True,
                "good_reputation": True,
                "capacities": ["evaluation", "training", "incubation", "supervision", "oversight"],
                "on_dishonesty_list": False,
                "has_administrative_penalty": False,
            },
        },
        "project_design": {
            "background": "社区空巢、独居老人多，缺少陪伴。",
            "objectives": "为两个社区的空巢老人提供陪伴与心理支持。",
            "content": "入户探访、小组活动、健康讲座。",
            "planned_sessions_per_community": 48,
            "planned_person_times_per_community": 1000,
            "expected_outcomes": "每社区全年48场、1000人次。",
            "station_cooperation": "与田家街道、大洼街道社工站驻站社工结成朋辈督导。",
        },
        "team": {
            "leader": {"name": "张某", "position": "主任", "certificate_level": "intermediate", "experience": "十年"},
            "members": [
                {"name": "赵某", "role": "社工", "certificate_level": "assistant", "full_time": True},
                {"name": "钱某", "role": "社工", "certificate_level": "none", "full_time": True},
            ],
            "division_of_work": "张某统筹，赵某、钱某各负责一个社区。",
        },
        "implementation": {
            "schedule": [
                {"phase": "需求评估", "start_date": "2023-06-01", "end_date": "2023-06-30", "activities": "入户调查",
                 "sessions": 8, "person_times": 160},
                {"phase": "服务实施", "start_date": "2023-07-01", "end_date": "2023-12-31", "activities": "小组与个案",
                 "sessions": 88, "person_times": 1840},
            ],
            "publicity": "公众号、社区宣传栏。",
            "safety": "活动前安全教育，购买保险。",
            "archiving": "按档案要求整理归档，保管三年。",
        },
        "inspection": {"plan": "每季度赴社区考察。", "responsible": "张某"},
        "supervision": {"plan": "外请督导每月一次。", "supervisor": "孙某", "frequency": "monthly"},
        "monitoring": {
            "plan": "项目组每月自查。",
            "fund_management": "专账核算。",
            "disclosure": "每月在社区公示栏公开。",
            "monthly_reporting": True,
        },
        "budget": {
            "total_fen": 10_000_000,
            "requested_fen": 8_000_000,
            "lines": [
                {"item": "社工劳务", "category": "personnel", "quantity": 12, "unit_price_fen": 500_000,
                 "amount_fen": 6_000_000},
                {"item": "活动物资", "category": "activities", "quantity": 96, "unit_price_fen": 40_000,
                 "amount_fen": 3_840_000},
                {"item": "宣传", "category": "publicity", "quantity": 1, "unit_price_fen": 160_000,
                 "amount_fen": 160_000, "note": "展板与印刷"},
            ],
        },
        "self_funding": {"amount_fen": 2_000_000, "share": 0.2, "sources": "机构自有资金与企业捐赠"},
        "project_plan": _file("项目方案.pdf"),
        "attachments": [
            {"kind": "registration_certificate", "file": _file("登记证书副本.pdf")},
            {"kind": "charter", "file": _file("章程.pdf")},
            {"kind": "audited_financial_report", "file": _file("2022年审计报告.pdf")},
        ],
        "declaration": {"truthful": True, "signatory": "王某", "signed_on": "2023-05-10"},
    }


def test_a_complete_application_is_valid():
    assert _errors(APPLICATION, application()) == []
    with_partner = {**application(), "partner": {"name": "盘锦市某社会组织", "credit_code": PARTNER_CODE,
                                                  "responsibilities": "志愿者培训"}}
    assert _errors(APPLICATION, with_partner) == []


@pytest.mark.parametrize(
    "section",
    ["project_design", "team", "implementation", "inspection", "supervision", "monitoring", "budget", "self_funding",
     "project_plan", "attachments", "contractor", "contractor_credit_code", "service_category", "county"],
)
def test_a_missing_section_is_named(section):
    data = application()
    del data[section]
    messages = [e.message for e in _errors(APPLICATION, data)]
    assert f"'{section}' is a required property" in messages


def _kinds_error(data):
    return [e for e in _errors(APPLICATION, data) if list(e.absolute_path) == ["attachments"]]


def test_attachments_registration_certificate_charter_and_accounts():
    data = application()
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "audited_financial_report"]
    assert _kinds_error(data), "accounts are required of an organization that is not newly registered"
    data["attachments"].append({"kind": "annual_financial_statements", "file": _file("2022年会计报表.pdf")})
    assert _errors(APPLICATION, data) == []  # last year's statements will do

    new = application()
    new["contractor"]["newly_registered"] = True
    new["attachments"] = new["attachments"][:2]
    assert _errors(APPLICATION, new) == []  # 新登记的不需要

    for kind in ("registration_certificate", "charter"):
        data = application()
        data["attachments"] = [a for a in data["attachments"] if a["kind"] != kind] + [
            {"kind": "other", "file": _file("其他.pdf")}]
        assert _kinds_error(data), kind


def test_schema_refuses_what_the_document_refuses():
    def fails(mutate, field):
        data = application()
        mutate(data)
        errors = _errors(APPLICATION, data)
        assert errors and any(field in [str(p) for p in e.absolute_path] for e in errors), (field, errors)

    fails(lambda d: d.update(service_category="volunteer_service"), "service_category")  # 不列入采购范围
    fails(lambda d: d["project_design"].update(planned_sessions_per_community=47), "planned_sessions_per_community")
    fails(lambda d: d["project_design"].update(planned_person_times_per_community=999),
          "planned_person_times_per_community")
    fails(lambda d: d["budget"].update(total_fen=100.5), "total_fen")  # money is integer fen
    fails(lambda d: d["self_funding"].update(share=20), "share")  # a ratio, not a percentage
    fails(lambda d: d.update(contractor_credit_code="91512081MA62K0260E"), "contractor_credit_code")  # not a 社会组织
    fails(lambda d: d["team"].update(members=[]), "members")
    fails(lambda d: d["declaration"].update(truthful=False), "truthful")
    fails(lambda d: d["period"].update(start_date="2023-02-30"), "start_date")
    unknown = {**application(), "unexpected": "x"}  # unknown fields are refused
    assert [e.validator for e in _errors(APPLICATION, unknown)] == ["additionalProperties"]


# --- forms: the other four --------------------------------------------------------------------------


def expert():
    return {
        "name": "周某",
        "organization": "渤海大学",
        "fields": ["social_work", "community_governance"],
        "title": "教授",
        "interests": [{"organization_name": "盘锦市大洼区社会工作服务中心", "relation": "advisor"}],
        "recusal_commitment": True,
    }


def scoring():
    return {
        "application_id": 12,
        "project_name": "大洼区“一老一小”关爱服务项目",
        "contractor_credit_code": CONTRACTOR_CODE,
        "county": "panjin/dawa",
        "expert_name": "周某",
        "panel_size": 5,
        "no_conflict_of_interest": True,
        "qualification_passed": True,
        "scores": {"design": 85, "team": 80, "implementation": 90, "inspection": 70, "supervision": 75,
                   "monitoring": 80, "budget": 88.5},
        "total": 568.5,
        "self_funding_share": 0.2,
        "scored_on": "2023-05-20",
    }


def progress():
    return {
        "application_id": 12,
        "project_name": "大洼区“一老一小”关爱服务项目",
        "contractor_credit_code": CONTRACTOR_CODE,
        "month": "2023-07",
        "progress": {
            "sessions": 9,
            "person_times": 190,
            "by_community": [
                {"community": "panjin/dawa/tianjia/shuanghai", "sessions": 5, "person_times": 100},
                {"community": "panjin/dawa/dawa/zhanqian", "sessions": 4, "person_times": 90},
            ],
            "summary": "开展小组活动与入户探访。",
            "next_month": "继续小组活动。",
        },
        "funds": {
            "received_fen": 6_000_000,
            "spent_this_month_fen": 700_000,
            "spent_to_date_fen": 1_200_000,
            "lines": [{"item": "社工劳务", "category": "personnel", "amount_fen": 500_000},
                      {"item": "活动物资", "category": "activities", "amount_fen": 200_000}],
        },
        "disclosure": {"disclosed": True, "channel": "社区公示栏", "disclosed_on": "2023-08-02"},
    }


def evaluation():
    return {
        "application_id": 12,
        "project_name": "大洼区“一老一小”关爱服务项目",
        "contractor_credit_code": CONTRACTOR_CODE,
        "stage": "mid_term",
        "panel_size": 5,
        "experts": ["周某", "吴某", "郑某", "王某", "冯某"],
        "evaluated_on": "2023-09-15",
        "contractor": dict.fromkeys(("organization", "division_of_work", "publicity", "fairness", "training", "safety", "satisfaction", "compliance", "fund_management"), 85),
        "project": {"site_visit_on": "2023-09-14", "management": 90, "matching_funds": 80, "fund_rules": 85,
                    "findings": "台账齐全。"},
        "satisfaction": {"beneficiaries": 0.95, "society": 0.9, "respondents": 120, "method": "问卷"},
        "selection": {"brand": False, "outstanding": False, "grounds": []},
        "conclusion": {"score": 86, "passed": True, "opinion": "合格，核拨40%。"},
    }


def test_the_other_forms_accept_complete_samples():
    assert _errors(EXPERT, expert()) == []
    assert _errors(SCORING, scoring()) == []
    assert _errors(PROGRESS, progress()) == []
    assert _errors(EVALUATION, evaluation()) == []


def test_expert_pool_fields_and_recusal():
    assert _form(EXPERT).json_schema["properties"]["fields"]["items"]["enum"] == [
        "community_governance", "social_organizations", "social_work"]
    assert _form(EXPERT).ui["widgets"]["fields"]["options"] == {
        "community_governance": "社区治理", "social_organizations": "社会组织", "social_work": "社会工作"}
    no_interests = {**expert(), "interests": []}
    assert _errors(EXPERT, no_interests) == []
    assert _errors(EXPERT, {k: v for k, v in expert().items() if k != "interests"})  # must declare, even none
    assert _errors(EXPERT, {**expert(), "recusal_commitment": False})
    assert _errors(EXPERT, {**expert(), "fields": ["law"]})


def test_scoring_panel_of_five_or_seven_and_only_qualified_applications_scored():
    assert _form(SCORING).json_schema["properties"]["panel_size"]["enum"] == [5, 7]
    assert _errors(SCORING, {**scoring(), "panel_size": 6})
    unqualified = {k: v for k, v in scoring().items() if k not in ("scores", "total")}
    unqualified["qualification_passed"] = False
    assert _errors(SCORING, unqualified) == []
    assert _errors(SCORING, {**unqualified, "scores": scoring()["scores"]})  # not scored
    assert _errors(SCORING, {**scoring(), "qualification_passed": True, "scores": None})
    qualified_without_scores = {k: v for k, v in scoring().items() if k != "scores"}
    assert any(e.message == "'scores' is a required property" for e in _errors(SCORING, qualified_without_scores))


def test_progress_disclosure_needs_channel_and_date():
    data = progress()
    del data["disclosure"]["channel"]
    assert _errors(PROGRESS, data)
    assert _errors(PROGRESS, {**progress(), "disclosure": {"disclosed": False}}) == []
    assert _errors(PROGRESS, {**progress(), "month": "2023-13"})


def test_evaluation_dimensions_of_the_document():
    props = _form(EVALUATION).json_schema["properties"]
    assert list(props["contractor"]["properties"]) == [
        "organization", "division_of_work", "publicity", "fairness", "training", "safety", "satisfaction",
        "compliance", "fund_management"]
    assert [p["title"] for p in props["contractor"]["properties"].values()] == [
        "机构是否健全", "团队分工是否明确", "项目宣传是否到位", "项目评估是否公正公平", "培训、指导、督促是否到位",
        "安全教育、安全措施落实是否到位", "创投主体对承办服务是否满意", "执行本办法及《委托代理协议》的规定是否严格",
        "资金管理、费用支出等是否严格执行财政资金管理有关规定"]
    assert props["stage"]["enum"] == ["mid_term", "final"]
    assert set(props["satisfaction"]["properties"]) >= {"beneficiaries", "society"}
    assert props["selection"]["properties"]["grounds"]["items"]["enum"] == [
        "good_benefit", "wide_influence", "high_demand", "high_satisfaction"]
    brand = evaluation()
    brand["selection"] = {"brand": True, "outstanding": False, "grounds": []}
    assert _errors(EVALUATION, brand)  # a brand project needs its grounds
    brand["selection"]["grounds"] = ["good_benefit", "high_satisfaction"]
    assert _errors(EVALUATION, brand) == []
    assert _errors(EVALUATION, {**evaluation(), "experts": evaluation()["experts"][:4]})


# --- rules ------------------------------------------------------------------------------------------


@dataclass
class FakeRegion:
    path: str
    tier: Tier


@dataclass
class FakeContext:
    """What a rule may use of core.documents.rules.RuleContext, with canned answers."""

    region: FakeRegion | None = None
    today: dt.date = dt.date(2023, 5, 15)
    settings: dict[str, Any] = field(default_factory=dict)
    submissions: int = 0
    calls: list[dict[str, Any]] = field(default_factory=list)

    def setting(self, key, default=None):
        return self.settings.get(key, default)

    async def ancestor(self, tier):
        if self.region is None:
            return None
        parts = self.region.path.split("/")
        depth = {Tier.CITY: 1, Tier.DISTRICT: 2, Tier.STREET: 3, Tier.COMMUNITY: 4}[tier]
        return FakeRegion("/".join(parts[:depth]), tier) if len(parts) >= depth else None

    async def count_submissions(self, form_key, *, under=None, year=None, where=None, exclude_id=None):
        self.calls.append({"form_key": form_key, "under": under, "year": year, "where": where,
                           "exclude_id": exclude_id})
        return self.submissions


def organization(**overrides):
    return {
        "id": 7,
        "name": "盘锦市大洼区社会工作服务中心",
        "org_type": "social_work_agency",
        "registration": "registered",
        "credit_code": CONTRACTOR_CODE,
        "grade": 5,
        "full_time_staff": 3,
        "has_party_organization": True,
        "public_fundraising": False,
        "charity_focus": False,
        "on_dishonesty_list": False,
        "has_administrative_penalty": False,
        "established_on": dt.date(2019, 5, 20),
        "region": "panjin/dawa",
        **overrides,
    }


async def _run(subject, record, context):
    registry = load([plugins.panjin], entry_points=False)[1]
    at = SimpleNamespace(path=record.get("region", "panjin") if isinstance(record.get("region"), str) else "panjin")
    return await run_rules(rules_for(registry, subject, at, {"panjin"}), record, context)


async def test_an_eligible_contractor_passes_every_rule():
    context = FakeContext(region=FakeRegion("panjin/dawa", Tier.DISTRICT))
    results = await _run("social_organization", organization(), context)
    assert [r.key for r in results] == [
        "panjin_contractor_registered", "panjin_contractor_full_time_staff", "panjin_contractor_not_dishonest",
        "panjin_contractor_no_administrative_penalty", "panjin_contractor_5a_priority",
        "panjin_contractor_one_project_per_year",
    ]
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    assert all(r.source.startswith(f"{DOCUMENT} 三（五）2") for r in results)
    assert [r.key for r in results if r.advisory] == ["panjin_contractor_5a_priority"]


async def test_an_ineligible_contractor_gets_every_failed_rule():
    context = FakeContext(region=FakeRegion("panjin/dawa", Tier.DISTRICT), submissions=1)
    record = organization(registration="filed", full_time_staff=2, on_dishonesty_list=True,
                          has_administrative_penalty=True, grade=3)
    failed = {r.key: r for r in await _run("social_organization", record, context) if not r.passed}
    assert set(failed) == {
        "panjin_contractor_registered", "panjin_contractor_full_time_staff", "panjin_contractor_not_dishonest",
        "panjin_contractor_no_administrative_penalty", "panjin_contractor_5a_priority",
        "panjin_contractor_one_project_per_year",
    }
    assert "仅为备案" in failed["panjin_contractor_registered"].message
    assert "3名以上专职工作人员" in failed["panjin_contractor_full_time_staff"].message
    assert "专职工作人员2名" in failed["panjin_contractor_full_time_staff"].message
    assert "严重违法失信名单" in failed["panjin_contractor_not_dishonest"].message
    assert "行政处罚" in failed["panjin_contractor_no_administrative_penalty"].message
    assert failed["panjin_contractor_5a_priority"].advisory and "3A" in failed["panjin_contractor_5a_priority"].message
    assert "2023年在全市已有1份" in failed["panjin_contractor_one_project_per_year"].message


async def test_three_full_time_staff_is_enough_and_an_ungraded_organization_is_told():
    context = FakeContext(region=FakeRegion("panjin/dawa", Tier.DISTRICT))
    results = {r.key: r for r in await _run("social_organization", organization(full_time_staff=3, grade=None),
                                            context)}
    assert results["panjin_contractor_full_time_staff"].passed  # 3名以上 includes 3
    assert not results["panjin_contractor_5a_priority"].passed
    assert "未参加等级评估" in results["panjin_contractor_5a_priority"].message


async def test_one_project_a_year_counts_this_years_applications_by_credit_code():
    context = FakeContext(region=FakeRegion("panjin/dawa/tianjia", Tier.STREET))
    check = next(r for r in _own("rules") if r.key == "panjin_contractor_one_project_per_year").check
    assert await check(organization(), context) is True
    assert context.calls == [{"form_key": APPLICATION, "under": None, "year": 2023,
                              "where": {"contractor_credit_code": CONTRACTOR_CODE}, "exclude_id": None}]
    # A bureau reading it as one project per county: counted in the organization's county.
    context = FakeContext(region=FakeRegion("panjin/dawa/tianjia", Tier.STREET), submissions=1,
                          settings={"contractor_project_limit_scope": "county"})
    message = await check(organization(), context)
    assert context.calls[0]["where"] == {"contractor_credit_code": CONTRACTOR_CODE, "county": "panjin/dawa"}
    assert message == ("承办单位在年度内只能承办1个县区1个公益创投项目；该组织2023年在大洼区"
                       "已有1份《“五社联动”项目申报书》")
    assert await check(organization(credit_code=None), FakeContext()) == "无法核对年度承办项目数：该组织没有统一社会信用代码"


async def test_a_complete_application_passes_its_rules():
    context = FakeContext(region=FakeRegion("panjin/dawa", Tier.DISTRICT))
    results = await _run(f"form:{APPLICATION}", application(), context)
    assert len(results) == 9
    assert all(r.passed for r in results), [(r.key, r.message) for r in results if not r.passed]
    assert context.calls == [{"form_key": APPLICATION, "under": None, "year": 2023,
                              "where": {"contractor_credit_code": CONTRACTOR_CODE}, "exclude_id": None}]


async def _failures(data, **context):
    context.setdefault("region", FakeRegion("panjin/dawa", Tier.DISTRICT))
    return {r.key: r.message for r in await _run(f"form:{APPLICATION}", data, FakeContext(**context))
            if not r.passed}


async def test_application_rules_fail_as_the_document_says():
    data = application()
    data["service_project"] = "left_behind_children_care"
    assert set(await _failures(data)) == {"panjin_application_project_in_category"}
    data["service_project"] = "other_old_and_young_care"  # 其他“一老一小”: either category
    assert await _failures(data) == {}

    data = application()
    data["service_communities"].append("panjin/panshan/taiping/longxiang")
    failures = await _failures(data)
    assert set(failures) == {"panjin_application_communities_in_county"}
    assert "太平街道龙祥社区" in failures["panjin_application_communities_in_county"]

    assert set(await _failures(application(), region=FakeRegion("panjin/panshan", Tier.DISTRICT))) == {
        "panjin_application_county_matches_region"}

    data = application()
    data["period"]["end_date"] = "2024-03-31"
    assert "跨年度" in (await _failures(data))["panjin_application_within_year"]

    data = application()
    data["budget"]["lines"][0]["amount_fen"] = 5_000_000
    assert set(await _failures(data)) == {"panjin_application_budget_lines"}

    data = application()
    data["self_funding"]["share"] = 0.25
    assert "0.2000" in (await _failures(data))["panjin_application_self_funding"]
    data["self_funding"].update(amount_fen=1_000_000, share=0.1)
    assert "不等于项目总预算" in (await _failures(data))["panjin_application_self_funding"]

    data = application()
    data["contractor"]["full_time_staff"] = 2
    data["contractor"]["qualifications"]["npo_accounting"] = False
    data["contractor"]["qualifications"]["on_dishonesty_list"] = True
    message = (await _failures(data))["panjin_application_contractor_conditions"]
    assert "执行《民间非营利组织会计制度》" in message and "3名以上专职工作人员" in message and "严重违法失信名单" in message

    data = application()
    data["contractor_credit_code"] = CONTRACTOR_CODE[:-1] + ("0" if CONTRACTOR_CODE[-1] != "0" else "1")
    assert "无效" in (await _failures(data))["panjin_application_credit_codes"]
    data = application()
    data["partner"] = {"name": "同一家", "credit_code": CONTRACTOR_CODE, "responsibilities": "无"}
    assert "1–2家不同" in (await _failures(data))["panjin_application_credit_codes"]

    failures = await _failures(application(), submissions=1)
    assert set(failures) == {"panjin_application_one_project_per_year"}


async def test_application_limit_per_county_when_the_tenant_says_so():
    context = FakeContext(region=FakeRegion("panjin/dawa", Tier.DISTRICT),
                          settings={"contractor_project_limit_scope": "county"})
    await _run(f"form:{APPLICATION}", application(), context)
    assert context.calls[0]["where"] == {"contractor_credit_code": CONTRACTOR_CODE, "county": "panjin/dawa"}


async def test_rules_of_the_other_forms():
    context = FakeContext()
    assert all(r.passed for r in await _run(f"form:{SCORING}", scoring(), context))
    wrong = {**scoring(), "total": 500}
    (result,) = await _run(f"form:{SCORING}", wrong, context)
    assert not result.passed and "568.5" in result.message

    assert all(r.passed for r in await _run(f"form:{PROGRESS}", progress(), context))
    data = progress()
    data["progress"]["sessions"] = 10
    data["funds"]["lines"].pop()
    (result,) = await _run(f"form:{PROGRESS}", data, context)
    assert "活动场次合计9不等于本月活动场次10" in result.message and "本月支出明细合计5,000.00元" in result.message

    assert all(r.passed for r in await _run(f"form:{EVALUATION}", evaluation(), context))
    seven = {**evaluation(), "panel_size": 7}
    (result,) = await _run(f"form:{EVALUATION}", seven, context)
    assert not result.passed and "5或7名" in result.message


# --- settings ---------------------------------------------------------------------------------------


def test_settings_carry_the_plans_numbers():
    assert [(s.key, s.kind, s.default) for s in _own("settings")] == [
        ("contractor_project_limit_scope", "text", "city"),
        ("first_tranche_share", "decimal", Decimal("0.6")),  # 合同签署后拨付60%
        ("second_tranche_share", "decimal", Decimal("0.4")),  # 中期评估验收合格后核拨40%
        ("review_report_working_days", "int", 10),  # 评审工作结束后10个工作日内
        ("archive_retention_years", "int", 3),  # 档案保管期限为三年
        ("debarment_years", "int", 3),  # 三年内不予购买服务
    ]


# --- together ---------------------------------------------------------------------------------------


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    mine = {kind: [d.item for d in getattr(registry, kind) if d.plugin == "panjin"]
            for kind in ("targets", "forms", "catalogues", "rules", "settings")}
    assert {kind: len(items) for kind, items in mine.items()} == {
        "targets": 2, "forms": 5, "catalogues": 2, "rules": 18, "settings": 6}


def test_samples_are_not_shared_between_tests():
    first = application()
    first["budget"]["lines"].clear()
    assert application()["budget"]["lines"] and copy.deepcopy(application()) == application()


# --- through GraphQL ---------------------------------------------------------------------------------


async def test_the_rounds_forms_are_filled_only_at_its_steps(client, admin_token):
    """三（七）: a score sheet is a step of the application's case (one per panel member, for an
    application that exists: tests/plugins/test_panjin_round.py); no form of the round is accepted
    outside its case, where none of those checks would run."""
    submit = 'mutation($f: String!, $d: JSON!) { submitForm(form: $f, region: "panjin/dawa", data: $d) { result { id } errors { field message code } } }'
    for key, data, step in ((SCORING, scoring(), "panjin_application.score"), (APPLICATION, application(), "panjin_application.apply"),
                            (PROGRESS, progress(), "panjin_application.report_progress"),
                            (EVALUATION, evaluation(), "panjin_application.pass_mid_term")):
        body = await graphql(client, submit, {"f": key, "d": data}, token=admin_token)
        (error,) = body["data"]["submitForm"]["errors"]
        assert (error["field"], error["code"]) == ("form", "case_step") and step in error["message"], (key, body)
