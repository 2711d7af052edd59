"""What the core checks at start-up, and how it tells: every problem of every plugin at once, each as
``plugin 'x': register_forms[3].json_schema.properties.name.type: reason``."""

import json
import types

import pytest

from core import (
    START,
    CaseTypeDecl,
    CatalogueDecl,
    CatalogueItem,
    FormDecl,
    IndicatorDecl,
    PermissionDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    StateDecl,
    TargetDecl,
    Tier,
    TransitionDecl,
    hookimpl,
)
from core.access.vocabulary import CORE_RESOURCES
from core.errors import StartupError
from core.plugins import formschema as fs
from core.plugins import schemarules
from core.plugins.manager import load

ROOT = RegionDecl(path="demo", name="示例市", tier=Tier.CITY)
SOURCE = "示例文件 第三条"


def plugin(name: str, scope: str | None = "demo", **hooks) -> types.ModuleType:
    module = types.ModuleType(f"tests_{name}")
    module.PLUGIN_NAME = name
    if scope is not None:
        module.plugin_scope = hookimpl(lambda: scope)
    for hook, value in hooks.items():
        setattr(module, hook, hookimpl(lambda value=value: list(value)))
    return module


def problems(*plugins) -> list[str]:
    """The lines of the StartupError that loading ``plugins`` raises."""
    with pytest.raises(StartupError) as raised:
        load(list(plugins), entry_points=False)
    text = str(raised.value)
    return [line.strip() for line in text.splitlines()[1:]] if "\n" in text else [text]


def role(*permissions: str, code: str = "office") -> RoleDecl:
    return RoleDecl(code=code, label="办公室", tier=Tier.STREET, permissions=permissions, source=SOURCE)


def form_decl(schema: dict, key: str = "demo_form", **changes) -> FormDecl:
    return FormDecl(key=key, version=1, title="表", json_schema=schema, source=SOURCE, **changes)


# --- every problem at once ---------------------------------------------------------------------------


def test_every_problem_of_every_plugin_is_reported_at_once_with_hook_index_and_field():
    target = TargetDecl(key="share", indicator="volunteer_shar", label="占比", comparator=">=", threshold="0.2",
                        yearly=True, source=SOURCE)
    a = plugin("a", register_regions=[ROOT, RegionDecl(path="demo/x/y", name="乙", tier=Tier.STREET)],
               register_targets=[target], register_roles=[role("volunter:read")])
    b = plugin("b", "other", register_regions=[{"path": "other", "name": "", "tier": "city"},
                                               {"path": "other/d", "name": "区", "tier": "county"}])
    with pytest.raises(StartupError) as raised:
        load([a, b], entry_points=False)
    lines = str(raised.value).splitlines()
    assert lines[0] == "5 problems in the plugins' declarations:"
    assert sorted(line.strip() for line in lines[1:]) == sorted([
        "plugin 'a': register_regions[1].path: its parent 'demo/x' is not declared by any plugin",
        "plugin 'a': register_roles[0].permissions[0]: unknown resource 'volunter'; did you mean 'volunteer'?",
        "plugin 'a': register_targets[0].indicator: unknown indicator 'volunteer_shar'; did you mean 'volunteer_share'?",
        "plugin 'b': register_regions[0].name: String should have at least 1 character",
        "plugin 'b': register_regions[1].tier: Input should be 'province', 'city', 'district', 'street' or 'community'",
    ])


def test_one_problem_is_one_line():
    assert problems(plugin("a", register_regions=[ROOT, ROOT])) == [
        "plugin 'a': register_regions[1].path: 'demo' is declared twice (also at register_regions[0])"]


def test_a_nested_field_is_named_with_its_index():
    bad = CaseTypeDecl(
        key="demo_grant", label="资助", tiers=(Tier.DISTRICT,), source=SOURCE,
        states=(StateDecl(key="done", label="完成", terminal=True),),
        transitions=(TransitionDecl(action="apply", label="申报", from_states=(START,), to="done",
                                    permission="demo_grant:aply", source=SOURCE),),
    )
    grant = PermissionDecl(resource="demo_grant", actions=("apply",), source=SOURCE)
    found = problems(plugin("a", register_case_types=[bad], register_permissions=[grant]))
    assert found == ["plugin 'a': register_case_types[0].transitions[0].permission: resource 'demo_grant' has no "
                     "action 'aply'; did you mean 'demo_grant:apply'? (its actions: apply)"]


