"""A form's JSON Schema checked at start-up: against the 2020-12 meta-schema, and against the platform's
rules, so that a schema that would fail on its first submission fails when the platform starts.

The platform's rules (:func:`schema_problems`), each problem given with its path in the schema
(``properties.child.properties.id_number``):

- every keyword is a JSON Schema 2020-12 keyword, or an ``x-`` one of the platform's (``x-ref``,
  ``x-wushe-personal``) or of the author's own; every ``type`` is a JSON Schema type;
- every property, and an array's ``items``, has a ``title`` (the zh-CN label forms show);
- ``required`` (and ``dependentRequired``) names only properties the object declares; conditions
  (``allOf``, ``anyOf``, ``oneOf``, ``if``/``then``/``else``, ``not``, ``dependentSchemas``) name only
  properties the object declares, nested ones too;
- a person's ID number or phone (its pattern is :data:`~core.plugins.formschema.ID_NUMBER_PATTERN`
  or :data:`~core.plugins.formschema.PHONE_PATTERN`, or its name is ``id_number``, ``phone``,
  ``mobile`` … or ends so) is marked personal (:func:`~core.plugins.formschema.id_number`,
  :func:`~core.plugins.formschema.phone`), so that it is stored encrypted and shown masked; a
  personal field is a string, of the kind its pattern says;
- ``$schema``, when given, is the 2020-12 dialect the platform validates with.

:func:`ui_problems` checks that a form's UI hints name its properties.
"""

import ast
import difflib
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from core.plugins.formschema import (
    ID_NUMBER_PATTERN,
    PERSONAL,
    PERSONAL_KINDS,
    PHONE_PATTERN,
    REF,
    SCHEMA_DIALECT,
    has_path,
)

Problem = tuple[str, str]
"""A problem: the path in the schema (``properties.name.type``) and the reason."""

TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")
SUBSCHEMA = ("items", "contains", "additionalProperties", "propertyNames", "unevaluatedItems",
             "unevaluatedProperties", "not", "if", "then", "else", "contentSchema")
"""Keywords whose value is a schema."""
SUBSCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")
"""Keywords whose value maps names to schemas."""
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
"""Keywords whose value is a list of schemas."""
KEYWORDS = frozenset({
    *Draft202012Validator.VALIDATORS, *SUBSCHEMA, *SUBSCHEMA_MAPS, *SUBSCHEMA_LISTS,
    "$schema", "$id", "$anchor", "$dynamicAnchor", "$vocabulary", "$comment", "title", "description", "default",
    "deprecated", "readOnly", "writeOnly", "examples", "contentEncoding", "contentMediaType", "maxContains",
    "minContains",
})
"""The keywords of JSON Schema 2020-12 (``definitions`` too, which its meta-schema still accepts)."""
PLATFORM_KEYWORDS = (PERSONAL, REF)
PLATFORM_PREFIX = "x-wushe-"
CONDITIONS = ("allOf", "anyOf", "oneOf", "if", "then", "else", "not")
NAMED = {
    "id_number": re.compile(r"(?:^|_)(?:id_number|id_card|identity_number)$"),
    "phone": re.compile(r"(?:^|_)(?:phone|mobile|telephone|tel)$"),
}
"""Property names that hold a person's ID number or phone."""
PATTERNS = {ID_NUMBER_PATTERN: "id_number", PHONE_PATTERN: "phone"}
WORDS = {"id_number": "an ID number", "phone": "a phone"}


def schema_problems(schema: Mapping[str, Any], *, titles: bool = True, personal: bool = True) -> list[Problem]:
    """Every problem of a form's schema, by path; ``titles`` and ``personal`` apply the rules on titles and
    personal fields (a case step's small schema needs neither).

    A schema of plain JSON values (dicts, lists, strings, numbers, booleans, null) is checked once per
    process: the meta-schema's walk takes ~3 ms a form, and every platform made in a process (each
    test's, each worker's) checks the same ~140 forms again. Any other schema is checked each time."""
    key = _plain_key(schema)
    if key is None:
        return _problems(schema, titles, personal)
    return list(_known_problems(key, titles, personal))


