"""What the indicators are computed from: per-region sums kept current with the data.

``region_summary`` holds the counts of what sits at one region now (volunteers, workers,
organizations, funds, the community's facilities); ``region_year_summary`` what happened there
in one calendar year (sessions, person-times, active volunteers, hours, money raised). Rows are
rewritten by :mod:`core.indicators.summary` in the same transaction as the data they count, so a
rollup reads a few thousand summary rows instead of millions of service records.
"""

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


class RegionSummary(SQLModel, table=True):
    __tablename__ = "region_summary"

    region_id: int = Field(foreign_key="region.id", primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    volunteers: int = 0
    registered_volunteers: int = 0
    volunteer_teams: int = 0
    social_workers: int = 0
    certified_social_workers: int = 0
    community_workers: int = 0
    certified_community_workers: int = 0
    station_social_workers: int = 0
    station_full_time_social_workers: int = 0
    social_organizations: int = 0
    community_social_organizations: int = 0
    charity_social_organizations: int = 0
    charity_organizations: int = 0
    hub_organizations: int = 0
    organization_full_time_staff: int = 0
    community_funds: int = 0
    volunteer_station: int = 0
    social_work_room: int = 0
    demonstration_site: int = 0
    creation_point: int = 0


class RegionYearSummary(SQLModel, table=True):
    __tablename__ = "region_year_summary"

    region_id: int = Field(foreign_key="region.id", primary_key=True)
    year: int = Field(primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    sessions: int = 0
    person_times: int = 0
    service_records: int = 0
    service_minutes: int = 0
    active_volunteers: int = 0
    fund_raised_fen: int = 0
    donations_fen: int = 0
    new_demonstration_sites: int = 0
