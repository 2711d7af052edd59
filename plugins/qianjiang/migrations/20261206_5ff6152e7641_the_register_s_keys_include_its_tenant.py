"""The register's keys include its tenant (docs/distribution.md).

Revision ID: 5ff6152e7641
Revises: c69785916cd5
Create Date: 2026-12-06

A unique key ``(tenant_id, id)`` (what a Citus conversion promotes to the primary key), the worker
it pays ``(tenant_id, social_worker_id) → social_worker (tenant_id, id)`` and its one-time rule
``(social_worker_id, tenant_id)``: the same rows unique, since the worker decides the tenant. Needs
core's revision that gives ``social_worker`` its ``(tenant_id, id)`` key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5ff6152e7641"
down_revision: str | Sequence[str] | None = "c69785916cd5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0b83d55b976e"

TABLE = "qianjiang_exam_allowance"
KEY = "uq_qianjiang_exam_allowance_tenant_key"
WORKER = "fk_qianjiang_exam_allowance_social_worker_id"
ONCE = "uq_qianjiang_exam_allowance_worker"
CONVENTION = {"fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s"}
"""A name for SQLite's unnamed foreign key, so that the table's copy (batch) can drop it."""


def upgrade() -> None:
    found = sa.inspect(op.get_bind()).get_foreign_keys(TABLE)
    worker = next(f["name"] for f in found if f["constrained_columns"] == ["social_worker_id"]) \
        or f"fk_{TABLE}_social_worker_id_social_worker"
    op.create_index(KEY, TABLE, ["tenant_id", "id"], unique=True)
    with op.batch_alter_table(TABLE, naming_convention=CONVENTION) as batch:
        batch.drop_constraint(worker, type_="foreignkey")
        batch.create_foreign_key(WORKER, "social_worker", ["tenant_id", "social_worker_id"], ["tenant_id", "id"])
        batch.drop_constraint(ONCE, type_="unique")
        batch.create_unique_constraint(ONCE, ["social_worker_id", "tenant_id"])


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(ONCE, type_="unique")
        batch.create_unique_constraint(ONCE, ["social_worker_id"])
        batch.drop_constraint(WORKER, type_="foreignkey")
        batch.create_foreign_key(WORKER, "social_worker", ["social_worker_id"], ["id"])
    op.drop_index(KEY, table_name=TABLE)
