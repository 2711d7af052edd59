"""Records that end without being deleted: why a dated record ended, and whose personal data was erased.

A dated record (:mod:`core.models.dated`) ends when its ``valid_to`` is set: it stays in its table,
its ledgers stay, and the counts as of any day before still count it. :class:`RecordEnding` keeps
why (a reason from the vocabulary of its kind, :mod:`core.services.endings`), from which day, and
who said so; :class:`PersonalDataErasure` marks a person's record whose personal data was erased
(:mod:`core.services.erasure`): the row is kept, ended, for the counts and the ledgers.
"""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import distribution_keys

NOTE_MAX = 500


class RecordEnding(SQLModel, table=True):
    """One ending of a dated record: kept when the record is reopened later, so its endings are its history."""

    __tablename__ = "record_ending"
    __table_args__ = (sa.Index("ix_record_ending_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    record_type: str = Field(max_length=32, description="the record's table: volunteer, social_organization …")
    record_id: int
    ended_on: dt.date = Field(description="the record's valid_to: the first day it no longer counts")
    reason: str = Field(max_length=32, description="a key of the vocabulary of the record's kind")
    note: str | None = Field(default=None, max_length=NOTE_MAX, description="free text; cleared by an erasure")
    recorded_by: str = Field(max_length=64)
    at: dt.datetime = created_at_field()


class PersonalDataErasure(SQLModel, table=True):
    """A person's record whose personal data was erased (个人信息保护法 第四十七条): once, never undone."""

    __tablename__ = "personal_data_erasure"
    __table_args__ = (sa.UniqueConstraint("record_type", "record_id", "tenant_id", name="uq_personal_data_erasure_record"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    record_type: str = Field(max_length=32)
    record_id: int
    ground: str = Field(max_length=32, description="the ground of article 47 it was erased on")
    erased_by: str = Field(max_length=64)
    at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(PersonalDataErasure)
distribution_keys(RecordEnding)
