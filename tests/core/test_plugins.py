"""Plugin loading: discovery, declarations and the start-up errors that name plugin and field."""

import sys
import types

import pytest
import strawberry

from core import FormDecl, GraphQLDecl, RegionDecl, RoleDecl, TargetDecl, Tier, hookimpl
from core.errors import StartupError
from core.plugins.manager import installed, load
from core.testing import graphql
from core.web.graphql.schema import build_schema
from tests.builtin import BUILT_IN


def plugin(name: str, scope: str | None = None, **hooks) -> types.ModuleType:
    """A throw-away plugin module with the given hook functions (marked as hookimpls)."""
    module = types.ModuleType(f"tests_{name}")
    module.PLUGIN_NAME = name
    if scope is not None:
        module.plugin_scope = hookimpl(lambda: scope)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function, specname=None) if callable(function) else function)
    return module


def regions(*decls):
    return lambda: list(decls)


ROOT = RegionDecl(path="demo", name="示例市", tier=Tier.CITY)


def test_builtin_plugins_are_found_through_entry_points():
    _, registry = load(only=BUILT_IN)
    assert {"panjin", "qianjiang", "tianjin", "hebei", "chongqing"} <= set(registry.plugins)
    qianjiang = registry.plugins["qianjiang"]
    assert qianjiang.scope == "chongqing/qianjiang/zhengyang"
    assert qianjiang.version == "0.1.0"
    assert "register_regions" in qianjiang.hooks


def test_only_loads_the_named_plugins():
    _, registry = load(only=["hebei"])
    assert set(registry.plugins) == {"hebei"}


def test_the_installed_entry_points_read_once_are_no_platforms_shared_state():
    """The entry points are read once per state of the import path; each manager still loads, blocks and
    records its own plugins."""
    hebei, hebei_registry = load(only=["hebei"])
    panjin, panjin_registry = load(only=["panjin"])
    assert installed() is installed()
    assert set(hebei_registry.plugins) == {"hebei"} and set(panjin_registry.plugins) == {"panjin"}
    assert [hebei.get_name(p) for p, _ in hebei.list_plugin_distinfo()] == ["hebei"]
    assert [panjin.get_name(p) for p, _ in panjin.list_plugin_distinfo()] == ["panjin"]
    assert panjin.is_blocked("hebei") and not hebei.is_blocked("hebei")


def test_a_plugin_installed_while_the_process_runs_is_found_by_the_next_load(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    assert "late_probe" not in {ep.name for ep in installed().entry_points}
    assert load(only=["late_probe"])[1].plugins == {}  # not there yet; read once for this state of the path

    (site / "wushe_late_probe.py").write_text("PLUGIN_NAME = 'late_probe'\n", encoding="utf-8")
    dist = site / "wushe_late_probe-0.3.dist-info"  # as pip leaves it, in a folder already on the path
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wushe-late-probe\nVersion: 0.3\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[wushe.plugins]\nlate_probe = wushe_late_probe\n", encoding="utf-8")

    try:
        _, registry = load(only=["late_probe"])
    finally:
        sys.modules.pop("wushe_late_probe", None)
    assert set(registry.plugins) == {"late_probe"}
    assert registry.plugins["late_probe"].version == "0.3"


def test_a_misspelt_hook_fails_naming_plugin_and_the_likely_hook():
    typo = plugin("typo", "demo")
    typo.register_region = hookimpl(regions(ROOT))
    with pytest.raises(StartupError, match=r"plugin 'typo': unknown hook 'register_region'; did you mean 'register_regions'\?"):
        load([typo], entry_points=False)


def test_a_hook_asking_for_an_argument_no_hook_gives_fails():
    def startup(app, extra):
        return None

    with pytest.raises(StartupError, match=r"plugin 'odd': .*hookimpl definition: startup\(app, extra\); Argument\(s\) {'extra'}"):
        load([plugin("odd", startup=startup)], entry_points=False)


def test_a_region_declared_twice_by_one_plugin():
    twice = plugin("twice", "demo", register_regions=regions(ROOT, RegionDecl(path="demo/a", name="甲", tier=Tier.DISTRICT),
                                                               RegionDecl(path="demo/a", name="乙", tier=Tier.DISTRICT)))
    with pytest.raises(StartupError, match=r"plugin 'twice': register_regions\[2\]\.path: 'demo/a' is declared twice \(also at register_regions\[1\]\)"):
        load([twice], entry_points=False)


def test_a_region_declared_by_two_plugins():
    first = plugin("first", "demo", register_regions=regions(ROOT))
    second = plugin("second", "demo", register_regions=regions(RegionDecl(path="demo", name="又一个", tier=Tier.CITY)))
    with pytest.raises(StartupError, match=r"plugin 'second': .*'demo' is already declared by plugin 'first'"):
        load([first, second], entry_points=False)


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"path": "demo/Bad_Code", "name": "x", "tier": "district"}, r"register_regions\[1\]\.path: Value error, segment 'Bad_Code'"),
        ({"path": "demo/a", "name": "", "tier": "district"}, r"register_regions\[1\]\.name: String should have at least 1 character"),
        ({"path": "demo/a", "name": "x", "tier": "county"}, r"register_regions\[1\]\.tier: Input should be"),
        ({"path": "demo/a", "name": "x", "tier": "district", "kind": "urban"}, r"register_regions\[1\]: Value error, kind \(urban/rural\) applies to communities only"),
        ({"path": "demo/a", "name": "x", "tier": "district", "population": 3}, r"register_regions\[1\]\.population: Extra inputs"),
    ],
)
def test_bad_region_declarations_name_the_field(declared, message):
    bad = plugin("bad", "demo", register_regions=lambda: [ROOT, declared])
    with pytest.raises(StartupError, match=rf"plugin 'bad': {message}"):
        load([bad], entry_points=False)


