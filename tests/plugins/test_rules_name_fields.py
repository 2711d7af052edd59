"""The built-in rules whose clause is about one field name it (``RuleDecl.fields`` or a ``Fault``),
so that a refused form shows its message beside that field."""

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core.plugins.manager import load
from core.testing import graphql
from tests.plugins.test_chongqing_policy import PROJECTS
from tests.plugins.test_panjin_policy import CONTRACTOR_CODE, application
from tests.plugins.test_qianjiang_policy import child_file

ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]

DECLARED = {
    "chongqing_consultation_participants": ("participants",),
    "chongqing_consultation_party_decision": ("party_decided_on",),
    "hebei_assistance_purchase_cap": ("purchase_amount_fen",),
    "hebei_assistance_purchase_items": ("services",),
    "hebei_award_charity_support": ("charity_support",),
    "panjin_contractor_registered": ("registration",),
    "panjin_contractor_full_time_staff": ("full_time_staff",),
    "panjin_contractor_not_dishonest": ("on_dishonesty_list",),
    "panjin_contractor_no_administrative_penalty": ("has_administrative_penalty",),
    "panjin_contractor_5a_priority": ("grade",),
    "panjin_application_contractor_conditions": ("contractor",),
    "panjin_application_communities_in_county": ("service_communities",),
    "panjin_application_county_matches_region": ("county",),
    "panjin_scoring_total": ("total",),
    "panjin_evaluation_panel": ("experts",),
    "qianjiang_child_file_id_number": ("child.id_number",),
    "qianjiang_child_file_minor": ("child.birth_date",),
    "qianjiang_child_file_guardian_consent": ("guardian_consent.date",),
    "tianjin_community_fund": ("community_fund",),
    "tianjin_station_social_workers": ("social_work_station",),
    "tianjin_covered_communities": ("covered_communities",),
    "tianjin_community_social_organizations": ("community_social_organizations",),
    "tianjin_community_volunteering": ("covered_communities",),
    "tianjin_fund_raised": ("fundraising",),
    "tianjin_summary_and_publicity": ("summary_and_publicity",),
    "tianjin_joint_point_closure": ("closed",),
    "tianjin_mid_term_reported": ("reported_to_city_on",),
    "tianjin_final_reported": ("reported_to_city_on",),
    "tianjin_mid_term_milestone": ("tasks_done_share",),
    "tianjin_final_milestone": ("tasks_done_share",),
}
"""Rules about one field, declared; the rest name theirs from the check (a Fault per item or per
sum) or judge the record as a whole (one project a year, the region a form is filed at)."""


def _rules():
    return {d.item.key: d.item for d in load(ALL, entry_points=False)[1].rules}


def test_the_rules_about_one_field_declare_it():
    assert {key: rule.fields for key, rule in _rules().items() if rule.fields} == DECLARED


def test_a_project_list_item_is_named_by_its_index():
    rules = _rules()
    undecided = {k: v for k, v in PROJECTS["items"][0].items() if k != "party_decided_on"}
    alone = {k: v for k, v in PROJECTS["items"][0].items() if k != "fundraising_partner"}
    faults = rules["chongqing_project_party_decision"].check({"items": [PROJECTS["items"][0], undecided]}, None)
    assert [f.field for f in faults] == ["items.1.party_decided_on"]
    faults = rules["chongqing_project_fundraising_partner"].check({"items": [alone, alone]}, None)
    assert [f.field for f in faults] == ["items.0.fundraising_partner", "items.1.fundraising_partner"]


def test_an_application_names_the_budget_line_and_the_code_at_fault():
    rules = _rules()
    data = application()
    data["budget"]["lines"][0]["amount_fen"] += 100
    faults = rules["panjin_application_budget_lines"].check(data, None)
    assert [f.field for f in faults] == ["budget.lines.0.amount_fen", "budget.total_fen"]
    data = application()
    data["partner"] = {"name": "同一家", "credit_code": CONTRACTOR_CODE, "responsibilities": "无"}
    assert rules["panjin_application_credit_codes"].check(data, None).field == "partner.credit_code"
    data = application()
    data["period"]["end_date"] = "2024-03-31"
    assert rules["panjin_application_within_year"].check(data, None).field == "period.end_date"
    data = application()
    data["self_funding"]["share"] = 0.25
    assert rules["panjin_application_self_funding"].check(data, None).field == "self_funding.share"


async def test_a_minors_file_consented_late_is_refused_at_the_consent_date(client, admin_token):
    """正阳办事处发〔2022〕95号 三（五） 建立个人档案 with the guardian's consent first (个人信息保护法 第三十一条)."""
    submit = """mutation($d: JSON!) { submitForm(form: "qianjiang_child_file",
      region: "chongqing/qianjiang/zhengyang/chaoyang", data: $d) { result { id } errors { field message code rule } } }"""
    late = child_file()
    late["guardian_consent"]["date"] = "2023-03-02"
    body = await graphql(client, submit, {"d": late}, token=admin_token)
    (error,) = body["data"]["submitForm"]["errors"]
    assert (error["field"], error["code"], error["rule"]) == (
        "data.guardian_consent.date", "rule", "qianjiang_child_file_guardian_consent")
    assert "须先取得监护人同意再建档" in error["message"] and "正阳办事处发〔2022〕95号" in error["message"]
    accepted = await graphql(client, submit, {"d": child_file()}, token=admin_token)
    assert accepted["data"]["submitForm"]["errors"] == []


async def test_a_contractor_is_told_which_of_its_fields_bars_it(client, admin_token):
    created = await graphql(client, """mutation($code: String!) { createSocialOrganization(input: {name: "小机构",
        orgType: SOCIAL_WORK_AGENCY, registration: FILED, creditCode: $code, fullTimeStaff: 2,
        region: "panjin/dawa"}) { result { id } errors { field message } } }""", {"code": CONTRACTOR_CODE}, token=admin_token)
    org = created["data"]["createSocialOrganization"]["result"]["id"]
    body = await graphql(client, 'query($id: ID!) { checkRules(subject: "social_organization", id: $id) { key passed faults { field } } }',
                         {"id": org}, token=admin_token)
    failed = {r["key"]: [f["field"] for f in r["faults"]] for r in body["data"]["checkRules"] if not r["passed"]}
    assert failed == {"panjin_contractor_registered": ["registration"], "panjin_contractor_full_time_staff": ["fullTimeStaff"],
                      "panjin_contractor_5a_priority": ["grade"]}