def test_every_misspelt_hook_is_reported_at_once():
    def nothing():
        return []

    one, two = plugin("one"), plugin("two")
    one.register_region = hookimpl(nothing)
    two.register_rolse = hookimpl(nothing)
    found = problems(one, two)
    assert [line.split(" (known hooks")[0] for line in found] == [
        "plugin 'one': unknown hook 'register_region'; did you mean 'register_regions'?",
        "plugin 'two': unknown hook 'register_rolse'; did you mean 'register_roles'?",
    ]


# --- permissions against the vocabulary ------------------------------------------------------------------


def test_the_core_declares_its_resources_through_the_hook_and_plugins_add_theirs():
    grant = PermissionDecl(resource="demo_grant", actions=("apply", "review"), description="微创投资助", source=SOURCE)
    _, registry = load([plugin("a", register_permissions=[grant], register_roles=[role("demo_grant:review")])],
                       entry_points=False)
    core = [d for d in registry.permissions if d.plugin == "core"]
    assert {d.item.resource: d.item.actions for d in core} == CORE_RESOURCES
    assert core[0].at == "register_permissions[0]"
    assert "core" not in registry.plugins  # the core is not a plugin of any tenant
    assert registry.vocabulary().resources["demo_grant"] == ("apply", "review")
    assert registry.vocabulary().resources["volunteer"] == CORE_RESOURCES["volunteer"]


@pytest.mark.parametrize(("permission", "reason"), [
    ("volunter:read", "unknown resource 'volunter'; did you mean 'volunteer'?"),
    ("form:approve", "resource 'form' has no action 'approve' (its actions: read, submit, review)"),
    ("volunteer:raed@community", "resource 'volunteer' has no action 'raed'; did you mean 'volunteer:read'? "
                                 "(its actions: read, create, update, dispatch)"),
    ("zzz:read", "unknown resource 'zzz' (known: activity, assignment, audit, "),
])
def test_a_roles_permission_names_a_known_resource_and_action(permission, reason):
    found = problems(plugin("a", register_roles=[role("region:read", permission)]))
    assert len(found) == 1 and found[0].startswith(f"plugin 'a': register_roles[0].permissions[1]: {reason}")


def test_a_resource_is_declared_once():
    form = PermissionDecl(resource="form", actions=("approve",), source=SOURCE)
    grant = PermissionDecl(resource="demo_grant", actions=("apply",), source=SOURCE)
    assert problems(plugin("a", register_permissions=[form, grant]), plugin("b", register_permissions=[grant])) == [
        "plugin 'a': register_permissions[0].resource: 'form' is already declared by the core "
        "(register_permissions[14]); name the plugin's own resource otherwise",
        "plugin 'b': register_permissions[0].resource: 'demo_grant' is already declared by plugin 'a' "
        "(register_permissions[1]); name the plugin's own resource otherwise",
    ]


def test_a_resource_declaration_is_checked():
    found = problems(plugin("a", register_permissions=[{"resource": "Grant", "actions": ["apply", "apply"],
                                                          "source": SOURCE}]))
    assert found[0].startswith("plugin 'a': register_permissions[0].resource: String should match pattern")
    assert found[1] == "plugin 'a': register_permissions[0].actions: Value error, action 'apply' is listed twice"


def test_the_built_in_plugins_declare_the_resources_of_their_procedures():
    _, registry = load(only=["chongqing", "qianjiang", "panjin", "tianjin", "hebei"])
    declared = {d.item.resource: d.plugin for d in registry.permissions if d.plugin != "core"}
    assert declared == {"chongqing_consultation": "chongqing", "panjin_application": "panjin",
                        "panjin_round": "panjin", "tianjin_creation_point": "tianjin",
                        "tianjin_creation_task": "tianjin"}


