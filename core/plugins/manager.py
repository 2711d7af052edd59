"""Finding plugins, checking what they declare, and failing loudly at start-up.

``create_plugin_manager()`` builds a fresh pluggy manager (never a global), loads the
``wushe.plugins`` entry points and any plugin objects passed in, and rejects misspelt hooks.
``collect()`` calls the declaration hooks plugin by plugin, so that every error names the
plugin, the hook and the field, and returns a :class:`Registry` of what was declared.
"""

import difflib
import inspect
from collections.abc import Iterable
from importlib import metadata
from typing import Any, TypeVar

import pluggy
from pydantic import BaseModel, ValidationError

from core.documents.rules import check_rule_fields
from core.documents.targets import check_locks, check_placements
from core.errors import StartupError
from core.indicators import INDICATORS
from core.models.summary import MEASURE_COLUMNS
from core.plugins import hookspecs
from core.plugins.cases import CaseTypeDecl
from core.plugins.declarations import (
    CatalogueDecl,
    FormDecl,
    GraphQLDecl,
    IndicatorDecl,
    RegionAttributeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
)
from core.plugins.formschema import has_path, references
from core.plugins.registry import Declared, PluginInfo, Registry
from core.tree.paths import check_path, within

ENTRY_POINT_GROUP = "wushe.plugins"
T = TypeVar("T")

DECLARATION_HOOKS: dict[str, type[BaseModel]] = {
    "register_regions": RegionDecl,
    "register_region_attributes": RegionAttributeDecl,
    "register_roles": RoleDecl,
    "register_targets": TargetDecl,
    "register_indicators": IndicatorDecl,
    "register_forms": FormDecl,
    "register_catalogues": CatalogueDecl,
    "register_rules": RuleDecl,
    "register_settings": SettingDecl,
    "register_graphql": GraphQLDecl,
    "register_case_types": CaseTypeDecl,
}


def create_plugin_manager(
    plugins: Iterable[Any] = (),
    *,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
) -> pluggy.PluginManager:
    """A new plugin manager with the installed plugins (entry points) and ``plugins``.

    ``plugins`` are modules or objects, registered under their ``__name__`` (or an explicit
    ``name`` attribute); ``only`` keeps just the named entry-point plugins.
    """
    pm = pluggy.PluginManager("wushe")
    pm.add_hookspecs(hookspecs)
    if entry_points:
        if only is not None:
            wanted = set(only)
            for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
                if ep.name not in wanted:
                    pm.set_blocked(ep.name)
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except pluggy.PluginValidationError as error:
            raise StartupError(_describe_validation_error(error)) from error
    for plugin in plugins:
        name = plugin_name(plugin)
        try:
            pm.register(plugin, name=name)
        except pluggy.PluginValidationError as error:
            raise StartupError(_describe_validation_error(error, name)) from error
        except ValueError as error:
            raise StartupError(f"plugin {name!r}: {error}") from error
    check_hooks(pm)
    return pm


def plugin_name(plugin: Any) -> str | None:
    """A plugin's name: a module's last dotted part (``plugins.shanhai`` → ``shanhai``), else its
    ``name`` or ``__name__`` attribute; entry-point plugins take the entry point's name."""
    if inspect.ismodule(plugin):
        return str(getattr(plugin, "PLUGIN_NAME", plugin.__name__.rsplit(".", 1)[-1]))
    name = getattr(plugin, "name", None) or getattr(plugin, "__name__", None)
    return name if isinstance(name, str) else None


def _describe_validation_error(error: pluggy.PluginValidationError, name: str | None = None) -> str:
    if name is None:
        plugin = getattr(error, "plugin", None)
        name = getattr(plugin, "__name__", str(plugin))
    return f"plugin {name!r}: " + "; ".join(str(error).splitlines())


