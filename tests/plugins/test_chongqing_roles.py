"""Chongqing's roles against 渝民发〔2022〕7号 (DOMAIN.md §3.5), loaded with Qianjiang (same tenant)."""

import pytest

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import RoleDecl, Tier, hookimpl
from core.access.vocabulary import CORE_RESOURCES
from core.errors import StartupError
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
    update_activity,
    volunteer_at,
)

DOCUMENT = "渝民发〔2022〕7号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _registry():
    return load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]


def _roles():
    return {d.item.code: d.item for d in _registry().roles if d.plugin == "chongqing"}


def test_codes_labels_and_tiers():
    assert [(r.code, r.label, r.tier) for r in _roles().values()] == [
        ("municipal_bureau", "重庆市民政局", Tier.CITY),
        ("district_bureau", "区县民政部门", Tier.DISTRICT),
        ("street_office", "乡镇（街道）", Tier.STREET),
        ("community", "村（社区）", Tier.COMMUNITY),
        ("two_committees", "村（社区）“两委”", Tier.COMMUNITY),
    ]


def test_every_role_cites_the_document():
    roles = _roles()
    assert all(r.source.startswith(f"{DOCUMENT} ") for r in roles.values())
    assert roles["two_committees"].source == f"{DOCUMENT} 三（一）、三（三）、三（四）"
    assert roles["street_office"].source == f"{DOCUMENT} 三（四）、三（五）、三（六）、四（二）"


def test_the_street_office_and_district_bureau_switch_emergency_mode():
    roles = _roles()
    for code in ("street_office", "district_bureau"):
        assert _may(roles[code], "emergency", "create", Tier.STREET)
        assert _may(roles[code], "emergency", "create", Tier.COMMUNITY)
        assert not _may(roles[code], "emergency", "create", Tier.DISTRICT)


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


def _registry_roles_with_emergency_powers():
    return [d.item for d in _registry().roles if d.item.emergency_powers]


def test_two_committees_are_ordinary_outside_an_emergency():
    two = _roles()["two_committees"]
    assert _may(two, "volunteer", "create", Tier.COMMUNITY)
    assert _may(two, "volunteer_team", "create", Tier.COMMUNITY)
    assert _may(two, "emergency", "read", Tier.COMMUNITY)
    # 三（四）: taking over and dispatching is the core's emergency grant, never a standing line.
    assert two.emergency_powers is True
    assert [r.code for r in _registry_roles_with_emergency_powers()] == ["two_committees"]
    for resource in ("volunteer", "volunteer_team", "donation"):
        assert not _may(two, resource, "dispatch", Tier.COMMUNITY)
    assert not _may(two, "emergency", "create", Tier.COMMUNITY)
    assert not _may(two, "personal_data", "read_full", Tier.COMMUNITY)


def test_no_standing_dispatch_anywhere_in_the_tenant():
    for declared in _registry().roles:
        assert not any(line.action == "dispatch" for line in _lines(declared.item)), declared.item.code


def test_street_office_creates_only_at_street_and_community():
    street = _roles()["street_office"]
    for resource in ("social_organization", "social_worker"):
        assert _may(street, resource, "create", Tier.STREET)
        assert _may(street, resource, "create", Tier.COMMUNITY)
        assert not _may(street, resource, "create", Tier.DISTRICT)
        assert not _may(street, resource, "create", Tier.CITY)
    assert _may(street, "donation", "create", Tier.COMMUNITY)


def test_demonstration_status_is_conferred_by_the_bureaus_not_the_community():
    roles = _roles()
    assert _may(roles["municipal_bureau"], "community_profile", "update", Tier.COMMUNITY)
    assert _may(roles["district_bureau"], "community_profile", "update", Tier.COMMUNITY)
    for code in ("street_office", "community", "two_committees"):
        assert not _may(roles[code], "community_profile", "update", Tier.COMMUNITY), code


# Who keeps the regions' facts, adds regions below its own and sets baselines, with the tiers as written.
MAINTENANCE = {
    "municipal_bureau": {  # 发文机关; 二: the municipality's goals and its “较‘十三五’末翻一番”
        "region:update": "city,district,street,community", "region:create": "district,street,community",
        "indicator:update": "city",
    },
    # 四（二）: 统筹规划……督促检查、绩效评估
    "district_bureau": {"region:update": "district,street,community", "region:create": "street,community"},
    # 四（二）: 指导村（社区）开展服务
    "street_office": {"region:update": "street,community", "region:create": "community"},
    "community": {},  # 四（二）: 项目落地落实, not its own figures
    "two_committees": {},
}


def test_who_maintains_regions_and_baselines():
    assert maintenance_table(_roles()) == MAINTENANCE


def test_nobody_administers_deletes_regions_or_reads_personal_data_in_full():
    for role in _roles().values():
        resources = {line.resource for line in _lines(role)}
        assert not resources & {"user", "role", "assignment", "audit", "personal_data"}, role.code
        assert _may(role, "region", "read", Tier.COMMUNITY), role.code
        # Changing regions and indicators: exactly the table's permissions, no other action.
        assert changes_to_regions(role) == set(MAINTENANCE[role.code]), role.code


