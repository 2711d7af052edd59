"""Measures: the SQL sums indicators are made of, over a region row and its summary rows.

Which measures exist, and where each comes from, is declared once in
:data:`core.models.summary.MEASURE_LIST`; this module says how each is computed. Each measure is
an expression over one row of ``region`` (``r``) joined with its ``region_summary`` (``t``) and
its ``region_year_summary`` for the year asked (``y``), both outer-joined (a region with nothing
recorded has no summary rows). A rollup sums measures with ``GROUP BY`` on an ancestor column; an
indicator divides two such sums. Facilities and community counts are taken from community rows
only, so a street's own row never counts as a community.

A case type may declare measures of its own (:class:`core.plugins.cases.CaseMeasureDecl`): counts
of its cases, which :class:`CaseCount` computes live from ``case_record`` rather than from a
summary row. They are no core measure: they reach the queries on the indicators that name them
(:attr:`core.indicators.Indicator.counts`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from core.models import Case, Demand, Region, RegionSummary, RegionYearSummary
from core.models.summary import MEASURE_LIST, Measure, Source
from core.plugins.registry import Registry
from core.tree.tiers import CommunityKind, Tier

region = sa.inspect(Region).local_table
totals = sa.inspect(RegionSummary).local_table
yearly = sa.inspect(RegionYearSummary).local_table
cases = sa.inspect(Case).local_table
demands = sa.inspect(Demand).local_table

Expression = Callable[[sa.FromClause, sa.FromClause, sa.FromClause], ColumnElement[Any]]
"""A measure's value at one region, given the ``region`` row, its ``region_summary`` and its
``region_year_summary`` (tables or aliases of them)."""


def _community(r: sa.FromClause, kind: CommunityKind | None = None) -> ColumnElement[bool]:
    condition = r.c.tier == Tier.COMMUNITY.value
    return condition if kind is None else sa.and_(condition, r.c.kind == kind.value)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return sa.case((condition, 1), else_=0)


def _population_known(r: sa.FromClause) -> ColumnElement[bool]:
    """A community whose resident population is known (a census count of 0 is none: nothing to divide by)."""
    return sa.and_(_community(r), sa.func.coalesce(r.c.resident_population, 0) > 0)


def _urban_population_known(r: sa.FromClause) -> ColumnElement[bool]:
    """A community whose urban population is known: stated, or 0 for a rural one, or its residents for an
    urban one whose residents are known (the rule of ``urban_population`` below)."""
    kind = sa.func.coalesce(sa.type_coerce(r.c.kind, sa.String), "")  # never NULL: its negation must be true or false
    return sa.and_(_community(r), sa.or_(
        r.c.urban_population.is_not(None),
        kind == CommunityKind.RURAL.value,
        sa.and_(kind == CommunityKind.URBAN.value, r.c.resident_population.is_not(None)),
    ))


REGION_FACTS: dict[str, Expression] = {
    "communities": lambda r, t, y: _flag(_community(r)),
    "urban_communities": lambda r, t, y: _flag(_community(r, CommunityKind.URBAN)),
    "rural_communities": lambda r, t, y: _flag(_community(r, CommunityKind.RURAL)),
    "streets": lambda r, t, y: _flag(r.c.tier == Tier.STREET.value),
    "resident_population": lambda r, t, y: sa.case((_community(r), sa.func.coalesce(r.c.resident_population, 0)), else_=0),
    "urban_population": lambda r, t, y: sa.case(
        (_community(r), sa.func.coalesce(
            r.c.urban_population,
            sa.case((r.c.kind == CommunityKind.URBAN.value, r.c.resident_population), else_=0),
            0,
        )),
        else_=0,
    ),
    "communities_with_volunteer_station": lambda r, t, y: _flag(sa.and_(_community(r), t.c.volunteer_station > 0)),
    "communities_with_charity_organization": lambda r, t, y: _flag(
        sa.and_(_community(r), t.c.charity_social_organizations > 0)
    ),
    "communities_with_social_work": lambda r, t, y: _flag(
        sa.and_(_community(r), sa.or_(t.c.social_work_room > 0, t.c.social_workers > 0))
    ),
    "urban_communities_with_hub": lambda r, t, y: _flag(
        sa.and_(_community(r, CommunityKind.URBAN), t.c.hub_organizations > 0)
    ),
    "streets_with_station": lambda r, t, y: _flag(
        sa.and_(r.c.tier == Tier.STREET.value, t.c.station_social_workers > 0)
    ),
    "communities_with_social_work_room": lambda r, t, y: _flag(sa.and_(_community(r), t.c.social_work_room > 0)),
    # a share of residents counts only the communities whose residents are known, in its numerator
    # and denominator alike, and says how many it left out
    "registered_volunteers_with_population": lambda r, t, y: sa.case(
        (_population_known(r), sa.func.coalesce(t.c.registered_volunteers, 0)), else_=0),
    "communities_without_population": lambda r, t, y: _flag(sa.and_(_community(r), sa.not_(_population_known(r)))),
    "community_workers_with_urban_population": lambda r, t, y: sa.case(
        (_urban_population_known(r), sa.func.coalesce(t.c.community_workers, 0)), else_=0),
    "communities_without_urban_population": lambda r, t, y: _flag(
        sa.and_(_community(r), sa.not_(_urban_population_known(r)))),
    "demonstration_sites": lambda r, t, y: _flag(sa.and_(_community(r), t.c.demonstration_site > 0)),
    "creation_points": lambda r, t, y: _flag(sa.and_(_community(r), t.c.creation_point > 0)),
}
"""How each measure of :attr:`Source.REGION` is computed: exactly those, checked on import."""


def _stored(measure: Measure) -> Expression:
    """A measure read from its own column of a summary row (0 where there is none)."""
    name = measure.name
    if measure.source is Source.NOW:
        return lambda r, t, y: sa.func.coalesce(t.c[name], 0)
    return lambda r, t, y: sa.func.coalesce(y.c[name], 0)


def _expressions() -> dict[str, Expression]:
    """Every declared measure's expression; refuses a region fact that is not declared, or missing."""
    declared = {m.name for m in MEASURE_LIST if m.source is Source.REGION}
    if declared != set(REGION_FACTS):
        raise LookupError(
            "core.models.summary.MEASURE_LIST and REGION_FACTS disagree on the region facts: "
            f"declared only {sorted(declared - set(REGION_FACTS))}, computed only {sorted(set(REGION_FACTS) - declared)}"
        )
    return {m.name: REGION_FACTS[m.name] if m.source is Source.REGION else _stored(m) for m in MEASURE_LIST}


