"""Records that end, and erasures of personal data: their registers (record_ending, personal_data_erasure).

Revision ID: 79b03ce43653
Revises: 6686b0dcd67d
Create Date: 2026-12-05 05:17:14.590181
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '79b03ce43653'
down_revision: str | Sequence[str] | None = '6686b0dcd67d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('personal_data_erasure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('ground', sa.String(length=32), nullable=False),
    sa.Column('erased_by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('record_type', 'record_id')
    )
    with op.batch_alter_table('personal_data_erasure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_data_erasure_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('record_ending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('record_ending', schema=None) as batch_op:
        batch_op.create_index('ix_record_ending_record', ['record_type', 'record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_ending_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('record_ending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_ending_tenant_id'))
        batch_op.drop_index('ix_record_ending_record')

    op.drop_table('record_ending')
    with op.batch_alter_table('personal_data_erasure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_data_erasure_tenant_id'))

    op.drop_table('personal_data_erasure')
