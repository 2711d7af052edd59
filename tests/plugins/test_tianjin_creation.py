"""Tianjin's creation points as cases (plugins/tianjin/cases.py), through GraphQL as the district,
street and city users: 津民函〔2023〕20号 二、三、五（三）、附件1、附件2."""


from sqlmodel import select

import plugins.tianjin
from core import clock, db
from core.models import (
    CertificateLevel,
    CommunityFund,
    Donation,
    DonationForm,
    DonorKind,
    OrgType,
    Region,
    Registration,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
    WorkerPost,
)
from core.plugins.manager import load
from core.testing import graphql, step_refused, step_taken, user_with_role
from plugins.tianjin.forms import EVALUATION_DIMENSIONS, STANDARDS

CASE = """query($id: ID!) { case(id: $id) { id state
  timeline { action fromState toState actor }
  children { id type state region data } } }"""

POINT = "tianjin_creation_point"

LIVE = ["tianjin_creation_point_streets", "tianjin_creation_point_communities", "tianjin_joint_point_communities",
        "tianjin_creation_tasks_done_share"]
REGION = """query($path: String!, $keys: [String!]) { region(path: $path) {
  indicators(keys: $keys) { key value numerator denominator }
  targetStatus { key indicator status value threshold scope } } }"""


ok, refused = step_taken, step_refused


async def _street(client, admin, district, code, communities):
    add = """mutation($p: String!, $c: String!, $n: String!, $t: Tier!) {
      addRegion(parent: $p, code: $c, name: $n, tier: $t) { errors { field message } } }"""
    body = await graphql(client, add, {"p": f"tianjin/{district}", "c": code, "n": f"{code}街道", "t": "STREET"},
                         token=admin)
    assert body["data"]["addRegion"]["errors"] == [], body
    for community in communities:
        body = await graphql(client, add, {"p": f"tianjin/{district}/{code}", "c": community, "n": f"{community}社区",
                                           "t": "COMMUNITY"}, token=admin)
        assert body["data"]["addRegion"]["errors"] == [], body
    return f"tianjin/{district}/{code}"


def _evaluation(street, level, share, result, *, joint_point=None, reported=True):
    point = {"street": street, "level": level, "communities": ["甲社区", "乙社区"]}
    if joint_point is not None:
        point["joint_point"] = joint_point
    data = {
        "creation_point": point,
        "evaluated_on": "2024-06-20",
        "evaluator": "区民政局",
        "tasks_done_share": share,
        "dimensions": {k: {"findings": "见报告", "qualified": result == "合格"} for k in EVALUATION_DIMENSIONS},
        "standards": dict.fromkeys(STANDARDS, result == "合格"),
        "result": result,
    }
    if reported:
        data["reported_to_city_on"] = "2024-06-25"
    return data


async def _complete(client, token, tasks):
    for task in tasks:
        done = await ok(client, token, case=task["id"], action="complete", data={"summary": "已完成"})
        assert done["state"] == "done"


async def _live(client, token, path):
    """The region's Tianjin indicators (key → (numerator, denominator)) and its targets (key → status, value)."""
    body = await graphql(client, REGION, {"path": path, "keys": LIVE}, token=token)
    assert "errors" not in body, body
    region = body["data"]["region"]
    values = {v["key"]: (v["numerator"], v["denominator"]) for v in region["indicators"]}
    targets = {t["key"]: (t["status"], t["value"]) for t in region["targetStatus"]}
    return values, targets


