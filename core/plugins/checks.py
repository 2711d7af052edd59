"""The start-up checks of what the plugins declared together: each adds every problem it finds to a
:class:`~core.plugins.problems.Problems`, naming the plugin, the hook, the item's index and the field,
so that one start reports them all.

What each item is on its own (a field's type, a key's pattern, a case type's states) its declaration
model checks as it is collected (:func:`core.plugins.manager.collect`); here are the rules between
items: keys unique where they must be, regions in their plugin's scope and tree, permissions in the
vocabulary, forms' schemas and what they name, indicators' measures, targets' indicators, rules'
subjects, case types' forms and schemas.
"""

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from core.indicators import INDICATORS
from core.models.summary import MEASURE_COLUMNS
from core.plugins.formschema import ELEMENT_REFS, has_path, references
from core.plugins.problems import Problems, by_whom
from core.plugins.registry import Declared, Registry
from core.plugins.schemarules import schema_problems, ui_problems
from core.tree.paths import within


def check_all(registry: Registry, problems: Problems) -> None:
    check_permissions(registry, problems)
    check_regions(registry, problems)
    check_region_attributes(registry, problems)
    check_roles(registry, problems)
    check_forms(registry, problems)
    check_case_types(registry, problems)  # before the indicators: their measures may be the case types'
    check_indicators(registry, problems)
    check_targets(registry, problems)
    for hook in ("catalogues", "rules", "settings"):
        check_unique_in_tenant(registry, hook, problems)
    check_rule_subjects(registry, problems)


def check_permissions(registry: Registry, problems: Problems) -> None:
    """A resource is declared once; roles and case steps name resources and actions of the vocabulary."""
    seen: dict[str, Declared[Any]] = {}
    for declared in registry.permissions:
        resource = declared.item.resource
        if resource in seen:
            problems.about(declared, "resource", f"{resource!r} is already declared by {by_whom(seen[resource])}; "
                                                 "name the plugin's own resource otherwise")
            continue
        seen[resource] = declared
    vocabulary = registry.vocabulary()
    for role in registry.roles:
        for index, permission in enumerate(role.item.permissions):
            resource, _, action = permission.split("@", 1)[0].partition(":")  # the shape is the declaration's check
            problem = vocabulary.problem(resource, action)
            if problem is not None:
                problems.about(role, f"permissions[{index}]", problem)
    for case_type in registry.case_types:
        for index, transition in enumerate(case_type.item.transitions):
            if transition.permission is not None:
                resource, _, action = transition.permission.partition(":")
                problem = vocabulary.problem(resource, action)
                if problem is not None:
                    problems.about(case_type, f"transitions[{index}].permission", problem)


def check_regions(registry: Registry, problems: Problems) -> None:
    """In the plugin's scope, declared once, under a declared parent of a higher tier."""
    seen: dict[str, Declared[Any]] = {}
    for declared in registry.regions:
        plugin = registry.plugins[declared.plugin]
        path = declared.item.path
        if plugin.scope is None:
            problems.about(declared, "path", f"{path!r}: a plugin without plugin_scope cannot declare regions")
        elif not plugin.covers(path):
            problems.about(declared, "path", f"{path!r} lies outside the plugin's scope {plugin.scope!r}")
        elif path in seen:
            first = seen[path]
            again = f"declared twice (also at {first.at})" if first.plugin == declared.plugin else \
                f"already declared by {by_whom(first)}"
            problems.about(declared, "path", f"{path!r} is {again}")
        else:
            seen[path] = declared
    for declared in registry.regions:
        region = declared.item
        parent_path = region.parent_path
        if parent_path is None:
            continue
        parent = seen.get(parent_path)
        if parent is None:
            problems.about(declared, "path", f"its parent {parent_path!r} is not declared by any plugin")
        elif region.tier.rank <= parent.item.tier.rank:
            problems.about(declared, "tier", f"tier {region.tier.value!r} must lie below its parent's tier "
                                             f"{parent.item.tier.value!r}")
    registry.regions.sort(key=lambda d: d.item.path.count("/"))


def check_region_attributes(registry: Registry, problems: Problems) -> None:
    """One declaration per key where scopes overlap; every declared region's attributes declared for its
    place and tier, with a value of the declared kind."""
    seen: dict[str, list[Declared[Any]]] = {}
    for declared in registry.region_attributes:
        scope = registry.plugins[declared.plugin].scope
        key = declared.item.key
        for other in seen.get(key, []):
            other_scope = registry.plugins[other.plugin].scope
            if scope is None or other_scope is None or within(scope, other_scope) or within(other_scope, scope):
                problems.about(declared, "key", f"{key!r} is already declared by {by_whom(other)} for an "
                                                "overlapping scope")
                break
        seen.setdefault(key, []).append(declared)
    for region in registry.regions:
        declared_here = registry.attributes_at(region.item.path)
        for key, value in region.item.attributes.items():
            field = f"attributes.{key}"
            found = declared_here.get(key)
            if found is None:
                known = ", ".join(sorted(declared_here)) or "none"
                problems.about(region, field, f"no plugin declares this attribute here (register_region_attributes); "
                                              f"declared: {known}")
            elif not found.item.applies_to(region.item.tier):
                tiers = ", ".join(t.value for t in found.item.tiers)
                problems.about(region, field, f"applies to {tiers}, not a {region.item.tier.value}")
            else:
                try:
                    found.item.check(value)
                except ValueError as error:
                    problems.about(region, field, str(error))


