"""The three lists and supply–demand matching through GraphQL (docs/clients.md, "The three lists").

Lists are read under a region the viewer may read (``demands(under:)`` …), each through the access
layer's filter of its resource (``demand:read`` …); a demand's resident shows only masked. Writes go
through :mod:`core.services.lists` and :mod:`core.services.matching`, which check permissions and
references and name the field of any problem.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import strawberry
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import models
from core.access.grants import region_at, region_predicate, visible
from core.errors import NotFound
from core.models.base import stored_id
from core.models.lists import DemandStatus, ProjectStatus, ProposalStatus, ResourceKind
from core.plugins.declarations import GraphQLDecl
from core.services import erasure, matching
from core.services import lists as service
from core.services.regions import subtree
from core.web.graphql.context import Info
from core.web.graphql.ids import global_id, parse_id
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node

MAX_ROWS = 500

strawberry.enum(DemandStatus, description="open → matched → in_service → closed (the resident's feedback), or withdrawn")
strawberry.enum(ResourceKind, description="an organization's service, a volunteer, a fund or a venue")
strawberry.enum(ProjectStatus)
strawberry.enum(ProposalStatus)


@strawberry.type(description="One change of a demand's status (its history is append-only).")
class DemandEvent:
    status: DemandStatus
    previous: DemandStatus | None
    by: str
    at: dt.datetime
    note: str | None


@strawberry.type(description="An entry of the resource list (资源清单).")
class ServiceResource(Node):
    region: str
    kind: ResourceKind
    name: str
    description: str | None
    domains: list[str]
    capacity: int
    taken: int = strawberry.field(description="demands it serves now")
    available_from: dt.date | None
    available_to: dt.date | None


@strawberry.type(description="An entry of the project list (项目清单), with the demands and resources it cites.")
class ServiceProject(Node):
    region: str
    name: str
    domain: str
    status: ProjectStatus
    capacity: int
    taken: int
    demand_ids: list[strawberry.ID]
    resource_ids: list[strawberry.ID]


@strawberry.type(description="A resource or project proposed for a demand by a matching run.")
class MatchProposal(Node):
    demand_id: strawberry.ID
    resource: ServiceResource | None
    project: ServiceProject | None
    distance: int = strawberry.field(description="0 the same community, 1 street, 2 district, 3 city, 4 province")
    rank: int
    status: ProposalStatus
    reason: str | None


@strawberry.type(description="An entry of the demand list (需求清单): one resident's need, and how it is met.")
class Demand(Node):
    region: str
    group: str = strawberry.field(description="服务对象")
    domain: str = strawberry.field(description="需求领域")
    description: str
    people: int
    reported_on: dt.date
    status: DemandStatus
    resident_name: str | None = strawberry.field(description="masked (王*)")
    phone: str | None = strawberry.field(description="masked (138****5678)")
    satisfaction: int | None
    feedback: str | None
    history: list[DemandEvent]
    proposals: list[MatchProposal]


@strawberry.type(description="What a matching run proposed.")
class MatchingRun:
    region: str
    demands: int = strawberry.field(description="open demands in the region's subtree")
    resources: int = strawberry.field(description="resource proposals made")
    projects: int = strawberry.field(description="project proposals made")


@strawberry.input
class DemandInput:
    region: str = strawberry.field(description="the resident's community")
    group: str = strawberry.field(description="服务对象")
    domain: str = strawberry.field(description="需求领域")
    description: str
    people: int = 1
    resident_name: str | None = None
    phone: str | None = None
    reported_on: dt.date | None = strawberry.field(default=None, description="default: today")


@strawberry.input
class ServiceResourceInput:
    region: str
    kind: ResourceKind
    name: str
    domains: list[str]
    capacity: int
    description: str | None = None
    available_from: dt.date | None = None
    available_to: dt.date | None = None
    organization_id: strawberry.ID | None = None
    volunteer_id: strawberry.ID | None = None
    fund_id: strawberry.ID | None = None


@strawberry.input
class ServiceProjectInput:
    region: str
    name: str
    domain: str
    capacity: int
    demand_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    resource_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    status: ProjectStatus = ProjectStatus.PLANNED


async def _paths(session: AsyncSession, region_ids: Sequence[int]) -> dict[int, str]:
    query = select(models.Region.id, models.Region.path).where(col(models.Region.id).in_(sorted(set(region_ids))))
    return {id_: path for id_, path in (await session.exec(query)).all() if id_ is not None}


async def _resources(session: AsyncSession, rows: Sequence[models.ServiceResource]) -> list[ServiceResource]:
    domains = await service.domains_of(session, [r.id for r in rows if r.id is not None])
    paths = await _paths(session, [r.region_id for r in rows])
    return [ServiceResource(id=global_id("ServiceResource", r.id or 0), region=paths.get(r.region_id, ""), kind=r.kind,
                            name=r.name, description=r.description, domains=domains.get(r.id or 0, []),
                            capacity=r.capacity, taken=r.taken, available_from=r.available_from,
                            available_to=r.available_to) for r in rows]


async def _projects(session: AsyncSession, rows: Sequence[models.ServiceProject]) -> list[ServiceProject]:
    demands, resources = await service.cited_by(session, [p.id for p in rows if p.id is not None])
    paths = await _paths(session, [p.region_id for p in rows])
    return [ServiceProject(id=global_id("ServiceProject", p.id or 0), region=paths.get(p.region_id, ""), name=p.name,
                           domain=p.domain, status=p.status, capacity=p.capacity, taken=p.taken,
                           demand_ids=[global_id("Demand", d) for d in demands.get(p.id or 0, [])],
                           resource_ids=[global_id("ServiceResource", r) for r in resources.get(p.id or 0, [])])
            for p in rows]


async def _proposals(session: AsyncSession, rows: Sequence[models.MatchProposal]) -> list[MatchProposal]:
    """The proposals, each with its resource or project (shown to whoever may see the demand)."""
    resource_ids = sorted({p.resource_id for p in rows if p.resource_id is not None})
    project_ids = sorted({p.project_id for p in rows if p.project_id is not None})
    found_r = (await session.exec(select(models.ServiceResource)
                                  .where(col(models.ServiceResource.id).in_(resource_ids)))).all()
    found_p = (await session.exec(select(models.ServiceProject)
                                  .where(col(models.ServiceProject.id).in_(project_ids)))).all()
    by_r = dict(zip((r.id for r in found_r), await _resources(session, list(found_r)), strict=True))
    by_p = dict(zip((p.id for p in found_p), await _projects(session, list(found_p)), strict=True))
    return [MatchProposal(id=global_id("MatchProposal", p.id or 0), demand_id=global_id("Demand", p.demand_id),
                          resource=by_r.get(p.resource_id), project=by_p.get(p.project_id),
                          distance=p.distance, rank=p.rank, status=p.status, reason=p.reason) for p in rows]


async def _demands(session: AsyncSession, rows: Sequence[models.Demand]) -> list[Demand]:
    ids = [d.id for d in rows if d.id is not None]
    history: dict[int, list[DemandEvent]] = {i: [] for i in ids}
    offered: dict[int, list[MatchProposal]] = {i: [] for i in ids}
    if ids:
        events = (await session.exec(select(models.DemandEvent).where(col(models.DemandEvent.demand_id).in_(ids))
                                     .order_by(col(models.DemandEvent.id)))).all()
        for e in events:
            history[e.demand_id].append(DemandEvent(status=e.status, previous=e.previous, by=e.by, at=e.at, note=e.note))
        proposals = list((await session.exec(matching.proposals_of(ids))).all())
        for row, out in zip(proposals, await _proposals(session, proposals), strict=True):
            offered[row.demand_id].append(out)
    paths = await _paths(session, [d.region_id for d in rows])
    return [Demand(id=global_id("Demand", d.id or 0), region=paths.get(d.region_id, ""), group=d.group, domain=d.domain,
                   description=d.description, people=d.people, reported_on=d.reported_on, status=d.status,
                   resident_name=d.resident_name_masked, phone=d.phone_masked, satisfaction=d.satisfaction,
                   feedback=d.feedback, history=history.get(d.id or 0, []), proposals=offered.get(d.id or 0, []))
            for d in rows]


# --- node(id:): each record through the filter of its own query -------------------------------


async def _visible_among(info: Info, model: Any, ids: list[int], convert: Any) -> dict[int, Any]:
    """The rows ``ids`` of ``model`` the viewer may read (the lists' filter), converted, by id."""
    async with info.context.lock:
        session = info.context.session
        rows = list((await session.exec(visible(model, info.context.who).where(col(model.id).in_(ids))
                                        .order_by(col(model.id)))).all())
        return {stored_id(row): out for row, out in zip(rows, await convert(session, rows), strict=True)}


async def demands_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``demand(id:)`` and ``demands``: ``demand:read`` at the demand's community."""
    return await _visible_among(info, models.Demand, ids, _demands)


async def resources_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``serviceResources``: ``service_resource:read`` at the resource's region."""
    return await _visible_among(info, models.ServiceResource, ids, _resources)


async def projects_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``serviceProjects``: ``service_project:read`` at the project's region."""
    return await _visible_among(info, models.ServiceProject, ids, _projects)


async def proposals_by_id(info: Info, ids: list[int]) -> dict[int, Any]:
    """As a demand's ``proposals``: shown to whoever may read the demand (``demand:read`` at its community)."""
    who = info.context.who
    query = (select(models.MatchProposal).join(models.Demand, col(models.Demand.id) == models.MatchProposal.demand_id)
             .join(models.Region, col(models.Region.id) == models.Demand.region_id)
             .where(col(models.MatchProposal.id).in_(ids), region_predicate(who, "demand", "read")))
    if not who.platform_admin:
        query = query.where(models.Demand.tenant_id == who.tenant_id)
    async with info.context.lock:
        session = info.context.session
        rows = list((await session.exec(query.order_by(col(models.MatchProposal.id)))).all())
        return {stored_id(row): out for row, out in zip(rows, await _proposals(session, rows), strict=True)}


def _ids(values: Sequence[strawberry.ID], field: str, kind: str) -> list[int]:
    return [parse_id(value, f"{field}.{i}", kind) for i, value in enumerate(values)]


def _optional(value: strawberry.ID | None, field: str, kind: str) -> int | None:
    return None if value is None else parse_id(value, field, kind)


async def _under(info: Info, model: Any, under: str, limit: int, convert: Any, **where: Any) -> Any:
    """The rows of ``model`` in the subtree of ``under`` the viewer may read, converted (in the session's turn)."""
    async with info.context.lock:
        session = info.context.session
        top = await region_at(session, under, info.context.who, field="under")
        query = visible(model, info.context.who).where(subtree(top))
        for name, value in where.items():
            if value is not None:
                query = query.where(getattr(model, name) == value)
        rows = (await session.exec(query.order_by(col(model.id)).limit(max(1, min(limit, MAX_ROWS))))).all()
        return await convert(session, list(rows))


@strawberry.type
class ListsQuery:
    @strawberry.field(description="Demands in a subtree the viewer may read (demand:read), oldest first.")
    async def demands(self, info: Info, under: str, status: DemandStatus | None = None, limit: int = 100) -> list[Demand]:
        return list(await _under(info, models.Demand, under, limit, _demands, status=status))

    @strawberry.field(description="One demand by id, if the viewer may read it.")
    async def demand(self, info: Info, id: strawberry.ID) -> Demand | None:
        number = parse_id(id, "id", "Demand")
        async with info.context.lock:
            session = info.context.session
            row = (await session.exec(visible(models.Demand, info.context.who).where(col(models.Demand.id) == number))).first()
            if row is None:  # not there, or not the viewer's to see: the same answer (as every lookup by id)
                raise NotFound("id", f"no Demand with id {id}")
            return (await _demands(session, [row]))[0]

    @strawberry.field(description="Resources in a subtree (service_resource:read).")
    async def service_resources(self, info: Info, under: str, limit: int = 100) -> list[ServiceResource]:
        return list(await _under(info, models.ServiceResource, under, limit, _resources))

    @strawberry.field(description="Projects in a subtree (service_project:read).")
    async def service_projects(self, info: Info, under: str, limit: int = 100) -> list[ServiceProject]:
        return list(await _under(info, models.ServiceProject, under, limit, _projects))


def _identity(value: Any) -> Any:
    return value


@strawberry.type
class ListsMutation:
    @strawberry.mutation(description="Enter a resident's demand at their community (demand:create); name and phone "
                         "are stored sealed and shown masked.")
    async def add_demand(self, info: Info, input: DemandInput) -> Payload[Demand]:
        async def work() -> Demand:
            row = await service.add_demand(info.context.session, info.context.who, region=input.region,
                                           group=input.group, domain=input.domain, description=input.description,
                                           people=input.people, resident_name=input.resident_name, phone=input.phone,
                                           reported_on=input.reported_on)
            return (await _demands(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Enter a resource (service_resource:create at its region).")
    async def add_service_resource(self, info: Info, input: ServiceResourceInput) -> Payload[ServiceResource]:
        async def work() -> ServiceResource:
            row = await service.add_resource(
                info.context.session, info.context.who, region=input.region, kind=input.kind, name=input.name,
                domains=input.domains, capacity=input.capacity, description=input.description,
                available_from=input.available_from, available_to=input.available_to,
                organization_id=_optional(input.organization_id, "organizationId", "SocialOrganization"),
                volunteer_id=_optional(input.volunteer_id, "volunteerId", "Volunteer"),
                fund_id=_optional(input.fund_id, "fundId", "CommunityFund"))
            return (await _resources(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Enter a project (service_project:create), citing demands and resources the "
                         "author may read, in the tenant, on the project's branch of the tree.")
    async def add_service_project(self, info: Info, input: ServiceProjectInput) -> Payload[ServiceProject]:
        async def work() -> ServiceProject:
            row = await service.add_project(
                info.context.session, info.context.who, region=input.region, name=input.name, domain=input.domain,
                capacity=input.capacity, status=input.status,
                demand_ids=_ids(input.demand_ids, "demandIds", "Demand"),
                resource_ids=_ids(input.resource_ids, "resourceIds", "ServiceResource"))
            return (await _projects(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Propose resources and projects for every open demand of a district, street or "
                         "community (demand:match there): nearest first in the tier tree, then by capacity left.")
    async def run_matching(self, info: Info, region: str, limit: int = matching.DEFAULT_LIMIT) -> Payload[MatchingRun]:
        async def work() -> MatchingRun:
            done = await matching.run(info.context.session, info.context.who, region=region, limit=limit)
            return MatchingRun(region=done.region, demands=done.demands, resources=done.resources, projects=done.projects)

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Accept a proposal: the demand is matched and the resource's capacity taken.")
    async def accept_proposal(self, info: Info, proposal: strawberry.ID) -> Payload[MatchProposal]:
        async def work() -> MatchProposal:
            row = await matching.accept(info.context.session, info.context.who,
                                        parse_id(proposal, "proposal", "MatchProposal"))
            return (await _proposals(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Decline a proposal, saying why; it is not proposed for the demand again.")
    async def decline_proposal(self, info: Info, proposal: strawberry.ID, reason: str) -> Payload[MatchProposal]:
        async def work() -> MatchProposal:
            row = await matching.decline(info.context.session, info.context.who,
                                         parse_id(proposal, "proposal", "MatchProposal"), reason)
            return (await _proposals(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="The matched service has started (demand:update).")
    async def start_service(self, info: Info, demand: strawberry.ID) -> Payload[Demand]:
        async def work() -> Demand:
            row = await matching.start_service(info.context.session, info.context.who, parse_id(demand, "demand", "Demand"))
            return (await _demands(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="The resident's feedback (satisfaction 1–5, a comment): closes the demand.")
    async def give_feedback(self, info: Info, demand: strawberry.ID, satisfaction: int,
                            comment: str | None = None) -> Payload[Demand]:
        async def work() -> Demand:
            row = await matching.feedback(info.context.session, info.context.who, parse_id(demand, "demand", "Demand"),
                                          satisfaction=satisfaction, comment=comment)
            return (await _demands(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Erase the personal data of a closed or withdrawn demand's resident (name, "
                         "phone, the words of their feedback): the demand, its status, satisfaction and history stay, "
                         "for the counts. Needs personal_data:erase at its region; audited without the values.")
    async def erase_demand_personal_data(self, info: Info, id: strawberry.ID, ground: erasure.Ground) -> Payload[Demand]:
        async def work() -> Demand:
            row = await erasure.erase(info.context.session, info.context.who, models.Demand, parse_id(id, "id", "Demand"),
                                      ground)
            return (await _demands(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)

    @strawberry.mutation(description="Withdraw a demand that is no longer needed, saying why.")
    async def withdraw_demand(self, info: Info, demand: strawberry.ID, reason: str) -> Payload[Demand]:
        async def work() -> Demand:
            row = await matching.withdraw(info.context.session, info.context.who, parse_id(demand, "demand", "Demand"),
                                          reason)
            return (await _demands(info.context.session, [row]))[0]

        return await mutate(info, work, _identity)


PART = GraphQLDecl(query=ListsQuery, mutation=ListsMutation)