async def _meet_the_standards(platform, street_path, *, fund_fen):
    """Live data at a joint point's street meeting the numeric standards of 三（二）、（四）、（五）、（六）
    (the fund raising ``fund_fen`` this year), written to the registers the indicators count."""
    today = clock.today()
    async with db.transaction(platform.sessions) as session:
        street = (await session.exec(select(Region).where(Region.path == street_path))).one()
        villages = (await session.exec(select(Region).where(Region.parent_id == street.id).order_by(Region.path))).all()
        tenant = street.tenant_id
        serial = iter(range(1000))

        def worker(region, **kw):
            n = next(serial)
            return SocialWorker(tenant_id=tenant, region_id=region.id, name=f"社工{n}", id_number_encrypted="x",
                                id_number_hash=f"{n:064d}", id_number_masked="120119********0000", birth_year=1990,
                                sex="female", **kw)

        # 三（二）: 2 full-time social workers at the street's station; a certified community worker per village
        session.add_all([worker(street, post=WorkerPost.SOCIAL_WORK_STATION, is_full_time=True,
                                certificate_level=CertificateLevel.ASSISTANT) for _ in range(2)])
        session.add_all([worker(v, post=WorkerPost.COMMUNITY, is_community_worker=True,
                                certificate_level=CertificateLevel.ASSISTANT) for v in villages])
        # 三（四）: 5 community social organizations
        session.add_all([SocialOrganization(tenant_id=tenant, region_id=villages[i % len(villages)].id,
                                            name=f"社区社会组织{i}", org_type=OrgType.COMMUNITY_SOCIAL_ORGANIZATION,
                                            registration=Registration.FILED) for i in range(5)])
        # 三（五）: a team per village; 3 registered volunteers in 20 residents (15%), 2 of them serving this year
        for v in villages:
            v.resident_population = 20
            team = VolunteerTeam(tenant_id=tenant, region_id=v.id, name=f"{v.name}志愿服务队")
            session.add(team)
            await session.flush()
            people = [Volunteer(tenant_id=tenant, region_id=v.id, name=f"{v.name}志愿者{i}", real_name_registered=True,
                                team_id=team.id) for i in range(3)]
            session.add_all(people)
            await session.flush()
            session.add_all([ServiceRecord(tenant_id=tenant, region_id=v.id, volunteer_id=p.id, served_on=today,
                                           minutes=120) for p in people[:2]])
        # 三（六）: the street's community fund, hosted by a charity, raising money and goods this year
        host = SocialOrganization(tenant_id=tenant, region_id=street.id, name="蓟州区慈善协会",
                                  org_type=OrgType.CHARITY_ORGANIZATION, registration=Registration.REGISTERED,
                                  public_fundraising=True)
        session.add(host)
        await session.flush()
        fund = CommunityFund(tenant_id=tenant, region_id=street.id, name="东二营镇社区基金", host_organization_id=host.id)
        session.add(fund)
        await session.flush()
        session.add(Donation(tenant_id=tenant, region_id=street.id, fund_id=fund.id, donor_name="某企业",
                             donor_kind=DonorKind.ENTERPRISE, form=DonationForm.MONEY, amount_fen=fund_fen - 500_000,
                             donated_on=today))
        session.add(Donation(tenant_id=tenant, region_id=villages[0].id, fund_id=fund.id, donor_name="居民",
                             donor_kind=DonorKind.RESIDENT, form=DonationForm.IN_KIND, in_kind_description="米面粮油",
                             in_kind_value_fen=500_000, donated_on=today))
        return fund.id, street.id


def test_case_types_and_measures_are_declared():
    registry = load([plugins.tianjin], entry_points=False)[1]
    types = {d.item.key: d.item for d in registry.case_types}
    assert set(types) == {POINT, "tianjin_creation_community", "tianjin_creation_task"}
    measures = {m.key: (t.key, m.count) for t in types.values() for m in t.measures}
    assert measures["creation_tasks_done"] == ("tianjin_creation_task", "cases")
    assert measures["creation_tasks"] == ("tianjin_creation_task", "cases")
    assert measures["creation_point_streets"] == (POINT, "regions")
    assert measures["joint_point_communities"] == ("tianjin_creation_community", "regions")
    point = types[POINT]
    assert point.state("creating").deadline.on.isoformat() == "2023-11-30"
    assert point.state("mid_term_evaluated").deadline.on.isoformat() == "2024-06-30"
    assert all(t.source.startswith("津民函〔2023〕20号") for t in point.transitions)
    # the indicators over those measures, which the targets of 二 and 附件1 name
    indicators = {d.item.key: (d.item.numerator, d.item.denominator) for d in registry.indicators}
    assert indicators == {
        "tianjin_creation_point_streets": ("creation_point_streets", None),
        "tianjin_creation_point_communities": ("creation_point_community_regions", None),
        "tianjin_joint_point_communities": ("joint_point_communities", None),
        "tianjin_creation_tasks_done_share": ("creation_tasks_done", "creation_tasks"),
    }
    assert all(d.item.source.startswith("津民函〔2023〕20号 二") for d in registry.indicators)
    assert {t.item.indicator for t in registry.targets} >= set(indicators)