# --- form schemas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("properties", "reason"), [
    ({"name": {"type": "strin", "title": "姓名"}},
     "json_schema.properties.name.type: 'strin' is not a JSON Schema type; did you mean 'string'?"),
    ({"name": {"type": "string"}}, "json_schema.properties.name: has no title (the zh-CN label forms show)"),
    ({"name": {"type": "string", "title": "姓名", "maxLenght": 5}},
     "json_schema.properties.name.maxLenght: not a JSON Schema 2020-12 keyword; did you mean 'maxLength'? "
     "(the platform's own start with 'x-')"),
    ({"name": {"type": "string", "title": "姓名", "minLength": "1"}},
     "json_schema.properties.name.minLength: '1' is not of type 'integer'"),
    ({"name": {"type": "string", "title": "姓名", "pattern": "[0-9"}},
     "json_schema.properties.name.pattern: '[0-9' is not a 'regex'"),
    ({"child": fs.obj("儿童", {"name": fs.text("姓名")}) | {"required": ["name", "nmae"]}},
     "json_schema.properties.child.required: names 'nmae', which is not a property (properties: name)"),
    ({"visits": fs.array("走访", {"type": "object", "properties": {"on": fs.date("日期")}})},
     "json_schema.properties.visits.items: has no title (the zh-CN label forms show)"),
    ({"visits": fs.array("走访", fs.obj("走访", {"on": {"type": "string", "format": "date"}}))},
     "json_schema.properties.visits.items.properties.on: has no title (the zh-CN label forms show)"),
    ({"phone": fs.text("联系电话", pattern=fs.PHONE_PATTERN)},
     "json_schema.properties.phone: holds a phone: make it with formschema.phone(title) "
     "('x-wushe-personal': 'phone'), so that it is stored encrypted and shown masked"),
    ({"guardian": fs.obj("监护人", {"id_number": fs.text("身份证号", max_length=18)})},
     "json_schema.properties.guardian.properties.id_number: holds an ID number: make it with "
     "formschema.id_number(title) ('x-wushe-personal': 'id_number'), so that it is stored encrypted and shown masked"),
    ({"phone": fs.integer("电话") | {fs.PERSONAL: "phone"}},
     "json_schema.properties.phone.type: a personal field is a string (its mask replaces it when stored)"),
    ({"phone": fs.id_number("电话") | {fs.PERSONAL: "phone"}},
     "json_schema.properties.phone.x-wushe-personal: 'phone', but its pattern is an ID number's; "
     "make it with formschema.id_number(title)"),
])
def test_a_form_schema_is_checked_against_the_meta_schema_and_the_platforms_rules(properties, reason):
    schema = fs.form("表", properties)
    found = problems(plugin("a", register_forms=[form_decl(schema)]))
    assert found == [f"plugin 'a': register_forms[0].{reason}"]


def test_a_forms_conditions_name_its_properties():
    schema = fs.form("表", {"kind": fs.choice("类别", ["a", "b"]), "detail": fs.text("说明")}, optional=("detail",),
                     allOf=[{"if": {"properties": {"knd": {"const": "a"}}}, "then": {"required": ["detial"]}}])
    assert problems(plugin("a", register_forms=[form_decl(schema)])) == [
        "plugin 'a': register_forms[0].json_schema.allOf[0].if.properties: names 'knd', which is not a property "
        "(properties: kind, detail)",
        "plugin 'a': register_forms[0].json_schema.allOf[0].then.required: names 'detial', which is not a property "
        "(properties: kind, detail)",
    ]


def test_a_forms_dialect_is_the_platforms():
    schema = fs.form("表", {"name": fs.text("姓名")}) | {"$schema": "http://json-schema.org/draft-07/schema#"}
    assert problems(plugin("a", register_forms=[form_decl(schema)])) == [
        "plugin 'a': register_forms[0].json_schema.$schema: the platform validates forms with JSON Schema 2020-12: "
        "name 'https://json-schema.org/draft/2020-12/schema' or leave it out"]


