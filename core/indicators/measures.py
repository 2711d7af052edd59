"""Measures: the SQL sums indicators are made of, over a region row and its summary rows.

Each measure is an expression over one row of ``region`` (``r``) joined with its
``region_summary`` (``t``) and its ``region_year_summary`` for the year asked (``y``), both
outer-joined (a region with nothing recorded has no summary rows). A rollup sums measures with
``GROUP BY`` on an ancestor column; an indicator divides two such sums. Facilities and community
counts are taken from community rows only, so a street's own row never counts as a community.
"""

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from core.models import Region, RegionSummary, RegionYearSummary
from core.models.summary import MEASURE_COLUMNS
from core.tree.tiers import CommunityKind, Tier

region = sa.inspect(Region).local_table
totals = sa.inspect(RegionSummary).local_table
yearly = sa.inspect(RegionYearSummary).local_table

Measure = Callable[[sa.Table | sa.Alias, sa.Table | sa.Alias, sa.Table | sa.Alias], ColumnElement]


def _community(r: sa.Alias, kind: CommunityKind | None = None) -> ColumnElement[bool]:
    condition = r.c.tier == Tier.COMMUNITY.value
    return condition if kind is None else sa.and_(condition, r.c.kind == kind.value)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return sa.case((condition, 1), else_=0)


def _total(name: str) -> Measure:
    return lambda r, t, y: sa.func.coalesce(t.c[name], 0)


def _year(name: str) -> Measure:
    return lambda r, t, y: sa.func.coalesce(y.c[name], 0)


MEASURES: dict[str, Measure] = {
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
    "demonstration_sites": lambda r, t, y: _flag(sa.and_(_community(r), t.c.demonstration_site > 0)),
    "creation_points": lambda r, t, y: _flag(sa.and_(_community(r), t.c.creation_point > 0)),
}
for _name in (
    "volunteers", "registered_volunteers", "volunteer_teams", "social_workers", "certified_social_workers",
    "community_workers", "certified_community_workers", "station_social_workers",
    "station_full_time_social_workers", "social_organizations", "community_social_organizations",
    "charity_social_organizations", "charity_organizations", "hub_organizations",
    "organization_full_time_staff", "community_funds",
):
    MEASURES[_name] = _total(_name)
for _name in (
    "sessions", "person_times", "service_records", "service_minutes", "active_volunteers",
    "fund_raised_fen", "donations_fen", "new_demonstration_sites",
):
    MEASURES[_name] = _year(_name)

YEARLY_MEASURES = frozenset(
    {"sessions", "person_times", "service_records", "service_minutes", "active_volunteers",
     "fund_raised_fen", "donations_fen", "new_demonstration_sites"}
)
"""Measures that need a year (the rest count what exists now)."""

STOCK_MEASURES = tuple(sorted(set(MEASURES) - YEARLY_MEASURES))
YEARLY_MEASURE_NAMES = tuple(sorted(YEARLY_MEASURES))
assert set(MEASURE_COLUMNS) == set(MEASURES), "core.models.summary.MEASURE_COLUMNS must list every measure"
