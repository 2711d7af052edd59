"""议事协商 as a case (plugins/chongqing/cases.py) at a Zhengyang community, through GraphQL:
渝民发〔2022〕7号 三（四）、三（六）、四（二）; 正阳办事处发〔2022〕95号 三（六） repeats them."""

import sqlalchemy as sa
from sqlmodel import select

import plugins.chongqing
import plugins.qianjiang
from core import db
from core.models import OrganizationMember, OrgType, Registration, SocialOrganization, Tenant, User
from core.plugins.manager import load
from core.testing import add_user, graphql, step_refused, step_taken, user_with_role

CASE = """query($id: ID!) { case(id: $id) { id state
  timeline { action fromState toState actor }
  parties { part username organizationName active } } }"""

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
TYPE = "chongqing_consultation"


ok, refused = step_taken, step_refused


async def _org(platform, name, org_type, *members):
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
        region = (await session.exec(sa.text(f"SELECT id FROM region WHERE path = '{COMMUNITY}'"))).scalar_one()
        org = SocialOrganization(tenant_id=tenant.id, region_id=region, name=name, registration=Registration.REGISTERED,
                                 org_type=org_type)
        session.add(org)
        await session.flush()
        for username in members:
            user = (await session.exec(select(User).where(User.username == username))).one()
            session.add(OrganizationMember(tenant_id=tenant.id, user_id=user.id, organization_id=org.id))
        return org.id


RECORD = {
    "held_on": "2024-03-15",
    "convened_by": "村（社区）“两委”",
    "topic": "老旧小区加装电梯",
    "participants": [
        {"name": "张社工", "category": "社会工作者"},
        {"name": "李代表", "category": "社会组织代表"},
        {"name": "王志愿者", "category": "社区志愿者"},
        {"name": "赵代表", "category": "社会慈善资源代表"},
    ],
    "issues": [{"description": "3号楼老人上下楼难", "category": "养老服务", "responsible": "朝阳社区社会组织",
                "outcome": "申请加装电梯，协调资金"}],
    "major_matter": False,
}


def test_one_type_for_chongqing_and_zhengyang():
    registry = load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]
    declared = {d.item.key: d.plugin for d in registry.case_types}
    assert declared == {TYPE: "chongqing"}
    (decl,) = [d.item for d in registry.case_types]
    assert all(s.deadline is None for s in decl.states)  # the documents set no time limit
    deliberate = decl.transition("deliberate")
    assert deliberate.form == "chongqing_consultation_record"
    assert [g.key for g in deliberate.guards] == ["participants"]


async def test_a_consultation_from_raised_to_feedback(platform, client, admin_token):
    staff = await user_with_role(platform, client, admin_token, "staff", "chongqing", "community", COMMUNITY)
    street = await user_with_role(platform, client, admin_token, "street", "chongqing", "street_office",
                                  "chongqing/qianjiang/zhengyang")
    for username in ("sw", "vol", "agent"):
        await add_user(platform, username, "chongqing")
    agent_token = str(await platform.token_for("agent"))
    social = await _org(platform, "朝阳邻里互助会", OrgType.COMMUNITY_SOCIAL_ORGANIZATION, "agent")
    charity = await _org(platform, "黔江慈善会", OrgType.CHARITY_ORGANIZATION)

    # the street does not raise a resident's problem; the community does
    problems = await refused(client, street, type=TYPE, region=COMMUNITY, action="raise_issue",
                             data={"description": "加装电梯", "raised_by": "刘居民", "capacity": "居民代表"})
    assert "chongqing_consultation:raise" in problems["action"]
    case = await ok(client, staff, type=TYPE, region=COMMUNITY, action="raise_issue",
                    data={"description": "3号楼老人上下楼难，希望加装电梯", "raised_by": "刘居民", "capacity": "居民代表",
                          "channel": "议事协商"})
    assert (case["state"], case["dueOn"]) == ("raised", None)

    # the record lists the four participants, but none took part: the guard refuses
    problems = await refused(client, street, case=case["id"], action="deliberate", data=RECORD)
    assert set(problems) == {"guards.participants"}
    assert "社会工作者、社会组织代表、社区志愿者、社会慈善资源代表" in problems["guards.participants"]

    # invited: real users and registered organizations only
    problems = await refused(client, street, case=case["id"], action="invite",
                             data={"part": "social_worker", "user": "nobody"})
    assert set(problems) == {"data.user"}
    problems = await refused(client, street, case=case["id"], action="invite",
                             data={"part": "volunteer", "organization": social})
    assert set(problems) == {"data.organization"}
    await ok(client, street, case=case["id"], action="invite", data={"part": "social_worker", "user": "sw"})
    await ok(client, street, case=case["id"], action="invite", data={"part": "volunteer", "user": "vol"})
    await ok(client, street, case=case["id"], action="invite",
             data={"part": "social_organization", "organization": social})
    problems = await refused(client, street, case=case["id"], action="deliberate", data=RECORD)
    assert set(problems) == {"guards.participants"} and "缺少以下参与人：社会慈善资源代表（" in problems["guards.participants"]
    await ok(client, street, case=case["id"], action="invite", data={"part": "charity", "organization": charity})

    # the form's own rule still runs on the record, and names the field it judges
    thin = {**RECORD, "participants": RECORD["participants"][:1]}
    problems = await refused(client, street, case=case["id"], action="deliberate", data=thin)
    assert set(problems) == {"data.participants"} and "议事协商缺少以下参与人" in problems["data.participants"]
    deliberated = await ok(client, street, case=case["id"], action="deliberate", data=RECORD)
    assert deliberated["state"] == "deliberated"

    # 分类 by the documents' domains, 分责 to the social organization
    problems = await refused(client, street, case=case["id"], action="classify", data={"domain": "电梯"})
    assert set(problems) == {"data.domain"}
    await ok(client, street, case=case["id"], action="classify", data={"domain": "养老服务", "need": "生活照料"})
    await ok(client, street, case=case["id"], action="assign",
             data={"responsible": "朝阳邻里互助会", "organization": social})

    # the responsible organization's member resolves it as a party; the community feeds it back
    resolved = await ok(client, agent_token, case=case["id"], action="resolve",
                        data={"outcome": "已联系加装电梯项目，纳入项目清单", "project_code": "CY-2024-01"})
    assert resolved["state"] == "resolved"
    problems = await refused(client, agent_token, case=case["id"], action="feed_back", data={"feedback": "已告知"})
    assert set(problems) == {"action"}
    closed = await ok(client, staff, case=case["id"], action="feed_back",
                      data={"feedback": "已向刘居民反馈办理结果", "satisfied": True})
    assert (closed["state"], closed["terminal"]) == ("closed", True)
    assert closed["data"]["domain"] == "养老服务" and closed["data"]["responsible"] == "朝阳邻里互助会"

    body = await graphql(client, CASE, {"id": case["id"]}, token=staff)
    timeline = body["data"]["case"]["timeline"]
    assert [e["action"] for e in timeline] == [
        "raise_issue", "invite", "invite", "invite", "invite", "deliberate", "classify", "assign", "resolve",
        "feed_back"]
    assert [e["actor"] for e in timeline] == ["staff"] + ["street"] * 7 + ["agent", "staff"]
    parts = {(p["part"], p["username"] or p["organizationName"]) for p in body["data"]["case"]["parties"]}
    assert parts == {("social_worker", "sw"), ("volunteer", "vol"), ("social_organization", "朝阳邻里互助会"),
                     ("charity", "黔江慈善会"), ("responsible", "朝阳邻里互助会")}
