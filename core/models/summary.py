"""What the indicators are computed from: per-region sums kept current with the data.

``region_summary`` holds the counts of what sits at one region now (volunteers, workers,
organizations, funds, the community's facilities); ``region_year_summary`` what happened there
in one calendar year (sessions, person-times, active volunteers, hours, money raised).
``subtree_summary`` holds every measure summed over a region's whole subtree (year 0 for what
exists now), each row the region's own plus its children's rows: a province's rollup by
district reads one row per district, not every community. All three are rewritten by
:mod:`core.indicators.summary` in the same transaction as the data they count. Every summed
column is 64-bit: one entry's largest amount or count must never make the sum overflow.
"""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

TOTALS = (
    "volunteers",
    "registered_volunteers",
    "volunteer_teams",
    "social_workers",
    "certified_social_workers",
    "community_workers",
    "certified_community_workers",
    "station_social_workers",
    "station_full_time_social_workers",
    "social_organizations",
    "community_social_organizations",
    "charity_social_organizations",
    "charity_organizations",
    "hub_organizations",
    "organization_full_time_staff",
    "community_funds",
    "volunteer_station",
    "social_work_room",
    "demonstration_site",
    "creation_point",
)
"""The columns of ``region_summary``, each a count (or 0/1 flag) at one region."""

YEARLY = (
    "sessions",
    "person_times",
    "service_records",
    "service_minutes",
    "active_volunteers",
    "fund_raised_fen",
    "donations_fen",
    "new_demonstration_sites",
)
"""The columns of ``region_year_summary``, each a sum over one calendar year at one region."""


def _sum() -> Any:
    """A summed column: 64-bit, 0 where nothing was counted."""
    return Field(default=0, sa_type=sa.BigInteger)


class RegionSummary(SQLModel, table=True):
    __tablename__ = "region_summary"

    region_id: int = Field(foreign_key="region.id", primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    volunteers: int = _sum()
    registered_volunteers: int = _sum()
    volunteer_teams: int = _sum()
    social_workers: int = _sum()
    certified_social_workers: int = _sum()
    community_workers: int = _sum()
    certified_community_workers: int = _sum()
    station_social_workers: int = _sum()
    station_full_time_social_workers: int = _sum()
    social_organizations: int = _sum()
    community_social_organizations: int = _sum()
    charity_social_organizations: int = _sum()
    charity_organizations: int = _sum()
    hub_organizations: int = _sum()
    organization_full_time_staff: int = _sum()
    community_funds: int = _sum()
    volunteer_station: int = _sum()
    social_work_room: int = _sum()
    demonstration_site: int = _sum()
    creation_point: int = _sum()


class RegionYearSummary(SQLModel, table=True):
    __tablename__ = "region_year_summary"

    region_id: int = Field(foreign_key="region.id", primary_key=True)
    year: int = Field(primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    sessions: int = _sum()
    person_times: int = _sum()
    service_records: int = _sum()
    service_minutes: int = _sum()
    active_volunteers: int = _sum()
    fund_raised_fen: int = _sum()
    donations_fen: int = _sum()
    new_demonstration_sites: int = _sum()


MEASURE_COLUMNS = (
    # facts of the regions themselves
    "communities", "urban_communities", "rural_communities", "streets", "resident_population", "urban_population",
    "communities_with_volunteer_station", "communities_with_charity_organization", "communities_with_social_work",
    "urban_communities_with_hub", "streets_with_station", "demonstration_sites", "creation_points",
    # what sits there now
    "volunteers", "registered_volunteers", "volunteer_teams", "social_workers", "certified_social_workers",
    "community_workers", "certified_community_workers", "station_social_workers", "station_full_time_social_workers",
    "social_organizations", "community_social_organizations", "charity_social_organizations", "charity_organizations",
    "hub_organizations", "organization_full_time_staff", "community_funds",
    # what happened in a year
    *YEARLY,
)
"""Every measure (:mod:`core.indicators.measures`), one column each of ``subtree_summary``."""

subtree_summary = sa.Table(
    "subtree_summary",
    SQLModel.metadata,
    sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, comment="0: what exists now; else the calendar year"),
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id"), nullable=False, index=True),
    *(sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in MEASURE_COLUMNS),
    comment="every measure summed over a region's whole subtree: a rollup reads one row per group",
)
