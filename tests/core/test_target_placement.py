"""Targets judged where they apply: at the scope region, or at every region of a tier inside it.

A region sees as its own status only the targets judged there; a target judged above it is context
(never met or not met there); a target judged at regions below it is a summary of them.
"""

import datetime as dt
import types
from decimal import Decimal

import pytest

from core import RegionDecl, TargetDecl, Tier, hookimpl
from core.documents.targets import Role, role_at
from core.errors import StartupError
from core.plugins.manager import load
from core.testing import graphql
from core.tree.tiers import CommunityKind
from tests.core.targets_demo import DEMO, seed

SHARE = TargetDecl(key="share", indicator="volunteer_share", label="志愿者占比", comparator=">=",
                   threshold=Decimal("0.15"), deadline=dt.date(2025, 12, 31), source="文件 二")


def _plugin(name: str, scope: str, **hooks) -> types.ModuleType:
    module = types.ModuleType(f"tests_{name}")
    module.PLUGIN_NAME = name
    module.plugin_scope = hookimpl(lambda: scope)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


TREE = [RegionDecl(path="demo", name="示例市", tier=Tier.CITY),
        RegionDecl(path="demo/east", name="东区", tier=Tier.DISTRICT),
        RegionDecl(path="demo/east/a", name="甲街道", tier=Tier.STREET),
        RegionDecl(path="demo/east/a/one", name="一社区", tier=Tier.COMMUNITY, kind=CommunityKind.URBAN)]


def test_an_aggregate_is_judged_at_its_scope_and_is_context_below():
    assert role_at(SHARE, "demo", "demo", Tier.CITY) is Role.OWN
    assert role_at(SHARE, "demo", "demo/east", Tier.DISTRICT) is Role.CONTEXT
    assert role_at(SHARE, "demo", "demo/east/a/one", Tier.COMMUNITY) is Role.CONTEXT


def test_for_every_street_is_a_summary_above_own_at_each_street_context_below():
    every = SHARE.model_copy(update={"applies_at": Tier.STREET})
    assert every.placement is Tier.STREET
    assert role_at(every, "demo", "demo", Tier.CITY) is Role.SUMMARY
    assert role_at(every, "demo", "demo/east", Tier.DISTRICT) is Role.SUMMARY
    assert role_at(every, "demo", "demo/east/a", Tier.STREET) is Role.OWN
    assert role_at(every, "demo", "demo/east/a/one", Tier.COMMUNITY) is Role.CONTEXT


def test_per_community_is_every_community_and_skips_the_other_kind():
    each = SHARE.model_copy(update={"evaluated_at": "per_community", "community_kind": CommunityKind.URBAN})
    assert each.placement is Tier.COMMUNITY
    assert role_at(each, "demo", "demo/east/a", Tier.STREET) is Role.SUMMARY
    assert role_at(each, "demo", "demo/east/a/one", Tier.COMMUNITY, CommunityKind.URBAN) is Role.OWN
    assert role_at(each, "demo", "demo/east/a/two", Tier.COMMUNITY, CommunityKind.RURAL) is None


def test_start_up_refuses_a_tier_above_the_scope_naming_plugin_hook_key_and_field():
    above = SHARE.model_copy(update={"scope": "demo/east", "applies_at": Tier.CITY})
    bad = _plugin("placed", "demo", register_regions=lambda: TREE, register_targets=lambda: [above])
    with pytest.raises(StartupError, match=r"plugin 'placed': register_targets\[0\]\.applies_at: 'city' lies above the tier of the "
                                           r"scope 'demo/east' \(district\)"):
        load([bad], entry_points=False)
    same = SHARE.model_copy(update={"scope": "demo/east", "applies_at": Tier.DISTRICT})
    _, registry = load([_plugin("fine", "demo", register_regions=lambda: TREE, register_targets=lambda: [same])],
                       entry_points=False)
    assert registry.targets[0].item.placement is Tier.DISTRICT


def test_per_community_with_another_tier_is_refused_naming_the_field():
    mixed = SHARE.model_dump() | {"evaluated_at": "per_community", "applies_at": "street"}
    bad = _plugin("mixed", "demo", register_regions=lambda: TREE, register_targets=lambda: [mixed])
    with pytest.raises(StartupError, match=r"plugin 'mixed': register_targets\[0\].*applies_at: a per_community "
                                           r"target is judged at every community, not at every street"):
        load([bad], entry_points=False)


