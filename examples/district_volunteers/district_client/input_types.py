from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    CertificateLevel,
    CommunityKind,
    Demonstration,
    DonationForm,
    DonorKind,
    Finding,
    OrgType,
    ProjectStatus,
    Registration,
    ResourceKind,
    WorkerPost,
)


class ActivityFilter(BaseModel):
    held_from: Optional[Any] = Field(alias="heldFrom", default=None)
    held_to: Optional[Any] = Field(alias="heldTo", default=None)
    category: Optional[str] = None
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    title_contains: Optional[str] = Field(alias="titleContains", default=None)


class ActivityInput(BaseModel):
    title: str
    held_on: Any = Field(alias="heldOn")
    category: Optional[str] = None
    "e.g. 关爱老年人服务类, 志愿服务类"
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    person_times: int = Field(alias="personTimes", default=0)
    "people served (服务人次)"
    sessions: int = 1
    "场次 recorded by this row (1 for one activity; a monthly report records a month's sessions in one row)"
    region: str
    "path of the community or street where it was held"


class ActivityPatch(BaseModel):
    title: Optional[str] = None
    held_on: Optional[Any] = Field(alias="heldOn", default=None)
    category: Optional[str] = None
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    person_times: Optional[int] = Field(alias="personTimes", default=None)
    sessions: Optional[int] = None
    region: Optional[str] = None


