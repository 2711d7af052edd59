"""社区志愿者: real-name registered volunteers and their teams (志愿服务队)."""

import datetime as dt

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from core.errors import FieldError
from core.models.fields import IdNumber, LongName, Name, Phone
from core.models.scoped import TenantRow


class VolunteerTeamBase(SQLModel):
    name: LongName
    organization_id: int | None = Field(default=None, foreign_key="social_organization.id")
    established_on: dt.date | None = None


class VolunteerTeam(VolunteerTeamBase, TenantRow, table=True):
    __tablename__ = "volunteer_team"


class VolunteerTeamCreate(VolunteerTeamBase):
    region: str = Field(description="path of the community or street the team serves")


class VolunteerTeamUpdate(SQLModel):
    name: LongName | None = None
    organization_id: int | None = None
    established_on: dt.date | None = None
    region: str | None = None


class VolunteerBase(SQLModel):
    name: Name
    real_name_registered: bool = Field(default=False, description="实名注册")
    registered_on: dt.date | None = None
    team_id: int | None = Field(default=None, foreign_key="volunteer_team.id", index=True)


class Volunteer(VolunteerBase, TenantRow, table=True):
    """A volunteer lives in (and is counted at) a community. ID numbers are never returned in full."""

    __table_args__ = (sa.UniqueConstraint("tenant_id", "id_number"),)

    id_number: str | None = Field(default=None, max_length=18)
    phone: str | None = Field(default=None, max_length=20)


class VolunteerCreate(VolunteerBase):
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


class VolunteerUpdate(SQLModel):
    name: Name | None = None
    real_name_registered: bool | None = None
    registered_on: dt.date | None = None
    team_id: int | None = None
    region: str | None = None
    id_number: IdNumber | None = None
    phone: Phone | None = None
