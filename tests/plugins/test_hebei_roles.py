"""Hebei's roles against 冀民〔2021〕79号 (DOMAIN.md §3.4): one per issuing body, at the province, and
the bodies of 各地 the opinion addresses (city and county bureaus, townships/streets, their social work
stations, villages/communities)."""

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import Tier
from core.access.vocabulary import CORE_RESOURCES
from core.plugins.manager import load
from core.testing import graphql, user_with_role
from core.testing import role_lines as _lines
from core.testing import role_may as _may
from tests.graphql import test_lists as lists
from tests.plugins.recording import (
    accepted,
    activity,
    add_region,
    changes_to_regions,
    codes,
    counts,
    declared_table,
    donation,
    explained,
    hours,
    id_number,
    list_readers,
    lists_table,
    maintenance_table,
    volunteer_at,
)

DOCUMENT = "冀民〔2021〕79号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


ISSUERS = ("civil_affairs_department", "organization_department", "political_legal_commission")


def _all_roles():
    registry = load([plugins.hebei], entry_points=False)[1]
    return {d.item.code: d.item for d in registry.roles if d.plugin == "hebei"}


def _roles():
    """The three issuing bodies."""
    return {code: role for code, role in _all_roles().items() if code in ISSUERS}


def test_the_three_issuing_bodies_and_the_bodies_of_each_place():
    assert [(r.code, r.label, r.tier) for r in _all_roles().values()] == [
        ("civil_affairs_department", "河北省民政厅", Tier.PROVINCE),
        ("organization_department", "中共河北省委组织部", Tier.PROVINCE),
        ("political_legal_commission", "中共河北省委政法委员会", Tier.PROVINCE),
        ("city_bureau", "市民政局", Tier.CITY),
        ("county_bureau", "县（市、区）民政局", Tier.DISTRICT),
        ("street_office", "乡镇（街道）", Tier.STREET),
        ("social_work_station", "乡镇（街道）社会工作服务站", Tier.STREET),
        ("community", "村（社区）", Tier.COMMUNITY),
    ]


def test_every_role_cites_the_document():
    assert all(r.source.startswith(f"{DOCUMENT} 发文机关") for r in _roles().values())
    assert all(r.source.startswith(f"{DOCUMENT} ") for r in _all_roles().values())
    assert "主送：各市（含定州、辛集市）民政局" in _all_roles()["city_bureau"].source


def test_every_permission_is_core_vocabulary():
    for role in _all_roles().values():
        assert role.permissions, role.code
        for line in _lines(role):
            assert line.action in CORE_RESOURCES[line.resource], (role.code, line)


def test_guidance_bodies_only_read():
    roles = _roles()
    for role in roles.values():
        assert not {line.resource for line in _lines(role)} & {"personal_data", "user", "role", "assignment", "audit"}
    for code in ("organization_department", "political_legal_commission"):
        assert {line.action for line in _lines(roles[code])} == {"read"}, code
    # 四（三）: the department reviews the “河北慈善奖” nominations; otherwise it reads.
    department = roles["civil_affairs_department"]
    assert {line.action for line in _lines(department)} == {"read", "review"}
    assert _may(department, "form", "review", Tier.CITY)
    assert _may(department, "form", "read", Tier.COMMUNITY)


def test_no_issuer_submits_forms_runs_rules_or_changes_settings():
    # 四: the forms are filled in by 各地; 三（三） leaves the time bank setting to 各地 to explore.
    for role in _roles().values():
        for tier in Tier:
            assert not _may(role, "form", "submit", tier), (role.code, tier)
            assert not _may(role, "rule", "run", tier), (role.code, tier)
            assert not _may(role, "setting", "update", tier), (role.code, tier)
    roles = _roles()
    assert _may(roles["civil_affairs_department"], "setting", "read", Tier.PROVINCE)
    assert not _may(roles["organization_department"], "setting", "read", Tier.PROVINCE)
    assert not _may(roles["political_legal_commission"], "form", "read", Tier.PROVINCE)


def test_everyone_reads_targets_and_catalogues():
    for role in _all_roles().values():
        assert _may(role, "target", "read", Tier.COMMUNITY), role.code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), role.code