def check_hooks(pm: pluggy.PluginManager) -> None:
    """Reject hook implementations that match no hook (pytest's ``check_pending``)."""
    known = sorted(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "wushe_spec"))
    for hook_name in dir(pm.hook):
        if hook_name.startswith("_"):
            continue
        caller = getattr(pm.hook, hook_name)
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            close = difflib.get_close_matches(hook_name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise StartupError(
                f"plugin {impl.plugin_name!r}: unknown hook {hook_name!r}{hint} "
                f"(known hooks: {', '.join(known)})"
            )
    pm.check_pending()


def plugin_infos(pm: pluggy.PluginManager) -> dict[str, PluginInfo]:
    versions = {
        pm.get_name(plugin): dist.version for plugin, dist in pm.list_plugin_distinfo()
    }
    infos: dict[str, PluginInfo] = {}
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin)
        if name is None:
            raise StartupError(f"plugin {plugin!r} is registered without a name")
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or []))
        scope = None
        if "plugin_scope" in hooks:
            scope = _call_one(pm, name, "plugin_scope")
            if scope is not None:
                try:
                    check_path(scope)
                except (TypeError, ValueError) as error:
                    raise StartupError(f"plugin {name!r}: plugin_scope: {error}") from error
        version = versions.get(name) or str(getattr(plugin, "__version__", "unknown"))
        infos[name] = PluginInfo(name=name, version=version, scope=scope, hooks=hooks)
    return dict(sorted(infos.items(), key=lambda kv: (kv[1].scope or "", kv[0])))


def _call_one(pm: pluggy.PluginManager, plugin_name: str, hook: str) -> Any:
    plugin = pm.get_plugin(plugin_name)
    for impl in getattr(pm.hook, hook).get_hookimpls():
        if impl.plugin is plugin:
            result = impl.function()
            if inspect.isawaitable(result):
                raise StartupError(f"plugin {plugin_name!r}: {hook} must not be async")
            return result
    return None


