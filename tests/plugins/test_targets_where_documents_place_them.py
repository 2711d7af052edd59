"""Each document's targets are judged where the document places them, and only there.

A figure for the whole province (Hebei's 1,050,000) is met or not at the province; a city under it
sees it as context, never as its own status. The same for Chongqing's municipal totals, Tianjin's
district quotas and joint-point standards, Zhengyang's street goals and Panjin's per-community ones.
"""

import datetime as dt

from sqlmodel import select

from core.db import transaction
from core.models import CommunityProfile, Region, Volunteer
from core.testing import graphql

STATUS = """query($p: String!, $y: Int) { region(path: $p) { targetStatus(year: $y) {
  key status met value role appliesHere judgedAt judgedTier threshold communities communitiesMeeting
  regionsNoData failing { path } leftOut } } }"""
HEBEI_TARGETS = {"social_work_station_coverage", "hub_organization_coverage", "social_organization_full_time_staff",
                 "social_work_professionals", "volunteer_station_coverage"}


async def _statuses(client, token, path, year=None):
    body = await graphql(client, STATUS, {"p": path, "y": year}, token=token)
    assert "errors" not in body, body
    return {t["key"]: t for t in body["data"]["region"]["targetStatus"]}


async def test_hebei_judges_its_totals_at_the_province_only(client, admin_token):
    province = await _statuses(client, admin_token, "hebei")
    professionals = province["social_work_professionals"]
    assert (professionals["threshold"], professionals["role"], professionals["status"], professionals["judgedAt"]) == (
        "1050000", "OWN", "not_met", "hebei")
    city = await _statuses(client, admin_token, "hebei/shijiazhuang")
    assert set(city) == HEBEI_TARGETS
    for key, seen in city.items():
        assert (seen["role"], seen["appliesHere"], seen["met"], seen["status"], seen["judgedAt"]) == (
            "CONTEXT", False, None, "context", "hebei"), key


async def test_chongqing_judges_its_municipal_totals_at_the_municipality(client, admin_token):
    municipality = await _statuses(client, admin_token, "chongqing")
    certified = municipality["certified_social_work_professionals"]
    assert (certified["threshold"], certified["role"], certified["status"]) == ("30000", "OWN", "not_met")
    street = await _statuses(client, admin_token, "chongqing/qianjiang/zhengyang")
    for key in ("certified_social_work_professionals", "social_work_professionals", "community_funds"):
        assert (street[key]["role"], street[key]["status"], street[key]["judgedAt"]) == (
            "CONTEXT", "context", "chongqing"), key
    # Zhengyang restates the shares for itself: its own version is judged at the street
    assert (street["community_workers_per_10k_urban"]["role"], street["community_workers_per_10k_urban"]["judgedAt"]) == (
        "OWN", "chongqing/qianjiang/zhengyang")


async def test_zhengyang_rooms_in_two_of_five_communities_is_not_met(platform, client, admin_token):
    """三（三）“到2022年末实现社会工作站、社区社会工作室全覆盖”: rooms in 2 of the 5 communities is not coverage."""
    async with transaction(platform.sessions) as session:
        for code in ("chaoyang", "qunli"):
            c = (await session.exec(select(Region).where(Region.path == f"chongqing/qianjiang/zhengyang/{code}"))).one()
            session.add(CommunityProfile(tenant_id=c.tenant_id, region_id=c.id, has_social_work_room=True,
                                         social_work_room_since=dt.date(2022, 5, 1)))  # before its 2022 deadline
    street = await _statuses(client, admin_token, "chongqing/qianjiang/zhengyang")
    rooms = street["social_work_room_coverage"]
    assert (rooms["role"], rooms["value"], rooms["met"], rooms["status"]) == ("OWN", 0.4, False, "not_met")
    assert "social_work_station_coverage" in street  # the station is a target of its own
    community = await _statuses(client, admin_token, "chongqing/qianjiang/zhengyang/chaoyang")
    assert (community["social_work_room_coverage"]["role"], community["social_work_room_coverage"]["judgedAt"]) == (
        "CONTEXT", "chongqing/qianjiang/zhengyang")
    # each community's own volunteer count is judged at that community
    assert community["registered_volunteers"]["role"] == "OWN"
    assert community["registered_volunteers"]["threshold"] == "1178"


