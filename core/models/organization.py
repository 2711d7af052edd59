"""社会组织: social organizations, registered (登记) or filed (备案)."""

import enum

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from core.errors import FieldError
from core.models.base import enum_column
from core.models.dated import Dated, DatedInput, DatedUpdate, dated_index
from core.models.fields import Count, CreditCode, LongName, PastDate
from core.models.scoped import TenantRow, distribution_keys


class OrgType(str, enum.Enum):
    COMMUNITY_SOCIAL_ORGANIZATION = "community_social_organization"  # 社区社会组织
    SOCIAL_WORK_AGENCY = "social_work_agency"  # 社会工作服务机构
    CHARITY_ORGANIZATION = "charity_organization"  # 慈善组织
    COMMUNITY_FOUNDATION = "community_foundation"  # 社区基金会
    VOLUNTEER_ORGANIZATION = "volunteer_organization"  # 志愿服务组织
    HUB_ORGANIZATION = "hub_organization"  # 枢纽型社会组织
    OTHER = "other"


class Registration(str, enum.Enum):
    REGISTERED = "registered"  # 登记: a legal person with a credit code
    FILED = "filed"  # 备案: a community organization filed with the street


class SocialOrganizationBase(SQLModel):
    name: LongName
    org_type: OrgType = Field(sa_type=enum_column(OrgType), index=True)
    registration: Registration = Field(sa_type=enum_column(Registration))
    credit_code: CreditCode | None = Field(default=None, max_length=18)
    grade: int | None = Field(default=None, ge=1, le=5, description="evaluation grade 1A–5A")
    full_time_staff: Count = 0
    has_party_organization: bool = False
    public_fundraising: bool = Field(default=False, description="公开募捐资格")
    charity_focus: bool = Field(default=False, description="社区公益慈善类")
    on_dishonesty_list: bool = Field(default=False, description="严重违法失信名单")
    has_administrative_penalty: bool = False
    established_on: PastDate | None = None


def check_organization(org: SocialOrganizationBase) -> None:
    """Rules across fields; raises :class:`FieldError` naming the field."""
    registered = org.registration is Registration.REGISTERED
    if registered and not org.credit_code:
        raise FieldError("credit_code", "a registered organization must have a unified social credit code")
    if registered and org.credit_code and org.credit_code[0] != "5":
        raise FieldError(
            "credit_code",
            "social organizations are registered with civil affairs, so the code must begin with 5",
        )
    if org.grade is not None and not registered:
        raise FieldError("grade", "only registered organizations are evaluated (1A–5A)")
    if org.public_fundraising and not registered:
        raise FieldError("public_fundraising", "only registered organizations can hold the qualification")


class SocialOrganization(SocialOrganizationBase, TenantRow, Dated, table=True):
    __tablename__ = "social_organization"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "credit_code"), dated_index("social_organization"))


class SocialOrganizationCreate(SocialOrganizationBase, DatedInput):
    STATED_FIELD = "established_on"

    region: str = Field(description="path of the region the organization is based in")

    @model_validator(mode="after")
    def _rules(self) -> "SocialOrganizationCreate":
        check_organization(self)
        return self


class SocialOrganizationUpdate(DatedUpdate):
    name: LongName | None = None
    org_type: OrgType | None = None
    registration: Registration | None = None
    credit_code: CreditCode | None = None
    grade: int | None = Field(default=None, ge=1, le=5)
    full_time_staff: Count | None = None
    has_party_organization: bool | None = None
    public_fundraising: bool | None = None
    charity_focus: bool | None = None
    on_dishonesty_list: bool | None = None
    has_administrative_penalty: bool | None = None
    established_on: PastDate | None = None
    region: str | None = None


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(SocialOrganization)
