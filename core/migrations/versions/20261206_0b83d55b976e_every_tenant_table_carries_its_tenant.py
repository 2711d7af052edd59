"""Every tenant table carries its tenant: the distribution key of docs/distribution.md.

Revision ID: 0b83d55b976e
Revises: 8b4531a9c2c1
Create Date: 2026-12-06 05:00:00

The four tables that took their tenant from another row (a proposal from its demand, a project's
citations from the project, a resource's domains from the resource) get a ``tenant_id`` of their
own, filled from that row, and the row-level security policies of :mod:`core.db.tenancy`.

Then the keys (:func:`core.models.scoped.distribution_keys`): each distributed table a unique key of
``tenant_id`` and its primary key's columns, which a conversion promotes to the primary key; each
foreign key between distributed tables ``(tenant_id, x_id) → (tenant_id, id)``; the unique keys that
started from a row of the tenant widened by ``tenant_id`` (the same rows unique: the row decides the
tenant). On SQLite the tables are copied (batch); rows that referred to another tenant's row would
stop the upgrade at the foreign-key check, naming them.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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


TENANT_KEYS: dict[str, tuple[str, ...]] = {
    "activity": ("id",), "calendar_day": ("id",), "case_event": ("id",), "case_party": ("id",),
    "case_record": ("id",), "community_fund": ("id",), "community_profile": ("id",), "credit_account": ("id",),
    "credit_entry": ("id",), "demand": ("id",), "demand_event": ("id",), "dispatch": ("id",), "donation": ("id",),
    "donation_receipt": ("id",), "emergency": ("id",), "form_submission": ("id",), "form_submission_value": ("id",),
    "indicator_baseline": ("id",), "ledger_entry": ("id",), "match_proposal": ("id",), "notification": ("id",),
    "organization_member": ("id",), "organization_sanction": ("id",), "outbox_message": ("id",),
    "personal_data_erasure": ("id",), "project_demand": ("project_id", "demand_id"),
    "project_resource": ("project_id", "resource_id"), "record_ending": ("id",), "region_summary": ("region_id",),
    "region_year_summary": ("region_id", "year"), "resource_domain": ("resource_id", "domain"),
    "service_certificate": ("id",), "service_project": ("id",), "service_record": ("id",),
    "service_resource": ("id",), "service_spot_check": ("id",), "service_spot_check_item": ("id",),
    "social_organization": ("id",), "social_worker": ("id",), "stock_snapshot": ("day", "region_id"),
    "subtree_snapshot": ("day", "region_id"), "subtree_summary": ("region_id", "year"),
    "summary_stamp": ("region_id",), "target_verdict": ("id",), "volunteer": ("id",), "volunteer_team": ("id",),
}
"""Each distributed table of core and its primary key's columns."""

REFERS: dict[str, dict[str, str]] = {
    "activity": {"organization_id": "social_organization", "case_id": "case_record"},
    "case_event": {"case_id": "case_record", "acting_for": "social_organization", "submission_id": "form_submission"},
    "case_party": {"case_id": "case_record", "organization_id": "social_organization"},
    "case_record": {"parent_id": "case_record"},
    "community_fund": {"host_organization_id": "social_organization"},
    "credit_account": {"volunteer_id": "volunteer"},
    "credit_entry": {"account_id": "credit_account", "pair_id": "credit_entry", "service_record_id": "service_record"},
    "demand_event": {"proposal_id": "match_proposal", "demand_id": "demand"},
    "dispatch": {"emergency_id": "emergency"},
    "donation": {"fund_id": "community_fund"},
    "donation_receipt": {"fund_id": "community_fund", "donation_id": "donation"},
    "form_submission": {"case_id": "case_record"},
    "form_submission_value": {"submission_id": "form_submission"},
    "ledger_entry": {"event_id": "case_event", "case_id": "case_record"},
    "notification": {"event_id": "case_event", "case_id": "case_record"},
    "organization_member": {"organization_id": "social_organization"},
    "organization_sanction": {"case_id": "case_record", "organization_id": "social_organization"},
    "outbox_message": {"notification_id": "notification"},
    "project_demand": {"project_id": "service_project", "demand_id": "demand"},
    "project_resource": {"resource_id": "service_resource", "project_id": "service_project"},
    "resource_domain": {"resource_id": "service_resource"},
    "service_certificate": {"volunteer_id": "volunteer"},
    "service_record": {"activity_id": "activity", "corrects_id": "service_record", "volunteer_id": "volunteer"},
    "service_resource": {"organization_id": "social_organization", "volunteer_id": "volunteer",
                         "fund_id": "community_fund"},
    "service_spot_check_item": {"spot_check_id": "service_spot_check", "certificate_id": "service_certificate",
                                "service_record_id": "service_record"},
    "social_worker": {"organization_id": "social_organization"},
    "volunteer": {"team_id": "volunteer_team"},
    "volunteer_team": {"organization_id": "social_organization"},
}
"""The foreign keys between distributed tables: table, column, the table it refers to."""

