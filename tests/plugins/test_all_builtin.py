"""All five built-in plugins load together: no conflicts, one root per tenant, known totals."""

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import Tier
from core.plugins.manager import load

ALL = [plugins.panjin, plugins.chongqing, plugins.qianjiang, plugins.tianjin, plugins.hebei]


def _registry():
    return load(ALL, entry_points=False)[1]


def test_all_five_load_with_their_scopes():
    registry = _registry()
    assert {name: p.scope for name, p in registry.plugins.items()} == {
        "panjin": "panjin",
        "chongqing": "chongqing",
        "qianjiang": "chongqing/qianjiang/zhengyang",
        "tianjin": "tianjin",
        "hebei": "hebei",
    }
    assert {p.name for p in registry.plugins_of_tenant("chongqing")} == {"chongqing", "qianjiang"}


def test_tenant_roots():
    roots = {d.item.path: (d.item.name, d.item.tier) for d in _registry().tenant_roots()}
    assert roots == {
        "panjin": ("盘锦市", Tier.CITY),
        "chongqing": ("重庆市", Tier.CITY),
        "tianjin": ("天津市", Tier.CITY),
        "hebei": ("河北省", Tier.PROVINCE),
    }


def test_region_counts_per_tenant():
    counts: dict[str, int] = {}
    for d in _registry().regions:
        tenant = d.item.path.split("/", 1)[0]
        counts[tenant] = counts.get(tenant, 0) + 1
    assert counts == {
        "panjin": 1 + 4 + 18 + 35,
        "chongqing": 1 + 38 + 3 + 1 + 5,
        "tianjin": 1 + 16 + 11 + 24,
        "hebei": 1 + 11 + 2 + 1,
    }
    paths = [d.item.path for d in _registry().regions]
    assert len(paths) == len(set(paths)) == 173


def test_qianjiang_street_sits_under_qianjiang_district():
    by_path = {d.item.path: d for d in _registry().regions}
    street = by_path["chongqing/qianjiang/zhengyang"]
    assert (street.plugin, street.item.name, street.item.tier) == ("qianjiang", "正阳街道", Tier.STREET)
    district = by_path[street.item.parent_path]
    assert (district.plugin, district.item.name) == ("chongqing", "黔江区")
    assert by_path[district.item.parent_path].item.name == "重庆市"


def test_every_region_has_a_source():
    assert all(d.item.source for d in _registry().regions)
