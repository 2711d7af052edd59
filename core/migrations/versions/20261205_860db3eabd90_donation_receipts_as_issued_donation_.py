"""Donation receipts as issued (donation_receipt): what each says and its PDF, numbered per tenant and year.

Revision ID: 860db3eabd90
Revises: 79b03ce43653
Create Date: 2026-12-05 22:00:45.610157
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '860db3eabd90'
down_revision: str | Sequence[str] | None = '79b03ce43653'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('donation_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('donation_id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('donor_name', sa.String(length=200), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('amount_capital', sa.String(length=100), nullable=False),
    sa.Column('fund_name', sa.String(length=200), nullable=False),
    sa.Column('host_name', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['donation_id'], ['donation.id'], ),
    sa.ForeignKeyConstraint(['fund_id'], ['community_fund.id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('donation_id', name='uq_donation_receipt_donation'),
    sa.UniqueConstraint('tenant_id', 'number', name='uq_donation_receipt_number'),
    sa.UniqueConstraint('tenant_id', 'year', 'sequence', name='uq_donation_receipt_sequence')
    )
    with op.batch_alter_table('donation_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_donation_receipt_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_donation_receipt_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('donation_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_donation_receipt_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_donation_receipt_region_id'))

    op.drop_table('donation_receipt')
