"""Tianjin's roles against 津民函〔2023〕20号 (DOMAIN.md §3.3)."""

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
    donation,
    explained,
    hours,
    id_number,
    list_readers,
    lists_table,
    maintenance_table,
    update_activity,
    volunteer_at,
)

DOCUMENT = "津民函〔2023〕20号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _roles():
    registry = load([plugins.tianjin], entry_points=False)[1]
    return {d.item.code: d.item for d in registry.roles if d.plugin == "tianjin"}


def _holds(holder, line):
    mine = _lines(holder)
    return PolicyLine("*", line.resource, line.action) in mine or (line.tier != "*" and line in mine)


def test_codes_labels_and_tiers():
    assert [(r.code, r.label, r.tier) for r in _roles().values()] == [
        ("city_bureau", "天津市民政局", Tier.CITY),
        ("supervision_team", "督导团队", Tier.CITY),
        ("evaluation_team", "专业评估团队", Tier.CITY),
        ("charity_organization", "市级具有公开募捐资格的慈善组织", Tier.CITY),
        ("district_bureau", "区民政局", Tier.DISTRICT),
        ("street_office", "街镇", Tier.STREET),
        ("social_work_station", "街镇社会工作服务站", Tier.STREET),
        ("community", "社区", Tier.COMMUNITY),
    ]


def test_every_role_cites_the_document():
    roles = _roles()
    assert all(r.source.startswith(f"{DOCUMENT} ") for r in roles.values())
    assert roles["district_bureau"].source == f"{DOCUMENT} 五（一）、五（三）"
    assert roles["evaluation_team"].source == f"{DOCUMENT} 五（三）"


def test_every_permission_is_core_vocabulary():
    """Or a step of the plugin's own case types (plugins/tianjin/cases.py), or reading cases."""
    registry = load([plugins.tianjin], entry_points=False)[1]
    steps = {tuple(t.permission.split(":")) for d in registry.case_types for t in d.item.transitions if t.permission}
    for role in _roles().values():
        assert role.permissions, role.code
        for line in _lines(role):
            if (line.resource, line.action) in steps | {("case", "read")}:
                continue
            assert line.action in CORE_RESOURCES[line.resource], (role.code, line)


def test_city_bureau_supervises_and_forms_its_teams():
    roles = _roles()
    city = roles["city_bureau"]
    for resource, action in [("audit", "read"), ("user", "create"), ("assignment", "create")]:
        assert _may(city, resource, action, Tier.CITY)
    assert _may(city, "community_profile", "update", Tier.COMMUNITY)  # joint creation points
    assert {line.action for line in _lines(roles["supervision_team"])} == {"read"}
    for code in ("supervision_team", "evaluation_team"):
        assert all(_holds(city, line) for line in _lines(roles[code])), code
    # 五（三）: 将评估结果报送市民政局 …… 经评估合格后给予结项.
    assert _may(city, "form", "read", Tier.STREET)
    assert _may(city, "form", "review", Tier.STREET)
    assert _may(city, "setting", "read", Tier.CITY)
    assert not _may(city, "setting", "update", Tier.CITY)


def test_evaluation_team_evaluates_joint_points_at_the_street():
    team = _roles()["evaluation_team"]
    # 五（三）: 分阶段对市区联合创建点项目开展评估考核 (tianjin_joint_point_evaluation, at the street).
    assert _may(team, "form", "submit", Tier.STREET)
    assert not _may(team, "form", "submit", Tier.DISTRICT)
    assert _may(team, "form", "review", Tier.STREET)
    assert _may(team, "rule", "run", Tier.STREET)
    changes = {(line.resource, line.action) for line in _lines(team) if line.action not in ("read", "run")}
    assert changes == {("form", "submit"), ("form", "review"), ("tianjin_creation_point", "evaluate_joint_point")}


def test_streets_submit_their_creation_records():
    roles = _roles()
    street = roles["street_office"]
    # 二: the street is the creation point; tianjin_creation_record is used at the street.
    assert _may(street, "form", "submit", Tier.STREET)
    assert _may(street, "form", "read", Tier.STREET)
    assert not _may(street, "form", "submit", Tier.COMMUNITY)
    assert not _may(street, "form", "submit", Tier.DISTRICT)
    assert not _may(street, "form", "review", Tier.STREET)
    assert not _may(street, "rule", "run", Tier.STREET)


def test_district_bureaus_evaluate_their_points():
    district = _roles()["district_bureau"]
    # 五（三）: 做好中期、末期评估 (used at the district and at the street).
    for tier in (Tier.DISTRICT, Tier.STREET):
        assert _may(district, "form", "submit", tier), tier
    assert not _may(district, "form", "submit", Tier.COMMUNITY)
    assert _may(district, "form", "review", Tier.STREET)
    assert _may(district, "rule", "run", Tier.STREET)