def test_every_problem_of_a_schema_is_reported():
    schema = fs.form("表", {"a": {"type": "strin", "title": "甲"}, "b": {"type": "string"}, "c": fs.text("丙")})
    schema["required"] = ["a", "b", "c", "d"]
    assert problems(plugin("a", register_forms=[form_decl(schema)])) == [
        "plugin 'a': register_forms[0].json_schema.properties.a.type: 'strin' is not a JSON Schema type; "
        "did you mean 'string'?",
        "plugin 'a': register_forms[0].json_schema.properties.b: has no title (the zh-CN label forms show)",
        "plugin 'a': register_forms[0].json_schema.required: names 'd', which is not a property (properties: a, b, c)",
    ]


def test_a_steps_schema_is_checked_too_but_needs_no_titles():
    grant = PermissionDecl(resource="demo_grant", actions=("apply",), source=SOURCE)
    case_type = CaseTypeDecl(
        key="demo_grant", label="资助", tiers=(Tier.DISTRICT,), source=SOURCE,
        states=(StateDecl(key="done", label="完成", terminal=True),),
        transitions=(TransitionDecl(action="apply", label="申报", from_states=(START,), to="done",
                                    permission="demo_grant:apply", source=SOURCE,
                                    schema={"type": "object", "required": ["amount_fen"],
                                            "properties": {"amount_fen": {"type": "integr"}}}),),
    )
    assert problems(plugin("a", register_permissions=[grant], register_case_types=[case_type])) == [
        "plugin 'a': register_case_types[0].transitions[0].schema.properties.amount_fen.type: 'integr' is not a "
        "JSON Schema type; did you mean 'integer'?"]


def test_the_built_in_forms_pass_every_check():
    _, registry = load(only=["chongqing", "qianjiang", "panjin", "tianjin", "hebei"])
    assert len(registry.forms) >= 17


# --- indicators, rules and catalogues named by declarations --------------------------------------------------


def test_an_indicators_left_out_measure_is_a_known_measure():
    indicator = IndicatorDecl(key="demo_share", label="占比", unit="ratio", definition="d",
                              numerator="registered_volunteers_with_population", denominator="resident_population",
                              left_out="communities_without_populaton", source=SOURCE)
    found = problems(plugin("a", None, register_indicators=[indicator]))
    assert found[0].startswith("plugin 'a': register_indicators[0].left_out: unknown measure "
                               "'communities_without_populaton'; did you mean 'communities_without_population'?")


def test_a_rules_subject_is_an_element_or_a_declared_form():
    rule = RuleDecl(key="demo_rule", label="规则", subject="volunter", message="不符", check=lambda r, c: True,
                    source=SOURCE)
    assert problems(plugin("a", register_rules=[rule])) == [
        "plugin 'a': register_rules[0].subject: 'volunter' is neither an element (social_organization, "
        "social_worker, volunteer, volunteer_team, community_fund) nor form:<key>; did you mean 'volunteer'?"]


SERVICES = CatalogueDecl(key="demo_services", label="服务", source=SOURCE,
                         items=(CatalogueItem(code="elderly", label="养老"), CatalogueItem(code="children", label="儿童")))