def test_a_declaration_failing_inside_the_hook_names_the_plugin():
    def broken():
        return [RegionDecl(path="demo", name="x", tier="nowhere")]

    with pytest.raises(StartupError, match=r"plugin 'broken': register_regions: tier: Input should be"):
        load([plugin("broken", "demo", register_regions=broken)], entry_points=False)


@pytest.mark.parametrize(
    ("decls", "message"),
    [
        ([ROOT, RegionDecl(path="other/a", name="x", tier=Tier.DISTRICT)], r"'other/a' lies outside the plugin's scope 'demo'"),
        ([ROOT, RegionDecl(path="demo/a/b", name="x", tier=Tier.STREET)], r"parent 'demo/a' is not declared by any plugin"),
        ([ROOT, RegionDecl(path="demo/a", name="x", tier=Tier.PROVINCE)], r"tier 'province' must lie below its parent's tier 'city'"),
    ],
)
def test_regions_must_fit_the_scope_and_the_tree(decls, message):
    with pytest.raises(StartupError, match=message):
        load([plugin("p", "demo", register_regions=regions(*decls))], entry_points=False)


def test_register_regions_must_return_a_list():
    with pytest.raises(StartupError, match=r"plugin 'p': register_regions: must return a list, got dict"):
        load([plugin("p", "demo", register_regions=lambda: {"path": "demo"})], entry_points=False)


def test_a_bad_scope_is_refused():
    with pytest.raises(StartupError, match=r"plugin 'p': plugin_scope: segment 'Demo'"):
        load([plugin("p", "Demo")], entry_points=False)


ROLE = RoleDecl(code="street_office", label="街道办事处", tier=Tier.STREET, permissions=("volunteer:read",), source="文件 三")


def test_register_roles_collects_and_refuses_a_code_twice_in_a_tenant():
    one = plugin("one", "demo", register_regions=regions(ROOT), register_roles=lambda: [ROLE])
    _, registry = load([one], entry_points=False)
    assert [(d.plugin, d.item.label) for d in registry.roles] == [("one", "街道办事处")]
    two = plugin("two", "demo/a", register_roles=lambda: [ROLE])
    with pytest.raises(StartupError, match=r"plugin 'two': register_roles\[0\]\.code: 'street_office' is already declared by plugin 'one' \(register_roles\[0\]\) in the same tenant"):
        load([one, two], entry_points=False)
    with pytest.raises(StartupError, match=r"register_roles\[0\]\.permissions: Value error, permission 'read' is not 'resource:action'"):
        load([plugin("bad", "demo", register_roles=lambda: [{"code": "x", "label": "x", "tier": "street", "permissions": ["read"], "source": "s"}])],
             entry_points=False)


TARGET = TargetDecl(key="volunteer_share", indicator="volunteer_share", label="注册志愿者占常住人口比例",
                    comparator=">=", threshold="0.22", unit="ratio", yearly=True, source="文件 二")


