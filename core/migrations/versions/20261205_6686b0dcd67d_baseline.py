"""Baseline: the schema of the last release without migrations.

Every core table, index and the append-only guard, as that release made them
(core.migrations.baseline, frozen).

Revision ID: 6686b0dcd67d
Revises:
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from core.migrations import baseline

revision: str = "6686b0dcd67d"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    baseline.schema().create_all(connection, checkfirst=False)
    baseline.install_guard(connection)


def downgrade() -> None:
    connection = op.get_bind()
    baseline.remove_guard(connection)
    baseline.schema().drop_all(connection, checkfirst=False)
