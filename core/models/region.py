"""The tier tree: every administrative unit, with a materialized path and ancestor columns.

``path`` is the codes from the tenant root (``shanhai/donghu/xiyuan/chaoyang``).
``province_id … community_id`` hold the id of the region's ancestor at that tier (its own id at
its own tier), so a subtree is ``<tier>_id = :id`` and a rollup is ``GROUP BY <tier>_id``.
They are written by :mod:`core.services.regions` only, in the same transaction as the change.
"""

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import StringConstraints, field_validator
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from core import clock
from core.models.base import enum_column
from core.models.fields import Name
from core.tree.paths import CODE_PATTERN
from core.tree.tiers import CommunityKind, Tier


class Region(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("parent_id", "code"),
        CheckConstraint("urban_population IS NULL OR resident_population IS NULL "
                        "OR urban_population <= resident_population", name="urban_le_resident"),
        # a subtree is one index range, and so are "the regions of tier T under R" (a rollup's groups)
        *(sa.Index(f"ix_region_{tier.value}_tier", tier.column, "tier") for tier in Tier),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    code: str = Field(max_length=64, regex=CODE_PATTERN)
    name: str = Field(max_length=100)
    tier: Tier = Field(sa_type=enum_column(Tier), index=True)
    kind: CommunityKind | None = Field(default=None, sa_type=enum_column(CommunityKind))
    resident_population: int | None = Field(default=None, ge=0)
    urban_population: int | None = Field(default=None, ge=0)
    population_year: int | None = Field(
        default=None, description="the census or statistics year the populations are of (七普: 2020)"
    )
    path: str = Field(max_length=400, unique=True)
    depth: int = Field(ge=0)
    position: int = Field(default=0, description="order among siblings, as declared")
    division_code: str | None = Field(default=None, max_length=12, description="GB/T 2260 行政区划代码")
    attributes: dict[str, Any] = Field(
        default_factory=dict, sa_type=sa.JSON, nullable=False, description="facts its plugin declares"
    )
    source: str | None = Field(default=None, max_length=200)
    maintained: list[str] = Field(
        default_factory=list, sa_type=sa.JSON, nullable=False, sa_column_kwargs={"server_default": "[]"},
        description="the facts an office set (``resident_population``, ``attributes.<key>`` …): "
        "a later ``wushe init`` keeps them rather than the declared value",
    )

    province_id: int | None = None
    city_id: int | None = None
    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None

    def ancestor_id(self, tier: Tier) -> int | None:
        return getattr(self, tier.column)


EARLIEST_POPULATION_YEAR = 1950
"""No census or yearbook figure a region states is older (the first national census was 1953)."""
MAX_POPULATION = 2**31 - 1
"""The most a population column stores (32-bit); the summaries that add populations up are 64-bit."""
DIVISION_CODE_PATTERN = r"^\d{6}(?:\d{3}(?:\d{3})?)?$"


def check_population_year(year: int, *, today: dt.date | None = None) -> int:
    """A year populations are counted in: from 1950 to this year, never in the future."""
    latest = (today or clock.today()).year
    if year < EARLIEST_POPULATION_YEAR:
        raise ValueError(f"must be {EARLIEST_POPULATION_YEAR} or later, got {year}")
    if year > latest:
        raise ValueError(f"is in the future ({year}; this year is {latest})")
    return year


class RegionFacts(SQLModel):
    """The facts of a region an office maintains, as one change validates them (every field optional:
    only those sent change). Cross-field checks (urban ≤ resident, kind for communities) need the
    stored row and are made by :func:`core.services.regions.update_facts`."""

    name: Name | None = None
    division_code: Annotated[str, StringConstraints(pattern=DIVISION_CODE_PATTERN)] | None = Field(
        default=None, description="GB/T 2260: 6 digits, 9 or 12 for streets and communities"
    )
    kind: CommunityKind | None = None
    resident_population: int | None = Field(default=None, ge=0, le=MAX_POPULATION)
    urban_population: int | None = Field(default=None, ge=0, le=MAX_POPULATION)
    population_year: int | None = None
    attributes: dict[str, Any] | None = None

    @field_validator("population_year")
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        return None if value is None else check_population_year(value)
