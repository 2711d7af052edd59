"""Service activities (场次, 人次) and the volunteer service-hours ledger (志愿服务记录)."""

import datetime as dt
from typing import Annotated, ClassVar

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import StringConstraints, model_validator
from sqlmodel import Field, SQLModel

from core.errors import FieldError
from core.models.fields import ONE_LINE, Count, LongName, PastDate, line
from core.models.scoped import TenantRow, distribution_keys

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
    organization_id: int | None = Field(default=None)
    person_times: Count = Field(default=0, description="people served (服务人次)")
    sessions: Sessions = Field(default=1, description="场次 recorded by this row (1 for one activity; a "
                               "monthly report records a month's sessions in one row)")


class Activity(ActivityBase, TenantRow, table=True):
    """One service activity held (一场次) in a community or street, with the people it served; or,
    recorded by a case step (``case_id``), the sessions a report gives for a community."""

    __table_args__ = (sa.CheckConstraint("sessions >= 1", name="ck_activity_sessions_positive"),)

    case_id: int | None = Field(default=None, index=True,
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
    volunteer_id: int = Field()
    activity_id: int | None = Field(default=None, index=True)
    served_on: PastDate
    minutes: int = Field(gt=0, le=MAX_MINUTES, description="service time in minutes")
    description: str | None = Field(default=None, max_length=500)


class ServiceRecord(ServiceRecordBase, TenantRow, table=True):
    """An entry of the volunteer-hours ledger: appended, never edited or deleted (a trigger refuses
    both). ``region_id`` is the community where it was recorded (the volunteer's, then); it is listed
    and counted where the volunteer lives now (``PLACED_BY``). A correction is a new entry naming the
    one it corrects (``corrects_id``), which then stops counting; ``request_key`` makes a retried
    entry a no-op."""

    __tablename__ = "service_record"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "request_key"),
        sa.UniqueConstraint("corrects_id", "tenant_id", name="uq_service_record_corrects_id"),
        sa.Index("ix_service_record_volunteer_day", "volunteer_id", "served_on"),
        sa.CheckConstraint("start_minute IS NULL OR (start_minute >= 0 AND start_minute + minutes <= 1440)",
                           name="ck_service_record_within_day"),
    )
    PLACED_BY: ClassVar[str] = "volunteer_id"
    """Read where the volunteer's file is kept now: the join :func:`core.access.grants.visible` makes."""

    start_minute: int | None = Field(default=None, description="minutes after midnight the service began; "
                                     "null only for entries recorded before times were kept")
    corrects_id: int | None = Field(default=None,
                                    description="the entry this one corrects (which no longer counts)")
    reason: str | None = Field(default=None, max_length=500, description="why a correction was made")
    recorded_by: str | None = Field(default=None, max_length=64, description="the username who recorded it")
    request_key: str | None = Field(default=None, max_length=64)

    @property
    def starts_at(self) -> dt.time | None:
        """``start_minute`` as the time of day the input gave."""
        return None if self.start_minute is None else dt.time(self.start_minute // 60, self.start_minute % 60)


def minute_of(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


class ServiceTime(SQLModel):
    """What an entry says about the service: where, which day, from when, how long."""

    activity_id: int = Field(description="the activity served at: its organizer records (谁组织谁记录)")
    served_on: PastDate
    starts_at: dt.time = Field(description="when the service began, on servedOn (hh:mm, local time); "
                               "it ends minutes later, on the same day")
    minutes: int = Field(gt=0, le=MAX_MINUTES, description="service time in minutes")
    description: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _within_the_day(self) -> "ServiceTime":
        if minute_of(self.starts_at) + self.minutes > MAX_MINUTES:
            raise FieldError("minutes", f"runs past midnight from {self.starts_at.strftime('%H:%M')}: "
                             "record the hours after midnight as an entry of the next day")
        return self


class ServiceRecordCreate(ServiceTime):
    volunteer_id: int = Field(description="the volunteer who served")
    request_key: RequestKey | None = PydanticField(
        default=None, description="a key of the client's choosing; the same key twice records once"
    )


class ServiceRecordCorrection(ServiceTime):
    """The entry as it should have been, for the same volunteer; the corrected entry is kept."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] = Field(
        description="why the entry is corrected")


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(Activity, organization_id="social_organization", case_id="case_record")
distribution_keys(ServiceRecord, volunteer_id="volunteer", activity_id="activity", corrects_id="service_record")
