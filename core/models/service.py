"""Service activities (场次, 人次) and the volunteer service-hours ledger (志愿服务记录)."""

from typing import Annotated

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from core.models.fields import ONE_LINE, Count, LongName, PastDate, line
from core.models.scoped import TenantRow

MAX_MINUTES = 24 * 60
"""No one serves more than a day in one entry."""

MAX_SESSIONS = 10_000
"""The most 场次 one activity row may record: a month's report for one community is far below it."""

Sessions = Annotated[int, PydanticField(ge=1, le=MAX_SESSIONS)]

Category = Annotated[str, line(40), ONE_LINE]
RequestKey = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=64)]


class ActivityBase(SQLModel):
    title: LongName
    held_on: PastDate = Field(index=True)
    category: Category | None = Field(default=None, description="e.g. 关爱老年人服务类, 志愿服务类")
    organization_id: int | None = Field(default=None, foreign_key="social_organization.id")
    person_times: Count = Field(default=0, description="people served (服务人次)")
    sessions: Sessions = Field(default=1, description="场次 recorded by this row (1 for one activity; a "
                               "monthly report records a month's sessions in one row)")


class Activity(ActivityBase, TenantRow, table=True):
    """One service activity held (一场次) in a community or street, with the people it served; or,
    recorded by a case step (``case_id``), the sessions a report gives for a community."""

    __table_args__ = (sa.CheckConstraint("sessions >= 1", name="ck_activity_sessions_positive"),)

    case_id: int | None = Field(default=None, foreign_key="case_record.id", index=True,
                                description="the case whose step recorded it (a monthly report), if any")


class ActivityCreate(ActivityBase):
    region: str = Field(description="path of the community or street where it was held")


class ActivityUpdate(SQLModel):
    title: LongName | None = None
    held_on: PastDate | None = None
    category: Category | None = None
    organization_id: int | None = None
    person_times: Count | None = None
    sessions: Sessions | None = None
    region: str | None = None


class ServiceRecordBase(SQLModel):
    volunteer_id: int = Field(foreign_key="volunteer.id")
    activity_id: int | None = Field(default=None, foreign_key="activity.id", index=True)
    served_on: PastDate
    minutes: int = Field(gt=0, le=MAX_MINUTES, description="service time in minutes")
    description: str | None = Field(default=None, max_length=500)


class ServiceRecord(ServiceRecordBase, TenantRow, table=True):
    """An entry of the volunteer-hours ledger: appended, never edited. It sits at the volunteer's
    community (where their file is kept); ``request_key`` makes a retried entry a no-op."""

    __tablename__ = "service_record"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "request_key"),
        sa.Index("ix_service_record_volunteer_day", "volunteer_id", "served_on"),
    )

    request_key: str | None = Field(default=None, max_length=64)


class ServiceRecordCreate(ServiceRecordBase):
    request_key: RequestKey | None = PydanticField(
        default=None, description="a key of the client's choosing; the same key twice records once"
    )
