"""What the indicators are computed from: the measures, and per-region sums kept current with the data.

A *measure* is a sum an indicator is made of. :data:`MEASURE_LIST` declares each one once: its
name and where its value at one region comes from (:class:`Source`), which also says whether it
needs a year. Every other list of measure names, and the summed columns of the three tables
below, is derived from it.

``region_summary`` holds the counts of what sits at one region now (volunteers, workers,
organizations, funds, the community's facilities); ``region_year_summary`` what happened there
in one calendar year (sessions, person-times, active volunteers, hours, money raised).
``subtree_summary`` holds every measure summed over a region's whole subtree (year 0 for what
exists now), each row the region's own plus its children's rows: a province's rollup by
district reads one row per district, not every community. All three are rewritten by
:mod:`core.indicators.summary` in the same transaction as the data they count. Every summed
column is 64-bit: one entry's largest amount or count must never make the sum overflow.
"""

import types
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.scoped import distribution_keys


class Source(StrEnum):
    """Where a measure's value at one region comes from."""

    REGION = "region"
    """a fact of the region row itself, or of its facilities (:data:`FACILITIES`): computed, not stored"""
    NOW = "region_summary"
    """a column of ``region_summary``: a count of what exists at the region now"""
    YEAR = "region_year_summary"
    """a column of ``region_year_summary``: a sum over one calendar year at the region"""


@dataclass(frozen=True)
class Measure:
    """One measure: its name (a column of ``subtree_summary``) and where its value comes from."""

    name: str
    source: Source

    @property
    def yearly(self) -> bool:
        """Needs a year: counts what happened in one (else what exists now)."""
        return self.source is Source.YEAR


def _each(source: Source, *names: str) -> tuple[Measure, ...]:
    return tuple(Measure(name, source) for name in names)


MEASURE_LIST: tuple[Measure, ...] = (
    *_each(
        Source.REGION,
        "communities", "urban_communities", "rural_communities", "streets", "resident_population", "urban_population",
        "communities_with_volunteer_station", "communities_with_charity_organization", "communities_with_social_work",
        "urban_communities_with_hub", "streets_with_station", "demonstration_sites", "creation_points",
        "communities_with_social_work_room", "registered_volunteers_with_population", "communities_without_population",
        "community_workers_with_urban_population", "communities_without_urban_population",
    ),
    *_each(
        Source.NOW,
        "volunteers", "registered_volunteers", "volunteer_teams", "social_workers", "certified_social_workers",
        "community_workers", "certified_community_workers", "station_social_workers",
        "station_full_time_social_workers", "social_organizations", "community_social_organizations",
        "charity_social_organizations", "charity_organizations", "hub_organizations",
        "organization_full_time_staff", "community_funds",
    ),
    *_each(
        Source.YEAR,
        "sessions", "person_times", "service_records", "service_minutes", "active_volunteers",
        "fund_raised_fen", "donations_fen", "new_demonstration_sites",
    ),
)
"""Every measure, once. How each is computed: :mod:`core.indicators.measures` (from the summary
rows) and :mod:`core.indicators.summary` (the summary rows from the data)."""

FACILITIES = ("volunteer_station", "social_work_room", "demonstration_site", "creation_point")
"""Columns of ``region_summary`` that are no measure themselves: a community's facilities (0/1),
which measures of :attr:`Source.REGION` count (``communities_with_volunteer_station`` …)."""

MEASURE_COLUMNS = tuple(m.name for m in MEASURE_LIST)
"""Every measure's name, in declaration order: the summed columns of ``subtree_summary``."""

YEARLY_MEASURES = tuple(m.name for m in MEASURE_LIST if m.yearly)
"""The measures that need a year, in declaration order (the rest count what exists now)."""

STOCK_MEASURES = tuple(m.name for m in MEASURE_LIST if not m.yearly)
"""The measures that count what exists now, in declaration order."""

TOTALS = (*(m.name for m in MEASURE_LIST if m.source is Source.NOW), *FACILITIES)
"""The columns of ``region_summary``, each a count (or 0/1 flag) at one region."""