def test_register_targets_collects_and_refuses_conflicts():
    one = plugin("one", "demo", register_regions=regions(ROOT), register_targets=lambda: [TARGET])
    _, registry = load([one], entry_points=False)
    assert registry.targets[0].item.threshold == TARGET.threshold
    two = plugin("two", "demo", register_targets=lambda: [TARGET])
    with pytest.raises(StartupError, match=r"plugin 'two': register_targets\[0\]\.key: 'volunteer_share' is already declared at scope 'demo' by plugin 'one' \(register_targets\[0\]\)"):
        load([one, two], entry_points=False)
    narrower = plugin("narrow", "demo", register_targets=lambda: [TARGET.model_copy(update={"scope": "other"})])
    with pytest.raises(StartupError, match=r"register_targets\[0\]\.scope: 'other' lies outside the plugin's scope 'demo'"):
        load([narrower], entry_points=False)
    with pytest.raises(StartupError, match=r"register_targets\[0\]\.\(declaration\)|register_targets\[0\]: .*deadline or yearly"):
        load([plugin("x", "demo", register_targets=lambda: [TARGET.model_dump() | {"yearly": False}])], entry_points=False)


FORM = FormDecl(key="application", version=1, title="项目申报书", json_schema={"type": "object", "properties": {}}, source="文件 附件")


def test_register_forms_keys_and_versions_are_unique():
    one = plugin("one", "demo", register_forms=lambda: [FORM, FORM.model_copy(update={"version": 2})])
    _, registry = load([one], entry_points=False)
    assert [d.item.version for d in registry.forms] == [1, 2]
    two = plugin("two", "demo", register_forms=lambda: [FORM])
    with pytest.raises(StartupError, match=r"plugin 'two': register_forms\[0\]\.version: 'application' version 1 is already declared by plugin 'one' \(register_forms\[0\]\)"):
        load([one, two], entry_points=False)
    with pytest.raises(StartupError, match=r"json_schema: Value error, the form's JSON Schema must have type 'object'"):
        load([plugin("x", "demo", register_forms=lambda: [FORM.model_dump() | {"json_schema": {"type": "array"}}])], entry_points=False)


@strawberry.type
class HelloQuery:
    @strawberry.field
    def hello(self) -> str:
        return "你好"


@strawberry.type
class ClashQuery:
    @strawberry.field
    def region(self) -> str:
        return "mine"


def test_register_graphql_adds_fields_and_refuses_to_override():
    _, registry = load([plugin("hello", register_graphql=lambda: [GraphQLDecl(query=HelloQuery)])], entry_points=False)
    schema = build_schema(registry)
    assert schema.execute_sync("{ hello }").data == {"hello": "你好"}
    _, registry = load([plugin("clash", register_graphql=lambda: [GraphQLDecl(query=ClashQuery)])], entry_points=False)
    with pytest.raises(StartupError, match=r"plugin 'clash': register_graphql: Query.region is already defined by 'core'"):
        build_schema(registry)
    _, registry = load(
        [plugin("a", register_graphql=lambda: [GraphQLDecl(query=HelloQuery)]),
         plugin("b", register_graphql=lambda: [GraphQLDecl(query=HelloQuery)])],
        entry_points=False,
    )
    with pytest.raises(StartupError, match=r"plugin 'b': register_graphql: Query.hello is already defined by 'a'"):
        build_schema(registry)


calls: list[str] = []


def _sync_startup(app):
    calls.append(f"sync:{type(app).__name__}")


async def _async_startup(app):
    calls.append("async")


@pytest.fixture
def extra_plugins():
    calls.clear()
    return [
        plugin("hello", register_graphql=lambda: [GraphQLDecl(query=HelloQuery)], startup=_sync_startup),
        plugin("later", startup=_async_startup),
    ]


async def test_startup_hooks_run_and_plugin_fields_are_served(client, admin_token):
    assert sorted(calls) == ["async", "sync:Litestar"]
    body = await graphql(client, "{ hello plugins { name scope } }", token=admin_token)
    assert body["data"]["hello"] == "你好"
    names = {p["name"]: p["scope"] for p in body["data"]["plugins"]}
    assert names["hello"] is None and names["qianjiang"] == "chongqing/qianjiang/zhengyang"


async def test_plugins_are_enabled_for_their_tenant(client, admin_token):
    body = await graphql(client, "{ tenants { code name plugins root { path tier } } }", token=admin_token)
    tenants = {t["code"]: t for t in body["data"]["tenants"]}
    assert set(tenants) == {"chongqing", "hebei", "panjin", "tianjin"}
    assert tenants["chongqing"]["plugins"] == ["chongqing", "hello", "later", "qianjiang"]
    assert tenants["hebei"]["root"] == {"path": "hebei", "tier": "PROVINCE"}
