"""Builders for form JSON Schemas (draft 2020-12) and their UI hints, for plugin authors.

Every property gets a zh-CN ``title``; objects list their ``required`` keys and refuse unknown
ones; money is integer fen (分), ratios are numbers from 0 to 1. Fixed choices are ``enum``s of
codes; their Chinese labels go to the UI hints (``widgets``), collected by :func:`widgets`.

Personal fields (a person's ID number or phone) are made with :func:`id_number` and :func:`phone`,
which mark them with :data:`PERSONAL` (a keyword JSON Schema validators ignore). The platform
stores such a field encrypted, shows its mask in every read, and gives the value only to holders
of ``personal_data:read_full`` at the submission's region, auditing each read
(:func:`personal_fields` finds them).
"""

from collections.abc import Iterable, Mapping
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
