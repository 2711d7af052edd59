"""Panjin's review round and projects as cases (plugins/panjin/cases.py), through GraphQL: a whole
round as the organizer, contractors (members of their organizations) and experts — 盘民发〔2023〕24号
三（六）至三（十）."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.cases.calendar import calendar_of
from core.cases.queue import overdue
from core.models import (
    Case,
    OrganizationMember,
    OrgType,
    Region,
    Registration,
    Sanction,
    SocialOrganization,
    Tenant,
    User,
)
from core.testing import graphql, row_id, user_with_role
from core.validators import credit_code_check_char
from plugins.panjin.cases import draw

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id state version dueOn data terminal retainUntil }
  errors { field message code } } }"""

CASE = """query($id: ID!) { case(id: $id) { id state dueOn data retainUntil
  timeline { action actor data }
  parties { part username organizationName active }
  ledger { kind amountFen entryKey } } }"""

TODAY = dt.date.today()
YEAR = TODAY.year
DAWA, PANSHAN = "panjin/dawa", "panjin/panshan"
COMMUNITIES = {DAWA: ["panjin/dawa/tianjia/shuanghai", "panjin/dawa/dawa/zhanqian"],
               PANSHAN: ["panjin/panshan/taiping/longxiang", "panjin/panshan/taiping/lanqiao"]}


def _code(n: int) -> str:
    body = f"51211100MJ012345{n}"
    return body + credit_code_check_char(body)


def _file(name):
    return {"file_name": name, "file_id": f"files/{name}"}


def application(county: str, code: str, name: str, requested: int, own: int) -> dict:
    total = requested + own
    return {
        "project_name": name,
        "county": county,
        "service_category": "elderly_care",
        "service_project": "empty_nest_elderly_care",
        "target_groups": ["empty_nest_elderly"],
        "service_communities": COMMUNITIES[county],
        "period": {"start_date": f"{YEAR}-06-01", "end_date": f"{YEAR}-12-31"},
        "contractor_credit_code": code,
        "contractor": {
            "name": name, "org_type": "social_work_agency", "registration_authority": "盘锦市民政局",
            "registered_on": "2019-05-20", "newly_registered": False, "grade": 4, "full_time_staff": 5,
            "legal_representative": "王某", "contact_person": "李某", "contact_phone": "0427-6812345",
            "address": "盘锦市某路1号",
            "qualifications": {
                "independent_civil_liability": True, "governance_structure": True, "internal_management": True,
                "information_disclosure": True, "democratic_supervision": True, "npo_accounting": True,
                "independent_finance": True, "good_reputation": True,
                "capacities": ["evaluation", "training", "incubation", "supervision", "oversight"],
                "on_dishonesty_list": False, "has_administrative_penalty": False,
            },
        },
        "project_design": {
            "background": "空巢老人多。", "objectives": "陪伴。", "content": "探访。",
            "planned_sessions_per_community": 48, "planned_person_times_per_community": 1000,
            "expected_outcomes": "每社区48场、1000人次。", "station_cooperation": "朋辈督导。",
        },
        "team": {
            "leader": {"name": "张某", "position": "主任", "certificate_level": "intermediate", "experience": "十年"},
            "members": [{"name": "赵某", "role": "社工", "certificate_level": "assistant", "full_time": True}],
            "division_of_work": "分社区负责。",
        },
        "implementation": {
            "schedule": [{"phase": "实施", "start_date": f"{YEAR}-06-01", "end_date": f"{YEAR}-12-31",
                          "activities": "小组", "sessions": 96, "person_times": 2000}],
            "publicity": "公众号。", "safety": "保险。", "archiving": "保管三年。",
        },
        "inspection": {"plan": "每季度。", "responsible": "张某"},
        "supervision": {"plan": "每月。", "supervisor": "孙某", "frequency": "monthly"},
        "monitoring": {"plan": "自查。", "fund_management": "专账。", "disclosure": "公示栏。", "monthly_reporting": True},
        "budget": {"total_fen": total, "requested_fen": requested,
                   "lines": [{"item": "项目", "category": "activities", "quantity": 1, "unit_price_fen": total,
                              "amount_fen": total}]},
        "self_funding": {"amount_fen": own, "share": float((Decimal(own) / Decimal(total)).quantize(Decimal("0.0001")))},
        "project_plan": _file("方案.pdf"),
        "attachments": [{"kind": "registration_certificate", "file": _file("登记证书.pdf")},
                        {"kind": "charter", "file": _file("章程.pdf")},
                        {"kind": "audited_financial_report", "file": _file("审计报告.pdf")}],
        "declaration": {"truthful": True, "signatory": "王某", "signed_on": f"{YEAR}-05-10"},
    }


