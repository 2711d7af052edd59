"""社区: the profile of one community (the platform the other four elements work on)."""

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core import clock
from core.models.base import enum_column
from core.models.fields import PastDate
from core.models.scoped import TenantRow, distribution_keys


class Demonstration(str, enum.Enum):
    NONE = "none"
    CREATION_POINT = "creation_point"  # 创建点
    DEMONSTRATION_SITE = "demonstration_site"  # 示范点


FACILITY_SINCE = {
    "has_volunteer_station": "volunteer_station_since",
    "has_social_work_room": "social_work_room_since",
}
"""Each counted facility's flag and the column of the day it began (the demonstration's is
``demonstration_since``): the as-of counts (:mod:`core.indicators.history`) count a facility on
the days from its ``since`` on."""


def _since_default(flag: str) -> Any:
    """The column default of a facility's ``since``: today when a row is inserted with the flag set
    and no day, so that every facility has one; null without the facility."""

    def default(context: Any) -> dt.date | None:
        return clock.today() if context.get_current_parameters().get(flag) else None

    return default


class CommunityProfileBase(SQLModel):
    has_social_work_room: bool = Field(default=False, description="社会工作室")
    has_volunteer_station: bool = Field(default=False, description="志愿服务站点")
    has_party_service_center: bool = Field(default=False, description="党群服务中心")
    has_elderly_station: bool = Field(default=False, description="养老服务站")
    demonstration: Demonstration = Field(
        default=Demonstration.NONE, sa_type=enum_column(Demonstration)
    )
    demonstration_since: PastDate | None = None
    volunteer_station_since: PastDate | None = Field(
        default=None, description="the day the volunteer station opened (set: today when the station is recorded without it)",
        sa_column_kwargs={"default": _since_default("has_volunteer_station")})
    social_work_room_since: PastDate | None = Field(
        default=None, description="the day the social work room opened (set: today when the room is recorded without it)",
        sa_column_kwargs={"default": _since_default("has_social_work_room")})


class CommunityProfile(CommunityProfileBase, TenantRow, table=True):
    """One per community region (``region_id`` is unique)."""

    __tablename__ = "community_profile"
    __table_args__ = (sa.UniqueConstraint("region_id", "tenant_id", name="uq_community_profile_region"),)

    region_id: int = Field(foreign_key="region.id")


class CommunityProfileUpdate(SQLModel):
    has_social_work_room: bool | None = None
    has_volunteer_station: bool | None = None
    has_party_service_center: bool | None = None
    has_elderly_station: bool | None = None
    demonstration: Demonstration | None = None
    demonstration_since: PastDate | None = None
    volunteer_station_since: PastDate | None = None
    social_work_room_since: PastDate | None = None


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(CommunityProfile)