def test_what_each_body_reads():
    roles = _roles()
    resources = {code: {line.resource for line in _lines(role)} for code, role in roles.items()}
    assert {"volunteer", "community_fund", "donation"} <= resources["civil_affairs_department"]
    assert "social_organization" in resources["organization_department"]  # 三（一） party organizations
    assert "donation" not in resources["organization_department"]
    assert "volunteer" not in resources["political_legal_commission"]


# 四（一）: 各地……压实各级责任 — each level of 各地 keeps the facts of its area and adds the regions below it
# (the plugin declares the province and its cities only); the issuers guide and keep none. No baselines.
MAINTENANCE = {
    "civil_affairs_department": {},
    "organization_department": {},
    "political_legal_commission": {},
    "city_bureau": {"region:update": "city,district,street,community", "region:create": "district,street,community"},
    "county_bureau": {"region:update": "district,street,community", "region:create": "street,community"},
    "street_office": {"region:update": "street,community", "region:create": "community"},
    "social_work_station": {},
    "community": {},
}


def test_who_maintains_regions():
    assert maintenance_table(_all_roles()) == MAINTENANCE


def test_region_and_administration_stay_narrow():
    for code, role in _all_roles().items():
        assert _may(role, "region", "read", Tier.COMMUNITY), code
        assert changes_to_regions(role) == set(MAINTENANCE[code]), code
        assert not {line.resource for line in _lines(role)} & {"user", "role", "assignment", "audit"}, code


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "hebei"] == list(_all_roles())


# --- who records what (三（二）–（五）、四: 各地) -----------------------------------------------------------

BELOW_CITY = "city,district,street,community"
BELOW_COUNTY = "district,street,community"
SC = "street,community"
RECORDS = {
    "civil_affairs_department": {"form:review": "province," + BELOW_CITY},  # 四（三）: the award's nominations
    "organization_department": {},
    "political_legal_commission": {},
    # 三（二）: 登记认定; 四（二）、四（三）: 各地 fill in the purchase tables and nominations; 四（一）: 督促指导.
    "city_bureau": {"social_organization:create": BELOW_CITY, "social_organization:update": BELOW_CITY,
                    "form:submit": "city", "form:review": BELOW_CITY},
    # 三（二）: 登记认定, the stations' and rooms' social workers (四（二）: 政府购买乡镇（街道）社会工作服务); 四.
    "county_bureau": {"social_organization:create": BELOW_COUNTY, "social_organization:update": BELOW_COUNTY,
                      "social_worker:create": SC, "social_worker:update": SC, "form:submit": "district"},
    "street_office": {"donation:create": SC},  # 三（二）: 慈善街道; 四（二）: 公益捐赠
    # 三（四）: 孵化培育社区社会组织，链接公益慈善资源，引领社区志愿者开展服务; 三（五）: 社工引领志愿者.
    "social_work_station": {"activity:create": SC, "activity:update": SC, "service_record:create": "community",
                            "donation:create": SC, "social_organization:create": SC, "social_organization:update": SC},
    # 三（三）: 社区治理系列活动; 三（五）: 志愿者注册登记和志愿服务时长记录; 三（二）、四（二）: 慈善社区、公益捐赠.
    "community": {"activity:create": "community", "activity:update": "community", "service_record:create": "community",
                  "donation:create": "community", "volunteer:create": "community", "volunteer:update": "community",
                  "volunteer_team:create": "community", "volunteer_team:update": "community"},
}


def test_who_records_what():
    assert declared_table(_all_roles()) == RECORDS


# 三（六）: 开展社区居民需求调研……整合社会组织、社会工作机构、志愿服务组织、社会慈善资源的服务资源，探索建立基层
# 社会服务项目库和需求库……努力打造零距离、多渠道、精准化的社区服务供需对接机制 — the village/community surveys
# its residents' needs; the station (三（四）: 链接公益慈善资源) and the county (综合分析研判……整合……服务资源)
# build the resource and project libraries and match; the issuers guide.
LISTS = {
    "civil_affairs_department": {}, "organization_department": {}, "political_legal_commission": {},
    "city_bureau": {},
    "county_bureau": {"demand:match": BELOW_COUNTY, "service_resource:create": BELOW_COUNTY,
                      "service_project:create": BELOW_COUNTY},
    "street_office": {},
    "social_work_station": {"demand:create": "community", "demand:update": "community", "demand:match": SC,
                            "service_resource:create": SC, "service_project:create": SC},
    "community": {"demand:create": "community", "demand:update": "community", "demand:match": "community",
                  "service_resource:create": "community"},
}


