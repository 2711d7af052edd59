"""Form submissions: data validated against the form version it was written for."""

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import enum_column
from core.models.scoped import TenantRow, distribution_keys


class SubmissionStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class FormSubmission(TenantRow, table=True):
    """One filled-in form at a region. ``form_version`` keeps the schema it was validated against."""

    __tablename__ = "form_submission"
    __resource__ = "form"

    form_key: str = Field(max_length=64, index=True)
    form_version: int
    plugin: str = Field(max_length=64)
    data: dict[str, Any] = Field(sa_type=sa.JSON)
    status: SubmissionStatus = Field(default=SubmissionStatus.SUBMITTED, sa_type=enum_column(SubmissionStatus))
    submitted_by: str = Field(max_length=64)
    submitted_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    case_id: int | None = Field(default=None, index=True,
                                description="the case this form was filled at a step of")


class FormSubmissionValue(SQLModel, table=True):
    """One personal field of a submission (an ID number, a phone), encrypted: the submission's
    ``data`` holds only its mask. ``path`` is where it sits in the data (``guardian.phone``,
    ``contacts.0.phone``); the value is the JSON of what was submitted, so a draft's number
    comes back as the number it was."""

    __tablename__ = "form_submission_value"
    __table_args__ = (sa.UniqueConstraint("submission_id", "path", "tenant_id", name="uq_form_submission_value_path"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    submission_id: int = Field(index=True)
    path: str = Field(max_length=300)
    kind: str = Field(max_length=16, description="id_number or phone: which mask the data shows")
    encrypted: str = Field(sa_type=sa.Text, description="Fernet ciphertext, as core.personal writes it")


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(FormSubmission, case_id="case_record")
distribution_keys(FormSubmissionValue, submission_id="form_submission")
