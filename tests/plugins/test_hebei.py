"""Hebei's regions against DOMAIN.md §3.4 and the addressee line of 冀民〔2021〕79号."""

import plugins.hebei
from core import Tier
from core.plugins.manager import load

CITIES = [
    ("hebei/shijiazhuang", "石家庄市"), ("hebei/tangshan", "唐山市"), ("hebei/qinhuangdao", "秦皇岛市"),
    ("hebei/handan", "邯郸市"), ("hebei/xingtai", "邢台市"), ("hebei/baoding", "保定市"),
    ("hebei/zhangjiakou", "张家口市"), ("hebei/chengde", "承德市"), ("hebei/cangzhou", "沧州市"),
    ("hebei/langfang", "廊坊市"), ("hebei/hengshui", "衡水市"),
    ("hebei/dingzhou", "定州市"), ("hebei/xinji", "辛集市"),
    ("hebei/xiongan", "雄安新区"),
]


def _regions():
    return [d.item for d in load([plugins.hebei], entry_points=False)[1].regions]


def test_scope_and_version():
    info = load([plugins.hebei], entry_points=False)[1].plugins["hebei"]
    assert (info.scope, info.version) == ("hebei", "0.1.0")


def test_root_is_the_province():
    root = _regions()[0]
    assert (root.path, root.name, root.tier) == ("hebei", "河北省", Tier.PROVINCE)


def test_cities_dingzhou_xinji_and_xiongan():
    below = _regions()[1:]
    assert [(r.path, r.name) for r in below] == CITIES
    assert all(r.tier is Tier.CITY and r.parent_path == "hebei" for r in below)
    assert len(below) == 11 + 2 + 1


def test_sources():
    regions = _regions()
    assert all(r.source and r.source.startswith("冀民〔2021〕79号") for r in regions)
    assert {r.source for r in regions[1:-1]} == {"冀民〔2021〕79号 主送：各市（含定州、辛集市）"}
    assert "雄安新区" in regions[-1].source
    assert all(r.kind is None and r.resident_population is None for r in regions)


def test_division_codes():
    codes = {r.path: r.division_code for r in _regions()}
    assert codes["hebei"] == "130000"
    assert codes["hebei/shijiazhuang"] == "130100"
    assert codes["hebei/baoding"] == "130600"
    assert codes["hebei/hengshui"] == "131100"
    assert codes["hebei/dingzhou"] == "130682"
    assert codes["hebei/xinji"] == "130181"
    assert codes["hebei/xiongan"] is None
    assert all(codes[path] for path, _ in CITIES[:-1])
