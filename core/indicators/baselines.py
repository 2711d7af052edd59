"""Baselines: an indicator's value at a region at a year, and the indicators measured against one.

``charity_organizations_growth`` is "now / at the baseline year's end": the count now, divided by
the count an office set for the region and year (:func:`set_baseline`, ``setBaseline`` in GraphQL),
or else by the one the target's plugin declared from its document (:attr:`core.TargetDecl.baseline`,
at the target's scope region only). Without either, the value is unknown (``no_data``) and says
which baseline is missing: a baseline is never guessed, nor summed from the regions below.

A target names its baseline year (``baseline_year=2020`` for "较‘十三五’末翻一番"); an indicator
asked for without a target is compared with the latest baseline set for the region before the
year asked.

:func:`set_baseline` is :func:`check` then :func:`write`; a file of baselines (``wushe import
baselines``, :mod:`core.imports.baselines`) goes through the same two, row by row.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access import audit
from core.access.grants import Principal, region_at, require
from core.documents.targets import scoped
from core.errors import FieldError, InvalidInput
from core.indicators import Indicator
from core.indicators.rollup import Exec, Value, catalogue, measures_of, value_of
from core.models import Region
from core.models.base import stored_id
from core.models.baseline import BASELINE_DIGITS, BASELINE_PLACES, IndicatorBaseline

FIRST_YEAR = 2000
SOURCE_MAX = 200
baselines = sa.inspect(IndicatorBaseline).local_table


@dataclass(frozen=True)
class Baseline:
    """A value at a region at the end of ``year``; ``set_by`` None when the plugin declared it."""

    year: int
    value: Decimal
    source: str
    set_by: str | None = None


def compared(indicator: Indicator, registry: Any) -> Indicator | None:
    """The indicator a baseline indicator compares (``charity_organizations`` for its growth)."""
    return None if indicator.baseline_of is None else catalogue(registry)[indicator.baseline_of]


def extra_measures(indicators: Iterable[Indicator], registry: Any) -> set[str]:
    """The measures an indicator needs besides its numerator and denominator: its left-out count, and
    the measures of the indicator it compares with a baseline."""
    out: set[str] = set()
    for indicator in indicators:
        if indicator.left_out is not None:
            out.add(indicator.left_out)
        other = compared(indicator, registry)
        if other is not None:
            out |= measures_of([other])
    return out


def left_out_of(indicator: Indicator, sums: Mapping[str, float]) -> int | None:
    """How many communities the indicator left out for missing data (None: it leaves none out)."""
    return None if indicator.left_out is None else int(sums.get(indicator.left_out) or 0)


def against(indicator: Indicator, registry: Any, sums: Mapping[str, float], year: int,
            baseline: Baseline | None, as_of: dt.date | None = None) -> Value:
    """A baseline indicator's value: the compared indicator now (or as of ``as_of``) / its baseline
    (unknown without one)."""
    other = compared(indicator, registry)
    if other is None:
        return value_of(indicator, dict(sums), year, as_of)
    counted = value_of(other, dict(sums), year, as_of)
    now = counted.value
    if baseline is None or now is None or baseline.value == 0:
        return Value(indicator, None, now, None if baseline is None else float(baseline.value), None, counted.as_of)
    return Value(indicator, now / float(baseline.value), now, float(baseline.value), None, counted.as_of)


def _row(row: Any) -> Baseline:
    return Baseline(row.year, Decimal(row.value), row.source, row.set_by)


async def stored(run: Exec, region_ids: Iterable[int], indicator: str, *, year: int | None = None,
                 before: int | None = None) -> dict[int, Baseline]:
    """The baselines set for ``indicator`` at the regions: of ``year``, or the latest before ``before``."""
    ids = sorted(set(region_ids))
    if not ids:
        return {}
    b = baselines
    statement = sa.select(b.c.region_id, b.c.year, b.c.value, b.c.source, b.c.set_by).where(
        b.c.region_id.in_(ids), b.c.indicator == indicator)
    if year is not None:
        statement = statement.where(b.c.year == year)
    if before is not None:
        statement = statement.where(b.c.year < before)
    out: dict[int, Baseline] = {}
    for row in (await run(statement.order_by(b.c.year))).all():
        out[row.region_id] = _row(row)  # ordered by year: the latest wins
    return out


async def for_target(run: Exec, target: Any, scope: str, indicator: Indicator,
                     regions: Iterable[tuple[int, str]]) -> dict[int, Baseline]:
    """The baseline each region ``(id, path)`` is judged against for ``target`` (declared at ``scope``):
    the one set by an office, else the plugin's declared one at the scope region."""
    if indicator.baseline_of is None or target.baseline_year is None:
        return {}
    regions = list(regions)
    out = await stored(run, (i for i, _ in regions), indicator.baseline_of, year=target.baseline_year)
    if target.baseline is not None:
        for region_id, path in regions:
            if path == scope and region_id not in out:
                out[region_id] = Baseline(target.baseline_year, target.baseline, target.source)
    return out


def missing_reason(indicator: Indicator, year: int | None) -> str:
    """Why a baseline indicator has no value."""
    at = f"the end of {year}" if year is not None else "a year before the one asked"
    return f"no baseline of {indicator.baseline_of} at {at} for this region (setBaseline)"


