"""Panjin's region tree against DOMAIN.md §3.1 and the attachment of 盘民发〔2023〕24号."""

import re

import plugins.panjin
from core import CommunityKind, Tier
from core.plugins.manager import load

# Written out from DOMAIN.md §3.1 (the seed's attachment): county → street → communities, in order.
EXPECTED = {
    "盘山县": {
        "太平街道": ["龙祥社区", "蓝桥社区"],
        "吴家镇": ["孙家村", "榆树村", "双桥子村"],
    },
    "双台子区": {
        "建设街道": ["东风社区"],
        "辽河街道": ["盛河社区", "新建社区"],
        "胜利街道": ["旌旗社区", "团结社区"],
        "铁东街道": ["新府社区"],
        "双盛街道": ["辽河左岸社区", "常家村"],
        "统一镇": ["光正台村"],
        "红旗街道": ["永华社区"],
    },
    "兴隆台区": {
        "惠宾街道": ["康桥社区", "康瑞社区"],
        "新工街道": ["粮家村"],
        "兴隆街道": ["钻工社区"],
        "兴海街道": ["托莱多社区"],
        "渤海街道": ["永祥社区", "景园社区"],
        "创新街道": ["鹤乡社区", "园丁社区"],
        "振兴街道": ["幸福社区"],
    },
    "大洼区": {
        "田家街道": ["大堡子村", "双海社区", "鑫源社区", "东方社区", "盛田社区"],
        "大洼街道": ["东升社区", "站前社区", "小堡子村", "向阳社区", "兴盛社区"],
    },
}
RURAL = ["孙家村", "榆树村", "双桥子村", "常家村", "光正台村", "粮家村", "大堡子村", "小堡子村"]


def _registry():
    return load([plugins.panjin], entry_points=False)[1]


def _children(registry, path):
    return [d.item for d in registry.regions if d.item.parent_path == path]


def test_scope_and_version():
    registry = _registry()
    assert registry.plugins["panjin"].scope == "panjin"
    assert registry.plugins["panjin"].version == "0.1.0"
    assert {d.plugin for d in registry.regions} == {"panjin"}


def test_root_is_the_city():
    (root,) = [d.item for d in _registry().tenant_roots()]
    assert (root.path, root.name, root.tier) == ("panjin", "盘锦市", Tier.CITY)


def test_counties_in_order():
    counties = _children(_registry(), "panjin")
    assert [(c.path, c.name) for c in counties] == [
        ("panjin/panshan", "盘山县"),
        ("panjin/shuangtaizi", "双台子区"),
        ("panjin/xinglongtai", "兴隆台区"),
        ("panjin/dawa", "大洼区"),
    ]
    assert all(c.tier is Tier.DISTRICT for c in counties)


def test_streets_and_communities_exactly_as_the_attachment():
    registry = _registry()
    actual = {
        county.name: {
            street.name: [c.name for c in _children(registry, street.path)]
            for street in _children(registry, county.path)
        }
        for county in _children(registry, "panjin")
    }
    assert actual == EXPECTED
    # dict equality ignores order: check it too
    for county in _children(registry, "panjin"):
        assert [s.name for s in _children(registry, county.path)] == list(EXPECTED[county.name])


def test_counts_per_county():
    registry = _registry()
    streets = {c.name: _children(registry, c.path) for c in _children(registry, "panjin")}
    assert {k: len(v) for k, v in streets.items()} == {"盘山县": 2, "双台子区": 7, "兴隆台区": 7, "大洼区": 2}
    communities = {k: sum(len(_children(registry, s.path)) for s in v) for k, v in streets.items()}
    assert communities == {"盘山县": 5, "双台子区": 10, "兴隆台区": 10, "大洼区": 10}


def test_tiers_and_totals():
    regions = [d.item for d in _registry().regions]
    by_tier = {tier: [r for r in regions if r.tier is tier] for tier in Tier}
    assert {tier: len(rs) for tier, rs in by_tier.items()} == {
        Tier.PROVINCE: 0, Tier.CITY: 1, Tier.DISTRICT: 4, Tier.STREET: 18, Tier.COMMUNITY: 35,
    }
    assert all(r.path.count("/") == 3 for r in by_tier[Tier.COMMUNITY])
    assert all(r.path.count("/") == 2 for r in by_tier[Tier.STREET])


def test_villages_are_rural_and_communities_urban():
    communities = [d.item for d in _registry().regions if d.item.tier is Tier.COMMUNITY]
    assert [c.name for c in communities if c.kind is CommunityKind.RURAL] == RURAL
    assert sum(c.kind is CommunityKind.URBAN for c in communities) == 27
    assert all(r.kind is None for r in (d.item for d in _registry().regions) if r.tier is not Tier.COMMUNITY)


def test_known_paths():
    paths = {d.item.path for d in _registry().regions}
    assert {
        "panjin/panshan/taiping/longxiang",
        "panjin/panshan/wujia/sunjia",
        "panjin/dawa/dawa/xiaobaozi",
    } <= paths


def test_every_region_has_a_source_and_no_invented_population():
    for d in _registry().regions:
        assert d.item.source and d.item.source.startswith("盘民发〔2023〕24号"), d.item.path
        assert d.item.resident_population is None and d.item.urban_population is None
    attachment = [d.item for d in _registry().regions if d.item.tier is not Tier.CITY]
    assert {r.source for r in attachment} == {"盘民发〔2023〕24号 附件"}


def test_codes_are_lowercase_pinyin():
    for d in _registry().regions:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", d.item.code), d.item.path


def test_division_codes():
    codes = {d.item.path: d.item.division_code for d in _registry().regions}
    assert codes["panjin"] == "211100"
    assert codes["panjin/shuangtaizi"] == "211102"
    assert codes["panjin/xinglongtai"] == "211103"
    assert codes["panjin/dawa"] == "211104"
    assert codes["panjin/panshan"] == "211122"
    assert {path for path, code in codes.items() if code} == {
        "panjin", "panjin/shuangtaizi", "panjin/xinglongtai", "panjin/dawa", "panjin/panshan",
    }
