"""Panjin's roles against 盘民发〔2023〕24号 (DOMAIN.md §3.1): organizer, contractor, experts."""

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import Tier
from core.access.vocabulary import CORE_RESOURCES, PolicyLine
from core.plugins.manager import load
from core.testing import role_lines as _lines
from core.testing import role_may as _may
from core.testing import user_with_role
from tests.plugins.recording import (
    accepted,
    activity,
    changes_to_regions,
    codes,
    counts,
    declared_table,
    explained,
    hours,
    id_number,
    list_readers,
    lists_table,
    maintenance_table,
    update_activity,
    volunteer_at,
)

DOCUMENT = "盘民发〔2023〕24号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _roles():
    registry = load([plugins.panjin], entry_points=False)[1]
    return {d.item.code: d.item for d in registry.roles if d.plugin == "panjin"}


def _holds(holder, line):
    """The core's no-escalation rule, per line: the holder has it at that tier (or at every tier)."""
    mine = _lines(holder)
    return PolicyLine("*", line.resource, line.action) in mine or (line.tier != "*" and line in mine)


def test_codes_labels_and_tiers():
    assert [(r.code, r.label, r.tier) for r in _roles().values()] == [
        ("organizer", "盘锦市民政局（主办单位）", Tier.CITY),
        ("contractor", "承办单位", Tier.DISTRICT),
        ("expert", "评审专家", Tier.CITY),
        ("county_bureau", "县区民政局", Tier.DISTRICT),
        ("social_work_station", "乡镇（街道）社工站", Tier.STREET),
    ]


def test_every_role_cites_the_document():
    roles = _roles()
    assert all(r.source.startswith(f"{DOCUMENT} ") for r in roles.values())
    assert roles["organizer"].source == f"{DOCUMENT} 三（四）、三（五）1、三（七）、三（八）、三（十）"
    assert roles["contractor"].source == f"{DOCUMENT} 一（二）2、三（二）3、三（四）、三（五）2、三（六）1、三（八）4"
    assert roles["expert"].source == f"{DOCUMENT} 三（七）、三（九）"


# Beyond the core's vocabulary: reading cases (the core's resource ``case``, which CORE_RESOURCES does
# not list yet) and the steps of the plugin's own case types (plugins/panjin/cases.py).
CASE_STEPS = {"case": {"read"}, "panjin_round": {"manage"}, "panjin_application": {"apply", "manage", "pay"}}


def test_every_permission_is_core_vocabulary():
    for role in _roles().values():
        assert role.permissions, role.code
        for line in _lines(role):
            if line.resource in CASE_STEPS:  # the steps of the plugin's own case types (cases.py)
                assert line.action in CASE_STEPS[line.resource], (role.code, line)
                continue
            assert line.action in CORE_RESOURCES[line.resource], (role.code, line)


def test_tenant_admin_is_not_declared():
    assert "tenant_admin" not in _roles()


def test_organizer_administers_and_supervises():
    organizer = _roles()["organizer"]
    for resource, action in [("user", "create"), ("assignment", "create"), ("assignment", "delete"), ("audit", "read")]:
        assert _may(organizer, resource, action, Tier.CITY)
    assert _may(organizer, "social_organization", "create", Tier.CITY)
    assert not _may(organizer, "role", "create", Tier.CITY)
    assert not _may(organizer, "role", "update", Tier.CITY)


def test_contractor_runs_volunteer_service_in_communities_only():
    contractor = _roles()["contractor"]
    assert _may(contractor, "region", "read", Tier.STREET)
    for action in ("create", "dispatch"):
        assert _may(contractor, "volunteer", action, Tier.COMMUNITY)
        assert not _may(contractor, "volunteer", action, Tier.STREET)
        assert not _may(contractor, "volunteer", action, Tier.DISTRICT)
    assert _may(contractor, "volunteer_team", "create", Tier.COMMUNITY)
    assert not _may(contractor, "social_organization", "update", Tier.DISTRICT)
    assert not _may(contractor, "donation", "create", Tier.COMMUNITY)


def test_county_bureaus_and_stations_only_read():
    roles = _roles()
    # 主送：各县区民政局: the county keeps its regions' facts (MAINTENANCE below); otherwise it reads.
    assert {line.action for line in _lines(roles["county_bureau"]) if line.resource != "region"} == {"read"}
    assert {line.action for line in _lines(roles["social_work_station"])} == {"read"}
    # 三（七）: 每个县区根据得分高低……确定拟购买的项目 — the county reads applications and scores.
    assert _may(roles["county_bureau"], "form", "read", Tier.DISTRICT)
    # 二（二）: the station assists the contractor; it fills in no form.
    assert not _may(roles["social_work_station"], "form", "read", Tier.STREET)