def _check(region_tier: Any, indicator: str, known: Mapping[str, Indicator], year: int, value: Any,
           source: str, today: dt.date) -> tuple[Decimal, str]:
    found = known.get(indicator)
    if found is None:
        raise FieldError("indicator", f"unknown indicator {indicator!r}")
    if not found.computed:
        raise FieldError("indicator", f"indicator {indicator!r} is not computed from live data: "
                                      "a baseline of it would compare with nothing")
    if not FIRST_YEAR <= year < today.year:
        raise FieldError("year", f"must be a year from {FIRST_YEAR} to {today.year - 1}: "
                                 "a baseline is a value at a year's end, never in the future")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldError("value", f"{value!r} is not a decimal number") from None
    if not number.is_finite() or number <= 0:
        raise FieldError("value", "must be a number > 0: a growth is measured as a multiple of it")
    too_long = FieldError("value", f"at most {BASELINE_DIGITS - BASELINE_PLACES} digits and {BASELINE_PLACES} decimals")
    if number >= Decimal(10) ** (BASELINE_DIGITS - BASELINE_PLACES):
        raise too_long
    try:
        if number != number.quantize(Decimal(1).scaleb(-BASELINE_PLACES)):
            raise too_long
    except InvalidOperation:
        raise too_long from None
    source = (source or "").strip()
    if not source:
        raise FieldError("source", "say where the value comes from (a yearbook, a bulletin, a register)")
    if len(source) > SOURCE_MAX:
        raise FieldError("source", f"at most {SOURCE_MAX} characters")
    return number, source


def decimal_text(value: Decimal) -> str:
    """``2``, ``1.5``: a decimal as text, without the trailing zeros of its stored scale."""
    return format(Decimal(value).normalize(), "f")


def shown(row: IndicatorBaseline) -> dict[str, Any]:
    return {"indicator": row.indicator, "year": row.year, "value": decimal_text(row.value), "source": row.source,
            "set_by": row.set_by}


@dataclass(frozen=True)
class Checked:
    """A baseline as :func:`set_baseline` accepts it: the region (``indicator:update`` there), the
    indicator's key, the year, the value and its source, each checked."""

    place: Region
    indicator: str
    year: int
    value: Decimal
    source: str


async def check(session: AsyncSession, principal: Principal, registry: Any, *, region: str, indicator: str,
                year: int, value: Any, source: str, today: dt.date | None = None) -> Checked:
    """Everything :func:`set_baseline` checks, nothing written: the region the principal may see,
    ``indicator:update`` there, an indicator computed from live data, a past year from
    :data:`FIRST_YEAR`, a value > 0 that the column holds, a source. FieldError naming the field."""
    place = await region_at(session, region, principal, field="region")
    require(principal, "indicator", "update", place, field="region")
    number, source = _check(place.tier, indicator, catalogue(registry), year, value, source, today or clock.today())
    return Checked(place, indicator, year, number, source)


async def existing(session: AsyncSession, checked: Checked) -> IndicatorBaseline | None:
    """The baseline already set at the region for the indicator and year, if any."""
    return (await session.exec(select(IndicatorBaseline).where(
        IndicatorBaseline.region_id == checked.place.id, IndicatorBaseline.indicator == checked.indicator,
        IndicatorBaseline.year == checked.year))).first()


def same(row: IndicatorBaseline | None, checked: Checked) -> bool:
    """The stored baseline already says what ``checked`` says (value and source)."""
    return row is not None and Decimal(row.value) == checked.value and row.source == checked.source


async def write(session: AsyncSession, principal: Principal, checked: Checked) -> IndicatorBaseline:
    """Store a checked baseline, over the one set before for the region, indicator and year;
    audited (``baseline.set``, with the value before)."""
    place = checked.place
    row = await existing(session, checked)
    before = shown(row) if row is not None else None
    if row is None:
        row = IndicatorBaseline(tenant_id=place.tenant_id, region_id=stored_id(place), indicator=checked.indicator,
                                year=checked.year, value=checked.value, source=checked.source,
                                set_by=principal.username)
    else:
        row.value, row.source, row.set_by = checked.value, checked.source, principal.username
    session.add(row)
    await session.flush()
    await audit.record(session, principal, "baseline.set", f"{place.path}:{checked.indicator}:{checked.year}",
                       tenant_id=place.tenant_id, before=before, after=shown(row))
    return row


async def set_baseline(session: AsyncSession, principal: Principal, registry: Any, *, region: str, indicator: str,
                       year: int, value: Any, source: str, today: dt.date | None = None) -> IndicatorBaseline:
    """Set (or correct) ``indicator``'s value over ``region``'s subtree at the end of ``year``: needs
    ``indicator:update`` at the region (:func:`check`); audited (``baseline.set``, with the value before)."""
    try:
        checked = await check(session, principal, registry, region=region, indicator=indicator, year=year,
                              value=value, source=source, today=today)
        return await write(session, principal, checked)
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def latest(run: Exec, registry: Any, regions: Iterable[tuple[int, str]], indicator: Indicator,
                 before: int) -> dict[int, Baseline]:
    """For an indicator asked without a target: the latest baseline before the year ``before`` at each
    region ``(id, path)``, set by an office, else declared by a target at that region."""
    if indicator.baseline_of is None:
        return {}
    regions = list(regions)
    out = await stored(run, (i for i, _ in regions), indicator.baseline_of, before=before)
    declared = {} if registry is None else {
        item.scope: Baseline(year, item.target.baseline, item.target.source)
        for item in sorted(scoped(registry), key=lambda s: s.target.baseline_year or 0)
        if item.target.indicator == indicator.key and item.target.baseline is not None
        and (year := item.target.baseline_year) is not None and year < before
    }
    for region_id, path in regions:
        found, stated = out.get(region_id), declared.get(path)
        if stated is not None and (found is None or found.year < stated.year):
            out[region_id] = stated
    return out
