"""Indicators over GraphQL: rollups equal raw-table SQL, targets evaluated exactly, errors name fields."""

import datetime as dt
import random

import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.demo.data import fill_demo_data
from core.models import Activity, Region, ServiceRecord, Volunteer
from core.testing import create_role, graphql, user_with_role
from core.testing.databases import filled
from core.tree.tiers import Tier
from tests.graphql.test_statement_count import before_and_after_growing, count_statements, grow

YEAR = dt.date.today().year
ROLLUP = """query($under: String!, $by: Tier!, $ind: [String!]!, $year: Int, $kind: CommunityKind) {
  rollup(under: $under, by: $by, indicators: $ind, year: $year, kind: $kind) {
    under by year
    rows { path name values { key value numerator denominator year }
           targets { key indicator status met value threshold communities communitiesMeeting } }
    total { path values { key value numerator denominator } }
  } }"""
ZHENGYANG = "chongqing/qianjiang/zhengyang"


async def _region(platform, path: str) -> Region:
    async with platform.sessions() as session:
        return (await session.exec(select(Region).where(Region.path == path))).one()


async def _serve(platform, share: float, seed: int = 7) -> None:
    """Service records this year (and last) for a share of each community's volunteers."""
    rng = random.Random(seed)
    async with db.transaction(platform.sessions) as session:
        for v in (await session.exec(select(Volunteer))).all():
            if rng.random() < share:
                for year in (YEAR, YEAR - 1):
                    session.add(ServiceRecord(tenant_id=v.tenant_id, region_id=v.region_id, volunteer_id=v.id,
                                              served_on=dt.date(year, 1, 1 + rng.randrange(28)), minutes=60))


