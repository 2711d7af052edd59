"""The three lists (需求清单, 资源清单, 项目清单) and the proposals that match them.

A **demand** is one resident's need (a vulnerable group × a need domain) at a community; the
resident's name and phone are stored sealed (ciphertext and mask, :mod:`core.personal`). Its status
moves open → matched → in service → closed (the resident's feedback), or to withdrawn; every move is
a row of ``demand_event``, which is append-only.

A **resource** is what can answer a demand: an organization's service, a volunteer's skills and
time, a fund, a venue; at any region, serving some domains, for ``capacity`` demands at once
(``taken`` of them now), within an availability window. A **project** answers demands with
resources; the demands and resources it cites are rows of this tenant that its author may see.

A **proposal** pairs an open demand with a resource or a project (``distance``: how far up the tier
tree the two meet, 0 in the same community); it is accepted or declined, once.
"""

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from core.models.base import created_at_field, enum_column
from core.models.scoped import TenantRow, distribution_keys

VULNERABLE_GROUPS = (
    "低保对象", "特困人员", "空巢老人", "独居老人", "失独老人", "残疾人", "残疾老人", "退伍老兵", "留守儿童",
    "农村留守妇女", "农村留守老人", "困境儿童", "孤儿", "低保救助未成年子女", "进城务工人员及随迁子女", "其他居民",
)
"""Whom a demand is for: the vulnerable groups of the programme's demand survey (居民需求调研), then
everyone else (农村“三留守”人员 are the left-behind children, women and elderly)."""

NEED_DOMAINS = ("生活照料", "文化娱乐", "医疗保健", "人文关怀", "心理疏导", "情绪支持", "资源链接", "其他")
"""What a demand asks for, and what a resource or project serves."""

SATISFACTION = range(1, 6)
"""The resident's satisfaction, 1 (very dissatisfied) to 5 (very satisfied)."""


class DemandStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    IN_SERVICE = "in_service"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class ResourceKind(enum.StrEnum):
    ORGANIZATION_SERVICE = "organization_service"
    VOLUNTEER = "volunteer"
    FUND = "fund"
    VENUE = "venue"


class ProjectStatus(enum.StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    """a later run proposed afresh, or another proposal for the demand was accepted"""


class Demand(TenantRow, table=True):
    """One resident's need, at their community."""

    __table_args__ = (sa.Index("ix_demand_status_region", "status", "region_id"),)

    group: str = Field(max_length=40, description="服务对象: one of VULNERABLE_GROUPS")
    domain: str = Field(max_length=20, description="需求领域: one of NEED_DOMAINS")
    description: str = Field(max_length=2000)
    people: int = Field(default=1, ge=1, description="涉及人数")
    reported_on: dt.date
    reported_by: str = Field(max_length=64)
    status: DemandStatus = Field(default=DemandStatus.OPEN, sa_type=enum_column(DemandStatus))
    resident_name_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    resident_name_masked: str | None = Field(default=None, max_length=100)
    phone_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    phone_masked: str | None = Field(default=None, max_length=20)
    satisfaction: int | None = Field(default=None, description="1–5, from the resident's feedback")
    feedback: str | None = Field(default=None, max_length=500)


class DemandEvent(SQLModel, table=True):
    """One change of a demand's status: appended, never edited."""

    __tablename__ = "demand_event"

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    demand_id: int = Field(index=True)
    status: DemandStatus = Field(sa_type=enum_column(DemandStatus))
    previous: DemandStatus | None = Field(default=None, sa_type=enum_column(DemandStatus))
    proposal_id: int | None = Field(default=None)
    note: str | None = Field(default=None, max_length=500)
    by: str = Field(max_length=64)
    at: dt.datetime = created_at_field()


class ServiceResource(TenantRow, table=True):
    """An entry of the resource list."""

    __tablename__ = "service_resource"
    __table_args__ = (sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="ck_service_resource_taken"),)

    kind: ResourceKind = Field(sa_type=enum_column(ResourceKind))
    name: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    capacity: int = Field(ge=1, description="demands it can serve at once")
    taken: int = Field(default=0, ge=0, description="demands it serves now (accepted, not yet closed)")
    available_from: dt.date | None = None
    available_to: dt.date | None = Field(default=None, description="the last day it is available")
    organization_id: int | None = Field(default=None)
    volunteer_id: int | None = Field(default=None)
    fund_id: int | None = Field(default=None)
    created_by: str = Field(max_length=64)