WIDENED: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "community_profile": [(("region_id",), "uq_community_profile_region")],
    "credit_account": [(("volunteer_id", "programme"), "uq_credit_account_programme")],
    "credit_entry": [(("account_id", "entry_key"), "uq_credit_entry_account_key")],
    "donation_receipt": [(("donation_id",), "uq_donation_receipt_donation")],
    "form_submission_value": [(("submission_id", "path"), "uq_form_submission_value_path")],
    "indicator_baseline": [(("region_id", "indicator", "year"), "uq_indicator_baseline")],
    "ledger_entry": [(("case_id", "entry_key"), "uq_ledger_entry_case_key")],
    "organization_member": [(("user_id", "organization_id"), "uq_organization_member")],
    "personal_data_erasure": [(("record_type", "record_id"), "uq_personal_data_erasure_record")],
    "service_record": [(("corrects_id",), "uq_service_record_corrects_id")],
    "target_verdict": [(("region_id", "plugin", "scope", "target_key", "deadline"), "uq_target_verdict")],
}
"""The unique keys that gain ``tenant_id`` (last: lookups by their own columns, which name no tenant, keep
their index; first, the lookup of a correction by ``corrects_id`` scanned the table for each record and a
summary rebuild went quadratic): their columns before, their name after."""

CONVENTION = {
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
}
"""Names for SQLite's unnamed constraints, so that a copy (batch) can drop them."""


@contextmanager
def _altered(table: str, **kw: Any) -> Iterator[Any]:
    """``op.batch_alter_table``, keeping ``table``'s triggers: on SQLite a batch copies the table,
    and dropping the old copy drops its triggers (the append-only guard's among them)."""
    connection = op.get_bind()
    triggers = []
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                           (table,))
        triggers = [row[0] for row in found]
    with op.batch_alter_table(table, **kw) as batch:
        yield batch
    for statement in triggers:
        connection.exec_driver_sql(statement)


def _tenant_key(table: str) -> str:
    return f"uq_{table}_tenant_key"


def _names(table: str) -> tuple[dict[tuple[tuple[str, ...], str], str], dict[tuple[str, ...], str]]:
    """The names of ``table``'s foreign keys (by columns and target) and unique constraints (by
    columns), as the database has them or, unnamed, as :data:`CONVENTION` names them."""
    inspector = sa.inspect(op.get_bind())
    foreign = {}
    for key in inspector.get_foreign_keys(table):
        columns = tuple(key["constrained_columns"])
        name = key["name"] or f"fk_{table}_{'_'.join(columns)}_{key['referred_table']}"
        foreign[columns, key["referred_table"]] = name
    unique = {tuple(u["column_names"]): u["name"] or f"uq_{table}_{'_'.join(u['column_names'])}"
              for u in inspector.get_unique_constraints(table)}
    return foreign, unique


def upgrade() -> None:
    _tenants()
    # A table already as this revision makes it is left alone: a database made before migrations
    # (core.migrations.previous) keeps the baseline tables it had, as the release that made it left them.
    for table, key in TENANT_KEYS.items():
        if _tenant_key(table) not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(table)}:
            op.create_index(_tenant_key(table), table, ["tenant_id", *key], unique=True)
    for table in sorted(set(REFERS) | set(WIDENED)):
        foreign, unique = _names(table)
        refers = {column: target for column, target in REFERS.get(table, {}).items() if ((column,), target) in foreign}
        widened = [(columns, name) for columns, name in WIDENED.get(table, []) if columns in unique]
        if not refers and not widened:
            continue
        with _altered(table, naming_convention=CONVENTION) as batch:
            for column, target in refers.items():
                batch.drop_constraint(foreign[(column,), target], type_="foreignkey")
                batch.create_foreign_key(f"fk_{table}_{column}", target, ["tenant_id", column], ["tenant_id", "id"])
            for columns, name in widened:
                batch.drop_constraint(unique[columns], type_="unique")
                batch.create_unique_constraint(name, [*columns, "tenant_id"])


def downgrade() -> None:
    for table in sorted(set(REFERS) | set(WIDENED)):
        with _altered(table, naming_convention=CONVENTION) as batch:
            for columns, name in WIDENED.get(table, []):
                batch.drop_constraint(name, type_="unique")
                batch.create_unique_constraint(name, list(columns))
            for column, target in REFERS.get(table, {}).items():
                batch.drop_constraint(f"fk_{table}_{column}", type_="foreignkey")
                batch.create_foreign_key(f"fk_{table}_{column}", target, [column], ["id"])  # the name d19f0ba09c70 drops
    for table in TENANT_KEYS:
        op.drop_index(_tenant_key(table), table_name=table)
    _no_tenants()


def _tenants() -> None:
    connection = op.get_bind()
    for table, (source, key) in TENANT_FROM.items():
        op.add_column(table, sa.Column("tenant_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET tenant_id = s.tenant_id FROM {source} s WHERE s.id = {table}.{key}")
        with _altered(table) as batch:
            batch.alter_column("tenant_id", existing_type=sa.Integer(), nullable=False)
            if table not in UNCHECKED:
                batch.create_foreign_key(f"fk_{table}_tenant_id", "tenant", ["tenant_id"], ["id"])
        tenancy.protect(connection, table)


def _no_tenants() -> None:
    connection = op.get_bind()
    for table in reversed(TENANT_FROM):
        tenancy.unprotect(connection, table)
        with _altered(table) as batch:
            if table not in UNCHECKED:
                batch.drop_constraint(f"fk_{table}_tenant_id", type_="foreignkey")
            batch.drop_column("tenant_id")