async def test_a_district_level_point_from_designation_to_closure(platform, client, admin_token):
    # 附件1: 宝坻区 has 2 streets and 4 communities.
    s1 = await _street(client, admin_token, "baodi", "s1", ["a", "b"])
    s2 = await _street(client, admin_token, "baodi", "s2", ["a", "b"])
    s3 = await _street(client, admin_token, "baodi", "s3", ["a", "b", "c"])
    district = await user_with_role(platform, client, admin_token, "baodi", "tianjin", "district_bureau", "tianjin/baodi")
    street = await user_with_role(platform, client, admin_token, "s1", "tianjin", "street_office", s1)
    city = await user_with_role(platform, client, admin_token, "city", "tianjin", "city_bureau", "tianjin")

    # the street may not designate itself; a single community is too few
    problems = await refused(client, street, type=POINT, region=s1, action="designate",
                             data={"level": "区级创建点", "communities": ["a", "b"]})
    assert "tianjin_creation_point:designate" in problems["action"]
    problems = await refused(client, district, type=POINT, region=s1, action="designate",
                             data={"level": "区级创建点", "communities": ["a"]})
    assert set(problems) == {"data.communities"}

    point = await ok(client, district, type=POINT, region=s1, action="designate",
                     data={"level": "区级创建点", "communities": ["a", "b"]}, title="s1创建点")
    assert (point["state"], point["dueOn"]) == ("creating", "2023-11-30")
    assert point["data"]["communities"] == [f"{s1}/a", f"{s1}/b"]
    await ok(client, district, type=POINT, region=s2, action="designate",
             data={"level": "区级创建点", "communities": [f"{s2}/a", f"{s2}/b"]})
    # 附件1's quota for 宝坻区 (2 streets, 4 communities) is met; the city's 50 and 100 are not
    values, targets = await _live(client, city, "tianjin/baodi")
    assert values["tianjin_creation_point_streets"] == (2.0, None)
    assert values["tianjin_creation_point_communities"] == (4.0, None)
    assert targets["creation_point_streets"] == ("met", 2.0) and targets["creation_point_communities"] == ("met", 4.0)
    _, targets = await _live(client, city, "tianjin")
    assert targets["creation_point_streets"] == ("not_met", 2.0)
    assert targets["creation_point_communities"] == ("not_met", 4.0)
    # twice the same street; a third street is over the quota (streets and communities)
    problems = await refused(client, district, type=POINT, region=s1, action="designate",
                             data={"level": "区级创建点", "communities": ["a", "b"]})
    assert set(problems) == {"guards.not_designated", "guards.quota"}
    problems = await refused(client, district, type=POINT, region=s3, action="designate",
                             data={"level": "区级创建点", "communities": ["a", "b"]})
    assert set(problems) == {"guards.quota"}
    assert "名额2个" in problems["guards.quota"] and "名额4个" in problems["guards.quota"]

    # the covered communities and the seven tasks are child cases
    body = await graphql(client, CASE, {"id": point["id"]}, token=district)
    children = body["data"]["case"]["children"]
    communities = [c for c in children if c["type"] == "tianjin_creation_community"]
    tasks = [c for c in children if c["type"] == "tianjin_creation_task"]
    assert sorted(c["region"] for c in communities) == [f"{s1}/a", f"{s1}/b"]
    assert {c["state"] for c in communities} == {"covered"}
    assert sorted(t["data"]["standard"] for t in tasks) == sorted(STANDARDS)
    assert {t["state"] for t in tasks} == {"open"}

    # the milestone is visible: the point is overdue (2023-11-30 has passed)
    body = await graphql(client, """{ overdueCases(under: "tianjin/baodi") { nodes { id dueOn } } }""", token=city)
    assert {n["id"] for n in body["data"]["overdueCases"]["nodes"]} >= {point["id"]}

    # the street completes four tasks; the district's mid-term evaluation must report the live share
    await _complete(client, street, tasks[:4])
    problems = await refused(client, district, case=point["id"], action="evaluate_mid_term",
                             data=_evaluation("s1街道", "区级创建点", 1.0, "合格", reported=False))
    assert set(problems) == {"guards.tasks_done_share", "guards.reported"}
    assert "4/7" in problems["guards.tasks_done_share"]
    mid = await ok(client, district, case=point["id"], action="evaluate_mid_term",
                   data=_evaluation("s1街道", "区级创建点", round(4 / 7, 4), "合格"))
    assert (mid["state"], mid["dueOn"]) == ("mid_term_evaluated", "2024-06-30")

    # a failed final evaluation, and tasks still open: closing is refused for both
    final = await ok(client, district, case=point["id"], action="evaluate_final",
                     data=_evaluation("s1街道", "区级创建点", round(4 / 7, 4), "不合格"))
    assert final["data"]["final_result"] == "不合格"
    problems = await refused(client, district, case=point["id"], action="close")
    assert set(problems) == {"guards.evaluations", "guards.tasks_done"}
    assert "末期评估结果不合格" in problems["guards.evaluations"]
    # the city does not close a district-level point
    problems = await refused(client, city, case=point["id"], action="close")
    assert set(problems) == {"action"}

    # the remaining tasks done, evaluated again, passed: closed
    await _complete(client, street, tasks[4:])
    await ok(client, district, case=point["id"], action="evaluate_final",
             data=_evaluation("s1街道", "区级创建点", 1.0, "合格"))
    closed = await ok(client, district, case=point["id"], action="close")
    assert (closed["state"], closed["terminal"]) == ("closed", True)
    # a closed point's tasks no longer change
    problems = await refused(client, district, case=tasks[0]["id"], action="reopen", data={"reason": "复查"})
    assert set(problems) == {"guards.point_open"}

    body = await graphql(client, CASE, {"id": point["id"]}, token=city)
    timeline = body["data"]["case"]["timeline"]
    assert [e["action"] for e in timeline] == [
        "designate", "evaluate_mid_term", "evaluate_final", "evaluate_final", "close"]
    assert [e["actor"] for e in timeline] == ["baodi"] * 5
    assert {c["state"] for c in body["data"]["case"]["children"] if c["type"] == "tianjin_creation_community"} \
        == {"completed"}

    # withdrawing the other point frees the quota for s3
    second = (await graphql(client, """{ cases(type: "tianjin_creation_point", state: "creating") {
      nodes { id } } }""", token=district))["data"]["cases"]["nodes"]
    await ok(client, district, case=second[0]["id"], action="withdraw", data={"reason": "条件不具备"})
    await ok(client, district, type=POINT, region=s3, action="designate",
             data={"level": "区级创建点", "communities": ["a", "b"]})


