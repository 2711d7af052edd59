"""A region's dashboard for officials: the targets in force there (value, threshold, status,
deadline, the document's clause), the rollup of its children with drill-down by tier, a bar chart
of the children (an SVG drawn here, in the page's HTML), a line over years (ECharts, vendored,
loaded with it when it is scrolled to), and the same XLSX downloads as ``/exports``.

The tables are the reports the API's downloads give (:mod:`core.indicators.reports`), read as the
signed-in user: what the user may not read (``indicator:read``, ``target:read`` there) is not shown.
"""

import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template
from sqlmodel import col

from core import clock
from core.access.grants import region_at, visible
from core.errors import FieldError
from core.indicators import reports
from core.indicators.rollup import catalogue
from core.models import Region
from core.tree.tiers import Tier
from core.web.console.regions import children, region_handler
from core.web.console.session import Acting, acting
from core.web.console.view import page

DEFAULT_INDICATORS = ("registered_volunteers", "volunteer_share", "community_workers_per_10k_urban")
"""The rollup's columns where no target is in force at the region."""
MOST_INDICATORS = 6
SHOWN_TARGET_COLUMNS = (
    "目标",
    "指标",
    "比较",
    "阈值",
    "单位",
    "当前值",
    "是否达标",
    "达标社区数",
    "社区数",
    "截止日期",
    "剩余天数",
    "来源",
)
"""The columns of the targets report the dashboard shows (the download has them all)."""


def shown(value: Any) -> str:
    """A report's cell as text on the page."""
    if value is None:
        return "—"
    if isinstance(value, reports.Percent):
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def number(value: Any) -> float | None:
    """A cell as a number for the chart (a ratio in percent)."""
    if value is None or isinstance(value, str | dt.date):
        return None
    return round(float(value) * 100, 2) if isinstance(value, reports.Percent) else float(value)


async def ancestors(act: Acting, place: Region) -> list[Region]:
    """The region's ancestors the user may read, top first (the breadcrumb)."""
    parts = place.path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    if not paths:
        return []
    rows = (await act.session.exec(visible(Region, act.who).where(col(Region.path).in_(paths)))).all()
    return sorted(rows, key=lambda r: r.depth)


def _may_read(act: Acting, place: Region, *resources: str) -> bool:
    return all(act.who.may(resource, "read", place) for resource in resources)


def _indicator_keys(act: Acting, targets: reports.Report | None, asked: str | None) -> list[str]:
    """The rollup's indicators: those asked for, else those the targets in force measure, else a default."""
    if asked:
        return [k for k in asked.split(",") if k.strip()]
    known = catalogue(act.platform.registry)
    if targets is not None:
        by_label = {(ind.label or key): key for key, ind in known.items()}
        column = targets.columns.index("指标")
        keys = list(dict.fromkeys(by_label[row[column]] for row in targets.rows if row[column] in by_label))
        if keys:
            return keys[:MOST_INDICATORS]
    return [k for k in DEFAULT_INDICATORS if k in known]


async def render(act: Acting, place: Region, request: Request[Any, Any, Any]) -> Template:
    query = request.query_params
    year = query.get("year") or str(clock.today().year)
    problems: dict[str, str] = {}
    targets = rollup = None
    below = place.tier.below()
    by = below[0] if below else None
    try:
        if _may_read(act, place, "indicator", "target"):
            targets = await reports.targets_report(
                act.session, act.who, act.platform.registry, region=place.path, year=year
            )
        keys = _indicator_keys(act, targets, query.get("indicators"))
        if by is not None and keys and _may_read(act, place, "indicator"):
            rollup = await reports.rollup_report(
                act.session,
                act.who,
                act.platform.registry,
                under=place.path,
                by=by,
                indicators=",".join(keys),
                year=year,
            )
    except FieldError as error:
        if error.code in ("forbidden", "not_found"):
            raise
        problems[error.field] = error.message
    target_columns = [targets.columns.index(c) for c in SHOWN_TARGET_COLUMNS] if targets else []
    chart = _chart(rollup) if rollup is not None else None
    downloads = {
        "targets": "/console/exports/targets.xlsx?" + urlencode({"region": place.path, "year": year}),
        "rollup": (
            "/console/exports/rollup.xlsx?"
            + urlencode({"under": place.path, "by": by.value, "year": year, "indicators": ",".join(keys)})
        )
        if rollup and by
        else None,
    }
    history_link = (
        "/console/history/" + place.path + "?" + urlencode({"year": year, "indicator": keys[0]})
        if rollup is not None and keys
        else None
    )
    return page(
        act,
        "region.html",
        history_link=history_link,
        region=place,
        trail=await ancestors(act, place),
        children=await children(act, place),
        year=year,
        targets=targets,
        target_columns=target_columns,
        rollup=rollup,
        by=by,
        chart=chart,
        downloads=downloads,
        problems=problems,
        forms_link=f"/console/forms?region={place.path}" if act.who.may("form", "submit", place) else None,
        overdue_link=f"/console/work/overdue?under={place.path}" if act.who.may("case", "read", place) else None,
        shown=shown,
        status=400 if problems else 200,
    )


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None
    text: str
    """the value as the table shows it"""
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    """A bar chart's geometry, in the SVG's own units (``width`` × ``height``); the template draws it."""

    label: str
    bars: list[Bar]
    ticks: list[Tick]
    zero: float
    """the y of the value 0 (the bars' base)"""
    width: int
    height: int
    left: int
    right: int