async def test_tianjin_quotas_at_the_district_standards_at_the_joint_point_street(platform, client, admin_token):
    street = await _statuses(client, admin_token, "tianjin/binhai/taida")
    quota = street["creation_point_communities"]
    assert (quota["role"], quota["status"], quota["judgedAt"], quota["threshold"]) == (
        "CONTEXT", "context", "tianjin/binhai", "12")  # 滨海新区's quota, not the street's
    assert (street["covered_communities"]["role"], street["covered_communities"]["threshold"]) == ("OWN", "2")
    fund = street["fund_raised_per_year"]
    assert (fund["role"], fund["threshold"], fund["judgedAt"]) == ("OWN", "50000", "tianjin/binhai/taida")
    community = await _statuses(client, admin_token, "tianjin/binhai/taida/huana")
    assert (community["fund_raised_per_year"]["role"], community["fund_raised_per_year"]["judgedAt"]) == (
        "CONTEXT", "tianjin/binhai/taida")  # the street's fund, never each community's alone
    district = await _statuses(client, admin_token, "tianjin/binhai")
    assert (district["creation_point_communities"]["role"], district["creation_point_communities"]["threshold"]) == (
        "OWN", "12")
    city = await _statuses(client, admin_token, "tianjin")
    assert (city["creation_point_communities"]["role"], city["creation_point_communities"]["threshold"]) == ("OWN", "100")


async def test_tianjin_volunteer_share_never_divides_one_communitys_volunteers_by_anothers_residents(
        platform, client, admin_token):
    """10 volunteers in 华纳社区 (population unknown), none in 康翠社区 (100 residents): not 10%, but 0% of the
    one community that can be judged, with 华纳 left out and no data there — not failing."""
    async with transaction(platform.sessions) as session:
        huana = (await session.exec(select(Region).where(Region.path == "tianjin/binhai/taida/huana"))).one()
        kangcui = (await session.exec(select(Region).where(Region.path == "tianjin/binhai/taida/kangcui"))).one()
        kangcui.resident_population = 100
        session.add(kangcui)
        session.add_all([Volunteer(tenant_id=huana.tenant_id, region_id=huana.id, name=f"志愿者{i}",
                                   real_name_registered=True) for i in range(10)])
    share = (await _statuses(client, admin_token, "tianjin/binhai/taida"))["volunteer_share"]
    assert (share["role"], share["judgedTier"], share["communities"], share["communitiesMeeting"]) == (
        "SUMMARY", "COMMUNITY", 1, 0)
    assert (share["regionsNoData"], share["status"], [f["path"] for f in share["failing"]]) == (
        1, "not_met", ["tianjin/binhai/taida/kangcui"])
    assert share["value"] == 0  # 0 of 100, not 10 of 100
    at_huana = (await _statuses(client, admin_token, "tianjin/binhai/taida/huana"))["volunteer_share"]
    assert (at_huana["status"], at_huana["leftOut"]) == ("no_data", 1)


async def test_panjin_every_community_judged_and_summed_up_above(client, admin_token):
    city = (await _statuses(client, admin_token, "panjin", 2025))["community_sessions_per_year"]
    assert (city["role"], city["judgedTier"], city["communities"], city["communitiesMeeting"], city["status"]) == (
        "SUMMARY", "COMMUNITY", 35, 0, "not_met")
    community = (await _statuses(client, admin_token, "panjin/panshan/taiping/longxiang", 2025))
    assert community["community_sessions_per_year"]["role"] == "OWN"
