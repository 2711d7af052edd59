"""Roles, their permissions, who holds them where, and the audit log of every change.

The policy is small (roles × tiers × resources × actions) and Casbin decides on it; role
assignments are many (one per user and region) and live here, read per request by user.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field, enum_column
from core.tree.tiers import Tier


class Role(SQLModel, table=True):
    """A role of one tenant: declared by a plugin (``origin`` names it) or added by the tenant."""

    __table_args__ = (sa.UniqueConstraint("tenant_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    code: str = Field(max_length=64)
    label: str = Field(max_length=100)
    tier: Tier = Field(sa_type=enum_column(Tier), description="the tier of the regions it is held at")
    origin: str = Field(max_length=64, description="the declaring plugin, or 'tenant'")
    emergency_powers: bool = Field(
        default=False, description="in emergency mode, holders dispatch everything in the emergency area"
    )
    source: str | None = Field(default=None, max_length=300)


class RolePermission(SQLModel, table=True):
    """One Casbin policy line: ``role`` may ``action`` on ``resource`` for objects at ``tier``."""

    __tablename__ = "role_permission"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "role_code", "tier", "resource", "action"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    role_code: str = Field(max_length=64)
    tier: str = Field(max_length=16, description="a tier, or * for every tier")
    resource: str = Field(max_length=64)
    action: str = Field(max_length=64)


class RoleAssignment(SQLModel, table=True):
    """A user holds a role at a region; it covers that region's subtree, never up or sideways."""

    __tablename__ = "role_assignment"
    __table_args__ = (sa.UniqueConstraint("user_id", "role_id", "region_id"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    role_id: int = Field(foreign_key="role.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    granted_by: int | None = Field(default=None, foreign_key="app_user.id")
    granted_at: dt.datetime = created_at_field()


class PolicyVersion(SQLModel, table=True):
    """A counter bumped in the same transaction as every policy change; workers compare it."""

    __tablename__ = "policy_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0


class AuditEvent(SQLModel, table=True):
    """Append-only: who did what, when, with the state before and after. Never updated or deleted."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = created_at_field()
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    actor: str = Field(max_length=64, index=True)
    action: str = Field(max_length=64, index=True)
    target: str = Field(max_length=300)
    before: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
