"""Region attributes declared by plugins (register_region_attributes): the declaration's own checks,
and the start-up checks of the regions that carry them."""

import datetime as dt
import types

import pytest
from pydantic import ValidationError

from core import RegionAttributeDecl, RegionDecl, Tier, hookimpl
from core.errors import StartupError
from core.plugins.manager import load
from tests.builtin import BUILT_IN

ROOT = RegionDecl(path="demo", name="示例市", tier=Tier.CITY)
STREET = RegionDecl(path="demo/d/s", name="示例街道", tier=Tier.STREET)
DISTRICT = RegionDecl(path="demo/d", name="示例区", tier=Tier.DISTRICT)
POINT = RegionAttributeDecl(key="point", label="创建点序号", kind="int", tiers=(Tier.STREET,), minimum=1, maximum=11,
                            source="示例文件 附件2")


def plugin(name: str, scope: str | None, regions=(), attributes=()) -> types.ModuleType:
    module = types.ModuleType(f"tests_{name}")
    module.PLUGIN_NAME = name
    if scope is not None:
        module.plugin_scope = hookimpl(lambda: scope)
    module.register_regions = hookimpl(lambda: list(regions))
    module.register_region_attributes = hookimpl(lambda: list(attributes))
    return module


def with_attributes(region: RegionDecl, **attributes) -> RegionDecl:
    return region.model_copy(update={"attributes": attributes})


def test_a_declared_attribute_reaches_the_registry_and_applies_in_the_plugins_scope():
    _, registry = load([plugin("demo", "demo", [ROOT, DISTRICT, with_attributes(STREET, point=3)], [POINT])],
                       entry_points=False)
    assert [d.item.key for d in registry.region_attributes] == ["point"]
    assert set(registry.attributes_at("demo/d/s")) == {"point"}
    assert registry.attributes_at("elsewhere/x") == {}
    assert registry.attributes_at("demo/d/s", enabled=set()) == {}


@pytest.mark.parametrize(("attributes", "message"), [
    ({"pont": 3}, r"attributes\.pont: no plugin declares this attribute here .*declared: point"),
    ({"point": "3"}, r"attributes\.point: must be a whole number, got '3'"),
    ({"point": True}, r"attributes\.point: must be a whole number, got True"),
    ({"point": 12}, r"attributes\.point: must be at most 11, got 12"),
])
def test_a_regions_attribute_must_be_declared_and_of_its_kind(attributes, message):
    demo = plugin("demo", "demo", [ROOT, DISTRICT, with_attributes(STREET, **attributes)], [POINT])
    with pytest.raises(StartupError, match=rf"plugin 'demo': register_regions\[2\]\.{message}"):
        load([demo], entry_points=False)


def test_an_attribute_is_set_only_at_its_tiers():
    demo = plugin("demo", "demo", [ROOT, with_attributes(DISTRICT, point=1), STREET], [POINT])
    with pytest.raises(StartupError, match=r"plugin 'demo': register_regions\[1\]\.attributes\.point: applies to street, not a district"):
        load([demo], entry_points=False)


def test_an_attribute_declared_by_a_plugin_applies_only_inside_its_scope():
    outer = plugin("outer", "demo", [ROOT, DISTRICT, with_attributes(STREET, point=2)])
    inner = plugin("inner", "demo/d/s", [], [POINT])
    load([outer, inner], entry_points=False)  # the street lies in the inner plugin's scope
    elsewhere = plugin("elsewhere", "demo", [ROOT, DISTRICT, with_attributes(STREET, point=2)])
    other = plugin("other", "demo/e", [RegionDecl(path="demo/e", name="另一区", tier=Tier.DISTRICT)], [POINT])
    with pytest.raises(StartupError, match=r"attributes\.point: no plugin declares this attribute here"):
        load([elsewhere, other], entry_points=False)