def test_forms_are_submitted_where_they_are_used():
    registry = load([plugins.tianjin], entry_points=False)[1]
    tiers = {d.item.key: d.item.tiers for d in registry.forms}
    roles = _roles()
    for code, key in [
        ("street_office", "tianjin_creation_record"),
        ("district_bureau", "tianjin_mid_term_evaluation"),
        ("district_bureau", "tianjin_final_evaluation"),
        ("evaluation_team", "tianjin_joint_point_evaluation"),
    ]:
        assert tiers[key], key
        assert all(_may(roles[code], "form", "submit", tier) for tier in tiers[key]), (code, key)
    assert not any(d.item.personal_data for d in registry.forms)


def test_everyone_reads_targets_and_catalogues():
    for code, role in _roles().items():
        assert _may(role, "target", "read", Tier.COMMUNITY), code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), code
        assert not _may(role, "setting", "update", Tier.CITY), code
    # form:submit is per resource, not per form key: every body that may submit anything at a street.
    submitters = {code for code, role in _roles().items() if _may(role, "form", "submit", Tier.STREET)}
    assert submitters == {"city_bureau", "evaluation_team", "district_bureau", "street_office"}


def test_community_funds_live_at_the_street():
    roles = _roles()
    for code in ("street_office", "charity_organization"):
        assert _may(roles[code], "community_fund", "create", Tier.STREET), code
        assert not _may(roles[code], "community_fund", "create", Tier.COMMUNITY), code
    assert _may(roles["charity_organization"], "donation", "dispatch", Tier.STREET)
    assert not _may(roles["street_office"], "donation", "dispatch", Tier.STREET)


def test_station_runs_volunteers_and_casework_in_its_communities():
    station = _roles()["social_work_station"]
    for resource in ("volunteer", "volunteer_team"):
        for action in ("create", "dispatch"):
            assert _may(station, resource, action, Tier.COMMUNITY)
            assert not _may(station, resource, action, Tier.STREET)
    assert _may(station, "social_organization", "create", Tier.COMMUNITY)
    assert _may(station, "personal_data", "read_full", Tier.COMMUNITY)


# 二、附件1、附件2: the city names the joint points; 五（一）: 区民政局负责本区项目整体规划、总体协调、监督指导.
# The street does not keep its own facts: its joint_point 序号 sets its fundraising threshold (三（六）).
MAINTENANCE = {
    "city_bureau": {"region:update": "city,district,street,community", "region:create": "district,street,community"},
    "supervision_team": {},
    "evaluation_team": {},
    "charity_organization": {},
    "district_bureau": {"region:update": "district,street,community", "region:create": "street,community"},
    "street_office": {},
    "social_work_station": {},
    "community": {},
}


def test_who_maintains_regions():
    assert maintenance_table(_roles()) == MAINTENANCE


def test_personal_data_region_and_administration_stay_narrow():
    for code, role in _roles().items():
        resources_actions = {(line.resource, line.action) for line in _lines(role)}
        assert ("personal_data", "read_full") not in resources_actions or code == "social_work_station"
        assert ("region", "read") in resources_actions, code
        assert changes_to_regions(role) == set(MAINTENANCE[code]), code
        assert not {r for r, _ in resources_actions} & {"user", "assignment", "audit"} or code == "city_bureau"
        assert ("role", "create") not in resources_actions and ("role", "update") not in resources_actions


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "tianjin"] == list(_roles())
    tenants = {}
    for d in registry.roles:
        tenants.setdefault(registry.plugins[d.plugin].tenant_code, []).append(d.item.code)
    assert {t: len(codes) for t, codes in tenants.items()} == {
        "panjin": 5, "chongqing": 9, "tianjin": 8, "hebei": 8,
    }


# --- who records what (津民函〔2023〕20号 三（一）–（六）、五（一）) ----------------------------------------

SC = "street,community"
RECORDS = {
    # 五（一）、五（三）: plans, forms the teams, evaluates and closes the joint points — records none of these.
    "city_bureau": {"form:submit": "street", "form:review": "city,district,street,community"},
    "supervision_team": {},  # 五（一）: professional guidance
    "evaluation_team": {"form:submit": "street", "form:review": "city,district,street,community"},  # 五（三）
    # 五（一）: 以专项基金方式设立社区基金; 三（六）: 社区基金依托公募慈善组织，依法开展募集活动.
    "charity_organization": {"donation:create": SC, "community_fund:create": "street", "community_fund:update": "street"},
    # 三（二）、五（一）: 人员配备; 五（三）: 中期、末期评估.
    "district_bureau": {"social_worker:create": "street", "social_worker:update": "street",
                        "form:submit": "district,street", "form:review": "district,street,community"},
    # 三（一）: the street's fund 开展社区公益与志愿活动; 五（一）: 统筹街镇社会力量和资源、辖区慈善力量.
    "street_office": {"activity:create": SC, "activity:update": SC, "donation:create": SC,
                      "community_fund:create": "street", "community_fund:update": "street", "form:submit": "street"},
    # 三（三）: 以街镇社会工作服务站为平台……专业服务; 三（四）: 社区社会组织; 三（五）: 志愿服务记录与证明.
    "social_work_station": {
        "activity:create": SC, "activity:update": SC, "service_record:create": "community",
        "volunteer:create": "community", "volunteer:update": "community",
        "volunteer_team:create": "community", "volunteer_team:update": "community",
        "social_organization:create": "community", "social_organization:update": "community",
    },
    # 三（五）: 社区志愿服务站……开展志愿服务活动，做好志愿服务记录与证明工作; 15% of residents registered.
    "community": {"activity:create": "community", "activity:update": "community", "service_record:create": "community",
                  "volunteer:create": "community", "volunteer:update": "community"},
}


