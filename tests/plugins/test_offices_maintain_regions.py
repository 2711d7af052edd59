"""The offices of the built-in plugins keep their regions through GraphQL, as their documents give them
the area (the MAINTENANCE tables of tests/plugins/test_*_roles.py): a bureau or street office sets a
community's resident population under its region, audited, and its indicators follow; it adds regions
below its own and never beside it; a region outside its subtree does not exist for it (``not_found``,
like a path that does not exist); a role the document gives no area is ``forbidden`` at a region it
reads. Tianjin's district bureau designates its joint-point street and creation-point communities;
Chongqing's municipal bureau sets the 2020 baseline of its charity-organization goal.
"""

from typing import Any

import pytest

from core.testing import graphql, user_with_role
from tests.plugins.recording import Client, add_region

UPDATE = """mutation($p: String!, $i: RegionFactsInput!) { updateRegion(path: $p, input: $i) {
  result { path residentPopulation urbanPopulation populationYear attributes } errors { field message code } } }"""
ADD = """mutation($parent: String!, $code: String!, $name: String!, $tier: Tier!) {
  addRegion(parent: $parent, code: $code, name: $name, tier: $tier) { result { path } errors { field code } } }"""
AUDIT = """query($t: String!) { auditEvents(tenant: $t, action: "region.") { nodes { actor action target before after } } }"""
SHARE = """query($p: String!) { region(path: $p) { indicators(keys: ["volunteer_share"]) { denominator } } }"""
BASELINE = """mutation($r: String!) { setBaseline(region: $r, indicator: "charity_organizations", year: 2020,
  value: "120", source: "重庆市2020年民政事业发展统计公报") { result { region value setBy } errors { field code } } }"""

CENSUS = {"residentPopulation": 1664, "populationYear": 2020}


async def update(client: Client, token: str, path: str, **facts: Any) -> dict[str, Any]:
    body = await graphql(client, UPDATE, {"p": path, "i": facts}, token=token)
    assert "errors" not in body, body
    return dict(body["data"]["updateRegion"])


async def add(client: Client, token: str, parent: str, code: str, name: str, tier: str) -> dict[str, Any]:
    body = await graphql(client, ADD, {"parent": parent, "code": code, "name": name, "tier": tier}, token=token)
    assert "errors" not in body, body
    return dict(body["data"]["addRegion"])


