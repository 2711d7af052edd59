"""Builders for form JSON Schemas (draft 2020-12) and their UI hints, for plugin authors.

Every property gets a zh-CN ``title``; objects list their ``required`` keys and refuse unknown
ones; money is integer fen (分), ratios are numbers from 0 to 1. Fixed choices are ``enum``s of
codes; their Chinese labels go to the UI hints (``widgets``), collected by :func:`widgets`.

Personal fields (a person's ID number or phone) are made with :func:`id_number` and :func:`phone`,
which mark them with :data:`PERSONAL` (a keyword JSON Schema validators ignore). The platform
stores such a field encrypted, shows its mask in every read, and gives the value only to holders
of ``personal_data:read_full`` at the submission's region, auditing each read
(:func:`personal_fields` finds them).

A field that names another record carries :data:`REF` (made with :func:`reference` or
:func:`entry_reference`): the id of a submission of a form (``form:<key>``), of an element
(``social_organization``, ``social_worker``, ``volunteer``, ``volunteer_team``,
``community_fund``) or of a case of a type (``case:<type>``); or the code of an entry inside
submissions of a form (``form:<key>#items[].code``). The platform refuses a submission whose
reference names nothing the submitter may read (:func:`references` lists them; their targets are
checked against the declared forms and case types at start-up).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
# GB 32100-2015: 18 characters; 3–8 the division code; no I, O, Z, S, V.
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"
# … and one registered by civil affairs (5) as a social group, private non-enterprise unit,
# foundation or other (1, 2, 3, 9): a social organization.
SOCIAL_ORGANIZATION_CREDIT_CODE_PATTERN = r"^5[1239][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"
PHONE_PATTERN = r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"
PERSONAL = "x-wushe-personal"
"""The keyword marking a personal field; its value is the kind: ``id_number`` or ``phone``."""
PERSONAL_KINDS = ("id_number", "phone")
REF = "x-ref"
"""The keyword marking a reference to another record; its value is the target (see the module doc)."""
ELEMENT_REFS = ("social_organization", "social_worker", "volunteer", "volunteer_team", "community_fund")
"""The element tables a reference may name by id."""


def text(title: str, *, max_length: int = 200, min_length: int = 1, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length, **extra}


def id_number(title: str) -> dict[str, Any]:
    """A resident ID number (公民身份号码): a personal field, stored encrypted and shown masked."""
    return {**text(title, min_length=18, max_length=18, pattern=ID_NUMBER_PATTERN), PERSONAL: "id_number"}


def phone(title: str) -> dict[str, Any]:
    """A person's mobile or landline: a personal field, stored encrypted and shown masked."""
    return {**text(title, max_length=20, pattern=PHONE_PATTERN), PERSONAL: "phone"}


def personal_fields(schema: Mapping[str, Any], path: str = "") -> dict[str, str]:
    """The personal fields of a schema by dotted path (``[]`` after an array), with their kind:
    ``{"child.id_number": "id_number", "contacts[].phone": "phone"}``."""
    out: dict[str, str] = {}
    if PERSONAL in schema:
        if schema[PERSONAL] not in PERSONAL_KINDS:
            raise ValueError(f"{path or 'the schema'}: {PERSONAL} must be one of {', '.join(PERSONAL_KINDS)}")
        out[path] = schema[PERSONAL]
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, Mapping):
            out.update(personal_fields(sub, f"{path}.{name}" if path else name))
    if isinstance(schema.get("items"), Mapping):
        out.update(personal_fields(schema["items"], f"{path}[]"))
    return out


def reference(title: str, target: str, **extra: Any) -> dict[str, Any]:
    """The id of another record: ``form:<key>`` (a submission of that form), an element table
    (:data:`ELEMENT_REFS`) or ``case:<type>``. The submitter must be able to read it."""
    return {"type": "integer", "title": title, "minimum": 1, REF: target, **extra}