# 三（三）: 项目以街镇社会工作服务站为平台，依托社区基金资源……为特殊困难群众提供“更精准、更暖心”的专业服务 — the
# station enters the needs of the people it serves, the resources and projects that answer them and matches
# them; 三（五）: 协助社区志愿服务站开发策划社区志愿服务项目 — the community's volunteer station plans its
# volunteer projects and offers its volunteers; 五（一）: 街镇……统筹街镇社会力量和资源 — the street offers its
# fund and its area's resources. The city's and district's bureaus and teams supervise and read.
LISTS = {
    "city_bureau": {}, "supervision_team": {}, "evaluation_team": {}, "charity_organization": {}, "district_bureau": {},
    "street_office": {"service_resource:create": "street,community"},
    "social_work_station": {"demand:create": "community", "demand:update": "community", "demand:match": "street,community",
                            "service_resource:create": "street,community", "service_project:create": "street,community"},
    "community": {"service_resource:create": "community", "service_project:create": "community"},
}


def test_who_keeps_the_lists():
    roles = _roles()
    assert lists_table(roles) == LISTS
    assert list_readers(roles) == {"city_bureau", "evaluation_team", "district_bureau", "street_office",
                                   "social_work_station", "community"}


def test_who_records_what():
    assert declared_table(_roles()) == RECORDS


def test_everyone_who_reads_volunteers_reads_their_hours_and_activities():
    for code, role in _roles().items():
        assert _may(role, "service_record", "read", Tier.COMMUNITY) == _may(role, "volunteer", "read", Tier.COMMUNITY), code
    assert _may(_roles()["supervision_team"], "activity", "read", Tier.COMMUNITY)


def test_the_city_bureau_holds_what_it_hands_its_teams():
    roles = _roles()
    for code in ("supervision_team", "evaluation_team"):
        assert all(_holds(roles["city_bureau"], line) for line in _lines(roles[code])), code


TAIDA = "tianjin/binhai/taida"  # joint point 1
NANSHI = "tianjin/heping/nanshi"  # joint point 2


async def test_recording_at_a_creation_point_through_graphql(platform, client, admin_token):
    at_huana = await volunteer_at(client, admin_token, f"{TAIDA}/huana", id_number(1))
    at_kangcui = await volunteer_at(client, admin_token, f"{TAIDA}/kangcui", id_number(2))
    at_nanshi = await volunteer_at(client, admin_token, f"{NANSHI}/xinwenhua", id_number(3))
    station = await user_with_role(platform, client, admin_token, "gongzuozhan", "tianjin", "social_work_station", TAIDA)
    street = await user_with_role(platform, client, admin_token, "jiezhen", "tianjin", "street_office", TAIDA)
    community = await user_with_role(platform, client, admin_token, "huana", "tianjin", "community", f"{TAIDA}/huana")
    district = await user_with_role(platform, client, admin_token, "binhai", "tianjin", "district_bureau", "tianjin/binhai")

    # 三（三）、三（五）: the station records services and hours in the communities of its street.
    made = accepted(await activity(client, station, f"{TAIDA}/kangcui"))
    accepted(await update_activity(client, station, made["id"]))
    accepted(await hours(client, station, at_kangcui, made["id"]))
    assert codes(await activity(client, station, f"{NANSHI}/xinwenhua")) == [("region", "not_found")]
    assert codes(await hours(client, station, at_nanshi, made["id"])) == [("volunteerId", "not_found")]
    # 三（一）、五（一）: the street records its activities and donations; the hours are the stations'.
    by_street = accepted(await activity(client, street, TAIDA))["id"]
    accepted(await donation(client, street, f"{TAIDA}/huana"))
    assert codes(await hours(client, street, at_huana, by_street)) == [("volunteerId", "forbidden")]
    # 三（五）: the community's volunteer station records at the community only.
    by_community = accepted(await activity(client, community, f"{TAIDA}/huana"))["id"]
    accepted(await hours(client, community, at_huana, by_community))
    assert codes(await activity(client, community, f"{TAIDA}/kangcui")) == [("region", "not_found")]
    assert codes(await hours(client, community, at_kangcui, by_community)) == [("volunteerId", "not_found")]
    # 五（一）: the district bureau supervises; it records none of them.
    assert codes(await activity(client, district, f"{TAIDA}/huana")) == [("region", "forbidden")]
    assert codes(await donation(client, district, TAIDA)) == [("region", "forbidden")]
    assert await counts(client, admin_token, TAIDA) == (3, 2)
    assert await counts(client, admin_token, NANSHI) == (0, 0)

    why = await explained(client, admin_token, "jiezhen", "service_record:create", f"{TAIDA}/huana")
    assert why == {"allowed": False, "roles": [f"street_office 街镇 — {DOCUMENT} 二、三（一）、五（一）"]}
