"""People and services who sign in: platform administrators, tenant users, API clients."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field, enum_column


class UserKind(str, enum.Enum):
    """A person signs in with a password; a service (an API client) gets long-lived tokens."""

    PERSON = "person"
    SERVICE = "service"


class User(SQLModel, table=True):
    """A user of one tenant, or of the platform itself when ``tenant_id`` is empty.

    ``password_hash`` is an argon2 hash (never the password); empty means no password sign-in
    (services, and ``admin`` until an operator sets one). Tokens issued before
    ``tokens_valid_after`` are refused: setting it to now revokes every token of the user.
    """

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=100)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    kind: UserKind = Field(default=UserKind.PERSON, sa_type=enum_column(UserKind), nullable=False)
    is_platform_admin: bool = False
    is_active: bool = True
    password_hash: str | None = Field(default=None, max_length=255, repr=False)
    tokens_valid_after: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: dt.datetime = created_at_field()


class RevokedToken(SQLModel, table=True):
    """One token revoked before its expiry (logout); looked up by its ``jti`` on every request.

    Rows past ``expires_at`` are useless (the token is refused as expired) and are deleted."""

    __tablename__ = "revoked_token"

    jti: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), nullable=False, index=True)
