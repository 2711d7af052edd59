"""Zhengyang Street's roles against 正阳办事处发〔2022〕95号 四 (DOMAIN.md §3.2).

The communities and their "two committees" are the chongqing plugin's roles (same tenant).
"""

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import Tier
from core.access.vocabulary import CORE_RESOURCES
from core.plugins.manager import load
from core.testing import role_lines as _lines
from core.testing import role_may as _may
from core.testing import user_with_role
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
    maintenance_table,
    volunteer_at,
)

DOCUMENT = "正阳办事处发〔2022〕95号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _registry():
    return load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]


def _roles():
    return {d.item.code: d.item for d in _registry().roles if d.plugin == "qianjiang"}


def test_codes_labels_and_tiers():
    assert [(r.code, r.label, r.tier) for r in _roles().values()] == [
        ("leading_group", "创新“五社联动”机制工作领导小组", Tier.STREET),
        ("civil_affairs_office", "街道民政和社会事务办", Tier.STREET),
        ("social_security_office", "社保所", Tier.STREET),
        ("social_work_station", "街道社会工作站", Tier.STREET),
    ]


def test_roles_are_held_inside_the_street_scope():
    assert all(r.tier in (Tier.STREET, Tier.COMMUNITY) for r in _roles().values())


def test_every_role_cites_the_document():
    roles = _roles()
    assert all(r.source.startswith(f"{DOCUMENT} ") for r in roles.values())
    assert roles["leading_group"].source == f"{DOCUMENT} 四（一）"
    assert roles["civil_affairs_office"].source == roles["social_security_office"].source == f"{DOCUMENT} 二、三（三）、四（二）"


def test_every_permission_is_core_vocabulary():
    """Or a step of the chongqing plugin's case types (plugins/chongqing/cases.py), or reading cases."""
    steps = {tuple(t.permission.split(":")) for d in _registry().case_types for t in d.item.transitions
             if t.permission}
    for role in _roles().values():
        assert role.permissions, role.code
        for line in _lines(role):
            if (line.resource, line.action) in steps | {("case", "read")}:
                continue
            assert line.action in CORE_RESOURCES[line.resource], (role.code, line)


def test_generic_roles_come_from_chongqing_not_redeclared():
    by_plugin = {d.item.code: d.plugin for d in _registry().roles}
    assert by_plugin["two_committees"] == "chongqing"
    assert by_plugin["community"] == "chongqing"
    assert by_plugin["street_office"] == "chongqing"
    assert "leading_group_office" not in by_plugin  # the plan names no such office


def test_leading_group_only_reads():
    assert {line.action for line in _lines(_roles()["leading_group"])} == {"read"}


def test_the_two_offices_share_one_duty_and_one_permission_set():
    roles = _roles()
    assert roles["civil_affairs_office"].permissions == roles["social_security_office"].permissions
    office = roles["civil_affairs_office"]
    assert _may(office, "community_profile", "update", Tier.COMMUNITY)
    assert not _may(office, "community_profile", "update", Tier.STREET)
    assert _may(office, "social_worker", "create", Tier.STREET)
    assert not _may(office, "social_worker", "create", Tier.DISTRICT)


def test_the_offices_review_and_check_allowance_eligibility():
    office = _roles()["civil_affairs_office"]
    # 四（二）: 督促检查、绩效评估; 三（三）: 一次性职业津贴 (qianjiang_exam_allowance_eligibility).
    assert _may(office, "form", "read", Tier.COMMUNITY)
    assert _may(office, "form", "review", Tier.COMMUNITY)
    assert _may(office, "rule", "run", Tier.STREET)
    assert not _may(office, "form", "submit", Tier.STREET)
    assert not _may(office, "form", "submit", Tier.COMMUNITY)