class CommunityFundInput(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    "the first day the record counts; left out: its stated day, or today"
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    "the day the record ended (no longer counts from that day); null while it lasts"
    name: str
    host_organization_id: str = Field(alias="hostOrganizationId")
    "the public-fundraising charity that hosts the fund as a special fund"
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: str
    "path of the street or community the fund serves"


class CommunityFundPatch(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    name: Optional[str] = None
    host_organization_id: Optional[str] = Field(
        alias="hostOrganizationId", default=None
    )
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: Optional[str] = None


class CommunityProfilePatch(BaseModel):
    has_social_work_room: Optional[bool] = Field(
        alias="hasSocialWorkRoom", default=None
    )
    has_volunteer_station: Optional[bool] = Field(
        alias="hasVolunteerStation", default=None
    )
    has_party_service_center: Optional[bool] = Field(
        alias="hasPartyServiceCenter", default=None
    )
    has_elderly_station: Optional[bool] = Field(alias="hasElderlyStation", default=None)
    demonstration: Optional[Demonstration] = None
    demonstration_since: Optional[Any] = Field(alias="demonstrationSince", default=None)
    volunteer_station_since: Optional[Any] = Field(
        alias="volunteerStationSince", default=None
    )
    social_work_room_since: Optional[Any] = Field(
        alias="socialWorkRoomSince", default=None
    )


class DemandInput(BaseModel):
    region: str
    "the resident's community"
    group: str
    "服务对象"
    domain: str
    "需求领域"
    description: str
    people: int = 1
    resident_name: Optional[str] = Field(alias="residentName", default=None)
    phone: Optional[str] = None
    reported_on: Optional[Any] = Field(alias="reportedOn", default=None)
    "default: today"


class DonationFilter(BaseModel):
    fund_id: Optional[str] = Field(alias="fundId", default=None)
    form: Optional[DonationForm] = None
    donor_kind: Optional[DonorKind] = Field(alias="donorKind", default=None)
    donated_from: Optional[Any] = Field(alias="donatedFrom", default=None)
    donated_to: Optional[Any] = Field(alias="donatedTo", default=None)


class DonationInput(BaseModel):
    fund_id: Optional[str] = Field(alias="fundId", default=None)
    donor_name: str = Field(alias="donorName")
    donor_kind: DonorKind = Field(alias="donorKind")
    form: DonationForm
    amount_fen: Any = Field(alias="amountFen", default=0)
    in_kind_description: Optional[str] = Field(alias="inKindDescription", default=None)
    in_kind_value_fen: Optional[Any] = Field(alias="inKindValueFen", default=None)
    donated_on: Any = Field(alias="donatedOn")
    region: str
    "path of the region that receives the donation"


class FindingInput(BaseModel):
    """The finding on one sampled item: confirmed, or not confirmed with the reason"""

    finding: Finding
    reason: Optional[str] = None


class FundGrantInput(BaseModel):
    """A grant from a fund; name exactly one recipient."""

    fund_id: str = Field(alias="fundId")
    case_id: Optional[str] = Field(alias="caseId", default=None)
    "the case that receives the grant"
    project_id: Optional[str] = Field(alias="projectId", default=None)
    "or the project of the project list (项目清单) that receives it"
    amount_fen: Any = Field(alias="amountFen")
    purpose: str
    request_key: str = Field(alias="requestKey")
    "the same key again makes no second grant"


class OrganizationFilter(BaseModel):
    org_type: Optional[OrgType] = Field(alias="orgType", default=None)
    registration: Optional[Registration] = None
    min_grade: Optional[int] = Field(alias="minGrade", default=None)
    "at least this grade, 1–5"
    on_dishonesty_list: Optional[bool] = Field(alias="onDishonestyList", default=None)
    name_contains: Optional[str] = Field(alias="nameContains", default=None)


class RegionFactsInput(BaseModel):
    """The facts of a region to change; those left out stay as they are, null clears one."""

    name: Optional[str] = None
    division_code: Optional[str] = Field(alias="divisionCode", default=None)
    "GB/T 2260 行政区划代码"
    kind: Optional[CommunityKind] = None
    "communities only"
    resident_population: Optional[int] = Field(alias="residentPopulation", default=None)
    "常住人口"
    urban_population: Optional[int] = Field(alias="urbanPopulation", default=None)
    "城镇人口, at most the resident population"
    population_year: Optional[int] = Field(alias="populationYear", default=None)
    "the census or statistics year of the populations (七普: 2020), 1950 to this year; required with a population change once a year is stored"
    attributes: Optional[Any] = None
    "declared attributes to set, e.g. {creation_point: true}; a key with null removes it"


class ServiceCertificateInput(BaseModel):
    """A certificate of service for a volunteer over a period"""

    volunteer_id: str = Field(alias="volunteerId")
    period_from: Any = Field(alias="periodFrom")
    period_to: Any = Field(alias="periodTo")


class ServiceProjectInput(BaseModel):
    region: str
    name: str
    domain: str
    capacity: int
    demand_ids: list[str] = Field(alias="demandIds", default_factory=lambda: [])
    resource_ids: list[str] = Field(alias="resourceIds", default_factory=lambda: [])
    status: ProjectStatus = ProjectStatus.PLANNED


class ServiceRecordCorrectionInput(BaseModel):
    """The entry as it should have been, for the same volunteer; the corrected entry is kept."""

    activity_id: str = Field(alias="activityId")
    "the activity served at: its organizer records (谁组织谁记录)"
    served_on: Any = Field(alias="servedOn")
    starts_at: Any = Field(alias="startsAt")
    "when the service began, on servedOn (hh:mm, local time); it ends minutes later, on the same day"
    minutes: int
    "service time in minutes"
    description: Optional[str] = None
    reason: str
    "why the entry is corrected"


class ServiceRecordFilter(BaseModel):
    volunteer_id: Optional[str] = Field(alias="volunteerId", default=None)
    activity_id: Optional[str] = Field(alias="activityId", default=None)
    served_from: Optional[Any] = Field(alias="servedFrom", default=None)
    served_to: Optional[Any] = Field(alias="servedTo", default=None)
    counting: Optional[bool] = None
    "true: only the entries that count (not corrected); false: only the corrected ones"


class ServiceRecordInput(BaseModel):
    activity_id: str = Field(alias="activityId")
    "the activity served at: its organizer records (谁组织谁记录)"
    served_on: Any = Field(alias="servedOn")
    starts_at: Any = Field(alias="startsAt")
    "when the service began, on servedOn (hh:mm, local time); it ends minutes later, on the same day"
    minutes: int
    "service time in minutes"
    description: Optional[str] = None
    volunteer_id: str = Field(alias="volunteerId")
    "the volunteer who served"
    request_key: Optional[str] = Field(alias="requestKey", default=None)
    "a key of the client's choosing; the same key twice records once"


class ServiceResourceInput(BaseModel):
    region: str
    kind: ResourceKind
    name: str
    domains: list[str]
    capacity: int
    description: Optional[str] = None
    available_from: Optional[Any] = Field(alias="availableFrom", default=None)
    available_to: Optional[Any] = Field(alias="availableTo", default=None)
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    volunteer_id: Optional[str] = Field(alias="volunteerId", default=None)
    fund_id: Optional[str] = Field(alias="fundId", default=None)


class SocialOrganizationInput(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    "the first day the record counts; left out: its stated day, or today"
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    "the day the record ended (no longer counts from that day); null while it lasts"
    name: str
    org_type: OrgType = Field(alias="orgType")
    registration: Registration
    credit_code: Optional[str] = Field(alias="creditCode", default=None)
    grade: Optional[int] = None
    "evaluation grade 1A–5A"
    full_time_staff: int = Field(alias="fullTimeStaff", default=0)
    has_party_organization: bool = Field(alias="hasPartyOrganization", default=False)
    public_fundraising: bool = Field(alias="publicFundraising", default=False)
    "公开募捐资格"
    charity_focus: bool = Field(alias="charityFocus", default=False)
    "社区公益慈善类"
    on_dishonesty_list: bool = Field(alias="onDishonestyList", default=False)
    "严重违法失信名单"
    has_administrative_penalty: bool = Field(
        alias="hasAdministrativePenalty", default=False
    )
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: str
    "path of the region the organization is based in"


class SocialOrganizationPatch(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    name: Optional[str] = None
    org_type: Optional[OrgType] = Field(alias="orgType", default=None)
    registration: Optional[Registration] = None
    credit_code: Optional[str] = Field(alias="creditCode", default=None)
    grade: Optional[int] = None
    full_time_staff: Optional[int] = Field(alias="fullTimeStaff", default=None)
    has_party_organization: Optional[bool] = Field(
        alias="hasPartyOrganization", default=None
    )
    public_fundraising: Optional[bool] = Field(alias="publicFundraising", default=None)
    charity_focus: Optional[bool] = Field(alias="charityFocus", default=None)
    on_dishonesty_list: Optional[bool] = Field(alias="onDishonestyList", default=None)
    has_administrative_penalty: Optional[bool] = Field(
        alias="hasAdministrativePenalty", default=None
    )
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: Optional[str] = None


class SocialWorkerFilter(BaseModel):
    certificate_level: Optional[CertificateLevel] = Field(
        alias="certificateLevel", default=None
    )
    certified: Optional[bool] = None
    "holds any national certificate"
    is_community_worker: Optional[bool] = Field(alias="isCommunityWorker", default=None)
    post: Optional[WorkerPost] = None
    name_contains: Optional[str] = Field(alias="nameContains", default=None)


class SocialWorkerInput(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    "the first day the record counts; left out: its stated day, or today"
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    "the day the record ended (no longer counts from that day); null while it lasts"
    name: str
    certificate_level: CertificateLevel = Field(
        alias="certificateLevel", default=CertificateLevel.NONE
    )
    post: WorkerPost = WorkerPost.OTHER
    is_community_worker: bool = Field(alias="isCommunityWorker", default=False)
    "社区工作者 (community staff)"
    is_full_time: bool = Field(alias="isFullTime", default=True)
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    region: str
    "path of the region where the worker is posted"
    id_number: str = Field(alias="idNumber")
    phone: Optional[str] = None


class SocialWorkerPatch(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    name: Optional[str] = None
    certificate_level: Optional[CertificateLevel] = Field(
        alias="certificateLevel", default=None
    )
    post: Optional[WorkerPost] = None
    is_community_worker: Optional[bool] = Field(alias="isCommunityWorker", default=None)
    is_full_time: Optional[bool] = Field(alias="isFullTime", default=None)
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    region: Optional[str] = None
    id_number: Optional[str] = Field(alias="idNumber", default=None)
    phone: Optional[str] = None


class SpotCheckInput(BaseModel):
    """Open a spot check of a district or street (or above): the sample's sizes"""

    region: str
    entries: int = 10
    "entries of hours to sample (at most 200)"
    certificates: int = 5
    "certificates to sample (at most 200)"
    note: Optional[str] = None


class TransitionInput(BaseModel):
    """One step on a case; to open a case, give its type and region (and parent) instead of `case`."""

    action: str
    case: Optional[str] = None
    type_: Optional[str] = Field(alias="type", default=None)
    "the case type, to open a case"
    region: Optional[str] = None
    "the region path to open the case at"
    parent: Optional[str] = None
    "the case a new one belongs to"
    data: Optional[Any] = None
    "the step's form or data"
    version: Optional[int] = None
    "the version you read: refused if someone moved first"
    request_key: Optional[str] = Field(alias="requestKey", default=None)
    "makes the request idempotent: a repeat returns the case"
    acting_for: Optional[str] = Field(alias="actingFor", default=None)
    "the organization you act for"
    title: str = ""


class VolunteerFilter(BaseModel):
    real_name_registered: Optional[bool] = Field(
        alias="realNameRegistered", default=None
    )
    team_id: Optional[str] = Field(alias="teamId", default=None)
    registered_from: Optional[Any] = Field(alias="registeredFrom", default=None)
    registered_to: Optional[Any] = Field(alias="registeredTo", default=None)
    name_contains: Optional[str] = Field(alias="nameContains", default=None)


class VolunteerInput(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    "the first day the record counts; left out: its stated day, or today"
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    "the day the record ended (no longer counts from that day); null while it lasts"
    name: str
    real_name_registered: bool = Field(alias="realNameRegistered", default=False)
    "实名注册"
    registered_on: Optional[Any] = Field(alias="registeredOn", default=None)
    team_id: Optional[str] = Field(alias="teamId", default=None)
    guardian_name: Optional[str] = Field(alias="guardianName", default=None)
    "监护人: needed for a volunteer under 14"
    guardian_relation: Optional[str] = Field(alias="guardianRelation", default=None)
    "e.g. 父亲, 母亲, 祖母"
    guardian_consent_on: Optional[Any] = Field(alias="guardianConsentOn", default=None)
    "the day the guardian consented to the registration (under-14s only)"
    region: str
    "path of the volunteer's community"
    id_number: Optional[str] = Field(alias="idNumber", default=None)
    phone: Optional[str] = None


class VolunteerPatch(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    name: Optional[str] = None
    real_name_registered: Optional[bool] = Field(
        alias="realNameRegistered", default=None
    )
    registered_on: Optional[Any] = Field(alias="registeredOn", default=None)
    team_id: Optional[str] = Field(alias="teamId", default=None)
    region: Optional[str] = None
    id_number: Optional[str] = Field(alias="idNumber", default=None)
    phone: Optional[str] = None
    guardian_name: Optional[str] = Field(alias="guardianName", default=None)
    guardian_relation: Optional[str] = Field(alias="guardianRelation", default=None)
    guardian_consent_on: Optional[Any] = Field(alias="guardianConsentOn", default=None)


class VolunteerTeamFilter(BaseModel):
    name_contains: Optional[str] = Field(alias="nameContains", default=None)


class VolunteerTeamInput(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    "the first day the record counts; left out: its stated day, or today"
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    "the day the record ended (no longer counts from that day); null while it lasts"
    name: str
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: str
    "path of the community or street the team serves"


class VolunteerTeamPatch(BaseModel):
    valid_from: Optional[Any] = Field(alias="validFrom", default=None)
    valid_to: Optional[Any] = Field(alias="validTo", default=None)
    name: Optional[str] = None
    organization_id: Optional[str] = Field(alias="organizationId", default=None)
    established_on: Optional[Any] = Field(alias="establishedOn", default=None)
    region: Optional[str] = None
