"""Finding plugins, checking what they declare, and failing loudly at start-up.

``create_plugin_manager()`` builds a fresh pluggy manager (never a global) with the core's own
declarations (:mod:`core.plugins.core_plugin`), loads the ``wushe.plugins`` entry points and any
plugin objects passed in, and rejects misspelt hooks. ``collect()`` calls the declaration hooks
plugin by plugin, checks the results together (:mod:`core.plugins.checks`) and returns a
:class:`Registry` of what was declared, or raises one StartupError listing every problem, each
naming the plugin, the hook, the item's index and the field (``register_regions[3].code``).
"""

import difflib
import functools
import inspect
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any, TypeVar

import pluggy
from pydantic import BaseModel, ValidationError

from core.documents.rules import rule_field_problems
from core.documents.targets import lock_problems, placement_problems
from core.errors import StartupError
from core.indicators import INDICATORS
from core.plugins import core_plugin, hookspecs
from core.plugins.cases import CaseTypeDecl
from core.plugins.checks import check_all
from core.plugins.declarations import (
    CatalogueDecl,
    FormDecl,
    GraphQLDecl,
    IndicatorDecl,
    PermissionDecl,
    RegionAttributeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
)
from core.plugins.problems import CORE, Problems
from core.plugins.programme_checks import check_programmes
from core.plugins.programmes import ConversionDecl, ProgrammeDecl
from core.plugins.registry import Declared, PluginInfo, Registry
from core.tree.paths import check_path

ENTRY_POINT_GROUP = "wushe.plugins"
T = TypeVar("T")

DECLARATION_HOOKS: dict[str, type[BaseModel]] = {
    "register_permissions": PermissionDecl,
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
    "register_programmes": ProgrammeDecl,
    "register_conversions": ConversionDecl,
}


def create_plugin_manager(
    plugins: Iterable[Any] = (),
    *,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
) -> pluggy.PluginManager:
    """A new plugin manager with the core's declarations, the installed plugins (entry points) and
    ``plugins``.

    ``plugins`` are modules or objects, registered under their ``__name__`` (or an explicit
    ``name`` attribute); ``only`` keeps just the named entry-point plugins. A plugin that is
    installed and given again (a plugin's own tests) is loaded once.
    """
    pm = pluggy.PluginManager("wushe")
    pm.add_hookspecs(hookspecs)
    pm.register(core_plugin, name=CORE)
    found = installed() if entry_points else None
    installed_by_name = {ep.name: ep for ep in found.entry_points} if found is not None else {}
    if CORE in installed_by_name:
        raise StartupError(f"entry point {CORE!r} ({installed_by_name[CORE].value}): the name {CORE!r} is the "
                           "core's own; name the plugin otherwise")
    if found is not None:
        if only is not None:
            wanted = set(only)
            for name in installed_by_name:
                if name not in wanted:
                    pm.set_blocked(name)
        try:
            _load_entry_points(pm, found)
        except pluggy.PluginValidationError as error:
            raise StartupError(_describe_validation_error(error)) from error
    for plugin in plugins:
        _register(pm, plugin, installed_by_name)
    check_hooks(pm)
    return pm


@dataclass(frozen=True)
class Installed:
    """The ``wushe.plugins`` entry points of the installed distributions."""

    entry_points: metadata.EntryPoints
    """one per entry point name and distribution name, as ``metadata.entry_points(group=…)`` gives them"""
    found: tuple[tuple[metadata.Distribution, metadata.EntryPoint], ...]
    """every distribution's, in the order pluggy's ``load_setuptools_entrypoints`` meets them"""


def installed() -> Installed:
    """The installed plugins' entry points, read once per state of the import path: each entry of
    ``sys.path`` (made absolute) with its modification time, the signal ``importlib.metadata`` itself
    trusts to find distributions again (installing or removing one adds or removes a ``.dist-info``
    folder there). Scanning every distribution's entry points took ~11 ms, and a platform's making
    scanned them three times (this manager, pluggy's loading, the plugins left out); each test makes
    a platform. A plugin installed while a process runs is found by the next platform made."""
    return _installed(tuple((path, _mtime(path)) for path in (os.path.abspath(entry or ".") for entry in sys.path)))


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


@functools.lru_cache(maxsize=16)
def _installed(_path_state: tuple[tuple[str, int | None], ...]) -> Installed:
    """:func:`installed` for the import path's state ``_path_state`` (the key; the scan reads ``sys.path``)."""
    found = tuple((dist, ep) for dist in metadata.distributions() for ep in dist.entry_points
                  if ep.group == ENTRY_POINT_GROUP)
    return Installed(metadata.entry_points(group=ENTRY_POINT_GROUP), found)