def sheet(app: dict, expert: str, total_items: list[int]) -> dict:
    keys = ("design", "team", "implementation", "inspection", "supervision", "monitoring", "budget")
    return {"application_id": app["data"]["application_form"], "project_name": app["data"]["project_name"],
            "contractor_credit_code": app["code"], "county": app["data"]["county"], "expert_name": expert,
            "panel_size": 5, "no_conflict_of_interest": True, "qualification_passed": True,
            "scores": dict(zip(keys, total_items, strict=True)), "total": sum(total_items),
            "scored_on": TODAY.isoformat()}


def progress(app: dict, month: str) -> dict:
    a, b = COMMUNITIES[app["data"]["county"]]
    return {"application_id": app["data"]["application_form"], "project_name": app["data"]["project_name"],
            "contractor_credit_code": app["code"], "month": month,
            "progress": {"sessions": 9, "person_times": 190,
                         "by_community": [{"community": a, "sessions": 5, "person_times": 100},
                                          {"community": b, "sessions": 4, "person_times": 90}],
                         "summary": "小组活动。", "next_month": "继续。"},
            "funds": {"received_fen": 4_800_001, "spent_this_month_fen": 700_000, "spent_to_date_fen": 700_000,
                      "lines": [{"item": "劳务", "category": "personnel", "amount_fen": 700_000}]},
            "disclosure": {"disclosed": False}}


def evaluation(app: dict, stage: str, *, passed: bool = True, brand: bool = False) -> dict:
    return {"application_id": app["data"]["application_form"], "project_name": app["data"]["project_name"],
            "contractor_credit_code": app["code"], "stage": stage, "panel_size": 5,
            "experts": ["周某", "吴某", "郑某", "王某", "冯某"], "evaluated_on": TODAY.isoformat(),
            "contractor": dict.fromkeys(("organization", "division_of_work", "publicity", "fairness", "training",
                                         "safety", "satisfaction", "compliance", "fund_management"), 85),
            "project": {"site_visit_on": TODAY.isoformat(), "management": 90, "matching_funds": 80, "fund_rules": 85,
                        "findings": "台账齐全。"},
            "satisfaction": {"beneficiaries": 0.95, "society": 0.9, "respondents": 120, "method": "问卷"},
            "selection": {"brand": brand, "outstanding": False, "grounds": ["good_benefit"] if brand else []},
            "conclusion": {"score": 86, "passed": passed, "opinion": "评估意见。"}}


async def step(client, token, **input_):
    body = await graphql(client, STEP, {"input": input_}, token=token)
    assert "errors" not in body, body
    return body["data"]["transition"]


async def ok(client, token, **input_):
    payload = await step(client, token, **input_)
    assert payload["errors"] == [], payload
    return payload["result"]


async def refused(client, token, fields, **input_):
    """The step is refused with exactly these problems (fields); returns their messages."""
    payload = await step(client, token, **input_)
    assert payload["result"] is None, payload
    assert sorted(e["field"] for e in payload["errors"]) == sorted(fields), payload["errors"]
    return " ".join(e["message"] for e in payload["errors"])


async def read(client, token, case_id):
    body = await graphql(client, CASE, {"id": case_id}, token=token)
    return body


async def _org(platform, name, code, county, *members, registration=Registration.REGISTERED, staff=5, grade=4,
               dishonest=False, penalty=False) -> int:
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
        region = (await session.exec(select(Region).where(Region.path == county))).one()
        org = SocialOrganization(tenant_id=tenant.id, region_id=region.id, name=name, registration=registration,
                                 org_type=OrgType.SOCIAL_WORK_AGENCY, credit_code=code, full_time_staff=staff,
                                 grade=grade, on_dishonesty_list=dishonest, has_administrative_penalty=penalty)
        session.add(org)
        await session.flush()
        for username in members:  # helper-11 builds the mutations for memberships; until then, rows
            user = (await session.exec(select(User).where(User.username == username))).one()
            session.add(OrganizationMember(tenant_id=tenant.id, user_id=user.id, organization_id=org.id))
        return org.id


async def _user_ids(platform) -> dict[int, str]:
    async with platform.sessions() as session:
        return {u.id: u.username for u in (await session.exec(select(User))).all()}


