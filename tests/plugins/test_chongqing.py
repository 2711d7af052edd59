"""Chongqing's regions against DOMAIN.md §3.5, 渝民发〔2022〕7号's addressee line and the public
list of Chongqing's 38 districts and counties."""

import re

import plugins.chongqing
import plugins.qianjiang
from core import Tier
from core.plugins.manager import load

DISTRICTS = [
    "万州区", "黔江区", "涪陵区", "渝中区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区",
    "北碚区", "綦江区", "大足区", "渝北区", "巴南区", "长寿区", "江津区", "合川区", "永川区", "南川区",
    "璧山区", "铜梁区", "潼南区", "荣昌区", "开州区", "梁平区", "武隆区",
]
COUNTIES = ["城口县", "丰都县", "垫江县", "忠县", "云阳县", "奉节县", "巫山县", "巫溪县"]
AUTONOMOUS_COUNTIES = ["石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县"]
ZONES = [
    ("chongqing/liangjiang", "两江新区"),
    ("chongqing/gaoxin", "西部科学城重庆高新区"),
    ("chongqing/wansheng", "万盛经济技术开发区"),
]


def _registry():
    return load([plugins.chongqing, plugins.qianjiang], entry_points=False)[1]


def _own():
    return [d.item for d in _registry().regions if d.plugin == "chongqing"]


def test_scope_and_version():
    info = _registry().plugins["chongqing"]
    assert (info.scope, info.version) == ("chongqing", "0.1.0")


def test_root_is_the_municipality():
    (root,) = [d.item for d in _registry().tenant_roots()]
    assert (root.path, root.name, root.tier) == ("chongqing", "重庆市", Tier.CITY)


def test_38_districts_and_counties_then_three_zones():
    below = [r for r in _own() if r.parent_path == "chongqing"]
    assert [r.name for r in below] == DISTRICTS + COUNTIES + AUTONOMOUS_COUNTIES + [n for _, n in ZONES]
    assert (len(DISTRICTS), len(COUNTIES), len(AUTONOMOUS_COUNTIES)) == (26, 8, 4)
    assert [(r.path, r.name) for r in below[-3:]] == ZONES
    assert all(r.tier is Tier.DISTRICT for r in below)


def test_declares_nothing_below_district_tier():
    own = _own()
    assert len(own) == 1 + 38 + 3
    assert all(r.path.count("/") <= 1 for r in own)


def test_qianjiang_is_declared_and_holds_only_zhengyang():
    registry = _registry()
    by_path = {d.item.path: d for d in registry.regions}
    assert by_path["chongqing/qianjiang"].item.name == "黔江区"
    below = [d for d in registry.regions if d.item.parent_path == "chongqing/qianjiang"]
    assert [(d.plugin, d.item.name) for d in below] == [("qianjiang", "正阳街道")]


def test_codes_are_unique_lowercase_pinyin():
    codes = [r.code for r in _own()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in codes)
    assert {"wanzhou", "qianjiang", "yuzhong", "shizhu", "pengshui"} <= set(codes)


def test_sources_name_the_addressee_line():
    own = _own()
    assert all(r.source and r.source.startswith("渝民发〔2022〕7号") for r in own)
    assert {r.source for r in own if r.name in DISTRICTS + COUNTIES + AUTONOMOUS_COUNTIES} == {
        "渝民发〔2022〕7号 主送：各区县（自治县）民政局"
    }
    zones = {r.name: r.source for r in own if r.path in dict(ZONES)}
    assert zones == {
        "两江新区": "渝民发〔2022〕7号 主送：两江新区社会保障局",
        "西部科学城重庆高新区": "渝民发〔2022〕7号 主送：西部科学城重庆高新区公共服务局",
        "万盛经济技术开发区": "渝民发〔2022〕7号 主送：万盛经开区民政局",
    }
    assert all(r.kind is None and r.resident_population is None for r in own)


def test_division_codes():
    codes = {r.path: r.division_code for r in _own()}
    assert codes["chongqing"] == "500000"
    assert codes["chongqing/wanzhou"] == "500101"
    assert codes["chongqing/qianjiang"] == "500114"
    assert codes["chongqing/wulong"] == "500156"
    assert codes["chongqing/chengkou"] == "500229"
    assert codes["chongqing/zhong"] == "500233"
    assert codes["chongqing/pengshui"] == "500243"
    district_codes = [codes[r.path] for r in _own() if r.name in DISTRICTS + COUNTIES + AUTONOMOUS_COUNTIES]
    assert len(district_codes) == len(set(district_codes)) == 38
    assert all(code and code.startswith("500") for code in district_codes)
    # the management zones are no administrative divisions
    assert [codes[path] for path, _ in ZONES] == [None, None, None]