def test_the_station_fills_in_the_lists_and_the_child_files():
    registry = _registry()
    station = _roles()["social_work_station"]
    # 三（三）: 需求清单、资源清单、项目清单 at the street and its communities.
    assert _may(station, "form", "submit", Tier.STREET)
    assert _may(station, "form", "submit", Tier.COMMUNITY)
    assert not _may(station, "form", "submit", Tier.DISTRICT)
    assert _may(station, "form", "review", Tier.COMMUNITY)  # 四（二）: 服务管理监督
    # 三（五）: 建立个人档案 — a personal-data form at the community: submitting it also needs read_full there.
    (child_file,) = [d.item for d in registry.forms if d.item.key == "qianjiang_child_file"]
    assert child_file.personal_data and child_file.tiers == (Tier.COMMUNITY,)
    assert _may(station, "personal_data", "read_full", Tier.COMMUNITY)
    # The chongqing community may submit at the community but not hold read_full, so not this file.
    community = {d.item.code: d.item for d in registry.roles}["community"]
    assert _may(community, "form", "submit", Tier.COMMUNITY)
    assert not _may(community, "personal_data", "read_full", Tier.COMMUNITY)


def test_everyone_reads_targets_and_catalogues_and_no_settings():
    for code, role in _roles().items():
        assert _may(role, "target", "read", Tier.COMMUNITY), code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), code
        assert "setting" not in {line.resource for line in _lines(role)}, code


def test_only_the_social_work_station_reads_personal_data_in_full():
    roles = _roles()
    assert _may(roles["social_work_station"], "personal_data", "read_full", Tier.COMMUNITY)
    for code in ("leading_group", "civil_affairs_office", "social_security_office"):
        assert not _may(roles[code], "personal_data", "read_full", Tier.COMMUNITY), code


def test_nobody_administers_dispatches_or_deletes_regions():
    for role in _roles().values():
        assert not {line.resource for line in _lines(role)} & {"user", "role", "assignment", "audit", "emergency"}
        assert not any(line.action == "dispatch" for line in _lines(role)), role.code
        assert _may(role, "region", "read", Tier.COMMUNITY), role.code
        assert changes_to_regions(role) == set(MAINTENANCE[role.code]), role.code


# 二: 实名认证注册志愿者按七人普的常住人口比例达到22%，朝阳社区1178人……; 四（二）: 统筹规划……督促检查、绩效评估 —
# the two offices keep the street's and its communities' facts; nobody sets a baseline.
OFFICE_MAINTAINS = {"region:update": "street,community", "region:create": "community"}
MAINTENANCE = {
    "leading_group": {},
    "civil_affairs_office": OFFICE_MAINTAINS,
    "social_security_office": OFFICE_MAINTAINS,
    "social_work_station": {},
}


def test_who_maintains_regions():
    assert maintenance_table(_roles()) == MAINTENANCE


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "qianjiang"] == list(_roles())


# --- who records what in Zhengyang (正阳办事处发〔2022〕95号 三（三）–（七）、四（二）) ------------------------

STREET_AND_COMMUNITIES = "street,community"
RECORDS = {
    "leading_group": {},  # 四（一）: leads; changes no record
    # 四（二）: 统筹规划、资源整合、协调指导、督促检查、绩效评估 — they register and review; the services are
    # recorded by the station and the communities.
    "civil_affairs_office": {
        "social_organization:create": STREET_AND_COMMUNITIES, "social_organization:update": STREET_AND_COMMUNITIES,
        "social_worker:create": STREET_AND_COMMUNITIES, "social_worker:update": STREET_AND_COMMUNITIES,
        "form:review": STREET_AND_COMMUNITIES,
    },
    "social_security_office": {
        "social_organization:create": STREET_AND_COMMUNITIES, "social_organization:update": STREET_AND_COMMUNITIES,
        "social_worker:create": STREET_AND_COMMUNITIES, "social_worker:update": STREET_AND_COMMUNITIES,
        "form:review": STREET_AND_COMMUNITIES,
    },
    # 三（三）: 为辖区群众提供……服务; 三（四）、三（五）: 活动; 三（七）: 社会工作者和志愿者协作服务; 四（二）: 公益慈善资源整合.
    "social_work_station": {
        "activity:create": STREET_AND_COMMUNITIES, "activity:update": STREET_AND_COMMUNITIES,
        "service_record:create": "community", "donation:create": STREET_AND_COMMUNITIES,
        "social_organization:create": STREET_AND_COMMUNITIES, "social_organization:update": STREET_AND_COMMUNITIES,
        "form:submit": STREET_AND_COMMUNITIES, "form:review": STREET_AND_COMMUNITIES,
    },
}
# 四（二）: 社区要统筹推进“五社联动”项目落地落实 — Zhengyang's communities hold the chongqing plugin's roles.
INHERITED = {
    "community": {
        "activity:create": "community", "activity:update": "community", "service_record:create": "community",
        "volunteer:create": "community", "volunteer:update": "community",
        "volunteer_team:create": "community", "volunteer_team:update": "community", "form:submit": "community",
    },
    "two_committees": {
        "activity:create": "community", "activity:update": "community", "service_record:create": "community",
        "volunteer:create": "community", "volunteer_team:create": "community",
        "form:submit": "community", "form:review": "community",
    },
}