def _step(span: float, most: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts ``span`` into at most ``most`` parts."""
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _tick_text(value: float, step: float) -> str:
    """An axis label with as many decimals as the step has (0.25 → 2, 2.5 → 1, 25 → 0)."""
    power = math.floor(math.log10(step))
    decimals = max(0, -power + (1 if round(step / 10**power, 6) == 2.5 else 0))
    return f"{value:.{decimals}f}"


def _chart(rollup: reports.Report) -> BarChart | None:
    """The first indicator by child region (not the 合计 and 其他 rows), as a bar chart drawn on the server:
    it is in the page's HTML, so the page is complete when it first paints (no script, no library)."""
    if len(rollup.columns) < 3:
        return None
    rows = [r for r in rollup.rows if not str(r[0]).startswith((reports.TOTAL, reports.OTHER))]
    values = [number(r[2]) for r in rows]
    known = [v for v in values if v is not None]
    if not known:
        return None
    label = rollup.columns[2] + ("（%）" if any(isinstance(r[2], reports.Percent) for r in rows) else "")
    width, height, left, right, top, bottom = 960, 360, 64, 16, 40, 96
    low, high = min(0.0, *known), max(0.0, *known)
    step = _step(high - low) if high > low else 1.0
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high == low:
        high = low + step
    plot = height - top - bottom

    def y_of(value: float) -> float:
        return round(top + (high - value) / (high - low) * plot, 2)

    slot = (width - left - right) / len(rows)
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        base, end = y_of(0.0), y_of(value or 0.0)
        bars.append(
            Bar(
                name=str(row[0]),
                value=value,
                text=shown(row[2]),
                x=round(left + i * slot + slot * 0.2, 2),
                y=min(base, end),
                width=round(slot * 0.6, 2),
                height=round(abs(base - end), 2),
            )
        )
    count = round((high - low) / step)
    ticks = [Tick(y_of(low + k * step), _tick_text(low + k * step, step)) for k in range(count + 1)]
    return BarChart(
        label=label, bars=bars, ticks=ticks, zero=y_of(0.0), width=width, height=height, left=left, right=right
    )


async def _download(request: Request[Any, Any, Any], kind: str) -> Response[bytes]:
    """The XLSX the API's ``/exports/{kind}.xlsx`` gives, for the signed-in user (same report, same name)."""
    query = request.query_params
    async with acting(request) as act:
        registry = act.platform.registry
        if kind == "targets":
            report = await reports.targets_report(
                act.session, act.who, registry, region=query.get("region"), year=query.get("year")
            )
        else:
            report = await reports.rollup_report(
                act.session,
                act.who,
                registry,
                under=query.get("under"),
                by=query.get("by") or Tier.STREET.value,
                indicators=query.get("indicators"),
                year=query.get("year"),
            )
    content = await anyio.to_thread.run_sync(reports.render, report, "xlsx")
    return Response(
        content,
        media_type=reports.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": report.content_disposition("xlsx"), "Cache-Control": "no-store"},
    )


@get("/console/exports/targets.xlsx")
async def targets_xlsx(request: Request[Any, Any, Any]) -> Response[bytes]:
    return await _download(request, "targets")


@get("/console/exports/rollup.xlsx")
async def rollup_xlsx(request: Request[Any, Any, Any]) -> Response[bytes]:
    return await _download(request, "rollup")


HISTORY_YEARS = 5
"""The line over years goes back at most this many years (each year is one statement)."""


def _history_chart(series: reports.Report, label: str) -> tuple[str, list[int], list[float | None]] | None:
    """The total row of a series over years as an ECharts line, from the first year with a value
    (the years before have no history); None with fewer than two such years."""
    total = series.rows[-1]
    years = [int(c.split("年")[0]) for c in series.columns[2:]]
    values = [number(v) for v in total[2:]]
    first = next((i for i, v in enumerate(values) if v not in (None, 0)), len(values))
    years, values = years[first:], values[first:]
    if len(years) < 2:
        return None
    options = json.dumps(
        {
            "aria": {"enabled": True},
            "title": {"text": label, "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 48, "right": 16, "bottom": 40},
            "xAxis": {"type": "category", "data": [str(y) for y in years]},
            "yAxis": {"type": "value"},
            "series": [{"type": "line", "name": label, "data": values, "itemStyle": {"color": "#0b5cad"}}],
        },
        ensure_ascii=False,
    )
    return options, years, values


@get("/console/history/{path:path}")
async def history(request: Request[Any, Any, Any], path: FromPath[str]) -> Template:
    """The region's first rollup indicator over the years before ``year`` (a fragment the dashboard
    loads when it is scrolled to): the series rollup's total, as ``rollupSeries`` gives it."""
    query = request.query_params
    async with acting(request) as act:
        place = await region_at(act.session, path.lstrip("/"), act.who)
        below = place.tier.below()
        key = query.get("indicator") or ""
        try:
            year = reports.parse_year(query.get("year") or clock.today().year)
            years = list(range(year - HISTORY_YEARS + 1, year + 1))
            if not below or not key:
                raise FieldError("indicator", "no indicator to draw")
            series = await reports.series_report(
                act.session, act.who, act.platform.registry, under=place.path, by=below[0], indicators=key, years=years
            )
        except FieldError as error:
            if error.code in ("forbidden", "not_found"):
                raise
            return page(act, "_history.html", chart=None, problem=error.message)
        label = catalogue(act.platform.registry)[key].label or key
        drawn = _history_chart(series, label)
        return page(
            act,
            "_history.html",
            chart=drawn[0] if drawn else None,
            years=drawn[1] if drawn else [],
            values=drawn[2] if drawn else [],
            label=label,
            region=place,
            problem=None,
        )


HANDLERS = [targets_xlsx, rollup_xlsx, history, region_handler(render)]