def check_roles(registry: Registry, problems: Problems) -> None:
    seen: dict[tuple[str | None, str], Declared[Any]] = {}
    for declared in registry.roles:
        key = (registry.plugins[declared.plugin].tenant_code, declared.item.code)
        if key in seen:
            problems.about(declared, "code", f"{declared.item.code!r} is already declared by {by_whom(seen[key])} "
                                             "in the same tenant")
        else:
            seen[key] = declared


def check_forms(registry: Registry, problems: Problems) -> None:
    """Key and version unique; each schema by the meta-schema and the platform's rules
    (:mod:`core.plugins.schemarules`); its UI hints, catalogues and references name what exists."""
    seen: dict[tuple[str, int], Declared[Any]] = {}
    for declared in registry.forms:
        form = declared.item
        if (form.key, form.version) in seen:
            problems.about(declared, "version", f"{form.key!r} version {form.version} is already declared by "
                                                f"{by_whom(seen[(form.key, form.version)])}")
        else:
            seen[(form.key, form.version)] = declared
        for path, reason in schema_problems(form.json_schema):
            problems.about(declared, _join("json_schema", path), reason)
        for path, reason in ui_problems(form.json_schema, form.ui):
            problems.about(declared, f"ui.{path}", reason)
        _check_catalogue_references(registry, declared, problems)
    _check_references(registry, problems)


def _check_catalogue_references(registry: Registry, declared: Declared[Any], problems: Problems) -> None:
    """A widget's ``catalogue`` names a catalogue of the form's tenant, whose items hold the field's codes."""
    tenant = registry.plugins[declared.plugin].tenant_code
    catalogues = {c.item.key: c.item for c in registry.catalogues
                  if registry.plugins[c.plugin].tenant_code in (None, tenant)}
    widgets = declared.item.ui.get("widgets") or {}
    for path, widget in sorted(widgets.items()) if isinstance(widgets, Mapping) else []:
        if not isinstance(widget, Mapping) or "catalogue" not in widget:
            continue
        field = f"ui.widgets.{path}.catalogue"
        key = widget["catalogue"]
        catalogue = catalogues.get(key)
        if catalogue is None:
            problems.about(declared, field, f"no catalogue {key!r} in the tenant{_hint(str(key), catalogues)}")
            continue
        codes = [item.code for item in catalogue.items]
        missing = [code for code in _codes(declared.item.json_schema, path) if code not in codes]
        if missing:
            which = "is not an item" if len(missing) == 1 else "are not items"
            problems.about(declared, field, f"{', '.join(map(repr, missing))} {which} of catalogue {key!r} "
                                            f"(its items: {', '.join(codes)})")


def _codes(schema: Mapping[str, Any], path: str) -> list[Any]:
    """The codes a field at a dotted path may take: its ``enum``, or its items' (none when not found)."""
    if not has_path(schema, path):
        return []  # the UI hints' own check names it
    node: Any = schema
    for part in path.split("."):
        name, brackets = part.split("[", 1) if "[" in part else (part, "")
        node = node["properties"][name]
        for _ in range(brackets.count("]")):
            node = node["items"]
    items = node.get("items") if isinstance(node.get("items"), Mapping) else {}
    return list(node.get("enum") or items.get("enum") or [])


def _check_references(registry: Registry, problems: Problems) -> None:
    """Every reference of every form names a declared form (and an entry path it has) or case type."""
    schemas: dict[str, Any] = {}
    for declared in sorted(registry.forms, key=lambda d: d.item.version):
        schemas[declared.item.key] = declared.item.json_schema  # the newest version wins
    case_types = {d.item.key for d in registry.case_types}
    for declared in registry.forms:
        try:
            found = references(declared.item.json_schema)
        except ValueError as error:
            problems.about(declared, "json_schema", str(error))
            continue
        for path, target in found.items():
            field = f"json_schema.{_schema_path(path)}.x-ref"
            if target.kind == "form" and target.name not in schemas:
                problems.about(declared, field, f"names no declared form {target.name!r}{_hint(target.name, schemas)}")
            elif target.kind == "form" and target.entry and not has_path(schemas[target.name], target.entry):
                problems.about(declared, field, f"form {target.name!r} has no entry {target.entry!r}")
            elif target.kind == "case" and target.name not in case_types:
                problems.about(declared, field, f"names no declared case type {target.name!r}"
                                                f"{_hint(target.name, case_types)}")


