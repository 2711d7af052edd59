"""Zhengyang Street's regions against DOMAIN.md §3.2 and 正阳办事处发〔2022〕95号 二."""

import pytest

import plugins.chongqing
import plugins.qianjiang
from core import CommunityKind, Tier
from core.errors import StartupError
from core.plugins.manager import load

STREET = "chongqing/qianjiang/zhengyang"


def _registry():
    return load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]


def _own():
    return [d.item for d in _registry().regions if d.plugin == "qianjiang"]


def test_scope_and_version():
    info = _registry().plugins["qianjiang"]
    assert info.scope == STREET
    assert info.tenant_code == "chongqing"
    assert info.version == "0.1.0"


def test_declares_the_street_and_its_five_communities_only():
    assert [(r.path, r.name, r.tier) for r in _own()] == [
        (STREET, "正阳街道", Tier.STREET),
        (f"{STREET}/chaoyang", "朝阳社区", Tier.COMMUNITY),
        (f"{STREET}/qunli", "群力社区", Tier.COMMUNITY),
        (f"{STREET}/tongping", "桐坪社区", Tier.COMMUNITY),
        (f"{STREET}/jifu", "积富社区", Tier.COMMUNITY),
        (f"{STREET}/tuanjie", "团结社区", Tier.COMMUNITY),
    ]


def test_street_sits_under_qianjiang_district():
    by_path = {d.item.path: d for d in _registry().regions}
    parent = by_path["chongqing/qianjiang"]
    assert (parent.plugin, parent.item.name, parent.item.tier) == ("chongqing", "黔江区", Tier.DISTRICT)


def test_all_communities_are_urban():
    communities = [r for r in _own() if r.tier is Tier.COMMUNITY]
    assert len(communities) == 5
    assert all(r.kind is CommunityKind.URBAN for r in communities)
    assert _own()[0].kind is None


def test_sources_and_no_invented_population():
    own = _own()
    assert all(r.source and r.source.startswith("正阳办事处发〔2022〕95号") for r in own)
    assert {r.source for r in own if r.tier is Tier.COMMUNITY} == {"正阳办事处发〔2022〕95号 二"}
    assert all(r.resident_population is None for r in own)


def test_needs_chongqing_for_its_parent():
    with pytest.raises(StartupError, match="parent 'chongqing/qianjiang' is not declared"):
        load([plugins.qianjiang], entry_points=False)


def test_order_of_loading_does_not_matter():
    registry = load([plugins.qianjiang, plugins.chongqing], entry_points=False)[1]
    assert len(registry.regions) == 42 + 6


def test_declares_no_division_codes():
    assert all(r.division_code is None for r in _own())
    by_path = {d.item.path: d.item for d in _registry().regions}
    assert by_path["chongqing/qianjiang"].division_code == "500114"  # what its street falls back to
