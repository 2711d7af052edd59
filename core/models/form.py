"""Form submissions: data validated against the form version it was written for."""

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from core.models.base import enum_column
from core.models.scoped import TenantRow


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
