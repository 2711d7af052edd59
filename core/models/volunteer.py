"""社区志愿者: real-name registered volunteers and their teams (志愿服务队)."""

import datetime as dt
from typing import Annotated

import sqlalchemy as sa
from pydantic import ValidationInfo, model_validator
from sqlmodel import Field, SQLModel

from core import clock
from core.errors import FieldError
from core.models.dated import Dated, DatedInput, DatedUpdate, dated_index
from core.models.fields import ONE_LINE, IdNumber, LongName, Name, PastDate, Phone, line
from core.models.scoped import TenantRow, distribution_keys
from core.validators import age_on, id_number_facts

CONSENT_AGE = 14
"""个人信息保护法 第三十一条: the personal data of a child under 14 needs a guardian's consent."""

REGISTRATION_DAY = "registration_day"
"""Validation context: the day the record was entered (its creation day on an update; today otherwise)."""

Relation = Annotated[str, line(20), ONE_LINE]


def registration_day(info: ValidationInfo) -> dt.date:
    """The day the record is (or was) entered: fixed for an existing record, so that no update can
    probe the birth date behind a masked ID number by moving a date and watching the answer."""
    day = (info.context or {}).get(REGISTRATION_DAY)
    return day if isinstance(day, dt.date) else clock.today()


class VolunteerTeamBase(SQLModel):
    name: LongName
    organization_id: int | None = Field(default=None)
    established_on: PastDate | None = None


class VolunteerTeam(VolunteerTeamBase, TenantRow, Dated, table=True):
    __tablename__ = "volunteer_team"
    __table_args__ = (dated_index("volunteer_team"),)


class VolunteerTeamCreate(VolunteerTeamBase, DatedInput):
    STATED_FIELD = "established_on"

    region: str = Field(description="path of the community or street the team serves")


class VolunteerTeamUpdate(DatedUpdate):
    name: LongName | None = None
    organization_id: int | None = None
    established_on: PastDate | None = None
    region: str | None = None


class VolunteerBase(SQLModel):
    name: Name
    real_name_registered: bool = Field(default=False, description="实名注册")
    registered_on: PastDate | None = None
    team_id: int | None = Field(default=None, index=True)
    guardian_name: Name | None = Field(default=None, description="监护人: needed for a volunteer under 14")
    guardian_relation: Relation | None = Field(default=None, description="e.g. 父亲, 母亲, 祖母")
    guardian_consent_on: PastDate | None = Field(
        default=None, description="the day the guardian consented to the registration (under-14s only)"
    )


class Volunteer(VolunteerBase, TenantRow, Dated, table=True):
    """A volunteer lives in (and is counted at) a community. ID number and phone are stored
    encrypted, with a blind index and masks (core.personal): never in clear, and returned in full
    only with ``personal_data:read_full``, audited."""

    __table_args__ = (sa.UniqueConstraint("tenant_id", "id_number_hash"), dated_index("volunteer"))

    id_number_encrypted: str | None = Field(default=None, sa_type=sa.Text, description="Fernet ciphertext")
    id_number_hash: str | None = Field(default=None, max_length=64, description="blind index: HMAC-SHA256")
    id_number_masked: str | None = Field(default=None, max_length=18, description="e.g. 110105********002X")
    phone_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    phone_masked: str | None = Field(default=None, max_length=20)
    birth_year: int | None = Field(default=None, description="from the ID number (not the birth date: with the mask, that is the number)")
    sex: str | None = Field(default=None, max_length=6, description="male or female, from the ID number")


class VolunteerCreate(VolunteerBase, DatedInput):
    STATED_FIELD = "registered_on"

    region: str = Field(description="path of the volunteer's community")
    id_number: IdNumber | None = None
    phone: Phone | None = None

    @model_validator(mode="after")
    def _real_name(self) -> "VolunteerCreate":
        if self.real_name_registered and not self.id_number:
            raise FieldError("id_number", "real-name registration (实名注册) needs the ID number")
        if self.real_name_registered and self.registered_on is None:
            raise FieldError("registered_on", "real-name registration needs its date")
        return self

    @model_validator(mode="after")
    def _guardian(self, info: ValidationInfo) -> "VolunteerCreate":
        """A child under 14 on the day the record is entered needs a guardian's recorded consent."""
        if not self.id_number:
            return self
        day = registration_day(info)
        birth = id_number_facts(self.id_number).birth_date
        if self.registered_on is not None and self.registered_on < birth and REGISTRATION_DAY not in (info.context or {}):
            # said only to whoever typed the number in (a new record): on an update the number may
            # be one the caller sees masked, and moving the date would find its birth date
            raise FieldError("registered_on", "is before the birth date in the ID number")
        if day >= birth and age_on(birth, day) >= CONSENT_AGE:
            return self
        needed = f"a volunteer under {CONSENT_AGE} needs a guardian's consent"
        if self.guardian_consent_on is None:
            raise FieldError("guardian_consent_on", f"{needed}: give its date, the guardian's name and relation")
        if not self.guardian_name:
            raise FieldError("guardian_name", f"{needed}: give the guardian's name")
        if not self.guardian_relation:
            raise FieldError("guardian_relation", f"{needed}: give the guardian's relation (e.g. 母亲)")
        return self


class VolunteerUpdate(DatedUpdate):
    name: Name | None = None
    real_name_registered: bool | None = None
    registered_on: PastDate | None = None
    team_id: int | None = None
    region: str | None = None
    id_number: IdNumber | None = None
    phone: Phone | None = None
    guardian_name: Name | None = None
    guardian_relation: Relation | None = None
    guardian_consent_on: PastDate | None = None


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(Volunteer, team_id="volunteer_team")
distribution_keys(VolunteerTeam, organization_id="social_organization")
