"""The time bank (时间银行) and points (积分): a volunteer's account per programme, and its ledger.

An account's ``balance`` is the sum of its entries, kept on the account row so that a withdrawal can
be checked and made in one conditional UPDATE (``… WHERE balance >= :n``), in the transaction that
appends the entry. The entries are append-only (:data:`core.db.roles.APPEND_ONLY_TABLES`, with the
triggers of the revision that made them): a mistake is put right by a new entry, never by an edit.
"""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field
from core.models.scoped import distribution_keys


class CreditKind(enum.StrEnum):
    DEPOSIT = "deposit"
    """minutes of a service record put into the time bank"""
    EARN = "earn"
    """points earned by a service record, at the programme's rate"""
    AWARD = "award"
    """points awarded, with a reason"""
    WITHDRAW = "withdraw"
    """minutes taken out of the time bank for a service received"""
    EXCHANGE = "exchange"
    """points exchanged (兑换) for goods or services"""
    CONVERT_OUT = "convert_out"
    """credits taken out of one programme to be recognised in another"""
    CONVERT_IN = "convert_in"
    """credits recognised from another programme"""


class CreditAccount(SQLModel, table=True):
    """A volunteer's account in one programme (``time_bank`` in minutes, a points programme in points).
    It has no region of its own: it is read where the volunteer's record is (their community, wherever
    they move). The balance never goes below zero."""

    __tablename__ = "credit_account"
    __table_args__ = (
        sa.UniqueConstraint("volunteer_id", "programme", "tenant_id", name="uq_credit_account_programme"),
        sa.CheckConstraint("balance >= 0", name="ck_credit_account_balance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    volunteer_id: int = Field(index=True)
    programme: str = Field(max_length=40)
    balance: int = Field(default=0, sa_type=sa.BigInteger, description="minutes or points")
    opened_at: dt.datetime = created_at_field()


class CreditEntry(SQLModel, table=True):
    """One movement on an account: signed (out of the account is negative), with the balance after it.

    ``entry_key`` makes an entry happen once per account (``record:12``: one deposit per service
    record); ``request_key`` makes a request happen once (the same key again returns its first
    effect; ``request_digest`` tells a retry from a different request under the same key). A
    conversion writes two entries under one request key, the second pointing at the first (``pair_id``)."""

    __tablename__ = "credit_entry"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "entry_key", "tenant_id", name="uq_credit_entry_account_key"),
        sa.UniqueConstraint("tenant_id", "request_key", "account_id", name="uq_credit_entry_request_key"),
        sa.CheckConstraint("amount <> 0", name="ck_credit_entry_amount"),
        sa.CheckConstraint("balance_after >= 0", name="ck_credit_entry_balance_after"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    account_id: int = Field(index=True)
    programme: str = Field(max_length=40, description="the account's programme, as it reads on the entry")
    kind: CreditKind = Field(sa_type=sa.String(16))
    amount: int = Field(sa_type=sa.BigInteger, description="minutes or points; negative out of the account")
    balance_after: int = Field(sa_type=sa.BigInteger)
    service_record_id: int | None = Field(default=None, index=True)
    pair_id: int | None = Field(default=None,
                                description="a conversion's other entry (the one out of the source)")
    entry_key: str | None = Field(default=None, max_length=64)
    request_key: str = Field(max_length=64)
    request_digest: str = Field(max_length=64, description="SHA-256 of what the request asked")
    recipient: str | None = Field(default=None, max_length=50,
                                  description="who received the service (a withdrawal): the volunteer, or a resident they named")
    description: str | None = Field(default=None, max_length=500,
                                    description="what was received or exchanged, or why points were awarded")
    actor: str = Field(max_length=64, description="the user who recorded it")
    at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(CreditAccount, volunteer_id="volunteer")
distribution_keys(CreditEntry, account_id="credit_account", pair_id="credit_entry", service_record_id="service_record")