class ResourceDomain(SQLModel, table=True):
    """A need domain a resource serves (``tenant_id``: the resource's)."""

    __tablename__ = "resource_domain"
    __table_args__ = (sa.Index("ix_resource_domain_domain", "domain", "resource_id"),)

    resource_id: int = Field(primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id")
    domain: str = Field(max_length=20, primary_key=True)


class ServiceProject(TenantRow, table=True):
    """An entry of the project list: it answers demands, with resources."""

    __tablename__ = "service_project"
    __table_args__ = (sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="ck_service_project_taken"),)

    name: str = Field(max_length=200)
    domain: str = Field(max_length=20)
    status: ProjectStatus = Field(default=ProjectStatus.PLANNED, sa_type=enum_column(ProjectStatus))
    capacity: int = Field(ge=1)
    taken: int = Field(default=0, ge=0)
    created_by: str = Field(max_length=64)


class ProjectDemand(SQLModel, table=True):
    """A demand a project cites (``tenant_id``: the project's, which is the demand's)."""

    __tablename__ = "project_demand"

    project_id: int = Field(primary_key=True)
    demand_id: int = Field(primary_key=True, index=True)
    tenant_id: int = Field(foreign_key="tenant.id")


class ProjectResource(SQLModel, table=True):
    """A resource a project uses (``tenant_id``: the project's, which is the resource's)."""

    __tablename__ = "project_resource"

    project_id: int = Field(primary_key=True)
    resource_id: int = Field(primary_key=True, index=True)
    tenant_id: int = Field(foreign_key="tenant.id")


class MatchProposal(SQLModel, table=True):
    """A resource or a project proposed for an open demand by a matching run. A run writes thousands
    at once: the table carries no index but the demand's; its ``tenant_id`` is the demand's (the
    distribution key of docs/distribution.md, and what row-level security keeps to its tenant)."""

    __tablename__ = "match_proposal"
    __table_args__ = (
        sa.Index("ix_match_proposal_demand_status", "demand_id", "status"),
        sa.CheckConstraint("(resource_id IS NULL) <> (project_id IS NULL)", name="ck_match_proposal_one"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No foreign keys: a run writes its proposals only from the demand, resource and project rows its
    # own statement reads, and none of those is ever deleted (a demand is withdrawn or closed, its
    # personal data erased in place); the keys, checked row by row, were a third of a district's run
    # (bench/matching.py, docs/benchmarks.md).
    tenant_id: int = Field(description="the demand's tenant")
    demand_id: int = Field(description="a demand row: the proposal's tenant and region are the demand's")
    resource_id: int | None = Field(default=None, description="a service_resource row")
    project_id: int | None = Field(default=None, description="a service_project row")
    distance: int = Field(description="0: the same community; 1: the same street; 2: district; 3: city; 4: province")
    rank: int = Field(description="1 for the best proposal of its kind for the demand")
    status: ProposalStatus = Field(default=ProposalStatus.PROPOSED, sa_type=enum_column(ProposalStatus))
    reason: str | None = Field(default=None, max_length=500, description="why it was declined")
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    proposed_at: dt.datetime = created_at_field()


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(Demand)
distribution_keys(DemandEvent, proposal_id="match_proposal", demand_id="demand")
distribution_keys(MatchProposal)
distribution_keys(ProjectDemand, demand_id="demand", project_id="service_project")
distribution_keys(ProjectResource, resource_id="service_resource", project_id="service_project")
distribution_keys(ResourceDomain, resource_id="service_resource")
distribution_keys(ServiceProject)
distribution_keys(ServiceResource, organization_id="social_organization", volunteer_id="volunteer", fund_id="community_fund")
