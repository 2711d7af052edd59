"""Failed sign-ins counted per username and per client address, and the locks they lead to."""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import enum_column


class ThrottleKind(str, enum.Enum):
    """What a row counts the failed sign-ins of."""

    ACCOUNT = "account"
    """a username, whether or not such a user exists (so a lock tells nobody who exists)"""
    ADDRESS = "address"
    """a client address (an IPv6 client's /64 network), as the rate limit identifies it"""


_VERSION = sa.Column("version", sa.Integer, nullable=False)


class SignInThrottle(SQLModel, table=True):
    """The failed sign-ins of one username or one address in the current window, and its lock.

    Shared by every worker through the database. ``locks`` counts the locks of the current series:
    each lasts twice as long as the one before. ``version`` makes concurrent updates from several
    workers safe (an update that lost the race is retried). Rows idle for a day are deleted."""

    __tablename__ = "sign_in_throttle"
    __mapper_args__ = {"version_id_col": _VERSION}

    kind: ThrottleKind = Field(sa_type=enum_column(ThrottleKind), primary_key=True)
    subject: str = Field(primary_key=True, max_length=64)
    tenant_id: int | None = Field(default=None, foreign_key="tenant.id", index=True)
    failures: int = 0
    window_started_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), nullable=False)
    last_failure_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), nullable=False, index=True)
    locks: int = 0
    locked_until: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True), index=True)
    version: int | None = Field(default=None, sa_column=_VERSION)


class RateLimitCount(SQLModel, table=True):
    """One client's requests in its current rate-limit window, shared by the workers of ``wushe serve
    --workers N`` on PostgreSQL (:mod:`core.web.shared_rate_limit`).

    ``count`` is what the workers have claimed of the window so far (each claims a share at a time
    and admits from it without asking again); ``granted`` is the last claim's share, read back by
    the worker that made it; ``reset_at`` is when the window ends (epoch seconds). An UNLOGGED
    table on PostgreSQL: nothing in it outlives a crash by design (a window lasts a minute)."""

    __tablename__ = "rate_limit_count"

    client: str = Field(primary_key=True, max_length=64)
    count: int = 0
    granted: int = 0
    reset_at: int = Field(sa_type=sa.BigInteger, nullable=False, index=True)