def test_who_keeps_the_lists():
    assert lists_table(_all_roles()) == LISTS
    # 三（六）: 信息收集、反馈、调处 on one platform — every body of 各地 reads the three lists.
    assert list_readers(_all_roles()) == {"city_bureau", "county_bureau", "street_office", "social_work_station",
                                          "community"}


def test_the_bureaus_fill_in_the_forms_of_four():
    registry = load([plugins.hebei], entry_points=False)[1]
    roles = _all_roles()
    for declared in registry.forms:
        assert declared.item.submitters == ("city_bureau", "county_bureau"), declared.item.key
        assert all(code in roles for code in declared.item.submitters)
    assert _may(roles["city_bureau"], "form", "submit", Tier.CITY)
    assert _may(roles["county_bureau"], "form", "submit", Tier.DISTRICT)
    assert not _may(roles["county_bureau"], "form", "submit", Tier.STREET)


def test_the_county_builds_the_platforms_of_three_two():
    county = _all_roles()["county_bureau"]
    # 三（二）: 村（社区）社会工作室、城乡志愿服务站点 — the profile's facilities, which 二's 80% counts.
    assert _may(county, "community_profile", "update", Tier.COMMUNITY)
    for code in ("city_bureau", "street_office", "social_work_station", "community"):
        assert not _may(_all_roles()[code], "community_profile", "update", Tier.COMMUNITY), code


SHIJIAZHUANG = "hebei/shijiazhuang"


async def test_recording_by_the_bodies_of_each_place_through_graphql(platform, client, admin_token):
    county = await add_region(client, admin_token, SHIJIAZHUANG, "zhengding", "正定县", "DISTRICT")
    town = await add_region(client, admin_token, county, "zhengdingzhen", "正定镇", "STREET")
    village = await add_region(client, admin_token, town, "dongguan", "东关村", "COMMUNITY")
    neighbour = await add_region(client, admin_token, town, "xiguan", "西关村", "COMMUNITY")
    other_town = await add_region(client, admin_token, county, "zhugecheng", "诸福屯镇", "STREET")
    far = await add_region(client, admin_token, other_town, "nanlou", "南楼村", "COMMUNITY")
    in_village = await volunteer_at(client, admin_token, village, id_number(1))
    far_away = await volunteer_at(client, admin_token, far, id_number(2))

    station = await user_with_role(platform, client, admin_token, "zhan", "hebei", "social_work_station", town)
    community = await user_with_role(platform, client, admin_token, "cun", "hebei", "community", village)
    street = await user_with_role(platform, client, admin_token, "zhen", "hebei", "street_office", town)
    bureau = await user_with_role(platform, client, admin_token, "xian", "hebei", "county_bureau", county)

    # 三（四）、三（五）: the station leads the volunteers of its township's villages.
    by_station = accepted(await activity(client, station, village))["id"]
    accepted(await activity(client, station, town))
    accepted(await hours(client, station, in_village, by_station))
    accepted(await donation(client, station, neighbour))
    assert codes(await activity(client, station, far)) == [("region", "not_found")]
    assert codes(await hours(client, station, far_away, by_station)) == [("volunteerId", "not_found")]
    # 三（三）: 社区治理系列活动; 三（五）: 志愿者注册登记和志愿服务时长记录 — at the village itself.
    by_community = accepted(await activity(client, community, village))["id"]
    accepted(await hours(client, community, in_village, by_community, "14:00"))
    assert codes(await activity(client, community, neighbour)) == [("region", "not_found")]
    # 三（二）、四（二）: the township records the donations it receives; its activities are its station's.
    accepted(await donation(client, street, village))
    assert codes(await activity(client, street, village)) == [("region", "forbidden")]
    # The county bureau guides and registers; the activities are not its own.
    assert codes(await activity(client, bureau, village)) == [("region", "forbidden")]
    assert codes(await hours(client, bureau, in_village, by_community)) == [("volunteerId", "forbidden")]
    assert await counts(client, admin_token, town) == (3, 2)
    assert await counts(client, admin_token, other_town) == (0, 0)

    why = await explained(client, admin_token, "cun", "service_record:create", village)
    assert why == {"allowed": True, "roles": [f"community 村（社区） — {DOCUMENT} 三（二）、三（三）、三（五）、三（六）、四（二）"]}


