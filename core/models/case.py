"""Cases: a document's procedure run at a region (a funding round, an application, a creation point).

A case type is declared by a plugin (:class:`core.plugins.cases.CaseTypeDecl`); the core keeps its
rows here. A case lives at a region like every record, so the access layer filters it; its parties
(users and organizations, each with a part) are in their own table; its events are append-only and
are its timeline. Money a case moves is on the ledger (:class:`LedgerEntry`), in integer fen.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import TenantRow, distribution_keys


class Case(TenantRow, table=True):
    """One run of a declared procedure. ``version`` grows by one with every transition: a
    transition that read an older version is refused (exactly one of two concurrent ones wins)."""

    __tablename__ = "case_record"
    __resource__ = "case"
    __table_args__ = (
        sa.Index("ix_case_record_queue", "tenant_id", "case_type", "state"),
        sa.Index("ix_case_record_due", "tenant_id", "due_on"),
        # a region's open cases by due date: a queue's candidates and an office's overdue list
        # read it alone, not the closed cases that pile up over the years (bench/cases.py)
        sa.Index("ix_case_record_open", "region_id", "terminal", "due_on"),
    )

    case_type: str = Field(max_length=64)
    plugin: str = Field(max_length=64)
    state: str = Field(max_length=64)
    version: int = 1
    title: str = Field(default="", max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    parent_id: int | None = Field(default=None, index=True)
    due_on: dt.date | None = Field(default=None, description="the deadline of the current state, if it has one")
    terminal: bool = Field(default=False, description="the current state ends the case")
    opened_by: str = Field(max_length=64)
    closed_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    retain_until: dt.date | None = Field(default=None, description="archive kept until (the case type's retention)")


class CaseParty(SQLModel, table=True):
    """A user or an organization taking part in a case, with a part (applicant, panel member …).

    A party that leaves (an expert who recused) is kept with ``active`` false: the timeline still
    names who they were."""

    __tablename__ = "case_party"
    __table_args__ = (
        sa.Index("ix_case_party_user", "user_id", "case_id"),
        sa.Index("ix_case_party_organization", "organization_id", "case_id"),
        sa.CheckConstraint("(user_id IS NULL) <> (organization_id IS NULL)", name="ck_case_party_one_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    case_id: int = Field(index=True)
    part: str = Field(max_length=64)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    organization_id: int | None = Field(default=None)
    active: bool = True
    added_at: dt.datetime = created_at_field()


class CaseEvent(SQLModel, table=True):
    """One step on a case's timeline: who, when, which action, from which state to which, the form
    filled at that step and the step's data. Append-only: the database refuses changes."""

    __tablename__ = "case_event"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "request_key", name="uq_case_event_request_key"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    case_id: int = Field(index=True)
    version: int = Field(description="the case's version after this step")
    action: str = Field(max_length=64)
    from_state: str | None = Field(default=None, max_length=64)
    to_state: str = Field(max_length=64)
    actor: str = Field(max_length=64)
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    acting_for: int | None = Field(default=None,
                                   description="the organization the actor acted for")
    submission_id: int | None = Field(default=None)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    visible_to: list[str] | None = Field(default=None, sa_type=sa.JSON,
                                         description="the parts that see it (besides its actor); null: every party")
    request_key: str | None = Field(default=None, max_length=100)
    at: dt.datetime = created_at_field()


class LedgerEntry(SQLModel, table=True):
    """Money moved, in integer fen (分), on an append-only ledger. ``entry_key`` makes a payment
    happen once per case (``tranche:1``); ``request_key`` makes a request idempotent."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "entry_key", "tenant_id", name="uq_ledger_entry_case_key"),
        sa.UniqueConstraint("tenant_id", "request_key", name="uq_ledger_entry_request_key"),
        sa.Index("ix_ledger_entry_account", "tenant_id", "account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    case_id: int | None = Field(default=None, index=True)
    event_id: int | None = Field(default=None)
    account: str = Field(max_length=100, description="what the money belongs to, e.g. 'case:12' or 'fund:3'")
    kind: str = Field(max_length=32, description="payment, recovery, surplus_return, donation, grant …")
    amount_fen: int = Field(sa_type=sa.BigInteger, description="signed: money out of the account is negative")
    entry_key: str | None = Field(default=None, max_length=64)
    request_key: str | None = Field(default=None, max_length=100)
    actor: str = Field(max_length=64)
    note: str = Field(default="", max_length=500)
    at: dt.datetime = created_at_field()


class OrganizationMember(SQLModel, table=True):
    """A user who acts for a social organization (a contractor's staff)."""

    __tablename__ = "organization_member"
    __table_args__ = (sa.UniqueConstraint("user_id", "organization_id", "tenant_id", name="uq_organization_member"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    organization_id: int = Field(index=True)
    added_at: dt.datetime = created_at_field()


class Sanction(SQLModel, table=True):
    """A sanction on an organization recorded by a case (a bar from applying until a date, a
    recovery): guards of later cases read it, not what an applicant declares."""

    __tablename__ = "organization_sanction"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    organization_id: int = Field(index=True)
    kind: str = Field(max_length=32, description="e.g. 'bar' (barred from applying), 'recovery', 'notice'")
    starts_on: dt.date
    ends_on: dt.date | None = Field(default=None, description="last day in force; null: no end")
    reason: str = Field(max_length=500)
    source: str = Field(max_length=200, description="the document's clause")
    case_id: int | None = Field(default=None)
    recorded_by: str = Field(max_length=64)
    at: dt.datetime = created_at_field()


class Notification(SQLModel, table=True):
    """One message in a user's in-platform inbox, written with the change that caused it."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_inbox", "user_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")
    case_id: int | None = Field(default=None)
    event_id: int | None = Field(default=None)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=2000)
    read_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: dt.datetime = created_at_field()


class OutboxMessage(SQLModel, table=True):
    """A notification waiting to leave the platform (SMS, WeChat …) through a delivery plugin.
    Written in the transaction of the change, so a rolled-back change sends nothing."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_pending", "delivered_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    notification_id: int = Field()
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: dt.datetime = created_at_field()


class CalendarDay(SQLModel, table=True):
    """A tenant's own change to the statutory working-day calendar: a local day off, or a
    working day that would otherwise be a holiday."""

    __tablename__ = "calendar_day"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    day: dt.date
    working: bool
    label: str = Field(default="", max_length=100)


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(CalendarDay)
distribution_keys(Case, parent_id="case_record")
distribution_keys(CaseEvent, acting_for="social_organization", submission_id="form_submission", case_id="case_record")
distribution_keys(CaseParty, organization_id="social_organization", case_id="case_record")
distribution_keys(LedgerEntry, case_id="case_record", event_id="case_event")
distribution_keys(Notification, case_id="case_record", event_id="case_event")
distribution_keys(OrganizationMember, organization_id="social_organization")
distribution_keys(OutboxMessage, notification_id="notification")
distribution_keys(Sanction, organization_id="social_organization", case_id="case_record")
