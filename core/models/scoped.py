"""The columns every row of tenant data carries: its tenant and its region."""

import datetime as dt
from typing import cast

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


def distribution_keys(model: type[SQLModel] | sa.Table, **refers: str) -> None:
    """Give ``model``'s table (or ``model``, a table) (a distributed table, docs/distribution.md) the keys a Citus cluster
    needs: a unique key of ``tenant_id`` and its primary key's columns (which a conversion promotes to
    the primary key; ``id`` stays the ORM's identity and SQLite's autoincrement), and for each
    ``column=table`` of ``refers`` a foreign key ``(tenant_id, column) → table (tenant_id, id)``, which
    also keeps a row from referring to another tenant's."""
    table = model if isinstance(model, sa.Table) else cast(sa.Table, model.__table__)  # type: ignore[attr-defined]
    key = [table.c[c.name] for c in table.primary_key]
    sa.Index(f"uq_{table.name}_tenant_key", table.c.tenant_id, *key, unique=True)
    for column, target in refers.items():
        table.append_constraint(sa.ForeignKeyConstraint(  # to its own table (a case's parent): added once the
            ["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"], name=f"fk_{table.name}_{column}",
            use_alter=target == table.name))  # table and its unique key exist, which CREATE TABLE cannot name yet
