"""Reports for the offices, who live in Excel: a rollup and the targets' status, as CSV or XLSX.

A report is built once as a :class:`Report` (a title, Chinese column headers, rows of plain
values) by :func:`rollup_report` or :func:`targets_report`, and written by :func:`to_csv` or
:func:`to_xlsx`, so both formats always say the same. Both builders read through the access
layer: the region must be visible to the principal (else ``NotFound``), and the principal must
hold ``indicator:read`` there (and ``target:read`` when targets are shown). Bad input raises
:class:`~core.errors.FieldError` naming the field: ``under``, ``by``, ``indicators``, ``year``,
``kind``, ``region`` or ``format``.

Ratios are kept as fractions (:class:`Percent`): XLSX shows them with a percentage format, CSV
writes them as ``22.50%``, which Excel reads back as the number 0.225. Money is never shown in
fen: an indicator in yuan (:data:`core.money.YUAN`) and a money target's threshold are
:class:`Yuan` cells, numbers in yuan with the format ``#,##0.00`` in XLSX and two decimals in CSV.
"""

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core import clock
from core.access.grants import Principal, region_at, require
from core.documents.rules import enabled_plugins
from core.documents.targets import Role
from core.errors import FieldError
from core.indicators import Indicator, history, verdicts
from core.indicators.evaluate import FAILING_SHOWN, Status, evaluate_at, evaluate_rows
from core.indicators.months import Month, check_months
from core.indicators.rollup import Group, check_by, check_year, check_years, pick, rollup
from core.models import Region, Tenant
from core.models.base import stored_id
from core.money import EXCEL_FORMAT, fraction_yuan, is_money_indicator
from core.tree.tiers import CommunityKind, Tier

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)

TIER_LABELS = {
    Tier.PROVINCE: "省",
    Tier.CITY: "市",
    Tier.DISTRICT: "区（县）",
    Tier.STREET: "街道（乡镇）",
    Tier.COMMUNITY: "社区（村）",
}
TIER_NOUNS = {
    Tier.PROVINCE: "省", Tier.CITY: "市", Tier.DISTRICT: "区县", Tier.STREET: "街道或乡镇", Tier.COMMUNITY: "社区或村",
}
KIND_LABELS = {CommunityKind.URBAN: "城市社区", CommunityKind.RURAL: "农村社区"}
COMPARATORS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "＝"}
MET, NOT_MET, UNKNOWN = "达标", "未达标", "无数据"
TOTAL, OTHER = "合计", "其他"


class Percent(float):
    """A ratio (0.225), shown as a percentage (22.50%)."""


class Yuan(Decimal):
    """An amount of money in yuan, exact to the fen (``Yuan("50000.00")``), shown with two decimals."""

    @classmethod
    def of(cls, value: float | Decimal | Fraction) -> "Yuan":
        """From an indicator's value or a threshold, already in yuan, rounded to the fen."""
        exact = value if isinstance(value, Fraction) else Fraction(str(value)) if isinstance(value, float) else Fraction(value)
        return cls(fraction_yuan(exact))


@dataclass(frozen=True)
class Report:
    """One table: what it is (title), its zh-CN column headers and its rows of plain values.

    Cells are ``str``, ``int``, ``float``, :class:`Percent`, ``datetime.date`` or None (empty)."""

    title: str
    sheet: str
    """the worksheet's name (at most 31 characters)"""
    stem: str
    """an ASCII file name without suffix, e.g. ``rollup-shanhai-donghu-street-2026``"""
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def filename(self, fmt: str) -> str:
        return f"{self.stem}.{fmt}"

    def content_disposition(self, fmt: str) -> str:
        """``attachment`` with an ASCII name and the Chinese one (RFC 6266 / RFC 5987)."""
        chinese = f"{self.title}.{fmt}".replace("/", "-")
        return f"attachment; filename=\"{self.filename(fmt)}\"; filename*=UTF-8''{quote(chinese, safe='')}"


# --- input -------------------------------------------------------------------------------


def check_format(value: str | None, *, field: str = "format") -> str:
    fmt = (value or "").strip().lower().lstrip(".")
    if fmt not in CONTENT_TYPES:
        raise FieldError(field, f"{value!r} is not a format; use one of {', '.join(FORMATS)}")
    return fmt