async def test_a_joint_point_counted_live_and_closed_by_the_city(platform, client, admin_token, monkeypatch):
    # run before the 2023 milestone: a deadline once passed is judged on its day's data, and its verdict kept
    monkeypatch.setenv("WUSHE_TODAY", "2023-11-01")
    # 附件2 序号10: 蓟州区 东二营镇 王辛庄村、北高庄村、都赛营北村.
    street_path = "tianjin/jizhou/dongerying"
    villages = [f"{street_path}/{c}" for c in ("wangxinzhuang", "beigaozhuang", "dusaiyingbei")]
    district = await user_with_role(platform, client, admin_token, "jizhou", "tianjin", "district_bureau", "tianjin/jizhou")
    street = await user_with_role(platform, client, admin_token, "deying", "tianjin", "street_office", street_path)
    city = await user_with_role(platform, client, admin_token, "city", "tianjin", "city_bureau", "tianjin")

    # nothing designated: the counts are 0 and the share of tasks done is unknown (nothing to divide by)
    values, targets = await _live(client, city, "tianjin")
    assert values == {"tianjin_creation_point_streets": (0.0, None), "tianjin_creation_point_communities": (0.0, None),
                      "tianjin_joint_point_communities": (0.0, None), "tianjin_creation_tasks_done_share": (0.0, 0.0)}
    assert targets["creation_tasks_done_share_2023"] == ("no_data", None)
    assert targets["joint_point_communities"] == ("not_met", 0.0)

    problems = await refused(client, district, type=POINT, region=street_path, action="designate",
                             data={"level": "市区联合创建点", "joint_point": 9, "communities": villages})
    assert set(problems) == {"data.joint_point"} and "市区联合创建点10" in problems["data.joint_point"]
    problems = await refused(client, district, type=POINT, region=street_path, action="designate",
                             data={"level": "市区联合创建点", "joint_point": 10, "communities": villages[:2]})
    assert set(problems) == {"data.communities"} and "dusaiyingbei" in problems["data.communities"]
    problems = await refused(client, district, type=POINT, region=street_path, action="designate",
                             data={"level": "区级创建点", "communities": villages})
    assert set(problems) == {"data.level"}
    point = await ok(client, district, type=POINT, region=street_path, action="designate",
                     data={"level": "市区联合创建点", "joint_point": 10, "communities": villages})

    body = await graphql(client, CASE, {"id": point["id"]}, token=city)
    children = body["data"]["case"]["children"]
    assert {c["state"] for c in children if c["type"] == "tianjin_creation_community"} == {"covered_joint"}
    tasks = [c for c in children if c["type"] == "tianjin_creation_task"]
    assert len(tasks) == 7

    # designated: one street, its three villages, seven tasks none done; 蓟州区's quota is 2 streets
    values, targets = await _live(client, city, "tianjin/jizhou")
    assert values == {"tianjin_creation_point_streets": (1.0, None), "tianjin_creation_point_communities": (3.0, None),
                      "tianjin_joint_point_communities": (3.0, None), "tianjin_creation_tasks_done_share": (0.0, 7.0)}
    assert targets["creation_point_streets"] == ("not_met", 1.0)
    # the milestones of 二 are the city's: judged at tianjin, context in a district (its own share shown)
    assert targets["creation_tasks_done_share_2023"] == ("context", 0.0)
    # the tasks are completed: the share follows, the 50% milestone is met at the fourth, the 100% one at the last
    shares = []
    for done, task in enumerate(tasks, 1):
        await _complete(client, street, [task])
        if done in (3, 4, 6, 7):
            values, targets = await _live(client, city, street_path)
            assert values["tianjin_creation_tasks_done_share"] == (float(done), 7.0)
            _, at_city = await _live(client, city, "tianjin")
            shares.append((done, at_city["creation_tasks_done_share_2023"][0], at_city["creation_tasks_done_share"][0]))
    assert shares == [(3, "not_met", "not_met"), (4, "met", "not_met"), (6, "met", "not_met"), (7, "met", "met")]
    assert at_city["creation_tasks_done_share"] == ("met", 1.0)
    assert targets["creation_tasks_done_share"] == ("context", 1.0)
    assert targets["covered_communities"] == ("met", 3.0)  # 三（二）: 项目辐射不少于2个社区, at the joint point
    rollup = await graphql(client, """query($ind: [String!]!) { rollup(under: "tianjin", by: DISTRICT, indicators: $ind) {
      rows { path values { key value numerator denominator } } total { values { key value } } } }""",
        {"ind": LIVE}, token=city)
    assert "errors" not in rollup, rollup
    rows = {r["path"]: {v["key"]: v["value"] for v in r["values"]} for r in rollup["data"]["rollup"]["rows"]}
    assert rows["tianjin/jizhou"] == {"tianjin_creation_point_streets": 1.0, "tianjin_creation_point_communities": 3.0,
                                      "tianjin_joint_point_communities": 3.0, "tianjin_creation_tasks_done_share": 1.0}
    assert rows["tianjin/baodi"]["tianjin_creation_tasks_done_share"] is None
    assert {v["key"]: v["value"] for v in rollup["data"]["rollup"]["total"]["values"]} == rows["tianjin/jizhou"]

    await ok(client, district, case=point["id"], action="evaluate_mid_term",
             data=_evaluation("东二营镇", "市区联合创建点", 1.0, "合格", joint_point=10))
    await ok(client, district, case=point["id"], action="evaluate_final",
             data=_evaluation("东二营镇", "市区联合创建点", 1.0, "合格", joint_point=10))

    # the district does not close a joint point; the city closes it only on the live standards of 三
    problems = await refused(client, district, case=point["id"], action="close")
    assert set(problems) == {"guards.district_level", "guards.standards"}
    closing = {
        "stage": 2, "final_stage": True, "evaluated_on": "2024-06-28", "evaluation_team": "专业评估团队",
        "dimensions": {k: {"findings": "合格", "qualified": True} for k in EVALUATION_DIMENSIONS},
        "standards": dict.fromkeys(STANDARDS, True), "result": "合格", "closed": True,
    }
    problems = await refused(client, city, case=point["id"], action="close_joint_point", data=closing)
    assert set(problems) == {"guards.standards"}
    assert "街镇社会工作服务站专职社会工作者" in problems["guards.standards"]
    # a stage evaluation by the city is on the timeline and leaves the point where it is
    stage = {**closing, "stage": 1, "final_stage": False, "closed": False}
    staged = await ok(client, city, case=point["id"], action="evaluate_joint_point", data=stage)
    assert staged["state"] == "final_evaluated"

    # the registers at 东二营镇 meet every standard but the fund, one fen short of 三（六）'s ¥20,000 for 6–11
    fund, street_id = await _meet_the_standards(platform, street_path, fund_fen=2_000_000 - 1)
    problems = await refused(client, city, case=point["id"], action="close_joint_point", data=closing)
    assert set(problems) == {"guards.standards"}
    assert ": 创建标准未达标：社区基金每年撬动社会慈善资金（含捐赠物资折算金额）（市区联合创建点10 东二营镇） (" \
        in problems["guards.standards"]  # that one alone
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Region.tenant_id).where(Region.id == street_id))).one()
        session.add(Donation(tenant_id=tenant, region_id=street_id, fund_id=fund, donor_name="居民",
                             donor_kind=DonorKind.RESIDENT, form=DonationForm.MONEY, amount_fen=1,
                             donated_on=clock.today()))
    _, targets = await _live(client, city, street_path)
    standards = {"station_full_time_social_workers", "covered_communities", "certified_community_workers",
                 "community_social_organizations", "volunteer_teams", "volunteer_share", "active_volunteer_share",
                 "fund_raised_per_year"}
    assert {k: targets[k][0] for k in standards} == dict.fromkeys(standards, "met")
    assert targets["fund_raised_per_year"][1] == 20_000  # yuan: 1,999,999 + 1 fen
    assert targets["volunteer_share"][1] == 0.15  # 9 in 60, each village exactly 15%

    closed = await ok(client, city, case=point["id"], action="close_joint_point", data=closing)
    assert (closed["state"], closed["terminal"], closed["data"]["joint_result"]) == ("closed", True, "合格")
    body = await graphql(client, CASE, {"id": point["id"]}, token=city)
    case = body["data"]["case"]
    assert [(e["action"], e["toState"], e["actor"]) for e in case["timeline"]] == [
        ("designate", "creating", "jizhou"),
        ("evaluate_mid_term", "mid_term_evaluated", "jizhou"),
        ("evaluate_final", "final_evaluated", "jizhou"),
        ("evaluate_joint_point", "final_evaluated", "city"),
        ("close_joint_point", "closed", "city"),
    ]
    assert {c["state"] for c in case["children"] if c["type"] == "tianjin_creation_community"} == {"completed_joint"}
    # a closed point still counts: its street, its villages, its tasks done
    values, targets = await _live(client, city, "tianjin")
    assert values == {"tianjin_creation_point_streets": (1.0, None), "tianjin_creation_point_communities": (3.0, None),
                      "tianjin_joint_point_communities": (3.0, None), "tianjin_creation_tasks_done_share": (7.0, 7.0)}
    assert targets["joint_point_communities"] == ("not_met", 3.0)