def test_who_records_what():
    assert declared_table(_roles()) == RECORDS
    chongqing = {d.item.code: d.item for d in _registry().roles if d.plugin == "chongqing"}
    assert declared_table({code: chongqing[code] for code in INHERITED}) == INHERITED


def test_everyone_reads_the_activities_and_the_hours():
    for code, role in _roles().items():
        assert _may(role, "activity", "read", Tier.COMMUNITY), code
        assert _may(role, "service_record", "read", Tier.COMMUNITY), code


ZHENGYANG = "chongqing/qianjiang/zhengyang"


async def test_recording_in_zhengyang_through_graphql(platform, client, admin_token):
    other_street = await add_region(client, admin_token, "chongqing/qianjiang", "chengdong", "城东街道", "STREET")
    elsewhere = await add_region(client, admin_token, other_street, "shuntian", "顺天社区", "COMMUNITY")
    at_qunli = await volunteer_at(client, admin_token, f"{ZHENGYANG}/qunli", id_number(1))
    at_elsewhere = await volunteer_at(client, admin_token, elsewhere, id_number(2))
    station = await user_with_role(platform, client, admin_token, "shegong", "chongqing", "social_work_station", ZHENGYANG)
    office = await user_with_role(platform, client, admin_token, "minzheng", "chongqing", "civil_affairs_office", ZHENGYANG)
    group = await user_with_role(platform, client, admin_token, "zuzhang", "chongqing", "leading_group", ZHENGYANG)
    community = await user_with_role(platform, client, admin_token, "qunli", "chongqing", "community", f"{ZHENGYANG}/qunli")

    # 三（四）: 群力社区 “六送六进” — the station records at the street and its communities.
    by_station = accepted(await activity(client, station, f"{ZHENGYANG}/qunli"))["id"]
    accepted(await activity(client, station, ZHENGYANG))
    accepted(await hours(client, station, at_qunli, by_station))
    accepted(await donation(client, station, f"{ZHENGYANG}/qunli"))
    assert codes(await activity(client, station, elsewhere)) == [("region", "not_found")]
    assert codes(await hours(client, station, at_elsewhere, by_station)) == [("volunteerId", "not_found")]
    # The community (the chongqing plugin's role) records at itself.
    by_community = accepted(await activity(client, community, f"{ZHENGYANG}/qunli"))["id"]
    accepted(await hours(client, community, at_qunli, by_community, "14:00"))
    assert codes(await activity(client, community, f"{ZHENGYANG}/chaoyang")) == [("region", "not_found")]
    # The offices check and evaluate, the leading group leads: they read, and record no activity.
    for token in (office, group):
        assert codes(await activity(client, token, f"{ZHENGYANG}/qunli")) == [("region", "forbidden")]
        assert codes(await hours(client, token, at_qunli, by_community)) == [("volunteerId", "forbidden")]
    assert await counts(client, admin_token, ZHENGYANG) == (3, 2)
    assert await counts(client, admin_token, other_street) == (0, 0)

    why = await explained(client, admin_token, "shegong", "service_record:create", f"{ZHENGYANG}/qunli")
    assert why == {"allowed": True,
                   "roles": [f"social_work_station 街道社会工作站 — {DOCUMENT} 三（三）、三（四）、三（五）、三（七）、四（二）"]}
