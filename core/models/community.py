"""社区: the profile of one community (the platform the other four elements work on)."""

import enum

from sqlmodel import Field, SQLModel

from core.models.base import enum_column
from core.models.fields import PastDate
from core.models.scoped import TenantRow


class Demonstration(str, enum.Enum):
    NONE = "none"
    CREATION_POINT = "creation_point"  # 创建点
    DEMONSTRATION_SITE = "demonstration_site"  # 示范点


class CommunityProfileBase(SQLModel):
    has_social_work_room: bool = Field(default=False, description="社会工作室")
    has_volunteer_station: bool = Field(default=False, description="志愿服务站点")
    has_party_service_center: bool = Field(default=False, description="党群服务中心")
    has_elderly_station: bool = Field(default=False, description="养老服务站")
    demonstration: Demonstration = Field(
        default=Demonstration.NONE, sa_type=enum_column(Demonstration)
    )
    demonstration_since: PastDate | None = None


class CommunityProfile(CommunityProfileBase, TenantRow, table=True):
    """One per community region (``region_id`` is unique)."""

    __tablename__ = "community_profile"

    region_id: int = Field(foreign_key="region.id", unique=True)


class CommunityProfileUpdate(SQLModel):
    has_social_work_room: bool | None = None
    has_volunteer_station: bool | None = None
    has_party_service_center: bool | None = None
    has_elderly_station: bool | None = None
    demonstration: Demonstration | None = None
    demonstration_since: PastDate | None = None
