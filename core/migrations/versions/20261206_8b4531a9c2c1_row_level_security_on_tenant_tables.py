"""Row-level security on PostgreSQL: every tenant table's rows kept to the transaction's tenant.

Revision ID: 8b4531a9c2c1
Revises: 5e1a7c2b9d40
Create Date: 2026-12-06 01:50:00

Each table with a ``tenant_id`` column gets the two policies of :mod:`core.db.tenancy` (its rows for
the transaction's ``wushe.tenant``, or every row when ``wushe.platform`` is ``on``), and the token
check a function that reads one user across tenants by username (``wushe_principal``): the only way
the application's role reads a user before it knows the user's tenant. SQLite: nothing.
"""

from collections.abc import Sequence

from alembic import op

from core.db import tenancy

revision: str = "8b4531a9c2c1"
down_revision: str | Sequence[str] | None = "5e1a7c2b9d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "activity", "app_user", "audit_event", "calendar_day", "case_event", "case_party", "case_record",
    "community_fund", "community_profile", "credit_account", "credit_entry", "demand", "demand_event", "dispatch",
    "donation", "donation_receipt", "emergency", "form_submission", "form_submission_value", "indicator_baseline",
    "ledger_entry", "notification", "organization_member", "organization_sanction", "outbox_message",
    "personal_data_erasure", "record_ending", "region", "region_summary", "region_year_summary", "role",
    "role_assignment", "role_permission", "service_certificate", "service_project", "service_record",
    "service_resource", "service_spot_check", "service_spot_check_item", "sign_in_throttle", "social_organization",
    "social_worker", "stock_snapshot", "subtree_snapshot", "subtree_summary", "summary_stamp", "target_verdict",
    "tenant_plugin", "volunteer", "volunteer_team",
)
"""Core's tables with a ``tenant_id`` column at this revision (a plugin's are protected when it is
migrated: :meth:`core.platform.Platform.migrate`)."""

PRINCIPAL_FUNCTION = """
CREATE OR REPLACE FUNCTION wushe_principal(sub text, token_id text)
RETURNS TABLE (
    id integer, tenant_id integer, is_active boolean, is_platform_admin boolean,
    tokens_valid_after timestamptz, revoked boolean, policy_version integer,
    code varchar, region_id integer, tier varchar, path varchar, emergency_powers boolean
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT u.id, u.tenant_id, u.is_active, u.is_platform_admin, u.tokens_valid_after,
           EXISTS (SELECT FROM revoked_token t WHERE t.jti = token_id),
           (SELECT v.version FROM policy_version v WHERE v.id = 1),
           r.code::varchar, g.id, g.tier::varchar, g.path::varchar, r.emergency_powers
    FROM app_user u
    LEFT JOIN (role_assignment a
               JOIN role r ON r.id = a.role_id AND r.tenant_id = a.tenant_id
               JOIN region g ON g.id = a.region_id AND g.tenant_id = a.tenant_id)
           ON a.user_id = u.id AND a.tenant_id = u.tenant_id
    WHERE u.username = sub
    ORDER BY g.path, r.code;
END
$$
"""
"""What :data:`core.access.tokens.PRINCIPAL` reads, as the tables' owner (``SECURITY DEFINER``): the
user named ``sub`` with its assignments, whatever the transaction's tenant. Only the owner and the
application's role may call it (:func:`core.db.roles.grant_application_role`)."""


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    for table in TENANT_TABLES:
        tenancy.protect(connection, table)
    connection.exec_driver_sql(PRINCIPAL_FUNCTION)
    connection.exec_driver_sql("REVOKE ALL ON FUNCTION wushe_principal(text, text) FROM PUBLIC")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql("DROP FUNCTION IF EXISTS wushe_principal(text, text)")
    for table in TENANT_TABLES:
        tenancy.unprotect(connection, table)