def test_a_baseline_indicator_needs_its_year_and_no_other_takes_one():
    growth = SHARE.model_copy(update={"key": "growth", "indicator": "charity_organizations_growth",
                                      "threshold": Decimal(2)})
    bad = _plugin("growth", "demo", register_regions=lambda: TREE, register_targets=lambda: [growth])
    with pytest.raises(StartupError, match=r"plugin 'growth': register_targets\[0\]\.baseline_year: .*name the year"):
        load([bad], entry_points=False)
    stray = SHARE.model_copy(update={"baseline_year": 2020})
    with pytest.raises(StartupError, match=r"register_targets\[0\]\.baseline_year: indicator 'volunteer_share' has no baseline"):
        load([_plugin("stray", "demo", register_regions=lambda: TREE, register_targets=lambda: [stray])],
             entry_points=False)
    each = growth.model_copy(update={"baseline_year": 2020, "evaluated_at": "per_community"})
    with pytest.raises(StartupError, match=r"register_targets\[0\]\.applies_at: a target measured against a baseline .*not per community"):
        load([_plugin("each", "demo", register_regions=lambda: TREE, register_targets=lambda: [each])],
             entry_points=False)


STATUS = """query($p: String!, $y: Int) { region(path: $p) { targetStatus(year: $y) {
  key status met value role appliesHere judgedAt judgedTier placement regionsJudged regionsMeeting regionsNoData
  communities communitiesMeeting failing { path name value } leftOut leftOutReason } } }"""


async def _statuses(client, token, path, year=None):
    body = await graphql(client, STATUS, {"p": path, "y": year}, token=token)
    assert "errors" not in body, body
    return {t["key"]: t for t in body["data"]["region"]["targetStatus"]}


async def test_a_for_every_district_target_own_summary_and_context(client, admin_token):
    """Chongqing's yearly demonstration sites: judged at each district; the municipality sees how many meet it."""
    year = dt.date.today().year
    at_city = (await _statuses(client, admin_token, "chongqing", year))["new_demonstration_sites_per_year"]
    assert (at_city["role"], at_city["appliesHere"], at_city["judgedTier"], at_city["placement"]) == (
        "SUMMARY", True, "DISTRICT", "district")
    assert (at_city["regionsJudged"], at_city["regionsMeeting"], at_city["regionsNoData"]) == (41, 0, 0)
    assert at_city["status"] == "not_met" and len(at_city["failing"]) == 41
    assert {"chongqing/liangjiang", "chongqing/gaoxin", "chongqing/wansheng"} <= {f["path"] for f in at_city["failing"]}
    assert at_city["communities"] is None  # a summary of districts, not of communities

    at_district = (await _statuses(client, admin_token, "chongqing/qianjiang", year))["new_demonstration_sites_per_year"]
    assert (at_district["role"], at_district["status"], at_district["judgedAt"]) == ("OWN", "not_met", "chongqing/qianjiang")

    at_street = (await _statuses(client, admin_token, "chongqing/qianjiang/zhengyang", year))["new_demonstration_sites_per_year"]
    assert (at_street["role"], at_street["appliesHere"], at_street["met"], at_street["status"]) == (
        "CONTEXT", False, None, "context")
    assert at_street["judgedAt"] == "chongqing/qianjiang"


@pytest.fixture
def extra_plugins():
    return [DEMO]


