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


def test_personal_data_region_and_administration_stay_narrow():
    for code, role in _roles().items():
        resources_actions = {(line.resource, line.action) for line in _lines(role)}
        assert ("personal_data", "read_full") not in resources_actions or code == "social_work_station"
        assert {a for r, a in resources_actions if r == "region"} == {"read"}, code
        assert not {r for r, _ in resources_actions} & {"user", "assignment", "audit"} or code == "city_bureau"
        assert ("role", "create") not in resources_actions and ("role", "update") not in resources_actions


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "tianjin"] == list(_roles())
    tenants = {}
    for d in registry.roles:
        tenants.setdefault(registry.plugins[d.plugin].tenant_code, []).append(d.item.code)
    assert {t: len(codes) for t, codes in tenants.items()} == {
        "panjin": 5, "chongqing": 9, "tianjin": 8, "hebei": 3,
    }