def test_communities_fill_in_their_lists_and_consultations_at_the_community():
    roles = _roles()
    community = roles["community"]
    # 三（六）: 需求清单、资源清单、项目清单; 三（四）、三（六）: 城乡社区协商 — all used at the community.
    assert _may(community, "form", "submit", Tier.COMMUNITY)
    assert _may(community, "form", "read", Tier.COMMUNITY)
    assert not _may(community, "form", "submit", Tier.STREET)
    assert not _may(community, "form", "review", Tier.COMMUNITY)
    two = roles["two_committees"]
    assert _may(two, "form", "submit", Tier.COMMUNITY)  # 三（三）、三（四）: resources and projects
    assert not _may(two, "form", "submit", Tier.STREET)
    assert _may(two, "form", "review", Tier.COMMUNITY)  # 三（一）: 由村（社区）党组织研究讨论后按程序决定


def test_streets_lead_consultation_plan_projects_and_supervise_services():
    street = _roles()["street_office"]
    for tier in (Tier.STREET, Tier.COMMUNITY):
        assert _may(street, "form", "submit", tier), tier  # 四（二）: 主导开展议事协商，开展项目策划
        assert _may(street, "form", "review", tier), tier  # 四（二）: 服务管理监督
    assert not _may(street, "form", "submit", Tier.DISTRICT)
    assert not _may(street, "rule", "run", Tier.STREET)


def test_district_bureaus_check_evaluate_and_spot_check():
    district = _roles()["district_bureau"]
    # 三（三）: 志愿服务记录与证明抽查, filed at the district; 四（二）: 督促检查、绩效评估.
    assert _may(district, "form", "submit", Tier.DISTRICT)
    assert not _may(district, "form", "submit", Tier.STREET)
    assert not _may(district, "form", "submit", Tier.COMMUNITY)
    assert _may(district, "form", "review", Tier.COMMUNITY)
    assert _may(district, "rule", "run", Tier.COMMUNITY)


def test_forms_are_submitted_where_they_are_used():
    registry = _registry()
    tiers = {d.item.key: d.item.tiers for d in registry.forms if d.plugin == "chongqing"}
    roles = _roles()
    community_forms = ("chongqing_demand_list", "chongqing_resource_list", "chongqing_project_list",
                       "chongqing_consultation_record")
    assert _may(roles["community"], "form", "submit", Tier.COMMUNITY)
    for key in community_forms:
        assert set(tiers[key]) == {Tier.STREET, Tier.COMMUNITY}, key
        assert all(_may(roles["street_office"], "form", "submit", tier) for tier in tiers[key]), key
    assert tiers["chongqing_volunteer_record_spot_check"] == ()  # used at any tier; the bureau files it at the district
    assert not any(d.item.personal_data for d in registry.forms if d.plugin == "chongqing")


def test_everyone_reads_targets_and_catalogues_and_only_the_municipal_bureau_settings():
    for code, role in _roles().items():
        assert _may(role, "target", "read", Tier.COMMUNITY), code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), code
        assert not _may(role, "setting", "update", Tier.CITY), code
        assert _may(role, "setting", "read", Tier.CITY) == (code == "municipal_bureau"), code


def test_qianjiang_does_not_redeclare_the_generic_roles():
    qianjiang = {d.item.code for d in _registry().roles if d.plugin == "qianjiang"}
    assert qianjiang.isdisjoint(_roles())


class _OtherDistrict:
    """A district plugin of the chongqing tenant that wrongly declares the generic role again."""

    name = "other_district"

    @hookimpl
    def plugin_scope(self):
        return "chongqing/wanzhou"

    @hookimpl
    def register_roles(self):
        return [RoleDecl(code="two_committees", label="社区“两委”", tier=Tier.COMMUNITY, source="x")]


def test_a_second_two_committees_in_the_tenant_is_refused():
    with pytest.raises(StartupError, match="'two_committees' is already declared by plugin 'chongqing'"):
        load([plugins.chongqing, _OtherDistrict()], entry_points=False)


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "chongqing"] == list(_roles())
    codes = [d.item.code for d in registry.roles if registry.plugins[d.plugin].tenant_code == "chongqing"]
    assert len(codes) == len(set(codes)) == 9


# --- who records what (渝民发〔2022〕7号 三（三）–（五）、四（二）) ------------------------------------------

