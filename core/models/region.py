"""The tier tree: every administrative unit, with a materialized path and ancestor columns.

``path`` is the codes from the tenant root (``shanhai/donghu/xiyuan/chaoyang``).
``province_id … community_id`` hold the id of the region's ancestor at that tier (its own id at
its own tier), so a subtree is ``<tier>_id = :id`` and a rollup is ``GROUP BY <tier>_id``.
They are written by :mod:`core.services.regions` only, in the same transaction as the change.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import enum_column
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
    path: str = Field(max_length=400, unique=True)
    depth: int = Field(ge=0)
    position: int = Field(default=0, description="order among siblings, as declared")
    division_code: str | None = Field(default=None, max_length=12, description="GB/T 2260 行政区划代码")
    attributes: dict[str, Any] = Field(
        default_factory=dict, sa_type=sa.JSON, nullable=False, description="facts its plugin declares"
    )
    source: str | None = Field(default=None, max_length=200)

    province_id: int | None = None
    city_id: int | None = None
    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None

    def ancestor_id(self, tier: Tier) -> int | None:
        return getattr(self, tier.column)
