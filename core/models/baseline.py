"""Baselines: an indicator's value at a region at a year, that a later value is compared with.

"慈善组织总数较‘十三五’末翻一番" is judged as now / the count at the end of 2020. The count at the
end of 2020 is not in the registers (they hold what exists now), so an office sets it, with the
source it comes from (a yearbook, a statistical bulletin); a plugin may also declare the value its
document states (:attr:`core.TargetDecl.baseline`). One value per region, indicator and year.
"""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import distribution_keys

BASELINE_DIGITS, BASELINE_PLACES = 24, 6


class IndicatorBaseline(SQLModel, table=True):
    """The value of ``indicator`` over ``region``'s subtree at the end of ``year``."""

    __tablename__ = "indicator_baseline"
    __table_args__ = (sa.UniqueConstraint("region_id", "indicator", "year", "tenant_id", name="uq_indicator_baseline"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    indicator: str = Field(max_length=64, description="the indicator's key (e.g. charity_organizations)")
    year: int
    value: Decimal = Field(sa_type=sa.Numeric(BASELINE_DIGITS, BASELINE_PLACES, asdecimal=True))
    source: str = Field(max_length=200, description="where the value comes from")
    set_by: str = Field(max_length=64, description="the user who set it")
    set_at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(IndicatorBaseline)