async def test_a_rollup_equals_the_same_question_asked_of_the_raw_tables(platform, client, admin_token):
    await filled(platform, fill_demo_data)
    await _serve(platform, 0.4)
    body = await graphql(client, ROLLUP, {"under": "chongqing", "by": "STREET",
                                          "ind": ["volunteer_share", "active_volunteer_share"], "year": YEAR},
                         token=admin_token)
    assert "errors" not in body, body
    rows = {r["path"]: {v["key"]: v for v in r["values"]} for r in body["data"]["rollup"]["rows"]}

    street, community = sa.orm.aliased(Region), sa.orm.aliased(Region)
    registered = (
        select(street.path, sa.func.count(Volunteer.id))
        .join(community, community.id == Volunteer.region_id).join(street, street.id == community.street_id)
        .where(Volunteer.real_name_registered == sa.true(), street.path.startswith("chongqing/")).group_by(street.path)
    )
    population = (
        select(street.path, sa.func.sum(community.resident_population))
        .join(community, community.street_id == street.id)
        .where(community.tier == Tier.COMMUNITY, street.tier == Tier.STREET, street.path.startswith("chongqing/"))
        .group_by(street.path)
    )
    active = (
        select(street.path, sa.func.count(sa.distinct(ServiceRecord.volunteer_id)))
        .join(Volunteer, Volunteer.id == ServiceRecord.volunteer_id)
        .join(community, community.id == Volunteer.region_id).join(street, street.id == community.street_id)
        .where(Volunteer.real_name_registered == sa.true(), street.path.startswith("chongqing/"),
               ServiceRecord.served_on.between(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
        .group_by(street.path)
    )
    async with platform.sessions() as session:
        counted = dict((await session.exec(registered)).all())
        people = dict((await session.exec(population)).all())
        served = dict((await session.exec(active)).all())
    assert set(rows) == set(people)
    assert sum(served.values()) > 0
    for path, values in rows.items():
        share, activity = values["volunteer_share"], values["active_volunteer_share"]
        assert share["numerator"] == counted.get(path, 0)
        assert share["denominator"] == (people[path] or 0)
        assert activity["numerator"] == served.get(path, 0)
        assert activity["denominator"] == counted.get(path, 0)
        assert activity["year"] == YEAR
    total = {v["key"]: v for v in body["data"]["rollup"]["total"]["values"]}
    assert total["volunteer_share"]["numerator"] == sum(counted.values())


async def test_targets_per_community_count_the_communities_and_compare_exactly(platform, client, admin_token):
    """Zhengyang: registered volunteers ≥ 22% of residents in every community; 22 of 100 meets it."""
    async with db.transaction(platform.sessions) as session:
        communities = (await session.exec(select(Region).where(Region.path.startswith(ZHENGYANG + "/")))).all()
        for c in communities:
            c.resident_population = 100
            session.add(c)
            volunteers = 22 if c.code == "chaoyang" else 21
            session.add_all([Volunteer(tenant_id=c.tenant_id, region_id=c.id, name=f"志愿者{i}",
                                       real_name_registered=True, registered_on=dt.date(2022, 3, 1),
                                       valid_from=dt.date(2022, 3, 1))  # counted on its 2022 deadline
                             for i in range(volunteers)])
    query = """query($p: String!) { region(path: $p) { targetStatus {
        key indicator status met value evaluatedAt communities communitiesMeeting failing { path } daysLeft deadline } } }"""
    body = await graphql(client, query, {"p": ZHENGYANG}, token=admin_token)
    assert "errors" not in body, body
    share = next(t for t in body["data"]["region"]["targetStatus"] if t["key"] == "volunteer_share")
    assert share["evaluatedAt"] == "per_community"
    assert (share["communities"], share["communitiesMeeting"]) == (len(communities), 1)
    assert share["met"] is False and share["status"] == "not_met"
    assert ZHENGYANG + "/chaoyang" not in {f["path"] for f in share["failing"]}
    assert len(share["failing"]) == len(communities) - 1
    assert share["daysLeft"] == (dt.date.fromisoformat(share["deadline"]) - dt.date.today()).days

    body = await graphql(client, query, {"p": ZHENGYANG + "/chaoyang"}, token=admin_token)
    at_chaoyang = next(t for t in body["data"]["region"]["targetStatus"] if t["indicator"] == "volunteer_share")
    assert at_chaoyang["met"] is True and at_chaoyang["value"] == 0.22


async def test_a_rollup_carries_the_targets_of_each_row(platform, client, admin_token):
    """Panjin: ≥ 48 activities per community per year; one community reaches it."""
    district = await _region(platform, "panjin/xinglongtai")
    async with db.transaction(platform.sessions) as session:
        first = (await session.exec(select(Region).where(Region.district_id == district.id,
                                                        Region.tier == Tier.COMMUNITY).order_by(Region.path))).first()
        session.add_all([Activity(tenant_id=first.tenant_id, region_id=first.id, title=f"活动{i}",
                                  held_on=dt.date(YEAR, 1, 1), person_times=30) for i in range(48)])
    body = await graphql(client, ROLLUP, {"under": "panjin", "by": "DISTRICT", "ind": ["sessions", "person_times"]},
                         token=admin_token)
    assert "errors" not in body, body
    rows = {r["path"]: r for r in body["data"]["rollup"]["rows"]}
    sessions = next(t for t in rows["panjin/xinglongtai"]["targets"] if t["indicator"] == "sessions")
    assert sessions["communitiesMeeting"] == 1 and sessions["communities"] > 1 and sessions["met"] is False
    values = {v["key"]: v["value"] for v in rows["panjin/xinglongtai"]["values"]}
    assert values == {"sessions": 48, "person_times": 48 * 30}
    assert all({v["key"]: v["value"] for v in r["values"]}["sessions"] == 0
               for p, r in rows.items() if p != "panjin/xinglongtai")


async def test_rollup_errors_name_the_argument(client, admin_token):
    cases = [
        ({"under": "panjin", "by": "STREET", "ind": ["no_such_thing"]}, "indicators"),
        ({"under": "panjin", "by": "STREET", "ind": []}, "indicators"),
        ({"under": "panjin/xinglongtai", "by": "CITY", "ind": ["sessions"]}, "by"),
        ({"under": "panjin", "by": "STREET", "ind": ["sessions"], "year": 1800}, "year"),
        ({"under": "panjin/nowhere", "by": "STREET", "ind": ["sessions"]}, "under"),
    ]
    for variables, field in cases:
        body = await graphql(client, ROLLUP, variables, token=admin_token)
        assert body["data"] is None, variables
        assert body["errors"][0]["extensions"]["field"] == field, body["errors"]


async def test_reading_indicators_needs_indicator_read_at_the_region(platform, client, admin_token):
    await create_role(client, admin_token, "street_reader", "STREET", ["region:read", "indicator:read"], "chongqing")
    await create_role(client, admin_token, "no_indicators", "STREET", ["region:read"], "chongqing")
    reader = await user_with_role(platform, client, admin_token, "reader", "chongqing", "street_reader", ZHENGYANG)
    other = await user_with_role(platform, client, admin_token, "other", "chongqing", "no_indicators", ZHENGYANG)

    own = await graphql(client, ROLLUP, {"under": ZHENGYANG, "by": "COMMUNITY", "ind": ["volunteer_share"]}, token=reader)
    assert "errors" not in own and len(own["data"]["rollup"]["rows"]) == 5
    above = await graphql(client, ROLLUP, {"under": "chongqing/qianjiang", "by": "STREET", "ind": ["volunteer_share"]},
                          token=reader)
    assert above["errors"][0]["extensions"]["field"] == "under"  # outside its subtree: not even seen
    refused = await graphql(client, ROLLUP, {"under": ZHENGYANG, "by": "COMMUNITY", "ind": ["volunteer_share"]},
                            token=other)
    assert refused["errors"][0]["extensions"]["field"] == "under"
    query = '{ region(path: "' + ZHENGYANG + '") { indicators(keys: ["volunteer_share"]) { value } } }'
    assert (await graphql(client, query, token=other))["errors"][0]["extensions"]["field"] == "indicators"


NESTED = """
{ region(path: "panjin") {
    indicators(keys: ["volunteer_share", "sessions"]) { key value }
    children { name indicators(keys: ["volunteer_share", "sessions"]) { value }
      children { name indicators(keys: ["volunteer_share", "sessions"]) { value }
        children { name indicators(keys: ["volunteer_share", "sessions"]) { value } } } } } }
"""


async def test_nested_indicators_cost_the_same_statements_at_any_tree_size(platform, client, admin_token):
    small, large, _ = await before_and_after_growing(platform, client, NESTED, admin_token)
    assert len(large) == len(small), (len(small), len(large))
    # token → user and policy version (2), region (1); then children (3 levels) and indicators (4 levels)
    assert len(large) <= 10, large


async def test_the_indicator_catalogue_lists_core_and_plugin_indicators(client, admin_token):
    body = await graphql(client, "{ indicators { key label unit yearly computed plugin } }", token=admin_token)
    found = {i["key"]: i for i in body["data"]["indicators"]}
    assert found["active_volunteer_share"] == {"key": "active_volunteer_share", "label": "有服务时长记录的志愿者比例",
                                               "unit": "ratio", "yearly": True, "computed": True, "plugin": "core"}
    assert found["mechanism_coverage"]["computed"] is False


async def test_a_rollups_targets_cost_the_same_statements_however_many_rows(platform, client, admin_token):
    """The rows share one evaluation: per kind filter and per community-level target, not per row."""
    variables = {"under": "panjin/xinglongtai", "by": "STREET", "ind": ["sessions", "person_times"]}
    await graphql(client, ROLLUP, variables, token=admin_token)  # each counted on its second run: the first after
    with count_statements(platform.engine) as few:                # a change to the tree reads its regions again
        body = await graphql(client, ROLLUP, variables, token=admin_token)
    assert "errors" not in body, body
    rows = len(body["data"]["rollup"]["rows"])
    await grow(platform, streets=4, communities=3)
    await graphql(client, ROLLUP, variables, token=admin_token)
    with count_statements(platform.engine) as many:
        body = await graphql(client, ROLLUP, variables, token=admin_token)
    assert len(body["data"]["rollup"]["rows"]) == rows + 4
    assert all(r["targets"] for r in body["data"]["rollup"]["rows"])
    assert len(many) == len(few), (len(few), len(many))


async def test_rollup_rows_keep_each_parents_children_together_in_declared_order(client, admin_token):
    body = await graphql(client, ROLLUP, {"under": "panjin", "by": "COMMUNITY", "ind": ["volunteer_share"]},
                         token=admin_token)
    paths = [r["path"] for r in body["data"]["rollup"]["rows"]]
    parents = [p.rpartition("/")[0] for p in paths]
    runs = [p for i, p in enumerate(parents) if i == 0 or parents[i - 1] != p]
    assert len(runs) == len(set(runs)), runs  # no street's communities split by another's
    tianjia = [p.rpartition("/")[2] for p in paths if p.startswith("panjin/dawa/tianjia/")]
    assert tianjia == ["dabaozi", "shuanghai", "xinyuan", "dongfang", "shengtian"]  # as the plan lists them