def _declarations(pm: pluggy.PluginManager, hook: str, model: type[BaseModel]) -> list[Declared[Any]]:
    out: list[Declared[Any]] = []
    for impl in getattr(pm.hook, hook).get_hookimpls():  # in registration order
        name = impl.plugin_name
        try:
            result = impl.function()
        except ValidationError as error:
            raise StartupError(f"plugin {name!r}: {hook}: {_first_error(error)}") from error
        if result is None:
            continue
        if not isinstance(result, list | tuple):
            raise StartupError(f"plugin {name!r}: {hook} must return a list, got {type(result).__name__}")
        for index, item in enumerate(result):
            where = f"{hook}[{index}]"
            try:
                decl = item if isinstance(item, model) else model.model_validate(item)
            except ValidationError as error:
                raise StartupError(f"plugin {name!r}: {where}.{_first_error(error)}") from error
            out.append(Declared(name, decl))
    return out


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = ".".join(str(part) for part in first["loc"]) or "(declaration)"
    return f"{loc}: {first['msg']}"


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call every declaration hook, check the results together and return the registry."""
    registry = Registry(plugins=plugin_infos(pm))
    for hook, model in DECLARATION_HOOKS.items():
        getattr(registry, hook.removeprefix("register_")).extend(_declarations(pm, hook, model))
    _check_regions(registry)
    _check_region_attributes(registry)
    _check_roles(registry)
    _check_forms(registry)
    _check_case_types(registry)  # before the indicators: their measures may be the case types'
    _check_indicators(registry)
    _check_targets(registry)
    for hook in ("catalogues", "rules", "settings"):
        _check_unique_in_tenant(registry, hook)
    _check_rule_subjects(registry)
    check_rule_fields(registry)
    _check_references(registry)

    check_locks(registry)
    check_placements(registry, {key: i.baseline_of for key, i in INDICATORS.items()})
    return registry


def _check_regions(registry: Registry) -> None:
    seen: dict[str, str] = {}
    for declared in registry.regions:
        plugin = registry.plugins[declared.plugin]
        path = declared.item.path
        where = f"plugin {plugin.name!r}: register_regions: path {path!r}"
        if plugin.scope is None:
            raise StartupError(f"{where}: a plugin without plugin_scope cannot declare regions")
        if not plugin.covers(path):
            raise StartupError(f"{where} lies outside the plugin's scope {plugin.scope!r}")
        if path in seen:
            if seen[path] == plugin.name:
                raise StartupError(f"{where} is declared twice")
            raise StartupError(f"{where} is already declared by plugin {seen[path]!r}")
        seen[path] = plugin.name
    by_path = {d.item.path: d for d in registry.regions}
    for declared in registry.regions:
        region = declared.item
        parent_path = region.parent_path
        if parent_path is None:
            continue
        where = f"plugin {declared.plugin!r}: register_regions: path {region.path!r}"
        parent = by_path.get(parent_path)
        if parent is None:
            raise StartupError(f"{where}: parent {parent_path!r} is not declared by any plugin")
        if region.tier.rank <= parent.item.tier.rank:
            raise StartupError(
                f"{where}: tier {region.tier.value!r} must lie below its parent's tier "
                f"{parent.item.tier.value!r}"
            )
    registry.regions.sort(key=lambda d: d.item.path.count("/"))


def _check_region_attributes(registry: Registry) -> None:
    """One declaration per key where scopes overlap; every declared region's attributes declared
    for its place and tier, with a value of the declared kind."""
    seen: dict[str, list[str]] = {}
    for declared in registry.region_attributes:
        plugin = registry.plugins[declared.plugin]
        key = declared.item.key
        where = f"plugin {plugin.name!r}: register_region_attributes: key {key!r}"
        for other in seen.get(key, []):
            scope, other_scope = plugin.scope, registry.plugins[other].scope
            if scope is None or other_scope is None or within(scope, other_scope) or within(other_scope, scope):
                raise StartupError(f"{where}: already declared by plugin {other!r} for an overlapping scope")
        seen.setdefault(key, []).append(plugin.name)
    for region in registry.regions:
        declared_here = registry.attributes_at(region.item.path)
        for key, value in region.item.attributes.items():
            where = f"plugin {region.plugin!r}: register_regions: path {region.item.path!r}: attributes.{key}"
            found = declared_here.get(key)
            if found is None:
                known = ", ".join(sorted(declared_here)) or "none"
                raise StartupError(f"{where}: no plugin declares this attribute here (register_region_attributes); "
                                   f"declared: {known}")
            if not found.item.applies_to(region.item.tier):
                tiers = ", ".join(t.value for t in found.item.tiers)
                raise StartupError(f"{where}: applies to {tiers}, not a {region.item.tier.value}")
            try:
                found.item.check(value)
            except ValueError as error:
                raise StartupError(f"{where}: {error}") from error


def _check_roles(registry: Registry) -> None:
    seen: dict[tuple[str | None, str], str] = {}
    for declared in registry.roles:
        tenant = registry.plugins[declared.plugin].tenant_code
        key = (tenant, declared.item.code)
        if key in seen:
            raise StartupError(
                f"plugin {declared.plugin!r}: register_roles: code {declared.item.code!r} "
                f"is already declared by plugin {seen[key]!r} in the same tenant"
            )
        seen[key] = declared.plugin


def _check_indicators(registry: Registry) -> None:
    """Keys unique and no core one's; each measure a core measure or one a case type declares."""
    measures = {*MEASURE_COLUMNS, *(m.key for d in registry.case_types for m in d.item.measures)}
    seen: dict[str, str] = {}
    for declared in registry.indicators:
        key = declared.item.key
        where = f"plugin {declared.plugin!r}: register_indicators: key {key!r}"
        if key in INDICATORS:
            raise StartupError(f"{where}: is a core indicator; choose another key")
        if key in seen:
            raise StartupError(f"{where}: already declared by plugin {seen[key]!r}")
        seen[key] = declared.plugin
        for field in ("numerator", "denominator"):
            measure = getattr(declared.item, field)
            if measure is not None and measure not in measures:
                raise StartupError(f"{where}: {field}: unknown measure {measure!r}; known: {', '.join(sorted(measures))}")


def _check_targets(registry: Registry) -> None:
    known = set(INDICATORS) | {d.item.key for d in registry.indicators}
    seen: dict[tuple[str, str], str] = {}
    for declared in registry.targets:
        plugin = registry.plugins[declared.plugin]
        target = declared.item
        scope = target.scope or plugin.scope
        where = f"plugin {plugin.name!r}: register_targets: key {target.key!r}"
        if scope is None:
            raise StartupError(f"{where}: scope is required for a plugin without plugin_scope")
        if not plugin.covers(scope):
            raise StartupError(f"{where}: scope {scope!r} lies outside the plugin's scope {plugin.scope!r}")
        if target.indicator not in known:
            raise StartupError(f"{where}: indicator: unknown indicator {target.indicator!r}; known: {', '.join(sorted(known))}")
        if (scope, target.key) in seen:
            raise StartupError(
                f"{where}: already declared at scope {scope!r} by plugin {seen[(scope, target.key)]!r}"
            )
        seen[(scope, target.key)] = plugin.name


