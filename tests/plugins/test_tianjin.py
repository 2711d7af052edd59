"""Tianjin's regions against DOMAIN.md §3.3 and 津民函〔2023〕20号 附件1–2."""

import re

import plugins.tianjin
from core import CommunityKind, Tier
from core.plugins.manager import load

DISTRICTS = [
    ("heping", "和平区"), ("hedong", "河东区"), ("hexi", "河西区"), ("nankai", "南开区"),
    ("hebei", "河北区"), ("hongqiao", "红桥区"), ("dongli", "东丽区"), ("xiqing", "西青区"),
    ("jinnan", "津南区"), ("beichen", "北辰区"), ("wuqing", "武清区"), ("baodi", "宝坻区"),
    ("binhai", "滨海新区"), ("ninghe", "宁河区"), ("jinghai", "静海区"), ("jizhou", "蓟州区"),
]
# The joint creation points of 附件2, by district: street/town → communities, in order.
JOINT_POINTS = {
    "滨海新区": {"泰达街道": ["华纳社区", "康翠社区"]},
    "和平区": {"南市街道": ["新文化社区", "庆有西里社区", "怀远里社区"]},
    "河西区": {"桃园街道": ["广顺园社区", "津港路社区"]},
    "西青区": {"赤龙南街道": ["佳和荣庭社区", "佳和贤庭社区"]},
    "津南区": {"双林街道": ["林城佳苑社区", "象博豪庭社区"]},
    "南开区": {"广开街道": ["凯兴公寓社区", "宝龙湾社区"]},
    "东丽区": {"金桥街道": ["怡盛里社区", "龙泉里社区"]},
    "北辰区": {"瑞景街道": ["宝翠花都社区", "江南春色社区"]},
    "宁河区": {"芦台街道": ["愉悦港湾社区", "商业道社区"]},
    "蓟州区": {"东二营镇": ["王辛庄村", "北高庄村", "都赛营北村"]},
    "静海区": {"华康街道": ["湖岸栖庭社区", "依山郡社区"]},
}


def _registry():
    return load([plugins.tianjin], entry_points=False)[1]


def _children(registry, path):
    return [d.item for d in registry.regions if d.item.parent_path == path]


def test_scope_and_version():
    info = _registry().plugins["tianjin"]
    assert (info.scope, info.version) == ("tianjin", "0.1.0")


def test_root_is_the_municipality():
    (root,) = [d.item for d in _registry().tenant_roots()]
    assert (root.path, root.name, root.tier) == ("tianjin", "天津市", Tier.CITY)


def test_sixteen_districts():
    districts = _children(_registry(), "tianjin")
    assert sorted((r.path, r.name) for r in districts) == sorted((f"tianjin/{c}", n) for c, n in DISTRICTS)
    assert all(r.tier is Tier.DISTRICT for r in districts)


def test_joint_points_exactly_as_the_attachment():
    registry = _registry()
    actual = {}
    for district in _children(registry, "tianjin"):
        streets = _children(registry, district.path)
        if streets:
            actual[district.name] = {s.name: [c.name for c in _children(registry, s.path)] for s in streets}
    assert actual == JOINT_POINTS
    no_points = {n for _, n in DISTRICTS} - set(JOINT_POINTS)
    assert no_points == {"河东区", "河北区", "红桥区", "武清区", "宝坻区"}


def test_counts():
    regions = [d.item for d in _registry().regions]
    assert {tier: sum(r.tier is tier for r in regions) for tier in Tier} == {
        Tier.PROVINCE: 0, Tier.CITY: 1, Tier.DISTRICT: 16, Tier.STREET: 11, Tier.COMMUNITY: 24,
    }
    assert all(len(v) == 1 for v in JOINT_POINTS.values())
    registry = _registry()
    per_street = {s.name: len(_children(registry, s.path)) for s in regions if s.tier is Tier.STREET}
    assert per_street == {
        "泰达街道": 2, "南市街道": 3, "桃园街道": 2, "赤龙南街道": 2, "双林街道": 2, "广开街道": 2,
        "金桥街道": 2, "瑞景街道": 2, "芦台街道": 2, "东二营镇": 3, "华康街道": 2,
    }


def test_villages_are_rural():
    communities = [d.item for d in _registry().regions if d.item.tier is Tier.COMMUNITY]
    assert [c.name for c in communities if c.kind is CommunityKind.RURAL] == ["王辛庄村", "北高庄村", "都赛营北村"]
    assert sum(c.kind is CommunityKind.URBAN for c in communities) == 21


def test_known_paths_and_codes():
    regions = [d.item for d in _registry().regions]
    paths = {r.path for r in regions}
    assert {"tianjin/binhai/taida", "tianjin/jizhou/dongerying", "tianjin/heping/nanshi"} <= paths
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.code) for r in regions)


def test_sources():
    regions = [d.item for d in _registry().regions]
    assert all(r.source and r.source.startswith("津民函〔2023〕20号") for r in regions)
    assert {r.source for r in regions if r.tier is Tier.DISTRICT} == {"津民函〔2023〕20号 附件1"}
    assert {r.source for r in regions if r.tier in (Tier.STREET, Tier.COMMUNITY)} == {"津民函〔2023〕20号 附件2"}
    assert all(r.resident_population is None for r in regions)


def test_division_codes():
    codes = {d.item.path: d.item.division_code for d in _registry().regions}
    assert codes["tianjin"] == "120000"
    assert codes["tianjin/heping"] == "120101"
    assert codes["tianjin/hebei"] == "120105"
    assert codes["tianjin/dongli"] == "120110"
    assert codes["tianjin/binhai"] == "120116"
    assert codes["tianjin/jizhou"] == "120119"
    assert all(codes[f"tianjin/{c}"] for c, _ in DISTRICTS)
    # streets and communities declare none: they take their district's
    assert codes["tianjin/binhai/taida"] is None and codes["tianjin/heping/nanshi/xinwenhua"] is None