async def test_a_for_every_street_target_in_each_of_its_roles(platform, client, admin_token):
    """Street a (25 of 200) fails, street b (15 of 100, one community without population) meets it."""
    await seed(platform)
    at_city = (await _statuses(client, admin_token, "demo"))["street_share"]
    assert (at_city["role"], at_city["judgedTier"], at_city["regionsJudged"], at_city["regionsMeeting"]) == (
        "SUMMARY", "STREET", 2, 1)
    assert at_city["status"] == "not_met" and [f["path"] for f in at_city["failing"]] == ["demo/east/a"]
    assert at_city["failing"][0]["value"] == 0.125

    at_b = (await _statuses(client, admin_token, "demo/east/b"))
    assert (at_b["street_share"]["role"], at_b["street_share"]["status"], at_b["street_share"]["value"]) == (
        "OWN", "met", 0.15)
    assert at_b["district_total"]["role"] == "CONTEXT" and at_b["district_total"]["judgedAt"] == "demo/east"

    at_four = await _statuses(client, admin_token, "demo/east/b/four")
    assert {k: (t["role"], t["status"], t["judgedAt"]) for k, t in at_four.items()} == {
        "street_share": ("CONTEXT", "context", "demo/east/b"),
        "district_total": ("CONTEXT", "context", "demo/east"),
        "each_share": ("OWN", "no_data", "demo/east/b/four"),
    }


async def test_an_aggregate_is_judged_at_its_scope_only(platform, client, admin_token):
    await seed(platform)
    at_east = await _statuses(client, admin_token, "demo/east")
    assert (at_east["district_total"]["role"], at_east["district_total"]["value"],
            at_east["district_total"]["status"]) == ("OWN", 90, "not_met")
    assert "district_total" not in await _statuses(client, admin_token, "demo")  # above its scope: not in force
    for path in ("demo/east/a", "demo/east/a/one"):
        seen = (await _statuses(client, admin_token, path))["district_total"]
        assert (seen["appliesHere"], seen["met"], seen["status"], seen["judgedAt"]) == (False, None, "context", "demo/east")


ROLLUP = """query { rollup(under: "demo/east", by: STREET, indicators: ["volunteer_share", "registered_volunteers"]) {
  rows { path targets { key role status judgedAt regionsJudged regionsMeeting regionsNoData } }
  total { targets { key role status } } } }"""


async def test_rollup_rows_show_each_target_in_its_role(platform, client, admin_token):
    await seed(platform)
    body = await graphql(client, ROLLUP, token=admin_token)
    assert "errors" not in body, body
    rows = {r["path"]: {t["key"]: t for t in r["targets"]} for r in body["data"]["rollup"]["rows"]}
    assert rows["demo/east/a"]["street_share"]["role"] == "OWN" and rows["demo/east/a"]["street_share"]["status"] == "not_met"
    assert rows["demo/east/b"]["street_share"]["status"] == "met"
    assert rows["demo/east/a"]["district_total"] == {"key": "district_total", "role": "CONTEXT", "status": "context",
                                                     "judgedAt": "demo/east", "regionsJudged": None,
                                                     "regionsMeeting": None, "regionsNoData": None}
    each = rows["demo/east/b"]["each_share"]
    assert (each["role"], each["regionsJudged"], each["regionsMeeting"], each["regionsNoData"], each["status"]) == (
        "SUMMARY", 1, 1, 1, "no_data")
    assert (rows["demo/east/a"]["each_share"]["status"], rows["demo/east/a"]["each_share"]["regionsMeeting"]) == ("not_met", 1)
    total = {t["key"]: t for t in body["data"]["rollup"]["total"]["targets"]}
    assert (total["district_total"]["role"], total["district_total"]["status"]) == ("OWN", "not_met")


def test_the_targets_example_in_the_plugin_docs_loads_and_places_as_it_says():
    import re
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = next(b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "TARGETS = [" in b)
    namespace: dict = {}
    exec(compile(source, "docs/plugins.md", "exec"), namespace)
    example = _plugin("documented", "demo", register_regions=lambda: TREE, register_targets=lambda: namespace["TARGETS"])
    _, registry = load([example], entry_points=False)
    placed = {d.item.key: d.item for d in registry.targets}
    roles = {key: (role_at(t, "demo", "demo", Tier.CITY), role_at(t, "demo", "demo/east", Tier.DISTRICT))
             for key, t in placed.items()}
    assert roles == {
        "social_work_professionals": (Role.OWN, Role.CONTEXT),
        "new_sites": (Role.SUMMARY, Role.OWN),
        "volunteer_share": (Role.SUMMARY, Role.SUMMARY),
        "charity_doubled": (Role.OWN, Role.CONTEXT),
    }
    assert placed["charity_doubled"].baseline_year == 2020