def format_for(output: str, given: str | None = None) -> str:
    """The format asked for, else the one the output file's suffix names."""
    if given:
        return check_format(given)
    suffix = output.rsplit(".", 1)[-1] if "." in output.rsplit("/", 1)[-1] else ""
    if suffix.lower() not in CONTENT_TYPES:
        raise FieldError("format", f"give --format ({' or '.join(FORMATS)}) or an output file ending in .csv or .xlsx")
    return suffix.lower()


def parse_tier(value: str | Tier | None, *, field: str = "by") -> Tier:
    if isinstance(value, Tier):
        return value
    try:
        return Tier((value or "").strip().lower())
    except ValueError:
        raise FieldError(field, f"{value!r} is not a tier; use one of {', '.join(t.value for t in Tier)}") from None


def parse_kind(value: str | CommunityKind | None, *, field: str = "kind") -> CommunityKind | None:
    if value is None or isinstance(value, CommunityKind):
        return value
    text = value.strip().lower()
    if not text:
        return None
    try:
        return CommunityKind(text)
    except ValueError:
        raise FieldError(field, f"{value!r} is not a community kind; use urban or rural") from None


def parse_year(value: int | str | None, *, field: str = "year") -> int:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            value = None
        elif not (text.isascii() and text.isdigit()):  # "²".isdigit(), and int("٢٠٢٤") == 2024
            raise FieldError(field, f"{value!r} is not a year")
        else:
            value = int(text)
    return check_year(value, field=field)


def parse_indicators(registry: Any, value: str | Iterable[str] | None, *, field: str = "indicators") -> list[Indicator]:
    """Keys, comma-separated or a list; at least one, each known, duplicates dropped."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    keys = list(dict.fromkeys(k.strip() for k in items if k and k.strip()))
    if not keys:
        raise FieldError(field, "name at least one indicator (comma-separated keys, e.g. volunteer_share)")
    return pick(registry, keys, field=field)


async def _place(session: Any, principal: Principal, path: str | None, field: str,
                 resources: Sequence[str]) -> Region:
    if not path or not path.strip().strip("/"):
        raise FieldError(field, "give a region's path, e.g. shanhai/donghu")
    region = await region_at(session, path, principal, field=field)
    for resource in resources:
        require(principal, resource, "read", region, field=field)
    return region


async def _enabled(session: Any, region: Region) -> set[str]:
    tenant = await session.get(Tenant, region.tenant_id)
    return await enabled_plugins(session, tenant) if tenant is not None else set()


# --- cells ------------------------------------------------------------------------------


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def cell(indicator: Indicator, value: float | Decimal | None) -> Any:
    """An indicator's value as a cell: a Percent for ratios, Yuan for money, an int when whole, else a float."""
    if value is None:
        return None
    if indicator.unit == "ratio":
        return Percent(value)
    if is_money_indicator(indicator.unit):
        return Yuan.of(value)
    return _number(float(value))


def _shown(indicator: Indicator, value: float | Decimal) -> str:
    """A value in a sentence: ``22%``, ``12``, ``13.68``."""
    if indicator.unit == "ratio":
        return f"{float(value) * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if is_money_indicator(indicator.unit):
        return f"{Yuan.of(value):,}元"
    number = _number(float(value))
    return str(number) if isinstance(number, int) else f"{number:.2f}"


EACH_NOUNS = {Tier.PROVINCE: "省", Tier.CITY: "市", Tier.DISTRICT: "区县", Tier.STREET: "街道", Tier.COMMUNITY: "社区"}
ROLE_LABELS = {Role.OWN: "本级考核", Role.SUMMARY: "下级汇总", Role.CONTEXT: "上级目标（参考）"}


def met_text(status: Status) -> str:
    """达标 / 未达标 / 无数据 here; a context target says where it is judged, never met or not here."""
    if status.role is Role.CONTEXT:
        return f"参考（考核地区：{status.judged_at or status.applied.scope}）"
    text = UNKNOWN if status.met is None else MET if status.met else NOT_MET
    if status.regions is not None and status.judged_tier is not None:
        text += f"（{status.regions_meeting}/{status.regions}个{EACH_NOUNS[status.judged_tier]}"
        text += f"，{status.regions_no_data}个无数据）" if status.regions_no_data else "）"
    return text


def _placement_text(status: Status) -> str:
    placement = status.target.placement
    if placement is None:
        return "总体"
    kind = KIND_LABELS[status.target.community_kind] if status.target.community_kind else ""
    return "每个" + (kind if placement is Tier.COMMUNITY and kind else EACH_NOUNS[placement])


