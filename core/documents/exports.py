"""A form's submissions as one XLSX sheet, for the offices that collect them.

One row per submission the reader sees in the GraphQL ``formSubmissions`` list (the same query:
visible, in the subtree, :func:`core.documents.forms.readable`), one column per property of the
form's JSON Schema (its newest version), headed by its zh-CN title: a nested object's properties
are flattened (``监护人.联系电话``), an array is one cell (its items joined with ``；``, an item
that is an object as ``标题：值，…``), a code of a choice is shown by its label from the form's UI
hints. Before them: the submission's number, region, path, status, version, who submitted it and when.

Cells are typed: a date field is an Excel date, money (an integer of fen,
:func:`core.money.is_money_field`) is a number in yuan with the format ``#,##0.00`` and a
header ending in （元）, numbers are numbers, text is text (never a formula).

**Personal fields** (:func:`core.plugins.formschema.personal_fields`) stay masked, as ``data``
shows them, unless the reader holds ``personal_data:read_full`` at the submission's region: then
the full values are put back, each read audited first (:func:`core.personal.authorize_full_reads`,
as ``fullData`` does). ``masked=True`` keeps every mask (and writes no audit event).

The workbook is written in openpyxl's write-only mode, the submissions read in batches of
:data:`BATCH`, so a large form never sits in memory as one list.
"""

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, region_at, require, visible
from core.documents import forms as form_service
from core.errors import FieldError
from core.models import FormSubmission, FormSubmissionValue, Region
from core.models.form import SubmissionStatus
from core.money import EXCEL_FORMAT, is_money_field, yuan, yuan_title
from core.personal import FullRead, authorize_full_reads, keyring_of, reveal_document, sessions_of
from core.plugins.declarations import FormDecl
from core.plugins.registry import Registry

BATCH = 500
CHINA = ZoneInfo("Asia/Shanghai")
STATUS_LABELS = {
    SubmissionStatus.DRAFT: "草稿", SubmissionStatus.SUBMITTED: "已提交",
    SubmissionStatus.APPROVED: "已通过", SubmissionStatus.REJECTED: "已退回",
}
FIXED = ["编号", "地区", "路径", "状态", "表单版本", "提交人", "提交时间（北京时间）"]
"""The columns before the form's own."""
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    """One property of the schema: where it sits in the data, its header and how its cell is made."""

    path: tuple[str, ...]
    header: str
    schema: Mapping[str, Any]
    money: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)
    """a choice's code → label (from the UI hints)"""


@dataclass(frozen=True)
class FormExport:
    """What will be written: checked before any row is read, so bad input fails before a byte is sent."""

    title: str
    stem: str
    form: FormDecl
    region: Region
    columns: list[Column]
    masked: bool

    @property
    def headers(self) -> list[str]:
        return FIXED + [c.header for c in self.columns]

    def content_disposition(self) -> str:
        chinese = f"{self.title}.xlsx".replace("/", "-")
        return f"attachment; filename=\"{self.stem}.xlsx\"; filename*=UTF-8''{quote(chinese, safe='')}"


def _options(ui: Mapping[str, Any], path: str) -> dict[str, str]:
    hint = (ui.get("widgets") or {}).get(path)
    return dict(hint.get("options") or {}) if isinstance(hint, Mapping) else {}


def columns(form: FormDecl) -> list[Column]:
    """The schema's leaf properties in order, objects flattened (父.子), arrays one column each."""
    out: list[Column] = []

    def walk(schema: Mapping[str, Any], path: tuple[str, ...], titles: tuple[str, ...]) -> None:
        for name, sub in (schema.get("properties") or {}).items():
            if not isinstance(sub, Mapping):
                continue
            title = str(sub.get("title") or name)
            if sub.get("type") == "object" and sub.get("properties"):
                walk(sub, (*path, name), (*titles, title))
                continue
            money = is_money_field(name, sub)
            dotted = ".".join((*path, name))
            labels = _options(form.ui, dotted) or _options(form.ui, f"{dotted}[]")
            out.append(Column((*path, name), ".".join((*titles, yuan_title(title) if money else title)), sub, money, labels))

    walk(form.json_schema, (), ())
    return out


async def prepare(session: AsyncSession, principal: Principal, registry: Registry, *, key: str | None,
                  under: str | None, masked: bool = False) -> FormExport:
    """The export of form ``key`` under region ``under``: the form must exist (else ``NotFound``
    naming ``form``), the region be visible (else ``NotFound`` naming ``under``) and the reader
    hold ``form:read`` there (else ``forbidden``)."""
    if not key or not key.strip():
        raise FieldError("form", "name a form by its key, e.g. child_file")
    if not under or not under.strip().strip("/"):
        raise FieldError("under", "give a region's path, e.g. shanhai/donghu")
    _, form = form_service.find(registry, key.strip(), None)
    region = await region_at(session, under, principal, field="under")
    require(principal, "form", "read", region, field="under")
    stem = "-".join(["form", form.key, *region.path.split("/")])
    return FormExport(f"{form.title}（{region.name}）", stem, form, region, columns(form), masked)


def _subtree(region: Region) -> Any:
    """The region and everything below it, as :func:`core.services.regions.subtree` says (a layer above)."""
    return getattr(Region, region.tier.column) == region.id