def test_experts_score_and_review_and_change_no_element():
    expert = _roles()["expert"]
    assert _may(expert, "social_organization", "read", Tier.CITY)
    assert _may(expert, "community_fund", "read", Tier.COMMUNITY)
    # 三（七） score sheet (panjin_project_scoring), 三（九） performance evaluation — at the county/district.
    assert _may(expert, "form", "submit", Tier.DISTRICT)
    assert not _may(expert, "form", "submit", Tier.CITY)  # the expert pool is the bureau's (三（七）)
    # It reads the applications of its own panels as their party (plugins/panjin/cases.py), not
    # every application and every other expert's score sheet by a tier-wide grant.
    assert not _may(expert, "form", "review", Tier.DISTRICT)
    assert not _may(expert, "form", "read", Tier.DISTRICT)
    assert not _may(expert, "case", "read", Tier.DISTRICT)
    assert _may(expert, "rule", "run", Tier.DISTRICT)  # 三（七）: 对社会组织主体资格……进行审查
    changes = {(line.resource, line.action) for line in _lines(expert) if line.action not in ("read", "run")}
    assert changes == {("form", "submit")}


def test_contractor_submits_its_application_and_reports_at_its_county():
    contractor = _roles()["contractor"]
    # 三（六）1 申报书 (panjin_project_application), 三（八）4 monthly report — at the county/district.
    assert _may(contractor, "form", "submit", Tier.DISTRICT)
    # Its own applications it reads as their applicant party (cases.py), never its competitors'.
    assert not _may(contractor, "form", "read", Tier.DISTRICT)
    assert not _may(contractor, "case", "read", Tier.DISTRICT)
    assert _may(contractor, "panjin_application", "apply", Tier.DISTRICT)
    for tier in (Tier.CITY, Tier.STREET, Tier.COMMUNITY):
        assert not _may(contractor, "form", "submit", tier), tier
    # Its own project is what the experts review and check.
    assert not _may(contractor, "form", "review", Tier.DISTRICT)
    assert not _may(contractor, "rule", "run", Tier.DISTRICT)


def test_organizer_receives_reviews_and_checks_and_sets_its_terms():
    organizer = _roles()["organizer"]
    assert _may(organizer, "form", "submit", Tier.CITY)  # 三（七） expert pool entries
    assert _may(organizer, "form", "submit", Tier.DISTRICT)
    assert not _may(organizer, "form", "submit", Tier.COMMUNITY)
    assert _may(organizer, "form", "review", Tier.DISTRICT)
    assert _may(organizer, "rule", "run", Tier.DISTRICT)
    assert _may(organizer, "setting", "read", Tier.CITY)
    assert _may(organizer, "setting", "update", Tier.CITY)


def test_forms_are_submitted_where_they_are_used():
    registry = load([plugins.panjin], entry_points=False)[1]
    tiers = {d.item.key: d.item.tiers for d in registry.forms}
    roles = _roles()
    for code, key in [
        ("contractor", "panjin_project_application"),
        ("contractor", "panjin_monthly_progress_report"),
        ("expert", "panjin_project_scoring"),
        ("expert", "panjin_performance_evaluation"),
        ("organizer", "panjin_expert_pool_entry"),
    ]:
        assert tiers[key], key
        assert all(_may(roles[code], "form", "submit", tier) for tier in tiers[key]), (code, key)
    assert not any(d.item.personal_data for d in registry.forms)  # no role needs personal_data:read_full


def test_everyone_reads_targets_and_catalogues_and_only_the_organizer_settings():
    for code, role in _roles().items():
        assert _may(role, "target", "read", Tier.COMMUNITY), code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), code
        if code != "organizer":
            assert not {line.resource for line in _lines(role)} & {"setting"}, code


# 三（五）1: 市民政局作为主办单位，牵头组织实施; 三（四）: 服务范围以《名单》为准 — the organizer keeps the list and
# its regions; 主送：各县区民政局 — a county keeps its regions' facts and adds none. Nobody sets a baseline.
MAINTENANCE = {
    "organizer": {"region:update": "city,district,street,community", "region:create": "district,street,community"},
    "contractor": {},
    "expert": {},
    "county_bureau": {"region:update": "district,street,community"},
    "social_work_station": {},
}


def test_who_maintains_regions():
    assert maintenance_table(_roles()) == MAINTENANCE


def test_only_the_offices_maintain_regions_and_nobody_reads_personal_data_in_full():
    for role in _roles().values():
        resources_actions = {(line.resource, line.action) for line in _lines(role)}
        assert changes_to_regions(role) == set(MAINTENANCE[role.code]), role.code
        assert ("personal_data", "read_full") not in resources_actions
        assert ("emergency", "create") not in resources_actions


def test_organizer_can_assign_the_roles_it_selects():
    roles = _roles()
    for code in ("contractor", "expert", "county_bureau", "social_work_station"):
        assert all(_holds(roles["organizer"], line) for line in _lines(roles[code])), code


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "panjin"] == list(_roles())


# --- who records what (盘民发〔2023〕24号 二（二）、三（四）、三（五）) ---------------------------------------