def entry_reference(title: str, form_key: str, entry: str, **extra: Any) -> dict[str, Any]:
    """The code of an entry inside submissions of ``form_key``, at ``entry`` (``items[].code``):
    it must appear in a submitted one the submitter may read, at the submission's region, above or below it."""
    return {"type": "string", "title": title, "minLength": 1, "maxLength": 64, REF: f"form:{form_key}#{entry}", **extra}


@dataclass(frozen=True)
class Target:
    """What a reference names: ``kind`` is ``form``, ``element`` or ``case``; ``name`` the form key,
    table or case type; ``entry`` the path of a code inside a form's submissions (``items[].code``)."""

    kind: str
    name: str
    entry: str | None = None


def parse_target(value: Any) -> Target:
    """The target of an :data:`REF` value, or ValueError saying what is wrong with it."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{REF} must be a non-empty string")
    if value.startswith("form:"):
        key, _, entry = value.removeprefix("form:").partition("#")
        if not key:
            raise ValueError(f"{REF} {value!r} names no form")
        if "#" in value and not entry:
            raise ValueError(f"{REF} {value!r} names no entry after '#'")
        return Target("form", key, entry or None)
    if value.startswith("case:"):
        if not value.removeprefix("case:"):
            raise ValueError(f"{REF} {value!r} names no case type")
        return Target("case", value.removeprefix("case:"))
    if value in ELEMENT_REFS:
        return Target("element", value)
    raise ValueError(f"{REF} {value!r} is none of form:<key>, case:<type>, {', '.join(ELEMENT_REFS)}")


def references(schema: Mapping[str, Any], path: str = "") -> dict[str, Target]:
    """The references of a schema by dotted path (``[]`` after an array), with their target:
    ``{"application_id": Target("form", "project_application")}``."""
    out: dict[str, Target] = {}
    if REF in schema:
        try:
            out[path] = parse_target(schema[REF])
        except ValueError as error:
            raise ValueError(f"{path or 'the schema'}: {error}") from None
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, Mapping):
            out.update(references(sub, f"{path}.{name}" if path else name))
    if isinstance(schema.get("items"), Mapping):
        out.update(references(schema["items"], f"{path}[]"))
    return out


def values_at(data: Any, path: str) -> list[tuple[str, Any]]:
    """The values in ``data`` at a path of :func:`references` (``items[].demand_codes[]``), each with
    its concrete dotted path (``items.0.demand_codes.1``); absent ones are skipped."""
    found: list[tuple[str, Any]] = [("", data)]
    for part in path.split(".") if path else []:
        name, brackets = part.split("[", 1) if "[" in part else (part, "")
        step: list[tuple[str, Any]] = []
        for where, value in found:
            if isinstance(value, Mapping) and name in value:
                step.append((f"{where}.{name}" if where else name, value[name]))
        for _ in range(brackets.count("]")):
            step = [(f"{where}.{index}", item) for where, value in step if isinstance(value, list)
                    for index, item in enumerate(value)]
        found = step
    return found


def has_path(schema: Mapping[str, Any], path: str) -> bool:
    """Does the schema declare a property at ``path`` (dotted, ``[]`` for an array's items)?"""
    node: Any = schema
    for part in path.split("."):
        name, brackets = part.split("[", 1) if "[" in part else (part, "")
        node = (node.get("properties") or {}).get(name) if isinstance(node, Mapping) else None
        for _ in range(brackets.count("]")):
            node = node.get("items") if isinstance(node, Mapping) else None
        if not isinstance(node, Mapping):
            return False
    return True


def long_text(title: str, *, max_length: int = 5000, **extra: Any) -> dict[str, Any]:
    return text(title, max_length=max_length, **extra)


def integer(title: str, *, minimum: int = 0, maximum: int | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "title": title, "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return {**schema, **extra}


def fen(title: str, *, minimum: int = 0) -> dict[str, Any]:
    """An amount of money in integer fen (分)."""
    return integer(title, minimum=minimum, description="单位：分（1元=100分）")


def ratio(title: str, **extra: Any) -> dict[str, Any]:
    """A share from 0 to 1 (0.22, not 22)."""
    return {"type": "number", "title": title, "minimum": 0, "maximum": 1, **extra}


def score(title: str, maximum: int = 100) -> dict[str, Any]:
    return {"type": "number", "title": title, "minimum": 0, "maximum": maximum}


def date(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "format": "date", "pattern": DATE_PATTERN}


def boolean(title: str, **extra: Any) -> dict[str, Any]:
    return {"type": "boolean", "title": title, **extra}


def affirm(title: str) -> dict[str, Any]:
    """A box that must be ticked (a commitment or a consent)."""
    return {"type": "boolean", "title": title, "const": True}


def choice(title: str, options: Iterable[str], **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, "enum": list(options), **extra}


def choices(title: str, item_title: str, options: Iterable[str], *, min_items: int = 1) -> dict[str, Any]:
    return array(title, choice(item_title, options), min_items=min_items, unique=True)


def obj(
    title: str,
    properties: Mapping[str, dict[str, Any]],
    *,
    optional: Iterable[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    """An object whose properties are all required but the ``optional`` ones."""
    optional = set(optional)
    unknown = optional - set(properties)
    if unknown:
        raise ValueError(f"optional names no property: {sorted(unknown)}")
    return {
        "type": "object",
        "title": title,
        "properties": dict(properties),
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
        **extra,
    }


def array(
    title: str,
    items: dict[str, Any],
    *,
    min_items: int = 0,
    max_items: int | None = None,
    unique: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "title": title, "items": items, "minItems": min_items, **extra}
    if max_items is not None:
        schema["maxItems"] = max_items
    if unique:
        schema["uniqueItems"] = True
    return schema


def form(
    title: str, properties: Mapping[str, dict[str, Any]], *, optional: Iterable[str] = (), **extra: Any
) -> dict[str, Any]:
    """A form's top-level schema (an object, with the dialect named)."""
    return {"$schema": SCHEMA_DIALECT, **obj(title, properties, optional=optional, **extra)}


def widgets(schema: Mapping[str, Any], labels: Mapping[str, str], path: str = "") -> dict[str, dict[str, Any]]:
    """UI widgets for the schema's choices, by dotted path (``[]`` for an array's items):
    a select (or checkboxes for a list of choices) with each code's Chinese label."""
    out: dict[str, dict[str, Any]] = {}
    if "enum" in schema:
        out[path] = {"widget": "select", "options": {str(v): _label(v, labels) for v in schema["enum"]}}
    if schema.get("type") == "array" and "enum" in schema.get("items", {}):
        out[path] = {"widget": "checkboxes", "options": {str(v): _label(v, labels) for v in schema["items"]["enum"]}}
        return out
    if schema.get("format") == "date":
        out[path] = {"widget": "date"}
    if schema.get("maxLength", 0) > 200:
        out[path] = {"widget": "textarea"}
    if "description" in schema and "分" in schema["description"] and schema.get("type") == "integer":
        out[path] = {"widget": "money", "unit": "fen"}
    for name, sub in schema.get("properties", {}).items():
        out.update(widgets(sub, labels, f"{path}.{name}" if path else name))
    if isinstance(schema.get("items"), Mapping):
        out.update(widgets(schema["items"], labels, f"{path}[]"))
    return out


def _label(value: Any, labels: Mapping[str, str]) -> str:
    """A code's Chinese label (every code needs one); a number is its own label."""
    return labels[value] if isinstance(value, str) else str(value)


def ui(schema: Mapping[str, Any], labels: Mapping[str, str], help: Mapping[str, str]) -> dict[str, Any]:
    """UI hints: the order of the sections, the widgets and help texts by dotted path."""
    return {"order": list(schema["properties"]), "widgets": widgets(schema, labels), "help": dict(help)}