def _reviewers(case: dict, part: str = "reviewer", active: bool = True) -> list[str]:
    return [p["username"] for p in case["parties"] if p["part"] == part and (p["active"] or not active)]


async def test_a_whole_round(platform, client, admin_token):
    organizer = await user_with_role(platform, client, admin_token, "bureau", "panjin", "organizer", "panjin")
    tokens = {}
    for name, county in (("ca", DAWA), ("cb", DAWA), ("cc", DAWA), ("cd", PANSHAN), ("ce", DAWA), ("cf", DAWA)):
        tokens[name] = await user_with_role(platform, client, admin_token, name, "panjin", "contractor", county)
    body = await graphql(client, """mutation { assignRole(username: "ca", role: "contractor", region: "panjin/panshan")
      { errors { field message } } }""", token=admin_token)
    assert body["data"]["assignRole"]["errors"] == []  # 甲 may apply in either county
    experts = [f"e{n:02}" for n in range(1, 13)]
    for name in experts:
        tokens[name] = await user_with_role(platform, client, admin_token, name, "panjin", "expert", "panjin")
    orgs = {
        "a": await _org(platform, "甲社工中心", _code(1), DAWA, "ca"),
        "b": await _org(platform, "乙社工中心", _code(2), DAWA, "cb", grade=5),
        "c": await _org(platform, "丙社工中心", _code(3), DAWA, "cc"),
        "d": await _org(platform, "丁社工中心", _code(4), PANSHAN, "cd"),
        # 三（五）2: filed only, 2 full-time staff, on the dishonesty list, penalised — and its form says otherwise
        "e": await _org(platform, "戊服务队", _code(5), DAWA, "ce", registration=Registration.FILED, staff=2,
                        grade=None, dishonest=True, penalty=True),
    }
    ids = await _user_ids(platform)
    user_id = {name: i for i, name in ids.items()}

    # --- the call: public, opened by the organizer only ---------------------------------------------------
    budgets = {DAWA: 15_000_000, PANSHAN: 8_000_000}
    await refused(client, tokens["ca"], ["region"], type="panjin_round", region="panjin", action="open_round",
                  data={"year": YEAR, "panel_size": 5, "budgets": budgets})
    await refused(client, organizer, ["data.panel_size"], type="panjin_round", region="panjin", action="open_round",
                  data={"year": YEAR, "panel_size": 6, "budgets": budgets})
    round_ = await ok(client, organizer, type="panjin_round", region="panjin", action="open_round", title="2023年项目评审",
                      data={"year": YEAR, "panel_size": 5, "budgets": budgets})
    assert round_["state"] == "open"
    listed = await graphql(client, '{ cases(type: "panjin_round") { totalCount } }', token=tokens["cf"])
    assert listed["data"]["cases"]["totalCount"] == 1  # 三（六）向社会发布征集公告: every user sees it

    # --- applications: the organization's own record decides, not its form -------------------------------
    apps = {}
    for key, county, requested, own in (("a", DAWA, 8_000_001, 2_000_000), ("b", DAWA, 8_400_000, 3_600_000),
                                        ("c", DAWA, 6_000_000, 1_500_000), ("d", PANSHAN, 8_000_000, 2_000_000)):
        data = application(county, _code("abcd".index(key) + 1), f"{key}项目", requested, own)
        row = await ok(client, tokens[f"c{key}"], type="panjin_application", region=county, parent=round_["id"],
                       action="apply", data=data)
        assert row["state"] == "submitted" and row["data"]["requested_fen"] == requested
        apps[key] = {**row, "code": data["contractor_credit_code"]}
    message = await refused(client, tokens["ce"], ["guards.registered", "guards.full_time_staff",
                                                   "guards.not_dishonest", "guards.no_administrative_penalty"],
                            type="panjin_application", region=DAWA, parent=round_["id"], action="apply",
                            data=application(DAWA, _code(5), "戊项目", 1_000_000, 250_000))
    assert "仅为备案" in message and "专职工作人员2名" in message and "三（五）2" in message
    # a user who acts for no organization cannot apply; the form's code must be the organization's own
    await refused(client, tokens["cf"], ["guards.acting_for"], type="panjin_application", region=DAWA,
                  parent=round_["id"], action="apply", data=application(DAWA, _code(6), "己项目", 1_000_000, 250_000))
    await refused(client, tokens["ca"], ["guards.credit_code", "guards.one_project_per_year"],
                  type="panjin_application", region=DAWA, parent=round_["id"], action="apply",
                  data=application(DAWA, _code(2), "甲二", 1_000_000, 250_000))
    # one project a year, in the whole city by default (三（五）2)
    message = await refused(client, tokens["ca"], ["guards.one_project_per_year"], type="panjin_application",
                            region=PANSHAN, parent=round_["id"], action="apply",
                            data=application(PANSHAN, _code(1), "甲在盘山", 1_000_000, 250_000))
    assert f"#{row_id(apps['a']['id'])}" in message

    # a competitor sees its own application only: not by id, not in lists
    body = await read(client, tokens["cb"], apps["a"]["id"])
    assert body["data"]["case"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed = await graphql(client, '{ cases(type: "panjin_application") { totalCount nodes { id } } }',
                           token=tokens["cb"])
    assert listed["data"]["cases"] == {"totalCount": 1, "nodes": [{"id": apps["b"]["id"]}]}
    listed = await graphql(client, '{ cases(type: "panjin_application") { totalCount } }', token=tokens["e01"])
    assert listed["data"]["cases"]["totalCount"] == 0  # no panel yet
    forms = await graphql(client, '{ formSubmissions(under: "panjin/dawa", form: "panjin_project_application") { totalCount } }',
                          token=tokens["cb"])
    assert "errors" in forms or forms["data"]["formSubmissions"]["totalCount"] == 0

    # --- the panel: 5 drawn at random, reproducibly ----------------------------------------------------------
    await refused(client, tokens["e01"], ["action"], case=round_["id"], action="close_applications")
    closed = await ok(client, organizer, case=round_["id"], action="close_applications")
    assert closed["state"] == "reviewing"
    full = (await read(client, organizer, round_["id"]))["data"]["case"]
    (drawing,) = [e for e in full["timeline"] if e["action"] == "close_applications"]
    assert drawing["data"]["candidates"] == sorted(user_id[e] for e in experts)
    assert draw(drawing["data"]["candidates"], 5, drawing["data"]["seed"]) == drawing["data"]["drawn"]
    panel = [ids[i] for i in drawing["data"]["drawn"]]
    assert sorted(_reviewers(full)) == sorted(panel)
    # the draw is not shown to the applicants before the report (visible to the panel and the offices)
    seen = (await read(client, tokens["ca"], round_["id"]))["data"]["case"]["timeline"]
    assert [e["action"] for e in seen] == ["open_round"]
    seen = (await read(client, tokens[panel[0]], round_["id"]))["data"]["case"]["timeline"]
    assert [e["action"] for e in seen] == ["open_round", "close_applications"]
    # no application after the close
    await refused(client, tokens["cf"], ["guards.acting_for", "guards.round_open"], type="panjin_application",
                  region=DAWA, parent=round_["id"], action="apply",
                  data=application(DAWA, _code(6), "迟到", 1_000_000, 250_000))

    # an expert absent: excused on the round, one drawn anew takes the seat on every application
    absent = panel[0]
    await refused(client, organizer, ["guards.panel_member"], case=round_["id"], action="excuse_expert",
                  data={"expert": "ca", "reason": "absent"})
    await ok(client, organizer, case=round_["id"], action="excuse_expert", data={"expert": absent, "reason": "absent"})
    full = (await read(client, organizer, round_["id"]))["data"]["case"]
    redraw = full["timeline"][-1]["data"]
    (joining,) = [ids[i] for i in redraw["drawn"]]
    assert joining not in panel and set(redraw["candidates"]) == {user_id[e] for e in experts} - {user_id[p] for p in panel}
    assert draw(redraw["candidates"], 1, redraw["seed"]) == redraw["drawn"]
    panel = [*panel[1:], joining]
    for key in apps:
        case = (await read(client, organizer, apps[key]["id"]))["data"]["case"]
        assert sorted(_reviewers(case)) == sorted(panel), key
    # an expert with an interest in 甲 declares it: leaves 甲's panel alone, a replacement is drawn for 甲
    conflicted = panel[0]
    await ok(client, tokens[conflicted], case=apps["a"]["id"], action="declare_conflict",
             data={"relation": "advisor", "description": "任该中心督导"})
    case_a = (await read(client, organizer, apps["a"]["id"]))["data"]["case"]
    (replacement,) = [ids[i] for i in case_a["timeline"][-1]["data"]["drawn"]]
    assert replacement not in [*panel, absent]
    panels = {key: sorted(panel) for key in apps}
    panels["a"] = sorted([*panel[1:], replacement])
    assert sorted(_reviewers(case_a)) == panels["a"]
    # the organizer orders a recusal too; only of a member of that application's panel
    await refused(client, organizer, ["guards.recused_is_member"], case=apps["a"]["id"], action="order_recusal",
                  data={"expert": conflicted, "reason": "已回避"})
    ordered = panel[1]
    await ok(client, organizer, case=apps["c"]["id"], action="order_recusal", data={"expert": ordered, "reason": "亲属任职"})
    case_c = (await read(client, organizer, apps["c"]["id"]))["data"]["case"]
    (other,) = [ids[i] for i in case_c["timeline"][-1]["data"]["drawn"]]
    assert other not in [*panel, absent, replacement]
    panels["c"] = sorted([e for e in panel if e != ordered] + [other])
    assert sorted(_reviewers(case_c)) == panels["c"]
    # an expert of the panel now sees the applications; one who is not, none
    listed = await graphql(client, '{ cases(type: "panjin_application") { totalCount } }', token=tokens[panel[2]])
    assert listed["data"]["cases"]["totalCount"] == 4
    outsider = next(e for e in experts if e not in [*panel, absent, replacement, other])
    listed = await graphql(client, '{ cases(type: "panjin_application") { totalCount } }', token=tokens[outsider])
    assert listed["data"]["cases"]["totalCount"] == 0

    # --- qualification, then one score sheet per serving member ---------------------------------------------
    items = {"a": [80, 70, 70, 70, 70, 70, 70], "b": [70, 80, 70, 70, 70, 70, 70], "c": [60] * 7, "d": [70] * 7}
    await refused(client, tokens[panel[2]], ["action"], case=apps["a"]["id"], action="score",
                  data=sheet(apps["a"], panel[2], items["a"]))  # not before the qualification check
    for key in apps:
        await ok(client, tokens[panel[2]], case=apps[key]["id"], action="pass_qualification")
    for key in apps:
        for expert in panels[key]:
            if (key, expert) == ("d", panels["d"][-1]):
                continue  # the last sheet comes after a refused ranking
            await ok(client, tokens[expert], case=apps[key]["id"], action="score", data=sheet(apps[key], expert, items[key]))
    scorer = panels["a"][0]
    message = await refused(client, tokens[scorer], ["guards.one_sheet"], case=apps["a"]["id"], action="score",
                            data=sheet(apps["a"], scorer, items["a"]))
    assert "只提交一份" in message
    # a recused expert no longer sees the application, nor does one not on its panel: not found
    await refused(client, tokens[conflicted], ["case"], case=apps["a"]["id"], action="score",
                  data=sheet(apps["a"], conflicted, items["a"]))
    await refused(client, tokens[outsider], ["case"], case=apps["a"]["id"], action="score",
                  data=sheet(apps["a"], outsider, items["a"]))
    body = await graphql(client, STEP, {"input": {"case": "999999", "action": "score",
                                                  "data": sheet(apps["a"], scorer, items["a"])}}, token=tokens[scorer])
    assert [(e["code"], e["field"]) for e in body["data"]["transition"]["errors"]] == [("not_found", "case")]
    # before the panel closes, an expert sees their own sheet only; the organizer every one
    timeline = (await read(client, tokens[scorer], apps["a"]["id"]))["data"]["case"]["timeline"]
    assert [e["actor"] for e in timeline if e["action"] == "score"] == [scorer]
    timeline = (await read(client, organizer, apps["a"]["id"]))["data"]["case"]["timeline"]
    assert sorted(e["actor"] for e in timeline if e["action"] == "score") == panels["a"]

    message = await refused(client, organizer, ["guards.sheets_complete"], case=round_["id"], action="rank")
    assert f"#{row_id(apps['d']['id'])}缺1份评分表" in message
    last = panels["d"][-1]
    # an application this expert also reads (on its panel too: not one they were replaced on), but not this one
    other = apps[next(k for k in apps if k != "d" and last in panels[k])]["data"]["application_form"]
    message = await refused(client, tokens[last], ["guards.sheet_matches"], case=apps["d"]["id"], action="score",
                            data={**sheet(apps["d"], last, items["d"]), "application_id": other, "panel_size": 7})
    assert "项目申报书编号应为" in message and "评审小组人数应为5" in message
    message = await refused(client, tokens[last], ["data.application_id"], case=apps["d"]["id"], action="score",
                            data={**sheet(apps["d"], last, items["d"]), "application_id": 99_999})
    assert message == "no panjin_project_application submission with id 99999 that you may read"
    await ok(client, tokens[last], case=apps["d"]["id"], action="score", data=sheet(apps["d"], last, items["d"]))

    # --- ranking per county within budget; equal scores: the higher self-funding share --------------------
    ranked = await ok(client, organizer, case=round_["id"], action="rank")
    assert ranked["state"] == "ranked"
    async with platform.sessions() as session:
        calendar = await calendar_of(session, (await session.get_one(Case, row_id(round_["id"]))).tenant_id)
    assert ranked["dueOn"] == calendar.add_working_days(TODAY, 10).isoformat()  # 评审报告: 10 working days
    dawa = ranked["data"]["ranking"][DAWA]
    assert [(e["application"], e["score"], e["selected"]) for e in dawa] == [
        (row_id(apps["b"]["id"]), "500.00", True),  # 乙 ties with 甲 at 500 and funds 30% itself: first
        (row_id(apps["a"]["id"]), "500.00", False),  # 甲 (20%) does not fit the 6,600,000 left: reserve
        (row_id(apps["c"]["id"]), "420.00", True),  # 丙 fits
    ]
    states = {k: (await read(client, organizer, apps[k]["id"]))["data"]["case"]["state"] for k in apps}
    assert states == {"a": "reserve", "b": "selected", "c": "selected", "d": "selected"}
    # the panel has closed: its members now see each other's sheets
    timeline = (await read(client, tokens[scorer], apps["a"]["id"]))["data"]["case"]["timeline"]
    assert sorted(e["actor"] for e in timeline if e["action"] == "score") == panels["a"]
    await refused(client, organizer, ["guards.only_by_ranking"], case=apps["a"]["id"], action="select")

    # --- on-site verification: 乙 does not match; 甲 (next, fits the freed budget) moves up --------------------
    site = {"visited_on": TODAY.isoformat(), "findings": "办公场所与申报不符"}
    await ok(client, organizer, case=apps["b"]["id"], action="on_site_mismatch", data=site)
    assert (await read(client, organizer, apps["a"]["id"]))["data"]["case"]["state"] == "selected"
    await refused(client, organizer, ["guards.verified"], case=round_["id"], action="submit_report",
                  data={"summary": "评审报告"})
    # an early payment request: before the contract is signed
    message = await refused(client, tokens["ca"], ["guards.signed"], case=apps["a"]["id"], action="request_payment",
                            data={"tranche": 1})
    assert "合同签署后" in message and "三（八）2" in message
    for key in ("a", "c", "d"):
        await ok(client, organizer, case=apps[key]["id"], action="verify_on_site",
                 data={"visited_on": TODAY.isoformat(), "findings": "一致"})
    await ok(client, organizer, case=round_["id"], action="submit_report", data={"summary": "评审报告及核查报告"})
    # the engine reveals a limited event to the case's parties only: the public never sees the draw
    seen = (await read(client, tokens["ca"], round_["id"]))["data"]["case"]["timeline"]
    assert [e["action"] for e in seen] == ["open_round", "rank", "submit_report"]

    # --- 甲: contract, two tranches, monthly reports, evaluations, archive ------------------------------------
    signed = await ok(client, organizer, case=apps["a"]["id"], action="sign_contract", data={"signed_on": TODAY.isoformat()})
    first = int((Decimal(8_000_001) * Decimal("0.6")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert signed["data"]["tranches"] == {"1": first, "2": 8_000_001 - first} == {"1": 4_800_001, "2": 3_200_000}
    await refused(client, organizer, ["guards.requested"], case=apps["a"]["id"], action="pay", data={"tranche": 1})
    await ok(client, tokens["ca"], case=apps["a"]["id"], action="request_payment", data={"tranche": 1})
    await refused(client, tokens["ca"], ["guards.not_requested"], case=apps["a"]["id"], action="request_payment",
                  data={"tranche": 1})
    await refused(client, tokens["cb"], ["case"], case=apps["a"]["id"], action="request_payment", data={"tranche": 1})
    await ok(client, organizer, case=apps["a"]["id"], action="pay", data={"tranche": 1})
    message = await refused(client, tokens["ca"], ["guards.not_paid"], case=apps["a"]["id"], action="request_payment",
                            data={"tranche": 1})  # a double payment request
    assert "已于" in message and "拨付48,000.01元" in message  # 4,800,001 fen, shown in yuan
    message = await refused(client, tokens["ca"], ["guards.signed"], case=apps["a"]["id"], action="request_payment",
                            data={"tranche": 2})
    assert "中期评估验收合格后" in message

    # monthly report: counted on the project, the next one due in a month, overdue after it
    reported = await ok(client, tokens["ca"], case=apps["a"]["id"], action="report_progress",
                        data=progress(apps["a"], TODAY.strftime("%Y-%m")))
    assert (reported["data"]["sessions"], reported["data"]["person_times"]) == (9, 190)
    due = dt.date.fromisoformat(reported["dueOn"])
    assert due > TODAY and (due - TODAY).days <= 31
    await refused(client, tokens["ca"], ["guards.month_once"], case=apps["a"]["id"], action="report_progress",
                  data=progress(apps["a"], TODAY.strftime("%Y-%m")))
    async with platform.sessions() as session:
        who = await platform.principal(session, "bureau")
        place = (await session.exec(select(Region).where(Region.path == "panjin"))).one()
        late, _ = await overdue(session, who, platform.registry, place, today=due + dt.timedelta(days=1))
        assert row_id(apps["a"]["id"]) in {c.id for c in late}
        late, _ = await overdue(session, who, platform.registry, place, today=due)
        assert row_id(apps["a"]["id"]) not in {c.id for c in late}

    # evaluations by a new panel; a final one before a passed mid-term is refused
    await refused(client, organizer, ["action"], case=apps["a"]["id"], action="final_evaluation",
                  data=evaluation(apps["a"], "final"))
    drawn = await ok(client, organizer, case=apps["a"]["id"], action="draw_evaluation_panel", data={"panel_size": 5})
    case_a = (await read(client, organizer, apps["a"]["id"]))["data"]["case"]
    evaluators = _reviewers(case_a, "evaluator")
    assert len(evaluators) == 5 and not set(evaluators) & set(_reviewers(case_a, active=False))
    assert drawn["state"] == "contracted"
    await refused(client, tokens[panels["a"][0]], ["action"], case=apps["a"]["id"], action="pass_mid_term",
                  data=evaluation(apps["a"], "mid_term"))  # a reviewer is not an evaluator
    await refused(client, tokens[evaluators[0]], ["guards.stage"], case=apps["a"]["id"], action="pass_mid_term",
                  data=evaluation(apps["a"], "mid_term", passed=False))
    await ok(client, tokens[evaluators[0]], case=apps["a"]["id"], action="pass_mid_term",
             data=evaluation(apps["a"], "mid_term"))
    await ok(client, tokens["ca"], case=apps["a"]["id"], action="request_payment", data={"tranche": 2})
    await ok(client, organizer, case=apps["a"]["id"], action="pay", data={"tranche": 2})
    finished = await ok(client, tokens[evaluators[1]], case=apps["a"]["id"], action="final_evaluation",
                        data=evaluation(apps["a"], "final", brand=True))
    assert finished["state"] == "finished" and finished["data"]["brand"] is True
    await refused(client, organizer, ["guards.within_paid"], case=apps["a"]["id"], action="return_surplus",
                  data={"amount_fen": 9_000_000})
    await ok(client, organizer, case=apps["a"]["id"], action="return_surplus", data={"amount_fen": 100_000})
    archived = await ok(client, organizer, case=apps["a"]["id"], action="archive", data={"summary": "项目总结"})
    assert archived["terminal"] and archived["retainUntil"] == TODAY.replace(year=YEAR + 3).isoformat()
    ledger = (await read(client, tokens["ca"], apps["a"]["id"]))["data"]["case"]["ledger"]
    assert [(e["kind"], e["amountFen"], e["entryKey"]) for e in ledger] == [
        ("payment", 4_800_001, "tranche:1"), ("payment", 3_200_000, "tranche:2"), ("surplus_return", -100_000, None)]
    assert ledger[0]["amountFen"] + ledger[1]["amountFen"] == 8_000_001

    # --- 丁: payment stopped, then terminated with money recovered ---------------------------------------------
    await ok(client, organizer, case=apps["d"]["id"], action="sign_contract", data={"signed_on": TODAY.isoformat()})
    await ok(client, tokens["cd"], case=apps["d"]["id"], action="request_payment", data={"tranche": 1})
    await ok(client, organizer, case=apps["d"]["id"], action="pay", data={"tranche": 1})
    await ok(client, organizer, case=apps["d"]["id"], action="stop_payment", data={"reason": "未按合同实施"})
    await refused(client, tokens["cd"], ["guards.signed", "guards.payment_not_stopped"], case=apps["d"]["id"],
                  action="request_payment", data={"tranche": 2})
    await ok(client, organizer, case=apps["d"]["id"], action="recover", data={"amount_fen": 500_000, "reason": "不合理使用"})
    ended = await ok(client, organizer, case=apps["d"]["id"], action="terminate",
                     data={"reason": "拒不改正", "recover_fen": 1_000_000})
    assert ended["state"] == "terminated"
    ledger = (await read(client, organizer, apps["d"]["id"]))["data"]["case"]["ledger"]
    assert [e["amountFen"] for e in ledger] == [4_800_000, -500_000, -1_000_000]

    # --- 丙: false material after the first tranche: disqualified, recovered, barred three years -------------
    await ok(client, organizer, case=apps["c"]["id"], action="sign_contract", data={"signed_on": TODAY.isoformat()})
    await ok(client, tokens["cc"], case=apps["c"]["id"], action="request_payment", data={"tranche": 1})
    await ok(client, organizer, case=apps["c"]["id"], action="pay", data={"tranche": 1})
    out = await ok(client, organizer, case=apps["c"]["id"], action="false_material", data={"findings": "伪造审计报告"})
    assert out["state"] == "disqualified" and out["retainUntil"] == TODAY.replace(year=YEAR + 3).isoformat()
    ledger = (await read(client, organizer, apps["c"]["id"]))["data"]["case"]["ledger"]
    assert [(e["kind"], e["amountFen"]) for e in ledger] == [("payment", 3_600_000), ("recovery", -3_600_000)]
    async with platform.sessions() as session:
        (bar,) = (await session.exec(select(Sanction).where(Sanction.organization_id == orgs["c"]))).all()
        assert (bar.kind, bar.starts_on, bar.ends_on) == ("bar", TODAY, TODAY.replace(year=YEAR + 3))
        assert bar.case_id == row_id(apps["c"]["id"]) and "三（十）" in bar.source

    # --- the next round: the bar is enforced; an award counts as the year's project ------------------------------
    await refused(client, organizer, ["action"], case=round_["id"], action="rank")  # wrong state
    await ok(client, organizer, case=round_["id"], action="close")
    second = await ok(client, organizer, type="panjin_round", region="panjin", action="open_round",
                      data={"year": YEAR, "panel_size": 5, "budgets": budgets})
    message = await refused(client, tokens["cc"], ["guards.not_barred"], type="panjin_application", region=DAWA,
                            parent=second["id"], action="apply",
                            data=application(DAWA, _code(3), "丙再申报", 1_000_000, 250_000))
    assert TODAY.replace(year=YEAR + 3).isoformat() in message and "三年内不予购买服务" in message
    await refused(client, tokens["ca"], ["guards.one_project_per_year"], type="panjin_application", region=PANSHAN,
                  parent=second["id"], action="apply", data=application(PANSHAN, _code(1), "甲二", 1_000_000, 250_000))
    # 乙 was disqualified on site: its application does not count; it may apply again
    await ok(client, tokens["cb"], type="panjin_application", region=DAWA, parent=second["id"], action="apply",
             data=application(DAWA, _code(2), "乙再申报", 1_000_000, 250_000))
    # the tenant counts per county instead: 甲 (a project in 大洼区) may apply in 盘山县, not in 大洼区
    body = await graphql(client, 'mutation { setSetting(key: "contractor_project_limit_scope", value: "county") '
                         "{ errors { field message } } }", token=organizer)
    assert body["data"]["setSetting"]["errors"] == []
    await refused(client, tokens["ca"], ["guards.one_project_per_year"], type="panjin_application", region=DAWA,
                  parent=second["id"], action="apply", data=application(DAWA, _code(1), "甲三", 1_000_000, 250_000))
    await ok(client, tokens["ca"], type="panjin_application", region=PANSHAN, parent=second["id"], action="apply",
             data=application(PANSHAN, _code(1), "甲在盘山", 1_000_000, 250_000))
    async with platform.sessions() as session:
        count = (await session.exec(sa.select(sa.func.count()).select_from(Case))).one()[0]
    assert count == 2 + 4 + 2