def done(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload
    return dict(payload["result"])


def refused(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """A refusal's ``(field, code)`` pairs; a refusal returns nothing."""
    assert payload["result"] is None, payload
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def events(client: Client, admin: str, tenant: str) -> list[dict[str, Any]]:
    """The tenant's ``region.*`` audit events in order, but those of the platform administrator (the setup)."""
    nodes = (await graphql(client, AUDIT, {"t": tenant}, token=admin))["data"]["auditEvents"]["nodes"]
    return [e for e in nodes if e["actor"] != "admin"]


async def population(client: Client, admin: str, path: str) -> int | None:
    body = await graphql(client, """query($p: String!) { region(path: $p) { residentPopulation } }""", {"p": path},
                         token=admin)
    return body["data"]["region"]["residentPopulation"]


def census_event(actor: str, target: str) -> dict[str, Any]:
    return {"actor": actor, "action": "region.update", "target": target,
            "before": {"resident_population": None, "population_year": None},
            "after": {"resident_population": 1664, "population_year": 2020}}


# --- chongqing and qianjiang (tenant chongqing) ---------------------------------------------------------

QIANJIANG = "chongqing/qianjiang"
ZHENGYANG = f"{QIANJIANG}/zhengyang"
CHAOYANG, TUANJIE = f"{ZHENGYANG}/chaoyang", f"{ZHENGYANG}/tuanjie"


async def test_chongqing_district_bureau_and_street_office_keep_their_area(platform, client, admin_token):
    other_street = await add_region(client, admin_token, QIANJIANG, "chengxi", "城西街道", "STREET")
    elsewhere = await add_region(client, admin_token, "chongqing/wanzhou", "gaosuntang", "高笋塘街道", "STREET")
    district = await user_with_role(platform, client, admin_token, "qj_mzj", "chongqing", "district_bureau", QIANJIANG)
    street = await user_with_role(platform, client, admin_token, "zy_jd", "chongqing", "street_office", ZHENGYANG)
    community = await user_with_role(platform, client, admin_token, "cy_sq", "chongqing", "community", CHAOYANG)

    # 四（二）: the district bureau keeps the facts its streets and communities are judged on.
    assert done(await update(client, district, CHAOYANG, **CENSUS))["residentPopulation"] == 1664
    assert await events(client, admin_token, "chongqing") == [census_event("qj_mzj", CHAOYANG)]
    share = await graphql(client, SHARE, {"p": ZHENGYANG}, token=district)
    assert share["data"]["region"]["indicators"] == [{"denominator": 1664.0}]
    # … and adds streets and communities of its district, never a district, nor in another district.
    assert done(await add(client, district, QIANJIANG, "chengdong", "城东街道", "STREET"))["path"] == (
        f"{QIANJIANG}/chengdong")
    assert refused(await add(client, district, "chongqing", "x", "某区", "DISTRICT")) == [("parent", "not_found")]
    assert refused(await add(client, district, "chongqing/wanzhou", "x", "某街道", "STREET")) == [("parent", "not_found")]
    assert refused(await update(client, district, elsewhere, **CENSUS)) == [("path", "not_found")]
    assert refused(await update(client, district, "chongqing", name="重庆")) == [("path", "not_found")]

    # 四（二）: the street office keeps itself and its communities, adds a community below itself only.
    assert done(await update(client, street, TUANJIE, **CENSUS))["populationYear"] == 2020
    assert done(await add(client, street, ZHENGYANG, "xinhua", "新华社区", "COMMUNITY"))["path"] == f"{ZHENGYANG}/xinhua"
    assert refused(await add(client, street, other_street, "x", "某社区", "COMMUNITY")) == [("parent", "not_found")]
    assert refused(await update(client, street, other_street, **CENSUS)) == [("path", "not_found")]
    assert refused(await update(client, street, QIANJIANG, name="黔江")) == [("path", "not_found")]
    assert await population(client, admin_token, other_street) is None

    # 四（二）: the community delivers; it reads its region and keeps none of its figures.
    assert refused(await update(client, community, CHAOYANG, residentPopulation=1)) == [("path", "forbidden")]
    assert refused(await add(client, community, ZHENGYANG, "x", "某社区", "COMMUNITY")) == [("parent", "not_found")]
    assert await population(client, admin_token, CHAOYANG) == 1664

    actions = [(e["actor"], e["action"], e["target"]) for e in await events(client, admin_token, "chongqing")]
    assert actions[1:] == [("qj_mzj", "region.create", f"{QIANJIANG}/chengdong"),
                           ("zy_jd", "region.update", TUANJIE),
                           ("zy_jd", "region.create", f"{ZHENGYANG}/xinhua")]


async def test_chongqing_municipal_bureau_sets_its_baseline_and_a_district_may_not(platform, client, admin_token):
    municipal = await user_with_role(platform, client, admin_token, "cq_mzj", "chongqing", "municipal_bureau", "chongqing")
    district = await user_with_role(platform, client, admin_token, "qj_mzj", "chongqing", "district_bureau", QIANJIANG)
    # 二: 慈善组织总数较“十三五”末翻一番 — the municipality's goal, set at the municipality only.
    body = await graphql(client, BASELINE, {"r": "chongqing"}, token=municipal)
    assert body["data"]["setBaseline"] == {"result": {"region": "chongqing", "value": "120", "setBy": "cq_mzj"},
                                           "errors": []}
    body = await graphql(client, BASELINE, {"r": QIANJIANG}, token=municipal)
    assert body["data"]["setBaseline"]["errors"] == [{"field": "region", "code": "forbidden"}]
    body = await graphql(client, BASELINE, {"r": QIANJIANG}, token=district)
    assert body["data"]["setBaseline"]["errors"] == [{"field": "region", "code": "forbidden"}]
    # The municipality's regions are its own to keep.
    assert done(await update(client, municipal, CHAOYANG, **CENSUS))["residentPopulation"] == 1664


async def test_zhengyang_offices_keep_the_street_and_the_station_does_not(platform, client, admin_token):
    other_street = await add_region(client, admin_token, QIANJIANG, "chengnan", "城南街道", "STREET")
    office = await user_with_role(platform, client, admin_token, "zy_mzb", "chongqing", "civil_affairs_office", ZHENGYANG)
    station = await user_with_role(platform, client, admin_token, "zy_sgz", "chongqing", "social_work_station", ZHENGYANG)
    # 二: 团结社区366人 is 22% of its seventh-census population — the office states it.
    assert done(await update(client, office, TUANJIE, **CENSUS))["residentPopulation"] == 1664
    assert await events(client, admin_token, "chongqing") == [census_event("zy_mzb", TUANJIE)]
    assert done(await add(client, office, ZHENGYANG, "xinhua", "新华社区", "COMMUNITY"))["path"] == f"{ZHENGYANG}/xinhua"
    assert refused(await add(client, office, other_street, "x", "某社区", "COMMUNITY")) == [("parent", "not_found")]
    assert refused(await update(client, office, other_street, **CENSUS)) == [("path", "not_found")]
    # The station serves and records; it keeps no region.
    assert refused(await update(client, station, CHAOYANG, **CENSUS)) == [("path", "forbidden")]
    assert refused(await add(client, station, ZHENGYANG, "y", "某社区", "COMMUNITY")) == [("tier", "forbidden")]


# --- tianjin -------------------------------------------------------------------------------------------

HEXI = "tianjin/hexi"
TAOYUAN = f"{HEXI}/taoyuan"  # joint point 3
GUANGSHUNYUAN = f"{TAOYUAN}/guangshunyuan"


async def test_tianjin_district_bureau_keeps_its_district_and_designates_its_joint_point(platform, client, admin_token):
    district = await user_with_role(platform, client, admin_token, "hx_mzj", "tianjin", "district_bureau", HEXI)
    street = await user_with_role(platform, client, admin_token, "ty_jz", "tianjin", "street_office", TAOYUAN)
    charity = await user_with_role(platform, client, admin_token, "cishan", "tianjin", "charity_organization", "tianjin")

    assert done(await update(client, district, GUANGSHUNYUAN, **CENSUS))["residentPopulation"] == 1664
    assert await events(client, admin_token, "tianjin") == [census_event("hx_mzj", GUANGSHUNYUAN)]

    # 五（一）、附件2: the district adds a street of its own and moves its joint point 3 there, with a
    # creation-point community; the old street loses the designation.
    yuexiu = done(await add(client, district, HEXI, "yuexiulu", "越秀路街道", "STREET"))["path"]
    community = done(await add(client, district, yuexiu, "yongan", "永安社区", "COMMUNITY"))["path"]
    assert done(await update(client, district, TAOYUAN, attributes={"joint_point": None}))["attributes"] == {}
    assert done(await update(client, district, yuexiu, attributes={"joint_point": 3}))["attributes"] == {"joint_point": 3}
    assert done(await update(client, district, community, attributes={"creation_point": True}))["attributes"] == {
        "creation_point": True}
    designations = [(e["target"], e["before"], e["after"]) for e in (await events(client, admin_token, "tianjin"))[3:]]
    assert designations == [
        (TAOYUAN, {"attributes": {"joint_point": 3}}, {"attributes": {"joint_point": None}}),
        (yuexiu, {"attributes": {"joint_point": None}}, {"attributes": {"joint_point": 3}}),
        (community, {"attributes": {"creation_point": None}}, {"attributes": {"creation_point": True}}),
    ]
    # Never another district's street, nor the city.
    assert refused(await update(client, district, "tianjin/nankai/guangkai", attributes={"joint_point": 6})) == [
        ("path", "not_found")]
    assert refused(await add(client, district, "tianjin/nankai", "x", "某街道", "STREET")) == [("parent", "not_found")]

    # The street's designation sets its own fundraising threshold (三（六）): it does not keep its facts.
    assert refused(await update(client, street, TAOYUAN, attributes={"joint_point": 7})) == [("path", "forbidden")]
    assert refused(await update(client, street, GUANGSHUNYUAN, residentPopulation=1)) == [("path", "forbidden")]
    assert refused(await add(client, street, TAOYUAN, "x", "某社区", "COMMUNITY")) == [("tier", "forbidden")]
    # The city-level charity reads every region and keeps none.
    assert refused(await update(client, charity, GUANGSHUNYUAN, residentPopulation=1)) == [("path", "forbidden")]
    assert await population(client, admin_token, GUANGSHUNYUAN) == 1664


async def test_tianjin_city_bureau_names_the_joint_points(platform, client, admin_token):
    city = await user_with_role(platform, client, admin_token, "tj_mzj", "tianjin", "city_bureau", "tianjin")
    # 二、附件2: 市区联合创建点（具体名单见附件2）.
    assert done(await update(client, city, "tianjin/nankai/guangkai", attributes={"joint_point": 6}))["attributes"] == {
        "joint_point": 6}
    assert done(await update(client, city, GUANGSHUNYUAN, **CENSUS))["residentPopulation"] == 1664


# --- hebei ---------------------------------------------------------------------------------------------

SHIJIAZHUANG = "hebei/shijiazhuang"


async def test_hebei_each_level_adds_and_keeps_the_level_below(platform, client, admin_token):
    city = await user_with_role(platform, client, admin_token, "sjz_mzj", "hebei", "city_bureau", SHIJIAZHUANG)
    # 四（一）: 各地……压实各级责任 — the plugin declares the cities only: the city adds its counties.
    county_path = done(await add(client, city, SHIJIAZHUANG, "zhengding", "正定县", "DISTRICT"))["path"]
    other_county = done(await add(client, city, SHIJIAZHUANG, "luquan", "鹿泉区", "DISTRICT"))["path"]
    assert refused(await add(client, city, "hebei/baoding", "x", "某县", "DISTRICT")) == [("parent", "not_found")]
    county = await user_with_role(platform, client, admin_token, "zd_mzj", "hebei", "county_bureau", county_path)
    town_path = done(await add(client, county, county_path, "zhengdingzhen", "正定镇", "STREET"))["path"]
    other_town = done(await add(client, county, county_path, "zhugecheng", "诸福屯镇", "STREET"))["path"]
    assert refused(await add(client, county, other_county, "x", "某镇", "STREET")) == [("parent", "not_found")]
    town = await user_with_role(platform, client, admin_token, "zdz", "hebei", "street_office", town_path)
    village = done(await add(client, town, town_path, "dongguan", "东关村", "COMMUNITY"))["path"]
    assert refused(await add(client, town, other_town, "x", "某村", "COMMUNITY")) == [("parent", "not_found")]

    assert done(await update(client, town, village, kind="RURAL", **CENSUS))["residentPopulation"] == 1664
    assert refused(await update(client, town, other_town, **CENSUS)) == [("path", "not_found")]
    assert refused(await update(client, county, other_county, **CENSUS)) == [("path", "not_found")]
    audited = [(e["actor"], e["action"], e["target"]) for e in await events(client, admin_token, "hebei")]
    assert audited == [
        ("sjz_mzj", "region.create", county_path), ("sjz_mzj", "region.create", other_county),
        ("zd_mzj", "region.create", town_path), ("zd_mzj", "region.create", other_town),
        ("zdz", "region.create", village), ("zdz", "region.update", village),
    ]

    # The village (三（三）、三（五）) and the station (三（四）) record; neither keeps a region.
    for role, at in (("community", village), ("social_work_station", town_path)):
        token = await user_with_role(platform, client, admin_token, f"hb_{role}", "hebei", role, at)
        assert refused(await update(client, token, village, residentPopulation=1)) == [("path", "forbidden")], role
    department = await user_with_role(platform, client, admin_token, "hb_mzt", "hebei", "civil_affairs_department", "hebei")
    assert refused(await update(client, department, village, residentPopulation=1)) == [("path", "forbidden")]
    assert await population(client, admin_token, village) == 1664


# --- panjin --------------------------------------------------------------------------------------------

DAWA = "panjin/dawa"
DONGSHENG = f"{DAWA}/dawa/dongsheng"


async def test_panjin_county_keeps_its_listed_communities_and_only_the_organizer_adds_to_the_list(
    platform, client, admin_token
):
    county = await user_with_role(platform, client, admin_token, "dw_mzj", "panjin", "county_bureau", DAWA)
    organizer = await user_with_role(platform, client, admin_token, "pj_mzj", "panjin", "organizer", "panjin")
    contractor = await user_with_role(platform, client, admin_token, "cbdw", "panjin", "contractor", DAWA)

    assert done(await update(client, county, DONGSHENG, **CENSUS))["residentPopulation"] == 1664
    assert await events(client, admin_token, "panjin") == [census_event("dw_mzj", DONGSHENG)]
    assert refused(await update(client, county, "panjin/panshan/taiping/longxiang", **CENSUS)) == [("path", "not_found")]
    # 三（四）: 服务范围以《名单》为准 — the list is the organizer's.
    assert refused(await add(client, county, f"{DAWA}/dawa", "x", "某社区", "COMMUNITY")) == [("tier", "forbidden")]
    assert done(await add(client, organizer, f"{DAWA}/dawa", "xinglong", "兴隆社区", "COMMUNITY"))["path"] == (
        f"{DAWA}/dawa/xinglong")
    # The contractor carries out a project; it keeps no region.
    assert refused(await update(client, contractor, DONGSHENG, residentPopulation=1)) == [("path", "forbidden")]
    assert await population(client, admin_token, DONGSHENG) == 1664


@pytest.mark.parametrize("tenant, role, at", [
    ("chongqing", "two_committees", CHAOYANG),
    ("tianjin", "evaluation_team", "tianjin"),
    ("panjin", "expert", "panjin"),
])
async def test_roles_without_an_area_are_forbidden(platform, client, admin_token, tenant, role, at):
    token = await user_with_role(platform, client, admin_token, "someone", tenant, role, at)
    target = {"chongqing": CHAOYANG, "tianjin": GUANGSHUNYUAN, "panjin": DONGSHENG}[tenant]
    assert refused(await update(client, token, target, residentPopulation=1)) == [("path", "forbidden")]
    assert await events(client, admin_token, tenant) == []
