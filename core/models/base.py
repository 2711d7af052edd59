"""Column helpers shared by every table."""

import datetime as dt
import enum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Field


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def enum_column(enum_cls: type[enum.Enum], **kwargs: Any) -> sa.Enum:
    """Store an enum by its value as plain VARCHAR (no native PostgreSQL type to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        **kwargs,
    )


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True), nullable=False)


class Stored(Protocol):
    """A table row with an integer primary key: ``None`` until the row is first written."""

    @property
    def id(self) -> int | None: ...


def stored_id(row: Stored) -> int:
    """The primary key of a row that was read or has been written (flushed); a row never
    written has none, and asking for it is a mistake in the caller."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id: it has not been written yet")
    return row.id
