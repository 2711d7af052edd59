"""Organization membership: a contractor's staff act for it; who may change that, and what is audited."""

import asyncio
import datetime as dt

from sqlmodel import select
from typer.testing import CliRunner

from core import db
from core.cli import app as cli
from core.models import OrganizationMember, Region, Sanction, SocialOrganization, User
from core.models.organization import OrgType, Registration
from core.testing import add_user, create_role, graphql, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
ADD = """mutation($o: ID!, $u: String!) { addOrganizationMember(organization: $o, username: $u) {
  result { organization { name } member { username } } errors { field message code } } }"""
REMOVE = ADD.replace("addOrganizationMember", "removeOrganizationMember")
MEMBERS = """query($id: ID!) { socialOrganization(id: $id) { name members { username }
  sanctions { kind reason source endsOn } current: sanctions(inForceOn: "2026-06-01") { kind } } }"""


async def organization_at(platform, path: str, name: str) -> str:
    async with db.transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == path))).one()
        row = SocialOrganization(tenant_id=region.tenant_id, region_id=region.id, name=name,
                                 org_type=OrgType.SOCIAL_WORK_AGENCY, registration=Registration.REGISTERED)
        session.add(row)
        await session.flush()
        return str(row.id)


async def test_an_office_adds_and_removes_staff_and_each_change_is_audited(platform, client, admin_token):
    await create_role(client, admin_token, "org_office", "STREET",
                      ["region:read", "social_organization:read", "social_organization:update"], "chongqing")
    await create_role(client, admin_token, "org_reader", "STREET", ["region:read", "social_organization:read"], "chongqing")
    office = await user_with_role(platform, client, admin_token, "office", "chongqing", "org_office", STREET)
    reader = await user_with_role(platform, client, admin_token, "reader", "chongqing", "org_reader", STREET)
    await add_user(platform, "staff.one", "chongqing")
    await add_user(platform, "tianjin.person", "tianjin")
    org = await organization_at(platform, f"{STREET}/qunli", "群力社工站")
    elsewhere = await organization_at(platform, "chongqing/qianjiang", "区级机构")  # above the office's street

    added = await graphql(client, ADD, {"o": org, "u": "staff.one"}, token=office)
    assert added["data"]["addOrganizationMember"] == {
        "result": {"organization": {"name": "群力社工站"}, "member": {"username": "staff.one"}}, "errors": []}

    refusals = [
        (reader, org, "staff.one", "organization", "forbidden"),  # may read, not update
        (office, elsewhere, "staff.one", "organization", "not_found"),  # cannot see it at all
        (office, org, "tianjin.person", "username", "not_found"),  # another tenant's user: not found
        (office, org, "nobody", "username", "not_found"),
        (office, org, "staff.one", "username", "duplicate"),
        (office, "x1", "staff.one", "organization", "invalid"),
    ]
    for token, o, u, field, code in refusals:
        body = await graphql(client, ADD, {"o": o, "u": u}, token=token)
        problem = body["data"]["addOrganizationMember"]["errors"][0]
        assert (problem["field"], problem["code"]) == (field, code), (o, u, problem)

    async with db.transaction(platform.sessions) as session:
        organization = await session.get_one(SocialOrganization, int(org))
        session.add(Sanction(tenant_id=organization.tenant_id, organization_id=int(org), kind="bar",
                             starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31), reason="项目评估不合格",
                             source="测试文件 第十条", recorded_by="office"))
    shown = await graphql(client, MEMBERS, {"id": org}, token=reader)
    assert shown["data"]["socialOrganization"] == {
        "name": "群力社工站", "members": [{"username": "staff.one"}],
        "sanctions": [{"kind": "bar", "reason": "项目评估不合格", "source": "测试文件 第十条", "endsOn": "2025-12-31"}],
        "current": [],
    }

    staff = await platform.token_for("staff.one")  # no role at all: still knows whom they act for
    mine = await graphql(client, "{ me { username organizations { name } } }", token=staff)
    assert mine["data"]["me"] == {"username": "staff.one", "organizations": [{"name": "群力社工站"}]}
    theirs = await graphql(client, '{ organizationsOfUser(username: "staff.one") { name } }', token=reader)
    assert theirs["data"]["organizationsOfUser"] == [{"name": "群力社工站"}]
    hidden = await graphql(client, "query($id: ID!) { socialOrganization(id: $id) { members { username } } }",
                           {"id": org}, token=staff)
    assert hidden["data"]["socialOrganization"] is None

    removed = await graphql(client, REMOVE, {"o": org, "u": "staff.one"}, token=office)
    assert removed["data"]["removeOrganizationMember"]["errors"] == []
    again = await graphql(client, REMOVE, {"o": org, "u": "staff.one"}, token=office)
    assert again["data"]["removeOrganizationMember"]["errors"][0]["code"] == "not_found"
    assert (await graphql(client, MEMBERS, {"id": org}, token=reader))["data"]["socialOrganization"]["members"] == []

    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "organization") { nodes { actor action } } }',
                        token=admin_token)
    assert [(e["actor"], e["action"]) for e in log["data"]["auditEvents"]["nodes"]] == [
        ("office", "organization.member.add"), ("office", "organization.member.remove")]


async def test_the_command_line_adds_a_member(platform, settings):
    await add_user(platform, "staff.two", "chongqing")
    org = await organization_at(platform, f"{STREET}/qunli", "群力社工站")
    runner = CliRunner()
    database = settings.database_url

    done = await asyncio.to_thread(runner.invoke, cli, ["org", "add-member", org, "staff.two", "--database", database])
    assert done.exit_code == 0, done.output
    assert done.output.strip() == f"staff.two now acts for organization {org}"
    twice = await asyncio.to_thread(runner.invoke, cli, ["org", "add-member", org, "staff.two", "--database", database])
    assert twice.exit_code == 2 and "already a member" in twice.output
    listed = await asyncio.to_thread(runner.invoke, cli, ["org", "members", org, "--database", database])
    assert "staff.two" in listed.output

    async with platform.sessions() as session:
        rows = (await session.exec(select(OrganizationMember, User).join(User))).all()
    assert [(m.organization_id, u.username) for m, u in rows] == [(int(org), "staff.two")]