ALL_BELOW_CITY = "city,district,street,community"
VOLUNTEERS_AND_ACTIVITIES = {
    # 三（四）: 每个社区（村）全年开展活动不少于48场次，服务不少于1000人次；志愿服务类活动……由承接机构……自行开展.
    "activity:create": "community", "activity:update": "community", "service_record:create": "community",
    "volunteer:create": "community", "volunteer_team:create": "community", "volunteer_team:update": "community",
}
RECORDS = {
    # 三（五）1: leads the plan and holds what it contracts out; 三（六）、三（七）: collects and checks the applicants.
    "organizer": {**VOLUNTEERS_AND_ACTIVITIES,
                  "social_organization:create": ALL_BELOW_CITY, "social_organization:update": ALL_BELOW_CITY,
                  "form:submit": "city,district", "form:review": ALL_BELOW_CITY},
    # 三（四）、三（五）2: runs the project and the volunteer service in the listed communities.
    "contractor": {**VOLUNTEERS_AND_ACTIVITIES, "form:submit": "district"},
    "expert": {"form:submit": "district"},  # 三（七）、三（九）: score sheets and evaluations
    "county_bureau": {},  # 三（七）: reads its applications and scores
    "social_work_station": {},  # 二（二）: assists the contractor; the sessions are the contractor's to record
}


# 一（二）2: 坚持以人为本、需求导向……全面了解居民多样化服务需求; 三（四）: 志愿服务类活动……由承接机构根据社区需求
# 自行开展 — the contractor enters the needs of the listed communities it serves, its volunteers as resources,
# and matches them; 三（六）1: 《“五社联动”项目申报书》……项目的策划设计 — its project, at its county. The
# organizer holds what it contracts out; the station assists (二（二）) and reads; the experts score.
CONTRACTED_LISTS = {"demand:create": "community", "demand:update": "community", "demand:match": "community",
                    "service_resource:create": "community", "service_project:create": "district"}
LISTS = {"organizer": CONTRACTED_LISTS, "contractor": CONTRACTED_LISTS, "expert": {}, "county_bureau": {},
         "social_work_station": {}}


def test_who_keeps_the_lists():
    roles = _roles()
    assert lists_table(roles) == LISTS
    assert list_readers(roles) == {"organizer", "contractor", "county_bureau", "social_work_station"}


def test_who_records_what():
    assert declared_table(_roles()) == RECORDS


def test_everyone_reads_the_activities_the_targets_count():
    for code, role in _roles().items():
        assert _may(role, "activity", "read", Tier.COMMUNITY), code  # 三（九）2: the experts evaluate them too
    assert not _may(_roles()["expert"], "service_record", "read", Tier.COMMUNITY)


XINGLONGTAI = "panjin/xinglongtai"
KANGQIAO, KANGRUI = f"{XINGLONGTAI}/huibin/kangqiao", f"{XINGLONGTAI}/huibin/kangrui"
LONGXIANG = "panjin/panshan/taiping/longxiang"


async def test_recording_in_the_contractors_county_through_graphql(platform, client, admin_token):
    at_kangrui = await volunteer_at(client, admin_token, KANGRUI, id_number(1))
    at_longxiang = await volunteer_at(client, admin_token, LONGXIANG, id_number(2))
    contractor = await user_with_role(platform, client, admin_token, "chengban", "panjin", "contractor", XINGLONGTAI)
    station = await user_with_role(platform, client, admin_token, "shegongzhan", "panjin", "social_work_station",
                                   f"{XINGLONGTAI}/huibin")
    county = await user_with_role(platform, client, admin_token, "xianqu", "panjin", "county_bureau", XINGLONGTAI)

    # 三（五）: one project in one county/district — the contractor records in that county's communities.
    made = accepted(await activity(client, contractor, KANGQIAO))
    accepted(await update_activity(client, contractor, made["id"]))
    accepted(await hours(client, contractor, at_kangrui, made["id"]))
    assert codes(await activity(client, contractor, f"{XINGLONGTAI}/huibin")) == [("region", "forbidden")]
    assert codes(await activity(client, contractor, LONGXIANG)) == [("region", "not_found")]
    assert codes(await hours(client, contractor, at_longxiang, made["id"])) == [("volunteerId", "not_found")]
    # 二（二）: the station assists; the county bureau reads (三（七）).
    for token in (station, county):
        assert codes(await activity(client, token, KANGQIAO)) == [("region", "forbidden")]
        assert codes(await hours(client, token, at_kangrui, made["id"])) == [("volunteerId", "forbidden")]
    assert await counts(client, admin_token, XINGLONGTAI) == (1, 1)
    assert await counts(client, admin_token, "panjin/panshan") == (0, 0)

    why = await explained(client, admin_token, "chengban", "activity:create", KANGQIAO)
    assert why == {"allowed": True, "roles": [f"contractor 承办单位 — {DOCUMENT} 一（二）2、三（二）3、三（四）、三（五）2、三（六）1、三（八）4"]}
