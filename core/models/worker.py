"""社会工作者: social workers and community workers (社区工作者)."""

import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import enum_column
from core.models.fields import IdNumber, Name, Phone
from core.models.scoped import TenantRow


class CertificateLevel(str, enum.Enum):
    NONE = "none"
    ASSISTANT = "assistant"  # 助理社会工作师
    INTERMEDIATE = "intermediate"  # 社会工作师
    SENIOR = "senior"  # 高级社会工作师


class WorkerPost(str, enum.Enum):
    SOCIAL_WORK_STATION = "social_work_station"  # 街道/乡镇社会工作站: at a street
    SOCIAL_WORK_ROOM = "social_work_room"  # 社区社会工作室: at a community
    SOCIAL_WORK_AGENCY = "social_work_agency"  # employed by a social work agency
    COMMUNITY = "community"  # community staff (社区工作者)
    OTHER = "other"


class SocialWorkerBase(SQLModel):
    name: Name
    certificate_level: CertificateLevel = Field(
        default=CertificateLevel.NONE, sa_type=enum_column(CertificateLevel), index=True
    )
    post: WorkerPost = Field(default=WorkerPost.OTHER, sa_type=enum_column(WorkerPost))
    is_community_worker: bool = Field(default=False, description="社区工作者 (community staff)")
    is_full_time: bool = True
    organization_id: int | None = Field(default=None, foreign_key="social_organization.id")


class SocialWorker(SocialWorkerBase, TenantRow, table=True):
    """The ID number is stored for de-duplication and never returned in full."""

    __tablename__ = "social_worker"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "id_number"),)

    id_number: str = Field(max_length=18)
    phone: str | None = Field(default=None, max_length=20)


class SocialWorkerCreate(SocialWorkerBase):
    region: str = Field(description="path of the region where the worker is posted")
    id_number: IdNumber
    phone: Phone | None = None


class SocialWorkerUpdate(SQLModel):
    name: Name | None = None
    certificate_level: CertificateLevel | None = None
    post: WorkerPost | None = None
    is_community_worker: bool | None = None
    is_full_time: bool | None = None
    organization_id: int | None = None
    region: str | None = None
    id_number: IdNumber | None = None
    phone: Phone | None = None