def _check_forms(registry: Registry) -> None:
    seen: dict[tuple[str, int], str] = {}
    for declared in registry.forms:
        key = (declared.item.key, declared.item.version)
        if key in seen:
            raise StartupError(
                f"plugin {declared.plugin!r}: register_forms: key {key[0]!r} version {key[1]} "
                f"is already declared by plugin {seen[key]!r}"
            )
        seen[key] = declared.plugin


def _check_unique_in_tenant(registry: Registry, hook: str) -> None:
    seen: dict[tuple[str | None, str], str] = {}
    for declared in getattr(registry, hook):
        tenant = registry.plugins[declared.plugin].tenant_code
        key = (tenant, declared.item.key)
        if key in seen:
            raise StartupError(
                f"plugin {declared.plugin!r}: register_{hook}: key {declared.item.key!r} "
                f"is already declared by plugin {seen[key]!r}"
            )
        seen[key] = declared.plugin


def _check_rule_subjects(registry: Registry) -> None:
    forms = {d.item.key for d in registry.forms}
    for declared in registry.rules:
        subject = declared.item.subject
        if subject.startswith("form:") and subject.removeprefix("form:") not in forms:
            raise StartupError(
                f"plugin {declared.plugin!r}: register_rules: key {declared.item.key!r}: subject {subject!r} "
                "names no declared form"
            )


def _check_case_types(registry: Registry) -> None:
    forms = {d.item.key for d in registry.forms}
    seen: dict[str, str] = {}
    measures: dict[str, str] = {}
    for declared in registry.case_types:
        case_type = declared.item
        where = f"plugin {declared.plugin!r}: register_case_types: key {case_type.key!r}"
        if case_type.key in seen:
            raise StartupError(f"{where}: already declared by plugin {seen[case_type.key]!r}")
        seen[case_type.key] = declared.plugin
        for t in case_type.transitions:
            if t.form is not None and t.form not in forms:
                raise StartupError(f"{where}: transition {t.action!r}: form {t.form!r} is not a declared form")
        for measure in case_type.measures:
            if measure.key in MEASURE_COLUMNS:
                raise StartupError(f"{where}: measure {measure.key!r} is a core measure; choose another key")
            if measure.key in measures:
                raise StartupError(f"{where}: measure {measure.key!r} is already declared by {measures[measure.key]!r}")
            measures[measure.key] = case_type.key
    for declared in registry.case_types:
        parent = declared.item.parent_type
        if parent is not None and parent not in seen:
            raise StartupError(
                f"plugin {declared.plugin!r}: register_case_types: key {declared.item.key!r}: "
                f"parent_type {parent!r} is not a declared case type"
            )


def _check_references(registry: Registry) -> None:
    """Every reference of every form names a declared form (and an entry path it has) or case type."""
    schemas: dict[str, Any] = {}
    for declared in sorted(registry.forms, key=lambda d: d.item.version):
        schemas[declared.item.key] = declared.item.json_schema  # the newest version wins
    case_types = {d.item.key for d in registry.case_types}
    for declared in registry.forms:
        form = declared.item
        where = f"plugin {declared.plugin!r}: register_forms: key {form.key!r} version {form.version}"
        try:
            found = references(form.json_schema)
        except ValueError as error:
            raise StartupError(f"{where}: {error}") from error
        for path, target in found.items():
            if target.kind == "form" and target.name not in schemas:
                raise StartupError(f"{where}: property {path!r}: x-ref names no declared form {target.name!r}")
            if target.kind == "form" and target.entry and not has_path(schemas[target.name], target.entry):
                raise StartupError(f"{where}: property {path!r}: form {target.name!r} has no entry {target.entry!r}")
            if target.kind == "case" and target.name not in case_types:
                raise StartupError(f"{where}: property {path!r}: x-ref names no declared case type {target.name!r}")


def load(
    plugins: Iterable[Any] = (), *, entry_points: bool = True, only: Iterable[str] | None = None
) -> tuple[pluggy.PluginManager, Registry]:
    """Create the plugin manager and collect its declarations: the whole start-up check."""
    pm = create_plugin_manager(plugins, entry_points=entry_points, only=only)
    return pm, collect(pm)