def _plain_key(value: Any) -> str | None:
    """``repr(value)`` when ``value`` is made of plain JSON values only, of exactly those types (so that
    two values with the same key are the same JSON, keys' types and order included); else None, as for a
    dict or list met twice (one held in two places, or in itself, which JSON cannot be)."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict or kind is list:
            if id(item) in seen:
                return None
            seen.add(id(item))
        if kind is dict:
            if any(type(k) is not str for k in item):
                return None
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind not in _PLAIN or (kind is float and not math.isfinite(item)):
            return None
    return repr(value)


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.lru_cache(maxsize=1024)
def _known_problems(key: str, titles: bool, personal: bool) -> tuple[Problem, ...]:
    """:func:`_problems` of the schema whose :func:`_plain_key` is ``key``, read back from it."""
    return tuple(_problems(ast.literal_eval(key), titles, personal))


def _problems(schema: Mapping[str, Any], titles: bool, personal: bool) -> list[Problem]:
    found: list[Problem] = []
    dialect = schema.get("$schema")
    if dialect is not None and dialect != SCHEMA_DIALECT:
        found.append(("$schema", f"the platform validates forms with JSON Schema 2020-12: name {SCHEMA_DIALECT!r} "
                                 "or leave it out"))
    found += _keywords(schema, "")
    found += _declared_object(schema, "", titles=titles, personal=personal)
    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for error in meta.iter_errors(schema):
        path = _path(error.absolute_path)
        if not any(path == seen or path.startswith(f"{seen}.") for seen, _ in found):
            found.append((path, error.message))
    return sorted(found)


def ui_problems(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> list[Problem]:
    """The UI hints' names of properties that the schema does not declare: ``order`` lists top-level
    properties; ``widgets`` and ``help`` are keyed by dotted paths (``[]`` for an array's items)."""
    found: list[Problem] = []
    properties = schema.get("properties") or {}
    for index, name in enumerate(ui.get("order") or ()):
        if name not in properties:
            found.append((f"order[{index}]", f"{name!r} is not a property of the form"))
    for section in ("widgets", "help"):
        for path in ui.get(section) or {}:
            if not _ui_path(schema, str(path)):
                found.append((f"{section}.{path}", "not a property of the form"))
    return found


def _ui_path(schema: Mapping[str, Any], path: str) -> bool:
    """Does ``path`` name a property (``[]`` after an array's name may be left out: ``items.code``)?"""
    if has_path(schema, path):
        return True
    node: Any = schema
    for part in path.replace("[]", "").split("."):
        if isinstance(node, Mapping) and "properties" not in node and isinstance(node.get("items"), Mapping):
            node = node["items"]
        node = (node.get("properties") or {}).get(part) if isinstance(node, Mapping) else None
        if not isinstance(node, Mapping):
            return False
    return True


def _keywords(schema: Any, path: str) -> list[Problem]:
    """Keywords and types, in every subschema."""
    if not isinstance(schema, Mapping):
        return []
    found: list[Problem] = []
    for key in schema:
        where = _join(path, str(key))
        if not isinstance(key, str) or key in KEYWORDS or key in PLATFORM_KEYWORDS:
            continue
        if key.startswith(PLATFORM_PREFIX):
            found.append((where, f"not a keyword of the platform ({', '.join(PLATFORM_KEYWORDS)})"
                                 f"{_hint(key, PLATFORM_KEYWORDS)}"))
        elif not key.startswith("x-"):
            found.append((where, f"not a JSON Schema 2020-12 keyword{_hint(key, KEYWORDS)} "
                                 "(the platform's own start with 'x-')"))
    declared = schema.get("type")
    for name in declared if isinstance(declared, list) else [declared] if declared is not None else []:
        if isinstance(name, str) and name not in TYPES:
            found.append((_join(path, "type"), f"{name!r} is not a JSON Schema type{_hint(name, TYPES)}"))
    for sub, where in _subschemas(schema, path):
        found += _keywords(sub, where)
    return found


def _subschemas(schema: Mapping[str, Any], path: str) -> Iterator[tuple[Any, str]]:
    """Each subschema of ``schema``, with its path."""
    for key in SUBSCHEMA:
        if key in schema:
            yield schema[key], _join(path, key)
    for key in SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), Mapping):
            for name, sub in schema[key].items():
                yield sub, _join(_join(path, key), str(name))
    for key in SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for index, sub in enumerate(schema[key]):
                yield sub, f"{_join(path, key)}[{index}]"


def _declared_object(schema: Any, path: str, *, titles: bool, personal: bool) -> list[Problem]:
    """The rules on what an object declares: its properties (titled, personal fields marked), the names
    its ``required`` and conditions give, and the same below, in its properties and an array's items."""
    if not isinstance(schema, Mapping):
        return []
    found: list[Problem] = []
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    found += _names(schema, path, properties)
    for name, sub in properties.items():
        where = _join(_join(path, "properties"), str(name))
        found += _field(sub, where, str(name), titles=titles, personal=personal)
    items = schema.get("items")
    if isinstance(items, Mapping):
        found += _field(items, _join(path, "items"), path.rsplit(".", 1)[-1], titles=titles, personal=personal)
    for key in CONDITIONS:
        for sub, where in _conditions(schema, key, path):
            found += _condition(sub, where, schema)
    dependent = schema.get("dependentSchemas")
    if isinstance(dependent, Mapping):
        for name, sub in dependent.items():
            found += _condition(sub, _join(_join(path, "dependentSchemas"), str(name)), schema)
    return found