def _load_entry_points(pm: pluggy.PluginManager, found: Installed) -> None:
    """pluggy's ``load_setuptools_entrypoints`` on entry points already found: the ones not blocked and not
    yet registered, each with its distribution (``list_plugin_distinfo``, which gives the plugins' versions)."""
    for dist, entry_point in found.found:
        if pm.has_plugin(entry_point.name) or pm.is_blocked(entry_point.name):
            continue
        plugin = entry_point.load()
        pm.register(plugin, name=entry_point.name)
        pm._plugin_distinfo.append((plugin, dist))  # as pluggy's own loading records it


def _register(pm: pluggy.PluginManager, plugin: Any, installed: dict[str, metadata.EntryPoint]) -> None:
    name = plugin_name(plugin)
    if name == CORE:
        raise StartupError(f"plugin {CORE!r}: the name {CORE!r} is the core's own; name the plugin otherwise")
    if pm.is_registered(plugin):
        return  # installed, and given again
    if name is not None and pm.has_plugin(name):
        found = installed.get(name)
        if found is not None and pm.get_plugin(name) is not None:
            raise StartupError(f"plugin {name!r}: an installed plugin has this name (entry point {name!r} = "
                               f"{found.value}); give this one another name (PLUGIN_NAME), or leave the installed "
                               "one out (WUSHE_PLUGINS, or load(only=…))")
        raise StartupError(f"plugin {name!r}: another plugin given has this name; give this one another name "
                           "(PLUGIN_NAME)")
    if name is not None and pm.is_blocked(name):
        pm.unblock(name)  # left out of the installed ones (only=…), but given explicitly
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise StartupError(_describe_validation_error(error, name)) from error


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
    """Reject hook implementations that match no hook (pytest's ``check_pending``), every one at once."""
    known = sorted(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "wushe_spec"))
    problems = Problems()
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
            problems.lines.append(f"plugin {impl.plugin_name!r}: unknown hook {hook_name!r}{hint} "
                                  f"(known hooks: {', '.join(known)})")
    problems.raise_any()
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
        if name == CORE:
            continue  # the core's own declarations: not a plugin of any tenant
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


def _declarations(
    pm: pluggy.PluginManager, hook: str, model: type[BaseModel], problems: Problems
) -> list[Declared[Any]]:
    """What every plugin's ``hook`` returned, in registration order; an item that is not a valid
    ``model`` is a problem naming its index and field (and is left out)."""
    out: list[Declared[Any]] = []
    for impl in getattr(pm.hook, hook).get_hookimpls():  # in registration order
        name = impl.plugin_name
        try:
            result = impl.function()
        except ValidationError as error:  # a declaration built inside the hook: which item is not known
            for problem in error.errors():
                problems.add(name, hook, f"{_located('', problem['loc']).lstrip('.') or error.title}: {problem['msg']}")
            continue
        if result is None:
            continue
        if not isinstance(result, list | tuple):
            problems.add(name, hook, f"must return a list, got {type(result).__name__}")
            continue
        for index, item in enumerate(result):
            at = f"{hook}[{index}]"
            try:
                decl = item if isinstance(item, model) else model.model_validate(item)
            except ValidationError as error:
                for problem in error.errors():
                    problems.add(name, _located(at, problem["loc"]), problem["msg"])
                continue
            out.append(Declared(name, decl, at))
    return out


def _located(at: str, loc: tuple[int | str, ...]) -> str:
    """``register_case_types[0]`` and pydantic's ``("transitions", 2, "permission")`` →
    ``register_case_types[0].transitions[2].permission``."""
    for part in loc:
        at = f"{at}[{part}]" if isinstance(part, int) else f"{at}.{part}"
    return at


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call every declaration hook, check the results together and return the registry; raise one
    StartupError listing every problem found."""
    problems = Problems()
    registry = Registry(plugins=plugin_infos(pm))
    for hook, model in DECLARATION_HOOKS.items():
        getattr(registry, hook.removeprefix("register_")).extend(_declarations(pm, hook, model, problems))
    check_all(registry, problems)
    check_programmes(registry, problems)
    for declared, index, reason in rule_field_problems(registry):
        problems.about(declared, f"fields[{index}]", reason)
    problems.lines += lock_problems(registry)
    problems.lines += placement_problems(registry, {key: i.baseline_of for key, i in INDICATORS.items()})
    problems.raise_any()
    return registry


def load(
    plugins: Iterable[Any] = (), *, entry_points: bool = True, only: Iterable[str] | None = None
) -> tuple[pluggy.PluginManager, Registry]:
    """Create the plugin manager and collect its declarations: the whole start-up check."""
    pm = create_plugin_manager(plugins, entry_points=entry_points, only=only)
    return pm, collect(pm)
