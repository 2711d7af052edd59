"""应急状态: a street or community switched into emergency mode for a bounded time, and the
dispatches of people and resources made (under it or not)."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import distribution_keys


class Emergency(SQLModel, table=True):
    """Active while ``ended_at`` is empty and now lies in [starts_at, ends_at): it ends by itself."""

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    reason: str = Field(max_length=500)
    started_by: str = Field(max_length=64)
    starts_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    ends_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
    ended_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    ended_by: str | None = Field(default=None, max_length=64)


class Dispatch(SQLModel, table=True):
    """People or resources sent to a task; ``emergency_id`` is set when only emergency powers allowed it."""

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    resource: str = Field(max_length=64)
    object_ids: list[int] = Field(sa_type=sa.JSON)
    task: str = Field(max_length=500)
    dispatched_by: str = Field(max_length=64)
    at: dt.datetime = created_at_field()
    emergency_id: int | None = Field(default=None)


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(Dispatch, emergency_id="emergency")
distribution_keys(Emergency)