def test_a_forms_catalogue_reference_names_a_declared_catalogue_of_its_tenant_and_its_codes():
    schema = fs.form("表", {"service": fs.choice("服务", ["elderly", "disabled"]), "other": fs.choice("其他", ["x"])})
    ui = fs.ui(schema, {"elderly": "养老", "disabled": "助残", "x": "X"}, {})
    ui["widgets"]["service"]["catalogue"] = "demo_services"
    ui["widgets"]["other"]["catalogue"] = "demo_servics"
    found = problems(plugin("a", register_catalogues=[SERVICES], register_forms=[form_decl(schema, ui=ui)]))
    assert found == [
        "plugin 'a': register_forms[0].ui.widgets.other.catalogue: no catalogue 'demo_servics' in the tenant; "
        "did you mean 'demo_services'?",
        "plugin 'a': register_forms[0].ui.widgets.service.catalogue: 'disabled' is not an item of catalogue "
        "'demo_services' (its items: elderly, children)",
    ]
    elsewhere = plugin("b", "other", register_regions=[RegionDecl(path="other", name="他市", tier=Tier.CITY)],
                       register_catalogues=[SERVICES])
    schema = fs.form("表", {"service": fs.choice("服务", ["elderly"])})
    ui = fs.ui(schema, {"elderly": "养老"}, {})
    ui["widgets"]["service"]["catalogue"] = "demo_services"
    assert problems(elsewhere, plugin("a", register_forms=[form_decl(schema, ui=ui)])) == [
        "plugin 'a': register_forms[0].ui.widgets.service.catalogue: no catalogue 'demo_services' in the tenant"]


def test_a_forms_ui_hints_name_its_properties():
    schema = fs.form("表", {"name": fs.text("姓名")})
    ui = {"order": ["name", "nmae"], "widgets": {"nam": {"widget": "textarea"}}, "help": {"name": "填写全名"}}
    assert problems(plugin("a", register_forms=[form_decl(schema, ui=ui)])) == [
        "plugin 'a': register_forms[0].ui.order[1]: 'nmae' is not a property of the form",
        "plugin 'a': register_forms[0].ui.widgets.nam: not a property of the form",
    ]


# --- one plugin given twice ------------------------------------------------------------------------------------


def test_an_installed_plugin_given_again_is_loaded_once():
    import plugins.hebei

    pm, registry = load([plugins.hebei], only=["hebei"])
    assert set(registry.plugins) == {"hebei"}
    assert pm.get_plugin("hebei") is plugins.hebei


def test_another_plugin_under_an_installed_ones_name_is_refused_clearly():
    impostor = plugin("hebei", None)
    with pytest.raises(StartupError) as raised:
        load([impostor], only=["hebei"])
    assert str(raised.value) == (
        "plugin 'hebei': an installed plugin has this name (entry point 'hebei' = plugins.hebei); give this one "
        "another name (PLUGIN_NAME), or leave the installed one out (WUSHE_PLUGINS, or load(only=…))")


def test_a_plugin_may_not_be_called_core():
    with pytest.raises(StartupError, match=r"^plugin 'core': the name 'core' is the core's own; name the plugin otherwise$"):
        load([plugin("core", None)], entry_points=False)


def test_a_schema_checked_again_is_not_walked_again_and_its_answer_is_the_same(monkeypatch):
    """Each platform made in a process checks the same forms: a schema of plain JSON values is walked by
    the meta-schema once; what is answered again is a copy, and an equal schema of other types is not
    taken for it."""
    walks = []
    walk = schemarules._problems
    monkeypatch.setattr(schemarules, "_problems", lambda *args: walks.append(args) or walk(*args))
    schema = fs.form("表", {"a": {"type": "strin", "title": "甲"}, "n": fs.integer("次数")}) | {"x-checked": 7.5}
    first = schemarules.schema_problems(schema)
    first.append(("mine", "changed by the caller"))
    again = schemarules.schema_problems(json.loads(json.dumps(schema)))
    assert again == first[:-1] and again and len(walks) <= 1
    assert schemarules.schema_problems(schema, titles=False, personal=False) == again  # another key, walked
    count = len(walks)
    as_tuple = schema | {"required": tuple(schema["required"])}  # not JSON's array to the meta-schema
    assert "required" in {path for path, _ in schemarules.schema_problems(as_tuple)}
    assert len(walks) == count + 1
    assert schemarules._plain_key({1: "a"}) is None and schemarules._plain_key({"a": float("nan")}) is None
    assert schemarules._plain_key({"a": True}) != schemarules._plain_key({"a": 1})
    looped: dict = {"type": "object", "properties": {}}
    looped["properties"]["self"] = looped  # not JSON: not kept (its walk is the meta-schema's to refuse)
    assert schemarules._plain_key(looped) is None
