"""Service hours that hold up: entries' times and corrections, the ledger append-only; certificates, spot checks.

Revision ID: d19f0ba09c70
Revises: da3e2e4103be
Create Date: 2026-12-05 22:02:13.724393
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.migrations import guard

revision: str = 'd19f0ba09c70'
down_revision: str | Sequence[str] | None = "da3e2e4103be"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('service_spot_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_spot_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_spot_check_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_spot_check_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('service_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('content', sa.String(length=1000), nullable=False),
    sa.Column('name_masked', sa.String(length=100), nullable=False),
    sa.Column('id_number_masked', sa.String(length=18), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('service_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_certificate_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_certificate_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_certificate_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('service_spot_check_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('spot_check_id', sa.Integer(), nullable=False),
    sa.Column('service_record_id', sa.Integer(), nullable=True),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('finding', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('checked_by', sa.String(length=64), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("finding IS NULL OR finding = 'confirmed' OR reason IS NOT NULL", name='ck_spot_item_reason'),
    sa.CheckConstraint('(service_record_id IS NULL) <> (certificate_id IS NULL)', name='ck_spot_item_one_target'),
    sa.ForeignKeyConstraint(['certificate_id'], ['service_certificate.id'], ),
    sa.ForeignKeyConstraint(['service_record_id'], ['service_record.id'], ),
    sa.ForeignKeyConstraint(['spot_check_id'], ['service_spot_check.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_spot_check_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_spot_check_item_spot_check_id'), ['spot_check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_spot_check_item_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('service_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_minute', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('recorded_by', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_service_record_corrects_id', ['corrects_id'])
        batch_op.create_foreign_key('fk_service_record_corrects_id', 'service_record', ['corrects_id'], ['id'])
        batch_op.create_check_constraint(
            'ck_service_record_within_day', 'start_minute IS NULL OR (start_minute >= 0 AND start_minute + minutes <= 1440)')
    guard.guard(op.get_bind(), "service_record")  # the ledger is append-only (core.migrations.guard)


def downgrade() -> None:
    guard.unguard(op.get_bind(), "service_record")
    with op.batch_alter_table('service_record', schema=None) as batch_op:
        batch_op.drop_constraint('ck_service_record_within_day', type_='check')
        batch_op.drop_constraint('fk_service_record_corrects_id', type_='foreignkey')
        batch_op.drop_constraint('uq_service_record_corrects_id', type_='unique')
        batch_op.drop_column('recorded_by')
        batch_op.drop_column('reason')
        batch_op.drop_column('corrects_id')
        batch_op.drop_column('start_minute')

    with op.batch_alter_table('service_spot_check_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_spot_check_item_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_service_spot_check_item_spot_check_id'))

    op.drop_table('service_spot_check_item')
    with op.batch_alter_table('service_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_certificate_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_service_certificate_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_service_certificate_region_id'))

    op.drop_table('service_certificate')
    with op.batch_alter_table('service_spot_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_spot_check_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_service_spot_check_region_id'))

    op.drop_table('service_spot_check')
