"""Dated rows: the days a counted record (a volunteer, a team, a worker, an organization, a fund)
began and ended, so that its counts can be asked *as of* any day.

``valid_from`` is the first day the record counts; ``valid_to`` the day it ended (it counts on
days ``valid_from ≤ D < valid_to``), or null while it lasts. ``valid_from`` is never null: left
out, it is the day the record itself states it began (``registered_on``, ``established_on`` …),
else the platform's today (:func:`core.clock.today`). The default is the column's own, filled at
insert from the row's other values, so that every path that writes a row (the services, a case
step, the demo data, a bulk insert through SQLAlchemy) gets the same day. Neither day may be in
the future; ``valid_to`` is not before ``valid_from``.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from core import clock
from core.errors import FieldError
from core.models.fields import PastDate

STATED: dict[str, str] = {
    "volunteer": "registered_on",
    "volunteer_team": "established_on",
    "social_organization": "established_on",
    "community_fund": "established_on",
}
"""The day each dated table's rows state they began (a social worker states none)."""

DATED_TABLES = ("volunteer", "volunteer_team", "social_worker", "social_organization", "community_fund")
"""The tables whose rows carry ``valid_from`` / ``valid_to``."""


def first_day(table: str, values: Mapping[str, Any]) -> dt.date:
    """The ``valid_from`` a new row of ``table`` with ``values`` gets when none is given: the day it
    states it began, else today (also for inserts that list every column, as a bulk import does)."""
    stated = STATED.get(table)
    value = values.get(stated) if stated else None
    return value if isinstance(value, dt.date) else clock.today()


def _valid_from_default(context: Any) -> dt.date:
    """The column default of ``valid_from``: the row's stated day, else today."""
    return first_day(context.current_column.table.name, context.get_current_parameters())


class Dated(SQLModel):
    """Table mixin: the days a row counts."""

    valid_from: dt.date | None = Field(
        default=None, nullable=False,
        # the server's default (today) for a row written around SQLAlchemy (a raw INSERT, a COPY)
        sa_column_kwargs={"default": _valid_from_default, "server_default": sa.text("CURRENT_DATE")},
        description="the first day the record counts (its stated day, or the day it was entered)",
    )
    valid_to: dt.date | None = Field(default=None, description="the day it ended; null while it lasts")


def dated_index(table: str) -> sa.Index:
    """``(region_id, valid_from)``: the as-of counts of a subtree read a region's rows by their first day."""
    return sa.Index(f"ix_{table}_region_valid_from", "region_id", "valid_from")


class DatedInput(SQLModel):
    """Input mixin (Create models, which also validate an update merged with the stored row)."""

    STATED_FIELD: ClassVar[str | None] = None

    valid_from: PastDate | None = Field(
        default=None, description="the first day the record counts; left out: its stated day, or today")
    valid_to: PastDate | None = Field(
        default=None, description="the day the record ended (no longer counts from that day); null while it lasts")

    def first_day(self) -> dt.date:
        """``valid_from`` as it will be stored."""
        if self.valid_from is not None:
            return self.valid_from
        stated = getattr(self, self.STATED_FIELD) if self.STATED_FIELD else None
        return stated if isinstance(stated, dt.date) else clock.today()

    @model_validator(mode="after")
    def _span(self) -> Any:
        first = self.first_day()
        if self.valid_to is not None and self.valid_to < first:
            raise FieldError("valid_to", f"is before valid_from ({first.isoformat()})")
        return self


class DatedUpdate(SQLModel):
    """Update mixin: the days may be corrected; ``valid_to`` set to null reopens an ended record."""

    valid_from: PastDate | None = None
    valid_to: PastDate | None = None
