"""Indicator values for regions and rollups by a lower tier: sums in SQL, one statement per call.

``grouped`` is the one query: the measures summed over every region row of some subtrees, with
``GROUP BY`` on the ancestor column of the tier asked. A region's own values are the same query
grouped by its own tier; a rollup groups by a lower one. Nothing is loaded row by row.
"""

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from core.errors import FieldError
from core.indicators import INDICATORS, Indicator
from core.indicators.measures import MEASURES, YEARLY_MEASURES, region, totals, yearly
from core.tiers import CommunityKind, Tier

Exec = Callable[[Any], Awaitable[Any]]
"""Runs one statement and returns its result (a session's ``exec``, or the GraphQL context's)."""

FIRST_YEAR, LAST_YEAR = 2000, 2100


def catalogue(registry: Any = None) -> dict[str, Indicator]:
    """The core's indicators and those the plugins registered, by key."""
    out = dict(INDICATORS)
    for declared in getattr(registry, "indicators", ()) or ():
        out[declared.item.key] = declared.item.indicator()
    return out


def pick(registry: Any, keys: Iterable[str] | None, *, field: str = "indicators") -> list[Indicator]:
    """The indicators named (all of them when None); FieldError naming ``field`` for an unknown key."""
    known = catalogue(registry)
    if keys is None:
        return list(known.values())
    out = []
    for key in keys:
        if key not in known:
            raise FieldError(field, f"unknown indicator {key!r}; known: {', '.join(sorted(known))}")
        out.append(known[key])
    return out


def check_year(year: int | None, *, field: str = "year") -> int:
    if year is None:
        return dt.date.today().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError(field, f"must be between {FIRST_YEAR} and {LAST_YEAR}")
    return year


def measures_of(indicators: Iterable[Indicator]) -> set[str]:
    return {m for i in indicators for m in (i.numerator, i.denominator) if m is not None}


@dataclass(frozen=True)
class Value:
    """One indicator at one region (or group): ``numerator / denominator × scale``."""

    indicator: Indicator
    value: float | None
    numerator: float | None
    denominator: float | None
    year: int | None

    @property
    def known(self) -> bool:
        return self.value is not None


def value_of(indicator: Indicator, sums: dict[str, float], year: int) -> Value:
    shown_year = year if indicator.yearly else None
    if indicator.numerator is None:
        return Value(indicator, None, None, None, shown_year)
    numerator = float(sums.get(indicator.numerator) or 0)
    if indicator.denominator is None:
        return Value(indicator, numerator * indicator.scale, numerator, None, shown_year)
    denominator = float(sums.get(indicator.denominator) or 0)
    value = None if denominator == 0 else numerator * indicator.scale / denominator
    return Value(indicator, value, numerator, denominator, shown_year)


@dataclass
class Group:
    """One row of a rollup: the region at the tier grouped by (None: data attached above it)."""

    region_id: int | None
    path: str | None
    name: str | None
    sums: dict[str, float] = field(default_factory=dict)


def base(measures: set[str], year: int) -> tuple[Any, Any, Any, Any]:
    """``region r`` outer-joined with its summary rows (the year's only when a measure needs it)."""
    r, t = region.alias("r"), totals.alias("t")
    y = yearly.alias("y")
    source = r.outerjoin(t, t.c.region_id == r.c.id)
    if measures & YEARLY_MEASURES:
        source = source.outerjoin(y, sa.and_(y.c.region_id == r.c.id, y.c.year == year))
    return r, t, y, source


def only_kind(r: Any, kind: CommunityKind | None) -> list[Any]:
    """With a kind, only the communities of that kind are counted (``urban ≥ 12, rural ≥ 6``)."""
    if kind is None:
        return []
    return [r.c.tier == Tier.COMMUNITY.value, r.c.kind == kind.value]


def grouped_statement(
    tenant_id: int, within: Tier, ids: Sequence[int], by: Tier, measures: set[str], year: int,
    kind: CommunityKind | None = None,
) -> sa.Select:
    r, t, y, source = base(measures, year)
    g = region.alias("g")
    group = r.c[by.column]
    sums = [sa.func.sum(MEASURES[m](r, t, y)).label(m) for m in sorted(measures)]
    return (
        sa.select(group.label("group_id"), g.c.path, g.c.name, sa.func.min(g.c.position).label("position"), *sums)
        .select_from(source.outerjoin(g, g.c.id == group))
        .where(r.c.tenant_id == tenant_id, r.c[within.column].in_(list(ids)), *only_kind(r, kind))
        .group_by(group, g.c.path, g.c.name)
        .order_by(sa.func.min(g.c.position), g.c.path)
    )


async def grouped(
    run: Exec, tenant_id: int, within: Tier, ids: Sequence[int], by: Tier, measures: set[str], year: int,
    kind: CommunityKind | None = None,
) -> list[Group]:
    """The measures summed under the regions ``ids`` (of tier ``within``), one row per ``by`` region."""
    if not ids:
        return []
    statement = grouped_statement(tenant_id, within, ids, by, measures, year, kind)
    rows = (await run(statement)).mappings().all()
    return [Group(row["group_id"], row["path"], row["name"], {m: float(row[m] or 0) for m in measures})
            for row in rows]


@dataclass
class Rollup:
    under_path: str
    by: Tier
    year: int
    indicators: list[Indicator]
    rows: list[Group]
    total: Group
    above: Group | None
    """what sits above the ``by`` tier (the ``under`` region's own organizations, say), if anything"""

    def values(self, group: Group) -> list[Value]:
        return [value_of(i, group.sums, self.year) for i in self.indicators]


def check_by(under_tier: Tier, by: Tier, *, field: str = "by") -> None:
    if by.rank <= under_tier.rank:
        raise FieldError(field, f"must be a tier below {under_tier.value}, not {by.value}")


async def rollup(
    run: Exec, under: Any, by: Tier, indicators: list[Indicator], year: int, kind: CommunityKind | None = None,
) -> Rollup:
    """Every region of tier ``by`` under ``under``, with the indicators' sums: one statement."""
    check_by(under.tier, by)
    measures = measures_of(indicators)
    groups = await grouped(run, under.tenant_id, under.tier, [under.id], by, measures, year, kind)
    rows = [g for g in groups if g.region_id is not None]
    above = next((g for g in groups if g.region_id is None), None)
    total = Group(under.id, under.path, under.name,
                  {m: sum(g.sums.get(m, 0.0) for g in groups) for m in measures})
    return Rollup(under.path, by, year, indicators, rows, total, above)