def _target_text(status: Status) -> str:
    target = status.target
    kind = KIND_LABELS[target.community_kind] if target.community_kind else ""
    each = _placement_text(status) if target.placement is not None else kind
    return f"{each}{COMPARATORS[target.comparator]}{_shown(status.indicator, target.threshold)}"


# --- the rollup --------------------------------------------------------------------------


async def rollup_report(
    session: Any, principal: Principal, registry: Any, *, under: str | None, by: str | Tier | None,
    indicators: str | Iterable[str] | None, year: int | str | None = None, kind: str | CommunityKind | None = None,
    targets: bool = False, today: dt.date | None = None, years: str | Iterable[int | str] | None = None,
    months: str | Iterable[str] | None = None,
) -> Report:
    """Every region of tier ``by`` under ``under`` with the indicators, a 合计 row last; what is
    recorded above tier ``by`` (a street's own workers in a rollup by community) is a 其他 row,
    so that each count's 合计 is the sum of the rows.

    With ``targets`` each indicator a target applies to gets two more columns: the target(s)
    and whether each row meets them (evaluated per row; the 合计 row at ``under`` itself).
    With ``years`` or ``months`` (several: :func:`series_report`), one group of columns per year or month."""
    if _given(years) or _given(months):
        if _given(years) and _given(months):
            raise FieldError("months", "give years or months, not both")
        several = "months" if _given(months) else "years"
        if targets:
            raise FieldError("targets", f"a report over several {several} has no target columns: ask for one year")
        if year not in (None, ""):
            raise FieldError("year", f"give year or {several}, not both")
        return await series_report(session, principal, registry, under=under, by=by, indicators=indicators,
                                   years=years if _given(years) else None, months=months if _given(months) else None,
                                   kind=kind)
    place = await _place(session, principal, under, "under", ("indicator", "target") if targets else ("indicator",))
    tier = parse_tier(by)
    check_by(place.tier, tier)
    chosen = parse_indicators(registry, indicators)
    year_ = parse_year(year)
    kind_ = parse_kind(kind)

    result = await rollup(session.exec, place, tier, chosen, year_, kind_)
    statuses: dict[int | None, list[Status]] = {}
    if targets:
        enabled = await _enabled(session, place)
        statuses.update((await evaluate_rows(session.exec, registry, enabled, place, result, today)).items())
        statuses[None] = await evaluate_at(session.exec, registry, place, enabled, year_, today, failing=0,
                                           indicators={i.key for i in chosen})
        await verdicts.recall(session.exec, {**{k: v for k, v in statuses.items() if k is not None},
                                             stored_id(place): statuses[None]})
    with_targets = {s.indicator.key for items in statuses.values() for s in items}

    columns = ["地区", "路径"]
    for indicator in chosen:
        columns.append(indicator.label or indicator.key)
        if indicator.key in with_targets:
            columns += [f"{indicator.label or indicator.key}·目标", f"{indicator.label or indicator.key}·是否达标"]

    def line(name: str, path: str, group: Any, found: list[Status] | None) -> list[Any]:
        row: list[Any] = [name, path]
        for value in result.values(group):
            row.append(cell(value.indicator, value.value))
            if value.indicator.key in with_targets:
                these = [s for s in found or [] if s.indicator.key == value.indicator.key]
                row.append("；".join(_target_text(s) for s in these) or None)
                row.append("；".join(met_text(s) for s in these) or None)
        return row

    rows = [line(g.name or "", g.path or "", g, statuses.get(g.region_id)) for g in result.rows]
    if result.above is not None and any(result.above.sums.values()):
        rows.append(line(f"{OTHER}（不属任何{TIER_NOUNS[tier]}）", place.path, result.above, None))
    rows.append(line(TOTAL, place.path, result.total, statuses.get(None)))

    kind_text = f"，仅{KIND_LABELS[kind_]}" if kind_ else ""
    title = f"{place.name}按{TIER_LABELS[tier]}汇总（{year_}年{kind_text}）"
    stem = "-".join(["rollup", *place.path.split("/"), tier.value, str(year_), *([kind_.value] if kind_ else [])])
    return Report(title, f"按{TIER_LABELS[tier]}汇总", stem, columns, rows)