PURCHASE = {
    "year": 2024, "fund_source": "困难群众救助补助资金", "fund_total_fen": 100_000_000, "purchase_amount_fen": 2_000_000,
    "services": [{"name": "低保对象入户探访", "provider": "某社会工作服务中心", "provider_kind": "社会工作服务机构",
                  "amount_fen": 2_000_000}],
}
SUBMIT = """mutation($at: String!, $d: JSON!) { submitForm(form: "hebei_assistance_service_purchase", region: $at, data: $d) {
  result { id } errors { field message code } } }"""


async def test_the_county_bureau_fills_in_the_purchase_table_and_the_village_may_not(platform, client, admin_token):
    county = await add_region(client, admin_token, SHIJIAZHUANG, "xinhua", "新华区", "DISTRICT")
    street = await add_region(client, admin_token, county, "gexin", "革新街街道", "STREET")
    village = await add_region(client, admin_token, street, "gexinjie", "革新街社区", "COMMUNITY")
    bureau = await user_with_role(platform, client, admin_token, "xinhua", "hebei", "county_bureau", county)
    community = await user_with_role(platform, client, admin_token, "jumin", "hebei", "community", village)
    # 四（二）: 政府购买社会救助服务所需经费……列支比例不高于2% — the county, where the funds are kept.
    body = await graphql(client, SUBMIT, {"at": county, "d": PURCHASE}, token=bureau)
    assert body["data"]["submitForm"]["errors"] == [], body
    body = await graphql(client, SUBMIT, {"at": village, "d": PURCHASE}, token=community)
    assert [(e["field"], e["code"]) for e in body["data"]["submitForm"]["errors"]] == [("region", "forbidden")]
    body = await graphql(client, SUBMIT, {"at": village, "d": PURCHASE}, token=bureau)  # held at the county: submits there only
    assert [(e["field"], e["code"]) for e in body["data"]["submitForm"]["errors"]] == [("region", "forbidden")]


async def test_a_villages_need_to_a_matched_resource_by_the_bodies_of_three_six(platform, client, admin_token):
    """三（六）: the village surveys a resident's need, the station links a resource and matches at its township,
    the village follows it to the resident's feedback; the township office reads, and another township's
    village sees nothing of it."""
    county = await add_region(client, admin_token, SHIJIAZHUANG, "zhengding", "正定县", "DISTRICT")
    town = await add_region(client, admin_token, county, "zhengdingzhen", "正定镇", "STREET")
    village = await add_region(client, admin_token, town, "dongguan", "东关村", "COMMUNITY")
    other_town = await add_region(client, admin_token, county, "zhugecheng", "诸福屯镇", "STREET")
    far = await add_region(client, admin_token, other_town, "nanlou", "南楼村", "COMMUNITY")
    station = await user_with_role(platform, client, admin_token, "zhan", "hebei", "social_work_station", town)
    community = await user_with_role(platform, client, admin_token, "cun", "hebei", "community", village)
    street = await user_with_role(platform, client, admin_token, "zhen", "hebei", "street_office", town)
    stranger = await user_with_role(platform, client, admin_token, "nan", "hebei", "community", far)

    made = await lists.ok(client, community, lists.ADD_DEMAND, input=lists.demand(region=village))
    await lists.ok(client, station, lists.ADD_RESOURCE, input=lists.resource(region=town, name="正定镇助餐服务"))
    assert (await lists.ok(client, station, lists.RUN, region=town))["resources"] == 1
    proposal = (await lists.call(client, community, lists.DEMAND, id=made["id"]))["proposals"][0]
    assert (await lists.ok(client, community, lists.ACCEPT, id=proposal["id"]))["status"] == "ACCEPTED"
    assert (await lists.ok(client, community, lists.START, id=made["id"]))["status"] == "IN_SERVICE"
    assert (await lists.ok(client, community, lists.FEEDBACK, id=made["id"], s=5))["status"] == "CLOSED"
    # the township office reads the lists and writes none of them; another township's village sees nothing
    assert [d["id"] for d in (await graphql(client, '{ demands(under: "%s") { id } }' % town, token=street))["data"][
        "demands"]] == [made["id"]]
    refused = await lists.call(client, street, lists.ADD_DEMAND, input=lists.demand(region=village))
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("region", "forbidden")]
    hidden = await graphql(client, lists.DEMAND, {"id": made["id"]}, token=stranger)
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