YEARLY = tuple(m.name for m in MEASURE_LIST if m.source is Source.YEAR)
"""The columns of ``region_year_summary``, each a sum over one calendar year at one region."""


def _sum() -> Any:
    """A summed column: 64-bit, 0 where nothing was counted."""
    return Field(default=0, sa_type=sa.BigInteger)


def _summary_model(name: str, table: str, keys: dict[str, Any], columns: Iterable[str]) -> type[SQLModel]:
    """A table model with the key fields ``keys`` (name: field) and one summed column per name of ``columns``.

    Built rather than written out, so that its columns are the declared ones and no other list."""

    names = tuple(columns)
    if len(set(names) | set(keys)) != len(names) + len(keys):
        raise ValueError(f"{table}: a column is named twice in {names}")

    def body(namespace: dict[str, Any]) -> None:
        summed = {column: _sum() for column in names}
        namespace.update(__module__=__name__, __qualname__=name, __tablename__=table,
                         __annotations__=dict.fromkeys((*keys, *summed), int), **keys, **summed)

    return types.new_class(name, (SQLModel,), {"table": True}, body)


RegionSummary = _summary_model("RegionSummary", "region_summary", {
    "region_id": Field(foreign_key="region.id", primary_key=True),
    "tenant_id": Field(foreign_key="tenant.id", index=True),
}, TOTALS)
"""One region's counts now: ``region_id``, ``tenant_id`` and every column of :data:`TOTALS`."""

RegionYearSummary = _summary_model("RegionYearSummary", "region_year_summary", {
    "region_id": Field(foreign_key="region.id", primary_key=True),
    "year": Field(primary_key=True),
    "tenant_id": Field(foreign_key="tenant.id", index=True),
}, YEARLY)
"""One region's sums over one calendar year: ``region_id``, ``year``, ``tenant_id`` and every column of :data:`YEARLY`."""

subtree_summary = sa.Table(
    "subtree_summary",
    SQLModel.metadata,
    sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, comment="0: what exists now; else the calendar year"),
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id"), nullable=False, index=True),
    *(sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in MEASURE_COLUMNS),
    sa.Column("stamp", sa.BigInteger, nullable=False, server_default="0",
              comment="a new random number each time the row is rewritten: anything in the subtree changed"),
    comment="every measure summed over a region's whole subtree: a rollup reads one row per group",
)


summary_stamp = sa.Table(
    "summary_stamp",
    SQLModel.metadata,
    sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id"), nullable=False, index=True),
    sa.Column("stamp", sa.BigInteger, nullable=False),
    comment="a new random number each time a region's summary rows are rewritten (no row: 0); "
            "a stock snapshot taken under another stamp is out of date",
)

stock_snapshot = sa.Table(
    "stock_snapshot",
    SQLModel.metadata,
    # the day first: a statement reads one day's rows of many regions
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id"), nullable=False, index=True),
    sa.Column("stamp", sa.BigInteger, nullable=False, comment="the region's summary_stamp it was taken under"),
    sa.Column("present", sa.Boolean, nullable=False, comment="false: nothing counted at the region that day"),
    *(sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in TOTALS),
    comment="what region_summary would have held on a past day, kept once computed (core.indicators.snapshots)",
)

subtree_snapshot = sa.Table(
    "subtree_snapshot",
    SQLModel.metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("region_id", sa.Integer, sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenant.id"), nullable=False, index=True),
    sa.Column("stamp", sa.BigInteger, nullable=False, comment="the region's subtree_summary stamp it was taken under"),
    *(sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in STOCK_MEASURES),
    comment="a region's stock measures summed over its subtree on a past day, kept once computed "
            "(core.indicators.snapshots): what subtree_summary would have held that day",
)


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(RegionSummary)
distribution_keys(RegionYearSummary)
for _table in (subtree_summary, summary_stamp, stock_snapshot, subtree_snapshot):
    distribution_keys(_table)
