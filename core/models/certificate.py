"""Certificates of service (志愿服务证明) and spot checks (抽查) of the volunteer-hours ledger."""

import datetime as dt
import enum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field, enum_column
from core.models.scoped import TenantRow, distribution_keys


class ServiceCertificate(TenantRow, table=True):
    """A certificate of service as issued: what it said, kept so that a verification by number
    answers from the record (never recomputed). The identity is kept only masked; it sits at the
    volunteer's community of the day it was issued."""

    __tablename__ = "service_certificate"
    __resource__: ClassVar[str] = "service_record"  # read, issued and inspected as the entries are

    number: str = Field(max_length=32, unique=True, description="unique on the platform, hard to guess")
    volunteer_id: int = Field(index=True)
    period_from: dt.date
    period_to: dt.date
    minutes: int = Field(ge=0, description="the effective minutes in the period at the issuer's activities")
    entries: int = Field(ge=0, description="the entries those minutes come from")
    content: str = Field(max_length=1000, description="the activities served, as the certificate names them")
    name_masked: str = Field(max_length=100, description="the volunteer's name, masked (王*)")
    id_number_masked: str | None = Field(default=None, max_length=18)
    issuer: str = Field(max_length=200, description="the organization or office that issued it")
    issued_by: str = Field(max_length=64, description="the username who issued it")
    issued_on: dt.date


class SpotCheck(TenantRow, table=True):
    """A spot check (抽查) of the ledger and its certificates in the subtree of ``region_id``, on a
    random sample drawn when it was opened."""

    __tablename__ = "service_spot_check"
    __resource__: ClassVar[str] = "service_record"  # opened and listed with service_record:inspect

    opened_by: str = Field(max_length=64)
    opened_on: dt.date
    note: str | None = Field(default=None, max_length=500)


class Finding(str, enum.Enum):
    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not_confirmed"


class SpotCheckItem(SQLModel, table=True):
    """One sampled entry or certificate of a spot check, and the finding on it once recorded
    (recorded once: a finding is kept as it was given)."""

    __tablename__ = "service_spot_check_item"
    __table_args__ = (
        sa.CheckConstraint("(service_record_id IS NULL) <> (certificate_id IS NULL)", name="ck_spot_item_one_target"),
        sa.CheckConstraint("finding IS NULL OR finding = 'confirmed' OR reason IS NOT NULL",
                           name="ck_spot_item_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    spot_check_id: int = Field(index=True)
    service_record_id: int | None = Field(default=None)
    certificate_id: int | None = Field(default=None)
    finding: Finding | None = Field(default=None, sa_type=enum_column(Finding))
    reason: str | None = Field(default=None, max_length=500, description="why it was not confirmed (or a remark)")
    checked_by: str | None = Field(default=None, max_length=64)
    checked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    added_at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(ServiceCertificate, volunteer_id="volunteer")
distribution_keys(SpotCheck)
distribution_keys(SpotCheckItem, service_record_id="service_record", certificate_id="service_certificate", spot_check_id="service_spot_check")
