"""社会工作者: social workers and community workers (社区工作者)."""

import enum

import sqlalchemy as sa
from pydantic import ValidationInfo, model_validator
from sqlmodel import Field, SQLModel

from core.errors import FieldError
from core.models.base import enum_column
from core.models.dated import Dated, DatedInput, DatedUpdate, dated_index
from core.models.fields import IdNumber, Name, Phone
from core.models.scoped import TenantRow, distribution_keys
from core.models.volunteer import registration_day
from core.validators import age_on, id_number_facts


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
    organization_id: int | None = Field(default=None)


MIN_WORKING_AGE = 16
"""劳动法 第十五条: no one under 16 may be employed, so no social worker is younger."""


class SocialWorker(SocialWorkerBase, TenantRow, Dated, table=True):
    """ID number and phone are stored encrypted, with a blind index and masks (core.personal):
    never in clear, and returned in full only with ``personal_data:read_full``, audited."""

    __tablename__ = "social_worker"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "id_number_hash"), dated_index("social_worker"))

    id_number_encrypted: str = Field(sa_type=sa.Text, description="Fernet ciphertext of the ID number")
    id_number_hash: str = Field(max_length=64, description="blind index: HMAC-SHA256 of tenant and number")
    id_number_masked: str = Field(max_length=18, description="e.g. 110105********002X")
    phone_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    phone_masked: str | None = Field(default=None, max_length=20)
    birth_year: int = Field(description="from the ID number (not the birth date: with the mask, that is the number)")
    sex: str = Field(max_length=6, description="male or female, from the ID number")


class SocialWorkerCreate(SocialWorkerBase, DatedInput):
    region: str = Field(description="path of the region where the worker is posted")
    id_number: IdNumber
    phone: Phone | None = None

    @model_validator(mode="after")
    def _working_age(self, info: ValidationInfo) -> "SocialWorkerCreate":
        day = registration_day(info)
        birth = id_number_facts(self.id_number).birth_date
        if day < birth or age_on(birth, day) < MIN_WORKING_AGE:
            raise FieldError(
                "id_number", f"a social worker is at least {MIN_WORKING_AGE} years old; this ID number says younger"
            )
        return self


class SocialWorkerUpdate(DatedUpdate):
    name: Name | None = None
    certificate_level: CertificateLevel | None = None
    post: WorkerPost | None = None
    is_community_worker: bool | None = None
    is_full_time: bool | None = None
    organization_id: int | None = None
    region: str | None = None
    id_number: IdNumber | None = None
    phone: Phone | None = None


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(SocialWorker, organization_id="social_organization")
