"""A form's JSON Schema as fields of a page, and a page's answers as the form's data.

Objects become fieldsets (their ``title`` the legend), scalars inputs (a ``date`` format a date
input, an ``enum`` a select, a boolean a checkbox, ``ui.widgets`` ``textarea`` a text area), arrays
of choices a group of checkboxes, arrays of objects rows (one more with 添加一行), other arrays one
item a line. Answers are read back by the same schema: what does not parse as the type asked for
is kept as typed, so that the schema's check (:func:`core.documents.forms.validate`) names it. The
server's problems (``data.items.0.name``) are put beside the field of that path.
"""

from dataclasses import dataclass, field
from typing import Any

from litestar.datastructures import FormMultiDict

from core.errors import Problem

MORE = "_more"
"""The button that asks for one more row of a table (its value: the table's path); nothing is submitted."""
ROWS = "_rows."
"""``_rows.<path>``: how many rows a table shows."""


@dataclass
class Field:
    path: str
    label: str
    kind: str
    """text, textarea, date, integer, number, boolean, choice, choices, lines, group or rows"""
    required: bool = False
    value: Any = None
    options: list[Any] = field(default_factory=list)
    children: list["Field"] = field(default_factory=list)
    problem: str | None = None
    help: str | None = None

    @property
    def id(self) -> str:
        return "f-" + self.path.replace(".", "-")


def _kind(schema: dict[str, Any], widget: Any) -> str:
    kind = schema.get("type")
    if kind == "object":
        return "group"
    if kind == "array":
        items = schema.get("items") or {}
        if items.get("type") == "object":
            return "rows"
        return "choices" if "enum" in items else "lines"
    if "enum" in schema:
        return "choice"
    if kind == "boolean":
        return "boolean"
    if kind in ("integer", "number"):
        return str(kind)
    if schema.get("format") == "date":
        return "date"
    return "textarea" if widget == "textarea" else "text"


def _widget(ui: dict[str, Any], path: str) -> Any:
    return (ui.get("widgets") or {}).get(_pattern(path))


def _pattern(path: str) -> str:
    """``items.0.name`` → ``items.name``: how ui hints name a field inside rows."""
    return ".".join(p for p in path.split(".") if not p.isdigit())


def _ordered(schema: dict[str, Any], ui: dict[str, Any], prefix: str) -> list[str]:
    names = list((schema.get("properties") or {}).keys())
    order = [n for n in (ui.get("order") or []) if n in names] if not prefix else []
    return order + [n for n in names if n not in order]


def fields(schema: dict[str, Any], ui: dict[str, Any], data: Any, rows: dict[str, int], prefix: str = "") -> list[Field]:
    """The fields of an object schema, filled with ``data`` (``rows``: the rows each table shows)."""
    data = data if isinstance(data, dict) else {}
    required = set(schema.get("required") or [])
    out = []
    for name in _ordered(schema, ui, prefix):
        sub = schema["properties"][name]
        path = f"{prefix}{name}"
        kind = _kind(sub, _widget(ui, path))
        item = Field(path, str(sub.get("title") or name), kind, name in required, data.get(name),
                     help=(ui.get("help") or {}).get(_pattern(path)))
        if kind == "group":
            item.children = fields(sub, ui, data.get(name), rows, f"{path}.")
        elif kind == "rows":
            values = data.get(name) if isinstance(data.get(name), list) else []
            count = max(len(values), rows.get(path, 0), int(sub.get("minItems") or 1))
            item.children = [Field(f"{path}.{i}", f"第{i + 1}行", "group", children=fields(
                sub["items"], ui, values[i] if i < len(values) else None, rows, f"{path}.{i}."))
                for i in range(count)]
        elif kind == "choice":
            item.options = list(sub["enum"])
        elif kind == "choices":
            item.options = list(sub["items"]["enum"])
        out.append(item)
    return out


def _scalar(schema: dict[str, Any], text: str) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
    except ValueError:
        return text  # the schema's check names it
    return text


def answers(schema: dict[str, Any], form: FormMultiDict, prefix: str = "") -> dict[str, Any]:
    """The object ``form``'s inputs give for an object schema; a field left empty is left out."""
    out: dict[str, Any] = {}
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        kind = _kind(sub, None)
        if kind == "group":
            value: Any = answers(sub, form, f"{path}.")
            if not value:
                continue
        elif kind == "rows":
            count = max((int(k.split(".")[len(path.split("."))]) + 1 for k in form
                         if k.startswith(f"{path}.") and k.split(".")[len(path.split("."))].isdigit()), default=0)
            value = [row for i in range(count) if (row := answers(sub["items"], form, f"{path}.{i}."))]
            if not value:
                continue
        elif kind == "choices":
            value = [v for v in form.getall(path, []) if v != ""]
            if not value:
                continue
        elif kind == "lines":
            value = [_scalar(sub.get("items") or {}, line.strip()) for line in str(form.get(path, "")).splitlines()
                     if line.strip()]
            if not value:
                continue
        elif kind == "boolean":
            value = form.get(path) == "on"
        else:
            text = str(form.get(path, "")).strip()
            if text == "":
                continue
            value = _scalar(sub, text)
        out[name] = value
    return out


def rows_asked(form: FormMultiDict | dict[str, Any]) -> dict[str, int]:
    """The rows each table showed (``_rows.<path>``), one more for the table whose 添加一行 was pressed."""
    rows = {k.removeprefix(ROWS): int(v) for k, v in form.items() if k.startswith(ROWS) and str(v).isdigit()}
    more = form.get(MORE)
    if more:
        rows[str(more)] = rows.get(str(more), 1) + 1
    return rows


def place_problems(items: list[Field], problems: list[Problem]) -> list[Problem]:
    """Put each problem beside the field of its path; return those that name no field shown."""
    by_path: dict[str, Field] = {}

    def index(these: list[Field]) -> None:
        for item in these:
            by_path[item.path] = item
            index(item.children)

    index(items)
    left = []
    for problem in problems:
        target = by_path.get(problem.field.removeprefix("data."))
        if target is None:
            left.append(problem)
        else:
            target.problem = f"{target.problem}；{problem.message}" if target.problem else problem.message
    return left
