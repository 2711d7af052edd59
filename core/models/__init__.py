"""Every core table, imported here so that ``SQLModel.metadata`` knows them all."""

from sqlmodel import SQLModel

from core.models.baseline import IndicatorBaseline
from core.models.case import (
    CalendarDay,
    Case,
    CaseEvent,
    CaseParty,
    LedgerEntry,
    Notification,
    OrganizationMember,
    OutboxMessage,
    Sanction,
)
from core.models.certificate import Finding, ServiceCertificate, SpotCheck, SpotCheckItem
from core.models.charity import CommunityFund, Donation, DonationForm, DonationReceipt, DonorKind
from core.models.community import CommunityProfile, Demonstration
from core.models.credit import CreditAccount, CreditEntry, CreditKind
from core.models.emergency import Dispatch, Emergency
from core.models.ending import PersonalDataErasure, RecordEnding
from core.models.form import FormSubmission, FormSubmissionValue, SubmissionStatus
from core.models.lists import (
    Demand,
    DemandEvent,
    MatchProposal,
    ProjectDemand,
    ProjectResource,
    ResourceDomain,
    ServiceProject,
    ServiceResource,
)
from core.models.organization import OrgType, Registration, SocialOrganization
from core.models.permission import (
    AuditEvent,
    PolicyVersion,
    Role,
    RoleAssignment,
    RolePermission,
)
from core.models.region import Region
from core.models.service import Activity, ServiceRecord
from core.models.summary import RegionSummary, RegionYearSummary
from core.models.tenant import PlatformSetting, Tenant, TenantPlugin
from core.models.throttle import RateLimitCount, SignInThrottle, ThrottleKind
from core.models.user import User
from core.models.verdict import TargetVerdict
from core.models.volunteer import Volunteer, VolunteerTeam
from core.models.worker import CertificateLevel, SocialWorker, WorkerPost

__all__ = [
    "Activity",
    "AuditEvent",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseParty",
    "CertificateLevel",
    "CommunityFund",
    "CommunityProfile",
    "CreditAccount",
    "CreditEntry",
    "CreditKind",
    "Demand",
    "DemandEvent",
    "Demonstration",
    "Dispatch",
    "Donation",
    "DonationForm",
    "DonationReceipt",
    "DonorKind",
    "Emergency",
    "Finding",
    "FormSubmission",
    "FormSubmissionValue",
    "IndicatorBaseline",
    "LedgerEntry",
    "MatchProposal",
    "Notification",
    "OrgType",
    "OrganizationMember",
    "OutboxMessage",
    "PersonalDataErasure",
    "PlatformSetting",
    "PolicyVersion",
    "ProjectDemand",
    "ProjectResource",
    "RateLimitCount",
    "RecordEnding",
    "Region",
    "RegionSummary",
    "RegionYearSummary",
    "Registration",
    "ResourceDomain",
    "Role",
    "RoleAssignment",
    "RolePermission",
    "Sanction",
    "ServiceCertificate",
    "ServiceProject",
    "ServiceRecord",
    "ServiceResource",
    "SignInThrottle",
    "SocialOrganization",
    "SocialWorker",
    "SpotCheck",
    "SpotCheckItem",
    "SubmissionStatus",
    "TargetVerdict",
    "Tenant",
    "TenantPlugin",
    "ThrottleKind",
    "User",
    "Volunteer",
    "VolunteerTeam",
    "WorkerPost",
]

TABLES = frozenset(SQLModel.metadata.tables)
"""The names of core's tables: every table on ``SQLModel.metadata`` once core's models are imported
(a plugin's tables are added when the plugin is; its migrations name them)."""