MEASURES: dict[str, Expression] = _expressions()
"""Every measure's expression, by name, in the order of :data:`core.models.summary.MEASURE_LIST`."""


_C, _CR = cases.alias("cm"), region.alias("cr")
"""The cases counted and the region each lives at, inside a case measure's subquery (built once)."""


@dataclass(frozen=True)
class CaseCount:
    """A measure a case type declares: its cases in ``states`` (all when empty), of the region's
    tenant, counted at the region each case lives at; with ``regions``, the regions with at least
    one such case (each once). Computed live from ``case_record``, in the same statement as the
    other measures: :meth:`at` on one region row (summed by the rollup's ``GROUP BY`` like any
    measure), :meth:`under` over a region's whole subtree (where the others read a subtree row)."""

    key: str
    plugin: str
    case_type: str
    states: tuple[str, ...] = ()
    regions: bool = False

    def _of(self, c: sa.FromClause) -> list[ColumnElement[bool]]:
        found = [c.c.case_type == self.case_type, c.c.plugin == self.plugin]
        return [*found, c.c.state.in_(self.states)] if self.states else found

    def at(self, r: sa.FromClause, t: sa.FromClause, y: sa.FromClause) -> ColumnElement[Any]:
        """The count at the region row ``r`` alone (an :data:`Expression`)."""
        c = _C
        where = [c.c.region_id == r.c.id, c.c.tenant_id == r.c.tenant_id, *self._of(c)]
        if self.regions:
            return _flag(sa.exists(sa.select(c.c.id).where(*where)))
        return sa.select(sa.func.count()).select_from(c).where(*where).scalar_subquery()

    def under(self, g: sa.FromClause) -> ColumnElement[Any]:
        """The count over the subtree of the region row ``g``, of any tier: the cases at regions
        whose ancestor column of ``g``'s tier is ``g``."""
        c, cr = _C, _CR
        ancestor = sa.case({tier.value: cr.c[tier.column] for tier in Tier}, value=g.c.tier)
        counted = sa.func.count(sa.distinct(c.c.region_id)) if self.regions else sa.func.count()
        return (
            sa.select(counted).select_from(c.join(cr, cr.c.id == c.c.region_id))
            .where(ancestor == g.c.id, c.c.tenant_id == g.c.tenant_id, *self._of(c))
            .scalar_subquery()
        )


_D, _DR = demands.alias("dm"), region.alias("dmr")
"""The demands counted and the region each is at, inside a demand measure's subquery (built once)."""


@dataclass(frozen=True)
class DemandCount(CaseCount):
    """A core measure counted live from the demand list (需求清单): the demands in ``states``, at the
    region row (:meth:`at`) or over its subtree (:meth:`under`), as a case measure counts cases. The
    status is the demand's now: a past day (``asOf``) counts today's statuses, as case measures do."""

    def at(self, r: sa.FromClause, t: sa.FromClause, y: sa.FromClause) -> ColumnElement[Any]:
        d = _D
        return (sa.select(sa.func.count()).select_from(d)
                .where(d.c.region_id == r.c.id, d.c.tenant_id == r.c.tenant_id, d.c.status.in_(self.states))
                .scalar_subquery())

    def under(self, g: sa.FromClause) -> ColumnElement[Any]:
        d, dr = _D, _DR
        ancestor = sa.case({tier.value: dr.c[tier.column] for tier in Tier}, value=g.c.tier)
        return (sa.select(sa.func.count()).select_from(d.join(dr, dr.c.id == d.c.region_id))
                .where(ancestor == g.c.id, d.c.tenant_id == g.c.tenant_id, d.c.status.in_(self.states))
                .scalar_subquery())


DEMAND_COUNTS: dict[str, DemandCount] = {
    key: DemandCount(key, "", "demand", states) for key, states in (
        ("open_demands", ("open",)),
        ("matched_demands", ("matched", "in_service")),
        ("closed_demands", ("closed",)),
        ("demands", ("open", "matched", "in_service", "closed")),
    )
}
"""The demand list's measures: open, matched (in service or not yet), closed by the resident's
feedback, and all of them but the withdrawn."""


def case_counts(registry: Registry | None) -> dict[str, CaseCount]:
    """The measures the registry's case types declare, by key (unique, and no core measure's: checked
    at start-up)."""
    out = {}
    for declared in getattr(registry, "case_types", ()) or ():
        for m in declared.item.measures:
            out[m.key] = CaseCount(m.key, declared.plugin, declared.item.key, tuple(m.states), m.count == "regions")
    return out


def expression(name: str, counts: Iterable[CaseCount] = ()) -> Expression:
    """The measure ``name``: one of ``counts`` (case measures), else a core measure."""
    for count in counts:
        if count.key == name:
            return count.at
    return MEASURES[name]
