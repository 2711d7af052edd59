"""Rate-limit counts shared by the workers of `wushe serve --workers N` on PostgreSQL (core.web.shared_rate_limit).

UNLOGGED on PostgreSQL: a count lasts a minute, so it is not worth a write-ahead log record per
claim, and a crash that empties the table only gives every client a fresh window.

Revision ID: 5e1a7c2b9d40
Revises: d19f0ba09c70
Create Date: 2026-12-06 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5e1a7c2b9d40'
down_revision: str | Sequence[str] | None = "d19f0ba09c70"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_limit_count',
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('granted', sa.Integer(), nullable=False),
    sa.Column('reset_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('client')
    )
    with op.batch_alter_table('rate_limit_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_count_reset_at'), ['reset_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE rate_limit_count SET UNLOGGED")


def downgrade() -> None:
    with op.batch_alter_table('rate_limit_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_count_reset_at'))
    op.drop_table('rate_limit_count')
