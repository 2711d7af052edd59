"""A target's verdict at its deadline, as it was first judged: what a past deadline is answered with.

A deadline is judged on the data of its day (the stock as of the deadline, the yearly counts of its
year). Data keep arriving after a deadline — a volunteer registered late with an earlier date, a
corrected population — and a recomputation would then silently change a verdict already reported.
So the first time a passed deadline is evaluated, its verdict is written here, once, with what it
was judged on; later answers are this row, and say when a recomputation differs
(:mod:`core.indicators.verdicts`). The table is append-only, like the audit log.
"""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import distribution_keys


class TargetVerdict(SQLModel, table=True):
    __tablename__ = "target_verdict"
    __table_args__ = (
        sa.UniqueConstraint("region_id", "plugin", "scope", "target_key", "deadline", "tenant_id", name="uq_target_verdict"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    plugin: str = Field(max_length=64)
    scope: str = Field(max_length=400)
    target_key: str = Field(max_length=64)
    indicator: str = Field(max_length=64)
    comparator: str = Field(max_length=2)
    threshold: str = Field(max_length=40, description="the threshold judged against, a decimal as text")
    deadline: dt.date
    year: int = Field(description="the year its yearly counts are of")
    judged_on: dt.date = Field(description="the platform's day the verdict was first judged and written")
    status: str = Field(max_length=16, description="met, not_met or no_data")
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    regions_judged: int | None = Field(default=None, description="a summary: the regions below with a value")
    regions_meeting: int | None = None
    regions_no_data: int | None = None
    left_out: int | None = None
    created_at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(TargetVerdict)
