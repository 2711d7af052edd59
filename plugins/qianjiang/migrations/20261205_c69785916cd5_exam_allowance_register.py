"""The register of one-time exam allowances paid (正阳办事处发〔2022〕95号 三（三）).

Starts the ``qianjiang`` branch; its rows refer to core's tenants and social workers, so it
depends on core's baseline.

Revision ID: c69785916cd5
Revises:
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c69785916cd5"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("qianjiang",)
depends_on: str | Sequence[str] | None = "6686b0dcd67d"


def upgrade() -> None:
    op.create_table(
        "qianjiang_exam_allowance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("social_worker_id", sa.Integer(), nullable=False),
        sa.Column("certificate_level", sa.String(length=32), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["social_worker_id"], ["social_worker.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("social_worker_id", name="uq_qianjiang_exam_allowance_worker"),
    )
    op.create_index("ix_qianjiang_exam_allowance_tenant_id", "qianjiang_exam_allowance", ["tenant_id"])


def downgrade() -> None:
    op.drop_index("ix_qianjiang_exam_allowance_tenant_id", table_name="qianjiang_exam_allowance")
    op.drop_table("qianjiang_exam_allowance")
