"""Tenants: one jurisdiction subtree each (a province or a city), with settings and plugins."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field


class Tenant(SQLModel, table=True):
    """A jurisdiction running its own programme: its root region's code is the tenant's code."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, description="the root region's code")
    name: str = Field(max_length=100)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = created_at_field()


class TenantPlugin(SQLModel, table=True):
    """A plugin enabled (or switched off) for one tenant."""

    __tablename__ = "tenant_plugin"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "plugin"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    plugin: str = Field(max_length=64)
    enabled: bool = True


class PlatformSetting(SQLModel, table=True):
    """Instance-wide settings kept in the database (e.g. the token signing key made by ``init``)."""

    __tablename__ = "platform_setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str
