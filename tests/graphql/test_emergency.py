"""Emergency mode: bounded in time, powers for the two committees across the area, all audited."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.models import Emergency, Region, Volunteer
from core.testing import create_role, graphql, user_with_role
from core.web.graphql.ids import global_id

STREET = "chongqing/qianjiang/zhengyang"
START = """mutation($at: String!, $h: Int!) { startEmergency(region: $at, hours: $h, reason: "暴雨内涝") {
  result { region endsAt } errors { field message code } } }"""
END = 'mutation($at: String!) { endEmergency(region: $at) { result { endedAt } errors { field message } } }'
DISPATCH = """mutation($ids: [ID!]!) { dispatch(resource: VOLUNTEER, ids: $ids, task: "转移独居老人", region: "%s/qunli") {
  result { ids underEmergency } errors { field message code } } }""" % STREET


async def volunteers_in(platform, community: str, n: int) -> list[str]:
    async with db.transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == f"{STREET}/{community}"))).one()
        rows = [Volunteer(tenant_id=region.tenant_id, region_id=region.id, name=f"志愿者{i}") for i in range(n)]
        session.add_all(rows)
        await session.flush()
        return [global_id("Volunteer", r.id) for r in rows]


async def setup(platform, client, admin_token):
    await create_role(client, admin_token, "test_office", "STREET",
                      ["region:read", "emergency:create", "emergency:read", "emergency:update", "volunteer:read"], "chongqing")
    made = await create_role(client, admin_token, "committee", "COMMUNITY", ["region:read", "volunteer:read", "volunteer:dispatch"],
                             "chongqing", emergency_powers=True)
    assert made["result"]["emergencyPowers"] is True
    office = await user_with_role(platform, client, admin_token, "office", "chongqing", "test_office", STREET)
    committee = await user_with_role(platform, client, admin_token, "chaoyang2", "chongqing", "committee", f"{STREET}/chaoyang")
    return office, committee


async def test_emergency_powers_cover_the_area_only_while_it_lasts(platform, client, admin_token):
    office, committee = await setup(platform, client, admin_token)
    ids = await volunteers_in(platform, "qunli", 3)

    before = await graphql(client, DISPATCH, {"ids": ids}, token=committee)
    assert before["data"]["dispatch"]["errors"][0]["field"] == "region"  # qunli is outside chaoyang

    started = await graphql(client, START, {"at": STREET, "h": 12}, token=office)
    assert started["data"]["startEmergency"]["errors"] == []
    during = await graphql(client, DISPATCH, {"ids": ids}, token=committee)
    assert during["data"]["dispatch"]["result"] == {"ids": ids, "underEmergency": True}
    listed = await graphql(client, '{ region(path: "%s/qunli") { volunteers { totalCount } } }' % STREET, token=committee)
    assert listed["data"]["region"]["volunteers"]["totalCount"] == 3

    ended = await graphql(client, END, {"at": STREET}, token=office)
    assert ended["data"]["endEmergency"]["errors"] == []
    after = await graphql(client, DISPATCH, {"ids": ids}, token=committee)
    assert after["data"]["dispatch"]["errors"]

    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "emergency") { nodes { actor action target } } }', token=admin_token)
    assert [(e["actor"], e["action"]) for e in log["data"]["auditEvents"]["nodes"]] == [
        ("office", "emergency.start"), ("chaoyang2", "emergency.dispatch"), ("office", "emergency.end"),
    ]


async def test_an_emergency_ends_by_itself(platform, client, admin_token):
    office, committee = await setup(platform, client, admin_token)
    ids = await volunteers_in(platform, "qunli", 1)
    await graphql(client, START, {"at": STREET, "h": 1}, token=office)
    assert (await graphql(client, DISPATCH, {"ids": ids}, token=committee))["data"]["dispatch"]["result"]
    async with db.transaction(platform.sessions) as session:
        await session.exec(sa.update(Emergency).values(ends_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    assert (await graphql(client, DISPATCH, {"ids": ids}, token=committee))["data"]["dispatch"]["errors"]
    again = await graphql(client, START, {"at": STREET, "h": 2}, token=office)
    assert again["data"]["startEmergency"]["errors"] == []


async def test_ordinary_dispatch_inside_ones_own_community_is_not_an_emergency(platform, client, admin_token):
    _, committee = await setup(platform, client, admin_token)
    ids = await volunteers_in(platform, "chaoyang", 2)
    mutation = DISPATCH.replace(f"{STREET}/qunli", f"{STREET}/chaoyang")
    body = await graphql(client, mutation, {"ids": ids}, token=committee)
    assert body["data"]["dispatch"]["result"] == {"ids": ids, "underEmergency": False}


async def test_bad_emergency_requests_name_the_field(platform, client, admin_token):
    office, committee = await setup(platform, client, admin_token)
    cases = [
        ({"at": STREET, "h": 0}, "hours"),
        ({"at": STREET, "h": 73}, "hours"),
        ({"at": "chongqing/qianjiang", "h": 5}, "region"),
        ({"at": "panjin/dawa/tianjia", "h": 5}, "region"),
    ]
    for variables, field in cases:
        body = await graphql(client, START, variables, token=office)
        assert body["data"]["startEmergency"]["errors"][0]["field"] == field, variables
    denied = await graphql(client, START, {"at": f"{STREET}/chaoyang", "h": 5}, token=committee)
    assert denied["data"]["startEmergency"]["errors"][0]["code"] == "forbidden"
    await graphql(client, START, {"at": STREET, "h": 5}, token=office)
    twice = await graphql(client, START, {"at": STREET, "h": 5}, token=office)
    assert "already in emergency mode" in twice["data"]["startEmergency"]["errors"][0]["message"]
    teams = await graphql(client, 'mutation { dispatch(resource: VOLUNTEER_TEAM, ids: ["x"], task: "t", region: "%s") { errors { field } } }' % STREET,
                          token=committee)
    assert teams["data"]["dispatch"]["errors"] == [{"field": "ids"}]


async def test_money_donations_are_not_dispatched(platform, client, admin_token):
    office, committee = await setup(platform, client, admin_token)
    await graphql(client, START, {"at": STREET, "h": 5}, token=office)
    async with db.transaction(platform.sessions) as session:
        region = (await session.exec(select(Region).where(Region.path == f"{STREET}/qunli"))).one()
        from core.models import Donation, DonationForm, DonorKind

        money = Donation(tenant_id=region.tenant_id, region_id=region.id, donor_name="某企业", donor_kind=DonorKind.ENTERPRISE,
                         form=DonationForm.MONEY, amount_fen=100_00, donated_on=dt.date(2024, 1, 1))
        goods = Donation(tenant_id=region.tenant_id, region_id=region.id, donor_name="某超市", donor_kind=DonorKind.ENTERPRISE,
                         form=DonationForm.IN_KIND, in_kind_description="矿泉水 50 箱", in_kind_value_fen=1500_00,
                         donated_on=dt.date(2024, 1, 1))
        session.add_all([money, goods])
        await session.flush()
        ids = [str(money.id), str(goods.id)]
    send = 'mutation($ids: [ID!]!) { dispatch(resource: DONATION, ids: $ids, task: "救灾物资", region: "%s") { result { underEmergency } errors { message } } }' % STREET
    body = await graphql(client, send, {"ids": ids}, token=committee)
    assert "in-kind donations only" in body["data"]["dispatch"]["errors"][0]["message"]
    body = await graphql(client, send, {"ids": ids[1:]}, token=committee)
    assert body["data"]["dispatch"]["result"] == {"underEmergency": True}