RECORDS = {
    "municipal_bureau": {},  # 发文机关; 二: confers demonstration status (a profile), records none of these
    "district_bureau": {  # 四（二）: 统筹规划……人才队伍建设; 督促检查、绩效评估 — registers and reviews, holds no activity
        "social_organization:create": "district,street,community", "social_organization:update": "district,street,community",
        "social_worker:create": "district,street,community", "social_worker:update": "district,street,community",
        "form:submit": "district", "form:review": "district,street,community",
    },
    "street_office": {  # 四（二）: 发挥社会工作站作用，开展项目策划、服务管理监督……公益慈善资源整合，指导村（社区）开展服务
        "activity:create": "street,community", "activity:update": "street,community",
        "service_record:create": "community", "donation:create": "street,community",
        "social_organization:create": "street,community", "social_organization:update": "street,community",
        "social_worker:create": "street,community", "social_worker:update": "street,community",
        "form:submit": "street,community", "form:review": "street,community",
    },
    "community": {  # 四（二）: 村（社区）要推进“五社联动”项目落地落实; 三（三）: 时间银行
        "activity:create": "community", "activity:update": "community", "service_record:create": "community",
        "volunteer:create": "community", "volunteer:update": "community",
        "volunteer_team:create": "community", "volunteer_team:update": "community", "form:submit": "community",
    },
    "two_committees": {  # 三（四）: 社会工作者协助村（社区）“两委”……面向居民开展项目化的社区服务与活动
        "activity:create": "community", "activity:update": "community", "service_record:create": "community",
        "volunteer:create": "community", "volunteer_team:create": "community",
        "form:submit": "community", "form:review": "community",
    },
}


def test_who_records_what():
    assert declared_table(_roles()) == RECORDS


def test_everyone_reads_the_activities_and_the_hours():
    for code, role in _roles().items():
        assert _may(role, "activity", "read", Tier.COMMUNITY), code
        assert _may(role, "service_record", "read", Tier.COMMUNITY), code


ZHENGYANG = "chongqing/qianjiang/zhengyang"
CHAOYANG, QUNLI = f"{ZHENGYANG}/chaoyang", f"{ZHENGYANG}/qunli"


async def test_recording_through_graphql_stays_in_the_holders_subtree(platform, client, admin_token):
    other_street = await add_region(client, admin_token, "chongqing/qianjiang", "chengxi", "城西街道", "STREET")
    elsewhere = await add_region(client, admin_token, other_street, "xinhua", "新华社区", "COMMUNITY")
    at_chaoyang, at_qunli, at_elsewhere = [
        await volunteer_at(client, admin_token, where, id_number(n)) for n, where in enumerate((CHAOYANG, QUNLI, elsewhere))]
    street = await user_with_role(platform, client, admin_token, "jiedao", "chongqing", "street_office", ZHENGYANG)
    community = await user_with_role(platform, client, admin_token, "shequ", "chongqing", "community", CHAOYANG)
    committees = await user_with_role(platform, client, admin_token, "liangwei", "chongqing", "two_committees", QUNLI)
    district = await user_with_role(platform, client, admin_token, "quxian", "chongqing", "district_bureau",
                                    "chongqing/qianjiang")

    # 四（二）: the street records at its street and every community of it, never at another street.
    made = accepted(await activity(client, street, CHAOYANG))
    accepted(await activity(client, street, ZHENGYANG))
    accepted(await update_activity(client, street, made["id"]))
    assert accepted(await hours(client, street, at_qunli, made["id"]))["region"] == {"path": QUNLI}
    accepted(await donation(client, street, CHAOYANG))
    assert codes(await activity(client, street, elsewhere)) == [("region", "not_found")]
    assert codes(await hours(client, street, at_elsewhere, made["id"])) == [("volunteerId", "not_found")]

    # 四（二）: a community records at itself only; the "two committees" likewise (三（四）).
    by_community = accepted(await activity(client, community, CHAOYANG))["id"]
    accepted(await hours(client, community, at_chaoyang, by_community))
    for where in (QUNLI, ZHENGYANG):
        assert codes(await activity(client, community, where)) == [("region", "not_found")]
    assert codes(await hours(client, community, at_qunli, by_community)) == [("volunteerId", "not_found")]
    assert codes(await donation(client, community, CHAOYANG)) == [("region", "forbidden")]
    by_committees = accepted(await activity(client, committees, QUNLI))["id"]
    accepted(await hours(client, committees, at_qunli, by_committees, "14:00"))
    assert codes(await activity(client, committees, CHAOYANG)) == [("region", "not_found")]

    # 四（二）: the district bureau checks and evaluates; it sees the activities and records none.
    assert codes(await activity(client, district, CHAOYANG)) == [("region", "forbidden")]
    assert codes(await hours(client, district, at_chaoyang, by_community)) == [("volunteerId", "forbidden")]

    assert await counts(client, admin_token, ZHENGYANG) == (4, 3)
    assert await counts(client, admin_token, other_street) == (0, 0)

    # The explanation names the role and the clauses it rests on.
    why = await explained(client, admin_token, "jiedao", "activity:create", CHAOYANG)
    assert why == {"allowed": True, "roles": [f"street_office 乡镇（街道） — {DOCUMENT} 三（四）、三（五）、三（六）、四（二）"]}
    why = await explained(client, admin_token, "quxian", "activity:create", CHAOYANG)
    assert why == {"allowed": False, "roles": [f"district_bureau 区县民政部门 — {DOCUMENT} 二、三（三）、三（四）、四（二）"]}