def test_one_key_twice_over_overlapping_scopes_is_refused_and_over_separate_ones_allowed():
    first = plugin("first", "demo", [ROOT, DISTRICT], [POINT])
    second = plugin("second", "demo/d", [], [POINT])
    with pytest.raises(StartupError, match=r"plugin 'second': register_region_attributes\[0\]\.key: 'point' is already declared by plugin 'first' "
                                           r"\(register_region_attributes\[0\]\) for an overlapping scope"):
        load([first, second], entry_points=False)
    east = plugin("east", "demo/d", [], [POINT])
    west = plugin("west", "demo/e", [RegionDecl(path="demo/e", name="另一区", tier=Tier.DISTRICT)], [POINT])
    _, registry = load([plugin("root", "demo", [ROOT, DISTRICT]), east, west], entry_points=False)
    assert [d.plugin for d in registry.region_attributes] == ["east", "west"]


def test_a_bad_declaration_fails_naming_the_plugin_hook_and_field():
    bad = plugin("bad", "demo", [ROOT], [{"key": "Point", "label": "x", "kind": "int", "tiers": ["street"], "source": "s"}])
    with pytest.raises(StartupError, match=r"plugin 'bad': register_region_attributes\[0\]\.key: String should match"):
        load([bad], entry_points=False)


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "bool", "minimum": 1}, "minimum/maximum apply to int and date attributes, not bool"),
    ({"kind": "int", "minimum": 5, "maximum": 1}, "minimum 5 exceeds maximum 1"),
    ({"kind": "int", "allowed": (1, "2")}, "must be a whole number, got '2'"),
    ({"kind": "int", "allowed": (1, 1)}, "allowed lists a value twice"),
    ({"kind": "int", "maximum": 3, "allowed": (1, 4)}, "must be at most 3, got 4"),
    ({"kind": "date", "minimum": 3}, "bound 3 is not a date"),
    ({"kind": "text", "tiers": ()}, "tiers"),
    ({"kind": "text", "tiers": (Tier.STREET, Tier.STREET)}, "tiers lists a tier twice"),
    ({"kind": "float"}, "kind"),
])
def test_a_declaration_is_checked_on_its_own(fields, message):
    base = {"key": "k", "label": "标签", "tiers": (Tier.STREET,), "source": "示例文件"}
    with pytest.raises(ValidationError, match=message):
        RegionAttributeDecl(**(base | fields))


def test_values_are_checked_and_stored_by_kind():
    date = RegionAttributeDecl(key="since", label="确定日期", kind="date", tiers=(Tier.STREET,),
                               minimum=dt.date(2023, 1, 1), source="s")
    assert date.check("2023-07-01") == "2023-07-01"
    assert date.check(dt.date(2024, 1, 2)) == "2024-01-02"
    with pytest.raises(ValueError, match="must be at least 2023-01-01, got 2022-12-31"):
        date.check("2022-12-31")
    with pytest.raises(ValueError, match="must be a date YYYY-MM-DD, got '2023-13-01'"):
        date.check("2023-13-01")
    text = RegionAttributeDecl(key="batch", label="批次", kind="text", tiers=(Tier.STREET,), allowed=("第一批", "第二批"),
                               source="s")
    assert text.check("第一批") == "第一批"
    with pytest.raises(ValueError, match="must be one of 第一批, 第二批, got '第三批'"):
        text.check("第三批")
    with pytest.raises(ValueError, match="must not be blank"):
        text.check("  ")
    flag = RegionAttributeDecl(key="flag", label="标志", kind="bool", tiers=(Tier.STREET,), source="s")
    assert flag.check(False) is False
    with pytest.raises(ValueError, match="must be true or false, got 1"):
        flag.check(1)


@pytest.mark.parametrize("year", [1949, dt.date.today().year + 1])
def test_a_declared_population_year_is_from_1950_to_this_year(year):
    with pytest.raises(ValidationError, match="population_year"):
        RegionDecl(path="demo", name="示例市", tier=Tier.CITY, resident_population=10, population_year=year)
    assert RegionDecl(path="demo", name="示例市", tier=Tier.CITY, population_year=2020).population_year == 2020


def test_the_five_plugins_declare_every_attribute_their_regions_carry():
    _, registry = load(only=BUILT_IN)
    used = {(d.plugin, key) for d in registry.regions for key in d.item.attributes}
    declared = {(d.plugin, d.item.key) for d in registry.region_attributes}
    assert used == declared == {("tianjin", "joint_point"), ("tianjin", "creation_point")}
