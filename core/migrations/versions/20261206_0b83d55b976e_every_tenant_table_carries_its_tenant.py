"""Every tenant table carries its tenant: the distribution key of docs/distribution.md.

Revision ID: 0b83d55b976e
Revises: 8b4531a9c2c1
Create Date: 2026-12-06 05:00:00

The four tables that took their tenant from another row (a proposal from its demand, a project's
citations from the project, a resource's domains from the resource) get a ``tenant_id`` of their
own, filled from that row, and the row-level security policies of :mod:`core.db.tenancy`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db import tenancy

revision: str = "0b83d55b976e"
down_revision: str | Sequence[str] | None = "8b4531a9c2c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_FROM = {
    "match_proposal": ("demand", "demand_id"),
    "project_demand": ("service_project", "project_id"),
    "project_resource": ("service_project", "project_id"),
    "resource_domain": ("service_resource", "resource_id"),
}
"""Each table given a ``tenant_id``: the table and the column of the row its tenant is copied from."""
UNCHECKED = {"match_proposal"}
"""No foreign key (a matching run writes thousands of proposals at once: models/lists.py)."""


def upgrade() -> None:
    connection = op.get_bind()
    for table, (source, key) in TENANT_FROM.items():
        op.add_column(table, sa.Column("tenant_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET tenant_id = s.tenant_id FROM {source} s WHERE s.id = {table}.{key}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("tenant_id", existing_type=sa.Integer(), nullable=False)
            if table not in UNCHECKED:
                batch.create_foreign_key(f"fk_{table}_tenant_id", "tenant", ["tenant_id"], ["id"])
        tenancy.protect(connection, table)


def downgrade() -> None:
    connection = op.get_bind()
    for table in reversed(TENANT_FROM):
        tenancy.unprotect(connection, table)
        with op.batch_alter_table(table) as batch:
            if table not in UNCHECKED:
                batch.drop_constraint(f"fk_{table}_tenant_id", type_="foreignkey")
            batch.drop_column("tenant_id")