async def _batches(session: AsyncSession, principal: Principal, registry: Registry, plan: FormExport) -> Any:
    """The submissions in batches, oldest first, each with its region and its data to show."""
    readable = form_service.readable(registry, principal)
    last = 0
    while True:
        query = (visible(FormSubmission, principal)
                 .where(_subtree(plan.region), col(FormSubmission.form_key) == plan.form.key, readable,
                        col(FormSubmission.id) > last)
                 .order_by(col(FormSubmission.id)).limit(BATCH))
        rows = list((await session.exec(query)).all())
        if not rows:
            return
        last = rows[-1].id or last
        region_ids = {r.region_id for r in rows}
        regions = {r.id: r for r in (await session.exec(select(Region).where(col(Region.id).in_(region_ids)))).all()}
        data = {r.id: r.data for r in rows}
        if not plan.masked:
            data.update(await _revealed(session, principal, rows))
        yield [(row, regions.get(row.region_id), data[row.id]) for row in rows]


async def _revealed(session: AsyncSession, principal: Principal, rows: list[FormSubmission]) -> dict[Any, Any]:
    """The data of the rows whose personal values the reader may see in full (each read audited)."""
    by_id = {r.id: r for r in rows}
    values = list((await session.exec(select(FormSubmissionValue).where(
        col(FormSubmissionValue.submission_id).in_(list(by_id))))).all())
    if not values:
        return {}
    reads = [FullRead("FormSubmission", v.submission_id, v.path, by_id[v.submission_id].tenant_id,
                      by_id[v.submission_id].region_id) for v in values]
    allowed = await authorize_full_reads(sessions_of(session), principal, reads)
    shown: dict[int, list[FormSubmissionValue]] = {}
    for value, ok in zip(values, allowed, strict=True):
        if ok:
            shown.setdefault(value.submission_id, []).append(value)
    keyring = keyring_of(session)
    return {id_: reveal_document(keyring, by_id[id_].data, these) for id_, these in shown.items()}


# --- cells ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _scalar_text(value: Any, schema: Mapping[str, Any], labels: Mapping[str, str], name: str = "") -> str:
    """One value inside an array's cell, as text."""
    if isinstance(value, Mapping) and isinstance(schema.get("properties"), Mapping):
        parts = []
        for key, sub in schema["properties"].items():
            if key in value and value[key] is not None and isinstance(sub, Mapping):
                money = is_money_field(key, sub)
                title = yuan_title(str(sub.get("title") or key)) if money else str(sub.get("title") or key)
                parts.append(f"{title}：{_scalar_text(value[key], sub, {}, key)}")
        return "，".join(parts)
    if isinstance(value, list):
        items: Mapping[str, Any] = schema["items"] if isinstance(schema.get("items"), Mapping) else {}
        return "、".join(_scalar_text(v, items, labels) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and is_money_field(name, schema):
        return f"{yuan(value):,}"
    if isinstance(value, str) and value in labels:
        return labels[value]
    return _text(value)


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(name)
    return data


def cell_value(column: Column, value: Any) -> Any:
    """The value of a cell: a date, a number (money in yuan), or text."""
    if value is None:
        return None
    schema = column.schema
    if column.money and isinstance(value, int) and not isinstance(value, bool):
        return yuan(value)
    if schema.get("type") == "array":
        items: Mapping[str, Any] = schema["items"] if isinstance(schema.get("items"), Mapping) else {}
        if isinstance(value, list):
            return "；".join(_scalar_text(v, items, column.labels, column.path[-1]) for v in value) or None
    if isinstance(value, str) and schema.get("format") == "date" and DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value in column.labels:
        return column.labels[value]
    return _text(value)


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, money: bool = False) -> WriteOnlyCell:
    item = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        item.data_type = "s"  # never a formula, whatever the text starts with
    elif money:
        item.number_format = EXCEL_FORMAT
    elif isinstance(value, dt.datetime):
        item.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        item.number_format = "yyyy-mm-dd"
    return item


def _submitted_at(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(CHINA).replace(tzinfo=None, microsecond=0)


async def write_xlsx(session: AsyncSession, principal: Principal, registry: Registry, plan: FormExport,
                     output: IO[bytes]) -> int:
    """Write the workbook to ``output``; returns the number of submissions written."""
    book = Workbook(write_only=True)
    book.properties.title, book.properties.creator = plan.title, "wushe"
    sheet = book.create_sheet(title=_sheet_name(plan.form.title))
    sheet.freeze_panes = "B2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    headers = []
    for text in plan.headers:
        header = WriteOnlyCell(sheet, value=text)
        header.data_type, header.font, header.fill = "s", bold, fill
        headers.append(header)
    sheet.append(headers)
    count = 0
    async for batch in _batches(session, principal, registry, plan):
        for row, region, data in batch:
            fixed = [row.id, region.name if region else None, region.path if region else None,
                     STATUS_LABELS.get(row.status, str(row.status)), row.form_version, row.submitted_by,
                     _submitted_at(row.submitted_at)]
            cells = [_cell(sheet, v) for v in fixed]
            for column in plan.columns:
                value = cell_value(column, value_at(data, column.path))
                cells.append(_cell(sheet, value, money=column.money and value is not None and not isinstance(value, str)))
            sheet.append(cells)
            count += 1
    book.save(output)
    return count


def _sheet_name(text: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in text).strip("'")
    return cleaned[:31] or "Sheet1"
