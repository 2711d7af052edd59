"""The schema as the last release without migrations made it: every core table, index and the
append-only guard, frozen. The first revision of core's history creates it on an empty database, and
a database that release made (no ``alembic_version``) is brought to it and stamped
(:mod:`core.migrations.previous`).

Never edit this module: a change to the schema is a new revision in ``versions/``. It was rendered
by Alembic's autogenerate from the models of that release (``sqlmodel``'s ``AutoString`` written as
``String``, the enums as the ``VARCHAR(32)`` they are stored in) and checked against the tables
``create_all`` made from them on SQLite and PostgreSQL.
"""

import sqlalchemy as sa

APPEND_ONLY_TABLES = ("audit_event", "case_event", "ledger_entry", "target_verdict")
"""The tables whose rows may only be inserted (the guard's triggers refuse updates and deletes)."""


def schema() -> sa.MetaData:
    """The tables and indexes, on a metadata of their own (not the models')."""
    metadata = sa.MetaData()
    sa.Table(
        "platform_setting",
        metadata,
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    sa.Table(
        "policy_version",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),  # one row, id 1
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    sa.Table(
        "tenant",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    sa.Table(
        "app_user",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("is_platform_admin", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    _index(metadata, "ix_app_user_tenant_id", "app_user", ["tenant_id"], unique=False)
    sa.Table(
        "audit_event",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_audit_event_action", "audit_event", ["action"], unique=False)
    _index(metadata, "ix_audit_event_actor", "audit_event", ["actor"], unique=False)
    _index(metadata, "ix_audit_event_tenant_id", "audit_event", ["tenant_id"], unique=False)
    sa.Table(
        "calendar_day",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "day"),
    )
    _index(metadata, "ix_calendar_day_tenant_id", "calendar_day", ["tenant_id"], unique=False)
    sa.Table(
        "region",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("resident_population", sa.Integer(), nullable=True),
        sa.Column("urban_population", sa.Integer(), nullable=True),
        sa.Column("population_year", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("division_code", sa.String(length=12), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("maintained", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("street_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "urban_population IS NULL OR resident_population IS NULL OR urban_population <= resident_population",
            name="urban_le_resident",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("parent_id", "code"),
        sa.UniqueConstraint("path"),
    )
    _index(metadata, "ix_region_city_tier", "region", ["city_id", "tier"], unique=False)
    _index(metadata, "ix_region_community_tier", "region", ["community_id", "tier"], unique=False)
    _index(metadata, "ix_region_district_tier", "region", ["district_id", "tier"], unique=False)
    _index(metadata, "ix_region_parent_id", "region", ["parent_id"], unique=False)
    _index(metadata, "ix_region_province_tier", "region", ["province_id", "tier"], unique=False)
    _index(metadata, "ix_region_street_tier", "region", ["street_id", "tier"], unique=False)
    _index(metadata, "ix_region_tenant_id", "region", ["tenant_id"], unique=False)
    _index(metadata, "ix_region_tier", "region", ["tier"], unique=False)
    sa.Table(
        "role",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("emergency_powers", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code"),
    )
    _index(metadata, "ix_role_tenant_id", "role", ["tenant_id"], unique=False)
    sa.Table(
        "role_permission",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("role_code", sa.String(length=64), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "role_code", "tier", "resource", "action"),
    )
    _index(metadata, "ix_role_permission_tenant_id", "role_permission", ["tenant_id"], unique=False)
    sa.Table(
        "sign_in_throttle",
        metadata,
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locks", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("kind", "subject"),
    )
    _index(metadata, "ix_sign_in_throttle_last_failure_at", "sign_in_throttle", ["last_failure_at"], unique=False)
    _index(metadata, "ix_sign_in_throttle_locked_until", "sign_in_throttle", ["locked_until"], unique=False)
    _index(metadata, "ix_sign_in_throttle_tenant_id", "sign_in_throttle", ["tenant_id"], unique=False)
    sa.Table(
        "tenant_plugin",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "plugin"),
    )
    _index(metadata, "ix_tenant_plugin_tenant_id", "tenant_plugin", ["tenant_id"], unique=False)
    sa.Table(
        "case_record",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_type", sa.String(length=64), nullable=False),
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("terminal", sa.Boolean(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_case_record_due", "case_record", ["tenant_id", "due_on"], unique=False)
    _index(metadata, "ix_case_record_open", "case_record", ["region_id", "terminal", "due_on"], unique=False)
    _index(metadata, "ix_case_record_parent_id", "case_record", ["parent_id"], unique=False)
    _index(metadata, "ix_case_record_queue", "case_record", ["tenant_id", "case_type", "state"], unique=False)
    _index(metadata, "ix_case_record_region_id", "case_record", ["region_id"], unique=False)
    _index(metadata, "ix_case_record_tenant_id", "case_record", ["tenant_id"], unique=False)
    sa.Table(
        "community_profile",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("has_social_work_room", sa.Boolean(), nullable=False),
        sa.Column("has_volunteer_station", sa.Boolean(), nullable=False),
        sa.Column("has_party_service_center", sa.Boolean(), nullable=False),
        sa.Column("has_elderly_station", sa.Boolean(), nullable=False),
        sa.Column("demonstration", sa.String(length=32), nullable=False),
        sa.Column("demonstration_since", sa.Date(), nullable=True),
        sa.Column("volunteer_station_since", sa.Date(), nullable=True),
        sa.Column("social_work_room_since", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id"),
    )
    _index(metadata, "ix_community_profile_tenant_id", "community_profile", ["tenant_id"], unique=False)
    sa.Table(
        "emergency",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_emergency_ends_at", "emergency", ["ends_at"], unique=False)
    _index(metadata, "ix_emergency_region_id", "emergency", ["region_id"], unique=False)
    _index(metadata, "ix_emergency_tenant_id", "emergency", ["tenant_id"], unique=False)
    sa.Table(
        "indicator_baseline",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=24, scale=6), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "indicator", "year"),
    )
    _index(metadata, "ix_indicator_baseline_region_id", "indicator_baseline", ["region_id"], unique=False)
    _index(metadata, "ix_indicator_baseline_tenant_id", "indicator_baseline", ["tenant_id"], unique=False)
    sa.Table(
        "region_summary",
        metadata,
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("volunteers", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_teams", sa.BigInteger(), nullable=False),
        sa.Column("social_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("community_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_community_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_full_time_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("community_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_organizations", sa.BigInteger(), nullable=False),
        sa.Column("hub_organizations", sa.BigInteger(), nullable=False),
        sa.Column("organization_full_time_staff", sa.BigInteger(), nullable=False),
        sa.Column("community_funds", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_station", sa.BigInteger(), nullable=False),
        sa.Column("social_work_room", sa.BigInteger(), nullable=False),
        sa.Column("demonstration_site", sa.BigInteger(), nullable=False),
        sa.Column("creation_point", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("region_id"),
    )
    _index(metadata, "ix_region_summary_tenant_id", "region_summary", ["tenant_id"], unique=False)
    sa.Table(
        "region_year_summary",
        metadata,
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.Column("person_times", sa.BigInteger(), nullable=False),
        sa.Column("service_records", sa.BigInteger(), nullable=False),
        sa.Column("service_minutes", sa.BigInteger(), nullable=False),
        sa.Column("active_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("fund_raised_fen", sa.BigInteger(), nullable=False),
        sa.Column("donations_fen", sa.BigInteger(), nullable=False),
        sa.Column("new_demonstration_sites", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("region_id", "year"),
    )
    _index(metadata, "ix_region_year_summary_tenant_id", "region_year_summary", ["tenant_id"], unique=False)
    sa.Table(
        "revoked_token",
        metadata,
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("jti"),
    )
    _index(metadata, "ix_revoked_token_expires_at", "revoked_token", ["expires_at"], unique=False)
    _index(metadata, "ix_revoked_token_user_id", "revoked_token", ["user_id"], unique=False)
    sa.Table(
        "role_assignment",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "role_id", "region_id"),
    )
    _index(metadata, "ix_role_assignment_region_id", "role_assignment", ["region_id"], unique=False)
    _index(metadata, "ix_role_assignment_role_id", "role_assignment", ["role_id"], unique=False)
    _index(metadata, "ix_role_assignment_tenant_id", "role_assignment", ["tenant_id"], unique=False)
    _index(metadata, "ix_role_assignment_user_id", "role_assignment", ["user_id"], unique=False)
    sa.Table(
        "social_organization",
        metadata,
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("org_type", sa.String(length=32), nullable=False),
        sa.Column("registration", sa.String(length=32), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("full_time_staff", sa.Integer(), nullable=False),
        sa.Column("has_party_organization", sa.Boolean(), nullable=False),
        sa.Column("public_fundraising", sa.Boolean(), nullable=False),
        sa.Column("charity_focus", sa.Boolean(), nullable=False),
        sa.Column("on_dishonesty_list", sa.Boolean(), nullable=False),
        sa.Column("has_administrative_penalty", sa.Boolean(), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "credit_code"),
    )
    _index(metadata, "ix_social_organization_org_type", "social_organization", ["org_type"], unique=False)
    _index(metadata, "ix_social_organization_region_id", "social_organization", ["region_id"], unique=False)
    _index(
        metadata,
        "ix_social_organization_region_valid_from",
        "social_organization",
        ["region_id", "valid_from"],
        unique=False,
    )
    _index(metadata, "ix_social_organization_tenant_id", "social_organization", ["tenant_id"], unique=False)
    sa.Table(
        "stock_snapshot",
        metadata,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False, comment="the region's summary_stamp it was taken under"),
        sa.Column("present", sa.Boolean(), nullable=False, comment="false: nothing counted at the region that day"),
        sa.Column("volunteers", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_teams", sa.BigInteger(), nullable=False),
        sa.Column("social_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("community_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_community_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_full_time_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("community_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_organizations", sa.BigInteger(), nullable=False),
        sa.Column("hub_organizations", sa.BigInteger(), nullable=False),
        sa.Column("organization_full_time_staff", sa.BigInteger(), nullable=False),
        sa.Column("community_funds", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_station", sa.BigInteger(), nullable=False),
        sa.Column("social_work_room", sa.BigInteger(), nullable=False),
        sa.Column("demonstration_site", sa.BigInteger(), nullable=False),
        sa.Column("creation_point", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("day", "region_id"),
        comment="what region_summary would have held on a past day, kept once computed (core.indicators.snapshots)",
    )
    _index(metadata, "ix_stock_snapshot_tenant_id", "stock_snapshot", ["tenant_id"], unique=False)
    sa.Table(
        "subtree_snapshot",
        metadata,
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column(
            "stamp", sa.BigInteger(), nullable=False, comment="the region's subtree_summary stamp it was taken under"
        ),
        sa.Column("communities", sa.BigInteger(), nullable=False),
        sa.Column("urban_communities", sa.BigInteger(), nullable=False),
        sa.Column("rural_communities", sa.BigInteger(), nullable=False),
        sa.Column("streets", sa.BigInteger(), nullable=False),
        sa.Column("resident_population", sa.BigInteger(), nullable=False),
        sa.Column("urban_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_volunteer_station", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_charity_organization", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_social_work", sa.BigInteger(), nullable=False),
        sa.Column("urban_communities_with_hub", sa.BigInteger(), nullable=False),
        sa.Column("streets_with_station", sa.BigInteger(), nullable=False),
        sa.Column("demonstration_sites", sa.BigInteger(), nullable=False),
        sa.Column("creation_points", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_social_work_room", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers_with_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_without_population", sa.BigInteger(), nullable=False),
        sa.Column("community_workers_with_urban_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_without_urban_population", sa.BigInteger(), nullable=False),
        sa.Column("volunteers", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_teams", sa.BigInteger(), nullable=False),
        sa.Column("social_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("community_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_community_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_full_time_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("community_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_organizations", sa.BigInteger(), nullable=False),
        sa.Column("hub_organizations", sa.BigInteger(), nullable=False),
        sa.Column("organization_full_time_staff", sa.BigInteger(), nullable=False),
        sa.Column("community_funds", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("day", "region_id"),
        comment="a region's stock measures summed over its subtree on a past day, kept once computed (core.indicators.snapshots): what subtree_summary would have held that day",
    )
    _index(metadata, "ix_subtree_snapshot_tenant_id", "subtree_snapshot", ["tenant_id"], unique=False)
    sa.Table(
        "subtree_summary",
        metadata,
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="0: what exists now; else the calendar year"),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("communities", sa.BigInteger(), nullable=False),
        sa.Column("urban_communities", sa.BigInteger(), nullable=False),
        sa.Column("rural_communities", sa.BigInteger(), nullable=False),
        sa.Column("streets", sa.BigInteger(), nullable=False),
        sa.Column("resident_population", sa.BigInteger(), nullable=False),
        sa.Column("urban_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_volunteer_station", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_charity_organization", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_social_work", sa.BigInteger(), nullable=False),
        sa.Column("urban_communities_with_hub", sa.BigInteger(), nullable=False),
        sa.Column("streets_with_station", sa.BigInteger(), nullable=False),
        sa.Column("demonstration_sites", sa.BigInteger(), nullable=False),
        sa.Column("creation_points", sa.BigInteger(), nullable=False),
        sa.Column("communities_with_social_work_room", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers_with_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_without_population", sa.BigInteger(), nullable=False),
        sa.Column("community_workers_with_urban_population", sa.BigInteger(), nullable=False),
        sa.Column("communities_without_urban_population", sa.BigInteger(), nullable=False),
        sa.Column("volunteers", sa.BigInteger(), nullable=False),
        sa.Column("registered_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("volunteer_teams", sa.BigInteger(), nullable=False),
        sa.Column("social_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("community_workers", sa.BigInteger(), nullable=False),
        sa.Column("certified_community_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("station_full_time_social_workers", sa.BigInteger(), nullable=False),
        sa.Column("social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("community_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_social_organizations", sa.BigInteger(), nullable=False),
        sa.Column("charity_organizations", sa.BigInteger(), nullable=False),
        sa.Column("hub_organizations", sa.BigInteger(), nullable=False),
        sa.Column("organization_full_time_staff", sa.BigInteger(), nullable=False),
        sa.Column("community_funds", sa.BigInteger(), nullable=False),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.Column("person_times", sa.BigInteger(), nullable=False),
        sa.Column("service_records", sa.BigInteger(), nullable=False),
        sa.Column("service_minutes", sa.BigInteger(), nullable=False),
        sa.Column("active_volunteers", sa.BigInteger(), nullable=False),
        sa.Column("fund_raised_fen", sa.BigInteger(), nullable=False),
        sa.Column("donations_fen", sa.BigInteger(), nullable=False),
        sa.Column("new_demonstration_sites", sa.BigInteger(), nullable=False),
        sa.Column(
            "stamp",
            sa.BigInteger(),
            server_default="0",
            nullable=False,
            comment="a new random number each time the row is rewritten: anything in the subtree changed",
        ),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("region_id", "year"),
        comment="every measure summed over a region's whole subtree: a rollup reads one row per group",
    )
    _index(metadata, "ix_subtree_summary_tenant_id", "subtree_summary", ["tenant_id"], unique=False)
    sa.Table(
        "summary_stamp",
        metadata,
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("region_id"),
        comment="a new random number each time a region's summary rows are rewritten (no row: 0); a stock snapshot taken under another stamp is out of date",
    )
    _index(metadata, "ix_summary_stamp_tenant_id", "summary_stamp", ["tenant_id"], unique=False)
    sa.Table(
        "target_verdict",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=400), nullable=False),
        sa.Column("target_key", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("comparator", sa.String(length=2), nullable=False),
        sa.Column("threshold", sa.String(length=40), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("judged_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("regions_judged", sa.Integer(), nullable=True),
        sa.Column("regions_meeting", sa.Integer(), nullable=True),
        sa.Column("regions_no_data", sa.Integer(), nullable=True),
        sa.Column("left_out", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "plugin", "scope", "target_key", "deadline", name="uq_target_verdict"),
    )
    _index(metadata, "ix_target_verdict_region_id", "target_verdict", ["region_id"], unique=False)
    _index(metadata, "ix_target_verdict_tenant_id", "target_verdict", ["tenant_id"], unique=False)
    sa.Table(
        "activity",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("person_times", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("sessions >= 1", name="ck_activity_sessions_positive"),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_activity_case_id", "activity", ["case_id"], unique=False)
    _index(metadata, "ix_activity_held_on", "activity", ["held_on"], unique=False)
    _index(metadata, "ix_activity_region_id", "activity", ["region_id"], unique=False)
    _index(metadata, "ix_activity_tenant_id", "activity", ["tenant_id"], unique=False)
    sa.Table(
        "case_party",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(user_id IS NULL) <> (organization_id IS NULL)", name="ck_case_party_one_of"),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_case_party_case_id", "case_party", ["case_id"], unique=False)
    _index(metadata, "ix_case_party_organization", "case_party", ["organization_id", "case_id"], unique=False)
    _index(metadata, "ix_case_party_tenant_id", "case_party", ["tenant_id"], unique=False)
    _index(metadata, "ix_case_party_user", "case_party", ["user_id", "case_id"], unique=False)
    sa.Table(
        "community_fund",
        metadata,
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("host_organization_id", sa.Integer(), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_community_fund_region_id", "community_fund", ["region_id"], unique=False)
    _index(metadata, "ix_community_fund_region_valid_from", "community_fund", ["region_id", "valid_from"], unique=False)
    _index(metadata, "ix_community_fund_tenant_id", "community_fund", ["tenant_id"], unique=False)
    sa.Table(
        "dispatch",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("object_ids", sa.JSON(), nullable=False),
        sa.Column("task", sa.String(length=500), nullable=False),
        sa.Column("dispatched_by", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emergency_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["emergency_id"],
            ["emergency.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_dispatch_region_id", "dispatch", ["region_id"], unique=False)
    _index(metadata, "ix_dispatch_tenant_id", "dispatch", ["tenant_id"], unique=False)
    sa.Table(
        "form_submission",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("plugin", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_form_submission_case_id", "form_submission", ["case_id"], unique=False)
    _index(metadata, "ix_form_submission_form_key", "form_submission", ["form_key"], unique=False)
    _index(metadata, "ix_form_submission_region_id", "form_submission", ["region_id"], unique=False)
    _index(metadata, "ix_form_submission_tenant_id", "form_submission", ["tenant_id"], unique=False)
    sa.Table(
        "organization_member",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "organization_id"),
    )
    _index(metadata, "ix_organization_member_organization_id", "organization_member", ["organization_id"], unique=False)
    _index(metadata, "ix_organization_member_tenant_id", "organization_member", ["tenant_id"], unique=False)
    _index(metadata, "ix_organization_member_user_id", "organization_member", ["user_id"], unique=False)
    sa.Table(
        "organization_sanction",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(
        metadata, "ix_organization_sanction_organization_id", "organization_sanction", ["organization_id"], unique=False
    )
    _index(metadata, "ix_organization_sanction_tenant_id", "organization_sanction", ["tenant_id"], unique=False)
    sa.Table(
        "social_worker",
        metadata,
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("certificate_level", sa.String(length=32), nullable=False),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("is_community_worker", sa.Boolean(), nullable=False),
        sa.Column("is_full_time", sa.Boolean(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("id_number_encrypted", sa.Text(), nullable=False),
        sa.Column("id_number_hash", sa.String(length=64), nullable=False),
        sa.Column("id_number_masked", sa.String(length=18), nullable=False),
        sa.Column("phone_encrypted", sa.Text(), nullable=True),
        sa.Column("phone_masked", sa.String(length=20), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "id_number_hash"),
    )
    _index(metadata, "ix_social_worker_certificate_level", "social_worker", ["certificate_level"], unique=False)
    _index(metadata, "ix_social_worker_region_id", "social_worker", ["region_id"], unique=False)
    _index(metadata, "ix_social_worker_region_valid_from", "social_worker", ["region_id", "valid_from"], unique=False)
    _index(metadata, "ix_social_worker_tenant_id", "social_worker", ["tenant_id"], unique=False)
    sa.Table(
        "volunteer_team",
        metadata,
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_volunteer_team_region_id", "volunteer_team", ["region_id"], unique=False)
    _index(metadata, "ix_volunteer_team_region_valid_from", "volunteer_team", ["region_id", "valid_from"], unique=False)
    _index(metadata, "ix_volunteer_team_tenant_id", "volunteer_team", ["tenant_id"], unique=False)
    sa.Table(
        "case_event",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("from_state", sa.String(length=64), nullable=True),
        sa.Column("to_state", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("acting_for", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("visible_to", sa.JSON(), nullable=True),
        sa.Column("request_key", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["acting_for"],
            ["social_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["form_submission.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "request_key", name="uq_case_event_request_key"),
    )
    _index(metadata, "ix_case_event_actor_user_id", "case_event", ["actor_user_id"], unique=False)
    _index(metadata, "ix_case_event_case_id", "case_event", ["case_id"], unique=False)
    _index(metadata, "ix_case_event_tenant_id", "case_event", ["tenant_id"], unique=False)
    sa.Table(
        "donation",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=True),
        sa.Column("donor_name", sa.String(), nullable=False),
        sa.Column("donor_kind", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("in_kind_description", sa.String(length=500), nullable=True),
        sa.Column("in_kind_value_fen", sa.BigInteger(), nullable=True),
        sa.Column("donated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fund_id"],
            ["community_fund.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_donation_fund_id", "donation", ["fund_id"], unique=False)
    _index(metadata, "ix_donation_region_id", "donation", ["region_id"], unique=False)
    _index(metadata, "ix_donation_tenant_id", "donation", ["tenant_id"], unique=False)
    sa.Table(
        "form_submission_value",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("encrypted", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["form_submission.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id", "path"),
    )
    _index(metadata, "ix_form_submission_value_submission_id", "form_submission_value", ["submission_id"], unique=False)
    _index(metadata, "ix_form_submission_value_tenant_id", "form_submission_value", ["tenant_id"], unique=False)
    sa.Table(
        "volunteer",
        metadata,
        sa.Column("valid_from", sa.Date(), server_default=sa.text("CURRENT_DATE"), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("real_name_registered", sa.Boolean(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("guardian_name", sa.String(), nullable=True),
        sa.Column("guardian_relation", sa.String(), nullable=True),
        sa.Column("guardian_consent_on", sa.Date(), nullable=True),
        sa.Column("id_number_encrypted", sa.Text(), nullable=True),
        sa.Column("id_number_hash", sa.String(length=64), nullable=True),
        sa.Column("id_number_masked", sa.String(length=18), nullable=True),
        sa.Column("phone_encrypted", sa.Text(), nullable=True),
        sa.Column("phone_masked", sa.String(length=20), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=6), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["volunteer_team.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "id_number_hash"),
    )
    _index(metadata, "ix_volunteer_region_id", "volunteer", ["region_id"], unique=False)
    _index(metadata, "ix_volunteer_region_valid_from", "volunteer", ["region_id", "valid_from"], unique=False)
    _index(metadata, "ix_volunteer_team_id", "volunteer", ["team_id"], unique=False)
    _index(metadata, "ix_volunteer_tenant_id", "volunteer", ["tenant_id"], unique=False)
    sa.Table(
        "ledger_entry",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("entry_key", sa.String(length=64), nullable=True),
        sa.Column("request_key", sa.String(length=100), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["case_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "entry_key", name="uq_ledger_entry_case_key"),
        sa.UniqueConstraint("tenant_id", "request_key", name="uq_ledger_entry_request_key"),
    )
    _index(metadata, "ix_ledger_entry_account", "ledger_entry", ["tenant_id", "account"], unique=False)
    _index(metadata, "ix_ledger_entry_case_id", "ledger_entry", ["case_id"], unique=False)
    _index(metadata, "ix_ledger_entry_region_id", "ledger_entry", ["region_id"], unique=False)
    _index(metadata, "ix_ledger_entry_tenant_id", "ledger_entry", ["tenant_id"], unique=False)
    sa.Table(
        "notification",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=2000), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["case_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_notification_inbox", "notification", ["user_id", "read_at"], unique=False)
    _index(metadata, "ix_notification_tenant_id", "notification", ["tenant_id"], unique=False)
    sa.Table(
        "service_record",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("request_key", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "request_key"),
    )
    _index(metadata, "ix_service_record_activity_id", "service_record", ["activity_id"], unique=False)
    _index(metadata, "ix_service_record_region_id", "service_record", ["region_id"], unique=False)
    _index(metadata, "ix_service_record_tenant_id", "service_record", ["tenant_id"], unique=False)
    _index(metadata, "ix_service_record_volunteer_day", "service_record", ["volunteer_id", "served_on"], unique=False)
    sa.Table(
        "outbox_message",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _index(metadata, "ix_outbox_message_tenant_id", "outbox_message", ["tenant_id"], unique=False)
    _index(metadata, "ix_outbox_pending", "outbox_message", ["delivered_at", "id"], unique=False)

    return metadata


def _index(metadata: sa.MetaData, name: str, table: str, columns: list[str], *, unique: bool) -> None:
    sa.Index(name, *(metadata.tables[table].c[column] for column in columns), unique=unique)


def _forbid_sqlite(table: str) -> list[str]:
    refuse = f"SELECT RAISE(ABORT, '{table} is append-only')"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN {refuse}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN {refuse}; END",
        # REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing delete
        # triggers (unless recursive_triggers is on): refuse an insert over an existing id. Before
        # the insert, an id the statement did not give reads -1, so ids below 1 are refused after
        # it: no stored row can make every later insert fail.
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) BEGIN {refuse}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_positive_id AFTER INSERT ON {table} WHEN NEW.id < 1 BEGIN {refuse}; END",
    ]


def _forbid_postgresql(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
    ]


def install_guard(connection: sa.Connection) -> None:
    """The triggers that refuse to change or remove a row of an append-only table (idempotent).

    They stop the application and its mistakes; on PostgreSQL the owner of the table can still
    drop them, which is why the application connects as a role that owns nothing (:mod:`core.db.roles`)."""
    forbid = _forbid_postgresql if connection.dialect.name == "postgresql" else _forbid_sqlite
    for table in APPEND_ONLY_TABLES:
        for statement in forbid(table):
            connection.exec_driver_sql(statement)


def remove_guard(connection: sa.Connection) -> None:
    """Drop the guard's triggers (and on PostgreSQL its functions)."""
    for table in APPEND_ONLY_TABLES:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {table}_append_only()")
        else:
            for name in ("no_update", "no_delete", "no_replace", "positive_id"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{name}")
