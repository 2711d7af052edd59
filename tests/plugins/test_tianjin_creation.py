"""Tianjin's creation points as cases (plugins/tianjin/cases.py), through GraphQL as the district,
street and city users: 津民函〔2023〕20号 二、三、五（三）、附件1、附件2."""

import plugins.tianjin
from core.plugins.manager import load
from core.testing import graphql, user_with_role
from plugins.tianjin.forms import EVALUATION_DIMENSIONS, STANDARDS

STEP = """mutation($input: TransitionInput!) { transition(input: $input) {
  result { id type state version dueOn data terminal }
  errors { field message code } } }"""

CASE = """query($id: ID!) { case(id: $id) { id state
  timeline { action fromState toState actor }
  children { id type state region data } } }"""

POINT = "tianjin_creation_point"


async def _step(client, token, **input_):
    body = await graphql(client, STEP, {"input": input_}, token=token)
    assert "errors" not in body, body
    return body["data"]["transition"]


async def ok(client, token, **input_):
    payload = await _step(client, token, **input_)
    assert payload["errors"] == [], payload
    return payload["result"]


async def refused(client, token, **input_):
    """The fields of the problems a refused step names."""
    payload = await _step(client, token, **input_)
    assert payload["result"] is None, payload
    return {e["field"]: e["message"] for e in payload["errors"]}


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


async def test_a_joint_point_is_checked_against_the_list_and_closed_by_the_city(platform, client, admin_token):
    # 附件2 序号10: 蓟州区 东二营镇 王辛庄村、北高庄村、都赛营北村.
    street_path = "tianjin/jizhou/dongerying"
    villages = [f"{street_path}/{c}" for c in ("wangxinzhuang", "beigaozhuang", "dusaiyingbei")]
    district = await user_with_role(platform, client, admin_token, "jizhou", "tianjin", "district_bureau", "tianjin/jizhou")
    street = await user_with_role(platform, client, admin_token, "deying", "tianjin", "street_office", street_path)
    city = await user_with_role(platform, client, admin_token, "city", "tianjin", "city_bureau", "tianjin")

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
    await _complete(client, street, tasks)
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
    body = await graphql(client, CASE, {"id": point["id"]}, token=city)
    assert [e["action"] for e in body["data"]["case"]["timeline"]] == [
        "designate", "evaluate_mid_term", "evaluate_final", "evaluate_joint_point"]