def _field(schema: Any, path: str, name: str, *, titles: bool, personal: bool) -> list[Problem]:
    if not isinstance(schema, Mapping):
        return []
    found: list[Problem] = []
    title = schema.get("title")
    if titles and not (isinstance(title, str) and title.strip()):
        found.append((path, "has no title (the zh-CN label forms show)"))
    if personal:
        found += _personal(schema, path, name)
    return found + _declared_object(schema, path, titles=titles, personal=personal)


def _personal(schema: Mapping[str, Any], path: str, name: str) -> list[Problem]:
    kind = schema.get(PERSONAL)
    by_pattern = PATTERNS.get(schema.get("pattern"))  # type: ignore[arg-type]
    if kind is None:
        scalar = schema.get("type") not in ("object", "array")
        looks = by_pattern or next((k for k, named in NAMED.items() if scalar and named.search(name)), None)
        if looks is None:
            return []
        return [(path, f"holds {WORDS[looks]}: make it with formschema.{looks}(title) ({PERSONAL!r}: {looks!r}), "
                       "so that it is stored encrypted and shown masked")]
    if kind not in PERSONAL_KINDS:
        return []  # refused with the declaration itself (core.plugins.formschema.personal_fields)
    found: list[Problem] = []
    if schema.get("type") != "string":
        found.append((_join(path, "type"), "a personal field is a string (its mask replaces it when stored)"))
    if by_pattern is not None and by_pattern != kind:
        found.append((_join(path, PERSONAL), f"{kind!r}, but its pattern is {WORDS[by_pattern]}'s; "
                                            f"make it with formschema.{by_pattern}(title)"))
    return found


def _conditions(schema: Mapping[str, Any], key: str, path: str) -> Iterator[tuple[Any, str]]:
    value = schema.get(key)
    if isinstance(value, list):
        for index, sub in enumerate(value):
            yield sub, f"{_join(path, key)}[{index}]"
    elif value is not None:
        yield value, _join(path, key)


def _condition(condition: Any, path: str, declared: Mapping[str, Any]) -> list[Problem]:
    """A condition on ``declared`` names only its properties (and, within them, theirs)."""
    if not isinstance(condition, Mapping):
        return []
    properties = declared.get("properties") or {}
    found = _names(condition, path, properties, condition=True)
    named = condition.get("properties")
    if isinstance(named, Mapping) and isinstance(properties, Mapping):
        for name, sub in named.items():
            if isinstance(properties.get(name), Mapping):
                found += _condition(sub, _join(_join(path, "properties"), str(name)), properties[name])
    if isinstance(condition.get("items"), Mapping) and isinstance(declared.get("items"), Mapping):
        found += _condition(condition["items"], _join(path, "items"), declared["items"])
    for key in CONDITIONS:
        for sub, where in _conditions(condition, key, path):
            found += _condition(sub, where, declared)
    return found


def _names(schema: Mapping[str, Any], path: str, properties: Any, *, condition: bool = False) -> list[Problem]:
    """``required`` and ``dependentRequired`` name declared properties, and so does a condition's
    ``properties``."""
    known = list(properties) if isinstance(properties, Mapping) else []
    named: list[tuple[str, Any]] = [("required", schema.get("required") or ())]
    dependent = schema.get("dependentRequired")
    if isinstance(dependent, Mapping):
        named += [("dependentRequired", list(dependent))]
        named += [(_join("dependentRequired", str(key)), value) for key, value in dependent.items()]
    if condition and isinstance(schema.get("properties"), Mapping):
        named += [("properties", list(schema["properties"]))]
    found: list[Problem] = []
    for key, names in named:
        if not isinstance(names, list | tuple):
            continue  # the meta-schema says what is wrong with it
        missing = [name for name in names if isinstance(name, str) and name not in known]
        if missing:
            listed = ", ".join(repr(name) for name in missing)
            which = "which is not a property" if len(missing) == 1 else "which are not properties"
            found.append((_join(path, key), f"names {listed}, {which} (properties: {', '.join(known) or 'none'})"))
    return found


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else _join(out, str(part))
    return out
