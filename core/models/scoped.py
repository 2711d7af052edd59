"""The columns every row of tenant data carries: its tenant and its region."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field, utcnow


class TenantRow(SQLModel):
    """Mixin for tenant tables. ``region_id`` places the row in the tier tree; the access layer
    filters on it, so a row is visible exactly to principals whose scope contains its region."""

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(
        default_factory=utcnow,
        sa_type=sa.DateTime(timezone=True),
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )
