"""People who sign in: platform administrators and tenant users."""

import datetime as dt

from sqlmodel import Field, SQLModel

from core.models.base import created_at_field


class User(SQLModel, table=True):
    """A user of one tenant, or of the platform itself when ``tenant_id`` is empty."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=100)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    is_platform_admin: bool = False
    is_active: bool = True
    created_at: dt.datetime = created_at_field()
