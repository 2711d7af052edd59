"""Hebei's roles against 冀民〔2021〕79号 (DOMAIN.md §3.4): one per issuing body, at the province."""

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

DOCUMENT = "冀民〔2021〕79号"
ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _roles():
    registry = load([plugins.hebei], entry_points=False)[1]
    return {d.item.code: d.item for d in registry.roles if d.plugin == "hebei"}


def test_the_three_issuing_bodies():
    assert [(r.code, r.label, r.tier) for r in _roles().values()] == [
        ("civil_affairs_department", "河北省民政厅", Tier.PROVINCE),
        ("organization_department", "中共河北省委组织部", Tier.PROVINCE),
        ("political_legal_commission", "中共河北省委政法委员会", Tier.PROVINCE),
    ]


def test_every_role_cites_the_document_as_issuer():
    assert all(r.source.startswith(f"{DOCUMENT} 发文机关") for r in _roles().values())


def test_every_permission_is_core_vocabulary():
    for role in _roles().values():
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


def test_nobody_declared_submits_forms_runs_rules_or_changes_settings():
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
    for role in _roles().values():
        assert _may(role, "target", "read", Tier.COMMUNITY), role.code
        assert _may(role, "catalogue", "read", Tier.COMMUNITY), role.code


def test_what_each_body_reads():
    roles = _roles()
    resources = {code: {line.resource for line in _lines(role)} for code, role in roles.items()}
    assert {"volunteer", "community_fund", "donation"} <= resources["civil_affairs_department"]
    assert "social_organization" in resources["organization_department"]  # 三（一） party organizations
    assert "donation" not in resources["organization_department"]
    assert "volunteer" not in resources["political_legal_commission"]


def test_loads_with_all_five_builtins():
    registry = load(ALL, entry_points=False)[1]
    assert [d.item.code for d in registry.roles if d.plugin == "hebei"] == list(_roles())