def _given(value: str | Iterable[Any] | None) -> bool:
    """A list, or text that is not blank."""
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def parse_months(value: str | Iterable[str], *, field: str = "months") -> list[Month]:
    """Months ``YYYY-MM``, comma-separated or a list: at most :data:`history.MAX_MONTHS`, none twice,
    none after the current one; ascending (:func:`core.indicators.months.check_months`)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    return check_months([item for item in items if str(item).strip()], field=field)


def parse_years(value: str | Iterable[int | str], *, field: str = "years") -> list[int]:
    """Years, comma-separated or a list: each a year, at most :data:`history.MAX_YEARS`, none twice,
    none after the current one; ascending."""
    items = value.split(",") if isinstance(value, str) else list(value)
    years = [parse_year(item, field=field) for item in items if str(item).strip()]
    checked = check_years(years, field=field)
    if checked[-1] > (current := clock.today().year):
        raise FieldError(field, f"{checked[-1]} has not begun (the current year is {current})")
    return checked


async def series_report(
    session: Any, principal: Principal, registry: Any, *, under: str | None, by: str | Tier | None,
    indicators: str | Iterable[str] | None, years: str | Iterable[int | str] | None = None,
    kind: str | CommunityKind | None = None, months: str | Iterable[str] | None = None,
) -> Report:
    """The rollup of each year side by side: one group of columns per year (``2024年·注册志愿者数`` …),
    the stock counts as of its 31 December (today for the current year), the yearly ones over it.
    With ``months`` instead (``2025-01,2025-02``), one group per month (``2025年1月·服务场次`` …): the
    stock counts as of its last day (today for the current month), the yearly ones over that month
    alone (:mod:`core.indicators.months`)."""
    place = await _place(session, principal, under, "under", ("indicator",))
    tier = parse_tier(by)
    check_by(place.tier, tier)
    chosen = parse_indicators(registry, indicators)
    months_ = None if months is None else parse_months(months)
    years_ = [m.year for m in months_] if months_ is not None else parse_years(years or [])
    kind_ = parse_kind(kind)
    if months_ is not None:
        results = [await rollup(session.exec, place, tier, chosen, m.year, kind_, m.as_of, m) for m in months_]
        labels = [m.label for m in months_]
    else:
        results = [await rollup(session.exec, place, tier, chosen, y, kind_, history.year_end(y)) for y in years_]
        labels = [f"{y}年" for y in years_]

    columns = ["地区", "路径"]
    for result, label in zip(results, labels, strict=True):
        day = result.as_of or clock.today()
        columns += [f"{label}·{i.label or i.key}" + ("" if i.yearly else f"（截至{day:%m月%d日}）")
                    for i in chosen]
    def values(group_of: Any) -> list[Any]:
        """One row's cells: each year's values of the group ``group_of(result)`` (zeros where none)."""
        return [cell(v.indicator, v.value) for result in results
                for v in result.values(group_of(result) or Group(None, None, None, {}))]

    regions = {g.region_id: g for result in results for g in result.rows}  # the same every year, in tree order
    rows = [[group.name or "", group.path or "",
             *values(lambda r, i=region_id: next((g for g in r.rows if g.region_id == i), None))]
            for region_id, group in regions.items()]
    if any(r.above is not None and any(r.above.sums.values()) for r in results):
        rows.append([f"{OTHER}（不属任何{TIER_NOUNS[tier]}）", place.path, *values(lambda r: r.above)])
    rows.append([TOTAL, place.path, *values(lambda r: r.total)])

    kind_text = f"，仅{KIND_LABELS[kind_]}" if kind_ else ""
    span = f"{labels[0]}—{labels[-1]}" if months_ is not None else f"{years_[0]}—{years_[-1]}年"
    ends = f"{months_[0]}-{months_[-1]}" if months_ is not None else f"{years_[0]}-{years_[-1]}"
    title = f"{place.name}按{TIER_LABELS[tier]}汇总（{span}{kind_text}）"
    stem = "-".join(["rollup", *place.path.split("/"), tier.value, ends, *([kind_.value] if kind_ else [])])
    return Report(title, f"按{TIER_LABELS[tier]}汇总", stem, columns, rows)


# --- the targets -------------------------------------------------------------------------

TARGET_COLUMNS = [
    "目标", "指标", "考核方式", "社区类型", "比较", "阈值", "单位", "当前值", "是否达标", "截止日期", "剩余天数",
    "达标社区数", "社区数", "未达标社区", "适用范围", "来源", "本级角色", "考核地区", "因缺数据未计入",
]


async def targets_report(
    session: Any, principal: Principal, registry: Any, *, region: str | None, year: int | str | None = None,
    today: dt.date | None = None, failing: int = FAILING_SHOWN,
) -> Report:
    """Every target in force at ``region``, evaluated on its subtree in ``year``."""
    place = await _place(session, principal, region, "region", ("indicator", "target"))
    year_ = parse_year(year)
    enabled = await _enabled(session, place)
    rows = []
    found = await evaluate_at(session.exec, registry, place, enabled, year_, today, failing=failing)
    await verdicts.recall(session.exec, {stored_id(place): found})
    for status in found:
        target, indicator = status.target, status.indicator
        failing_names = "、".join(f.name for f in status.failing)
        if status.regions is not None and status.regions_meeting is not None:
            hidden = status.regions - status.regions_meeting - len(status.failing)
            if hidden > 0:
                failing_names += f"等{status.regions - status.regions_meeting}个"
        rows.append([
            target.label,
            indicator.label or indicator.key,
            _placement_text(status),
            KIND_LABELS[target.community_kind] if target.community_kind else "全部",
            COMPARATORS[target.comparator],
            cell(indicator, target.threshold),
            target.unit or None,
            cell(indicator, status.value.value),
            met_text(status) if status.role is Role.CONTEXT else UNKNOWN if status.met is None else MET if status.met else NOT_MET,
            status.deadline,
            status.days_left,
            status.communities_meeting,
            status.communities,
            failing_names or None,
            status.applied.scope,
            target.source,
            ROLE_LABELS[status.role],
            status.judged_at or (TIER_NOUNS[status.judged_tier] if status.judged_tier else None),
            status.left_out,
        ])
    title = f"{place.name}目标达成情况（{year_}年）"
    stem = "-".join(["targets", *place.path.split("/"), str(year_)])
    return Report(title, "目标达成情况", stem, list(TARGET_COLUMNS), rows)


# --- formats -----------------------------------------------------------------------------


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text a spreadsheet would take for a formula; such text is written quoted (CSV) or as a string (XLSX)."""


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, Percent):
        return f"{value * 100:.2f}%"
    if isinstance(value, Yuan):
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_csv(report: Report) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF line ends, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(report.columns)
    writer.writerows([_csv_cell(v) for v in row] for row in report.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _width(value: Any) -> int:
    """Display width: CJK and full-width characters count two."""
    if isinstance(value, Percent):
        text = f"{value * 100:.2f}%"
    elif isinstance(value, float | Yuan):
        text = f"{value:,.2f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_xlsx(report: Report) -> bytes:
    """One sheet: the title in row 1, bold headers in row 2 (frozen with the first column), the
    rows below with numbers as numbers (ratios in a percentage format) and the 合计 row bold."""

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(report.sheet)
    book.properties.title = report.title
    book.properties.creator = "wushe"
    count = max(len(report.columns), 1)
    title = sheet.cell(row=1, column=1, value=report.title)
    title.data_type, title.font = "s", Font(bold=True, size=14)
    if count > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, header in enumerate(report.columns, start=1):
        item = sheet.cell(row=2, column=index, value=header)
        item.data_type, item.font, item.fill = "s", bold, fill
        item.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(h) for h in report.columns]
    for r, row in enumerate(report.rows, start=3):
        total = bool(row) and row[0] == TOTAL
        for c, value in enumerate(row, start=1):
            item = sheet.cell(row=r, column=c, value=float(value) if isinstance(value, Percent) else value)
            if isinstance(value, str):
                item.data_type = "s"  # never a formula, whatever a name starts with
            elif isinstance(value, Percent):
                item.number_format = "0.00%"
            elif isinstance(value, Yuan):
                item.number_format = EXCEL_FORMAT
            elif isinstance(value, float):
                item.number_format = "#,##0.00"
            elif isinstance(value, int) and not isinstance(value, bool):
                item.number_format = "#,##0"
            elif isinstance(value, dt.date):
                item.number_format = "yyyy-mm-dd"
            if total:
                item.font = bold
            if value is not None:
                widths[c - 1] = max(widths[c - 1], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "B3"
    if report.rows:
        sheet.auto_filter.ref = f"A2:{get_column_letter(count)}{len(report.rows) + 2}"
    sheet.print_title_rows = "1:2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(text: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in text).strip("'")
    return cleaned[:31] or "Sheet1"


def render(report: Report, fmt: str) -> bytes:
    """The report in ``fmt`` (csv or xlsx; FieldError naming ``format`` otherwise)."""
    fmt = check_format(fmt)
    return to_csv(report) if fmt == "csv" else to_xlsx(report)