def check_case_types(registry: Registry, problems: Problems) -> None:
    forms = {d.item.key for d in registry.forms}
    seen: dict[str, Declared[Any]] = {}
    measures: dict[str, str] = {}
    for declared in registry.case_types:
        case_type = declared.item
        if case_type.key in seen:
            problems.about(declared, "key", f"{case_type.key!r} is already declared by {by_whom(seen[case_type.key])}")
        else:
            seen[case_type.key] = declared
        for index, t in enumerate(case_type.transitions):
            if t.form is not None and t.form not in forms:
                problems.about(declared, f"transitions[{index}].form", f"{t.form!r} is not a declared form"
                                                                       f"{_hint(t.form, forms)}")
            if t.schema_ is not None:
                for path, reason in schema_problems(t.schema_, titles=False, personal=False):
                    problems.about(declared, _join(f"transitions[{index}].schema", path), reason)
        for index, measure in enumerate(case_type.measures):
            field = f"measures[{index}].key"
            if measure.key in MEASURE_COLUMNS:
                problems.about(declared, field, f"{measure.key!r} is a core measure; choose another key")
            elif measure.key in measures:
                problems.about(declared, field, f"{measure.key!r} is already declared by case type "
                                                f"{measures[measure.key]!r}")
            else:
                measures[measure.key] = case_type.key
    for declared in registry.case_types:
        parent = declared.item.parent_type
        if parent is not None and parent not in seen:
            problems.about(declared, "parent_type", f"{parent!r} is not a declared case type{_hint(parent, seen)}")


def check_indicators(registry: Registry, problems: Problems) -> None:
    """Keys unique and no core one's; each measure a core measure or one a case type declares."""
    measures = {*MEASURE_COLUMNS, *(m.key for d in registry.case_types for m in d.item.measures)}
    seen: dict[str, Declared[Any]] = {}
    for declared in registry.indicators:
        key = declared.item.key
        if key in INDICATORS:
            problems.about(declared, "key", f"{key!r} is a core indicator; choose another key")
        elif key in seen:
            problems.about(declared, "key", f"{key!r} is already declared by {by_whom(seen[key])}")
        else:
            seen[key] = declared
        for field in ("numerator", "denominator", "left_out"):
            measure = getattr(declared.item, field)
            if measure is not None and measure not in measures:
                problems.about(declared, field, f"unknown measure {measure!r}{_hint(measure, measures)} "
                                                f"(known: {', '.join(sorted(measures))})")


def check_targets(registry: Registry, problems: Problems) -> None:
    known = set(INDICATORS) | {d.item.key for d in registry.indicators}
    seen: dict[tuple[str, str], Declared[Any]] = {}
    for declared in registry.targets:
        plugin = registry.plugins[declared.plugin]
        target = declared.item
        scope = target.scope or plugin.scope
        if scope is None:
            problems.about(declared, "scope", "a plugin without plugin_scope names the scope of each target")
        elif not plugin.covers(scope):
            problems.about(declared, "scope", f"{scope!r} lies outside the plugin's scope {plugin.scope!r}")
        if target.indicator not in known:
            hint = _hint(target.indicator, known) or f" (known: {', '.join(sorted(known))})"
            problems.about(declared, "indicator", f"unknown indicator {target.indicator!r}{hint}")
        if scope is not None and (scope, target.key) in seen:
            problems.about(declared, "key", f"{target.key!r} is already declared at scope {scope!r} by "
                                            f"{by_whom(seen[(scope, target.key)])}")
        elif scope is not None:
            seen[(scope, target.key)] = declared


def check_unique_in_tenant(registry: Registry, hook: str, problems: Problems) -> None:
    seen: dict[tuple[str | None, str], Declared[Any]] = {}
    for declared in getattr(registry, hook):
        key = (registry.plugins[declared.plugin].tenant_code, declared.item.key)
        if key in seen:
            problems.about(declared, "key", f"{declared.item.key!r} is already declared by {by_whom(seen[key])} "
                                            "in the same tenant")
        else:
            seen[key] = declared


def check_rule_subjects(registry: Registry, problems: Problems) -> None:
    """A rule's subject is an element, or ``form:<key>`` of a declared form."""
    forms = {d.item.key for d in registry.forms}
    for declared in registry.rules:
        subject = declared.item.subject
        if subject.startswith("form:"):
            key = subject.removeprefix("form:")
            if key not in forms:
                problems.about(declared, "subject", f"{subject!r} names no declared form{_hint(key, forms)}")
        elif subject not in ELEMENT_REFS:
            problems.about(declared, "subject", f"{subject!r} is neither an element ({', '.join(ELEMENT_REFS)}) "
                                                f"nor form:<key>{_hint(subject, ELEMENT_REFS)}")


def _schema_path(data_path: str) -> str:
    """``items[].ref`` (a path in the data) → ``properties.items.items.properties.ref`` (in the schema)."""
    out: list[str] = []
    for part in data_path.split("."):
        name, brackets = part.split("[", 1) if "[" in part else (part, "")
        out += ["properties", name] + ["items"] * brackets.count("]")
    return ".".join(out)


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if key else path
