"""The three lists and matching from the shell: ``wushe demands add|list|match|proposals|accept|decline|
start|feedback|withdraw``, ``wushe resources add`` and ``wushe projects add``.

The operator acts as the platform administrator (the audit log records ``cli:<login>``); the checks
are the services' (:mod:`core.services.lists`, :mod:`core.services.matching`), and a refusal names
the field and exits with code 2, as through GraphQL.
"""

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import personal
from core.access.grants import region_at, visible
from core.cli.base import DatabaseOption, app, current_operator, fail, in_transaction, out, record_id
from core.models import Demand, MatchProposal, ServiceProject, ServiceResource
from core.models.lists import DemandStatus, ProjectStatus, ResourceKind
from core.platform import Platform
from core.services import lists, matching
from core.services.regions import subtree

demands_app = typer.Typer(help="The demand list (需求清单) and supply–demand matching (供需对接).", no_args_is_help=True)
resources_app = typer.Typer(help="The resource list (资源清单).", no_args_is_help=True)
projects_app = typer.Typer(help="The project list (项目清单).", no_args_is_help=True)
app.add_typer(demands_app, name="demands")
app.add_typer(resources_app, name="resources")
app.add_typer(projects_app, name="projects")

RegionArgument = Annotated[str, typer.Argument(help="a region's path")]
IdArgument = Annotated[str, typer.Argument(help="a row's id (a number)")]


@demands_app.command("add")
def add_demand(
    region: RegionArgument,
    group: Annotated[str, typer.Option(help="服务对象, e.g. 独居老人")],
    domain: Annotated[str, typer.Option(help="需求领域, e.g. 生活照料")],
    description: Annotated[str, typer.Option(help="what is needed")],
    people: Annotated[int, typer.Option(help="涉及人数")] = 1,
    name: Annotated[str | None, typer.Option(help="the resident's name (stored sealed)")] = None,
    phone: Annotated[str | None, typer.Option(help="the resident's phone (stored sealed)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Enter a resident's demand at their community."""

    async def work(platform: Platform, session: AsyncSession) -> Demand:
        who = await current_operator(platform, session)
        # the resident's name and phone are sealed under the platform's data keys
        session.info[personal.SESSION_INFO] = await personal.load_keyring(session, platform.settings)
        return await lists.add_demand(session, who, region=region, group=group, domain=domain, description=description,
                                      people=people, resident_name=name, phone=phone)

    row = in_transaction(database, work)
    out.print(f"demand {row.id} open at {region.strip('/')} ({row.group}, {row.domain})", highlight=False)


@demands_app.command("list")
def list_demands(
    under: RegionArgument,
    status: Annotated[DemandStatus | None, typer.Option(help="only demands in this status")] = None,
    database: DatabaseOption = None,
) -> None:
    """The demands under a region, with their status."""

    async def work(platform: Platform, session: AsyncSession) -> list[Any]:
        who = await current_operator(platform, session)
        top = await region_at(session, under, who, field="under")
        query = visible(Demand, who).where(subtree(top)).order_by(col(Demand.id))
        if status is not None:
            query = query.where(Demand.status == status)
        return list((await session.exec(query)).all())

    table = Table("id", "group", "domain", "resident", "status", "satisfaction")
    for row in in_transaction(database, work):
        table.add_row(str(row.id), row.group, row.domain, row.resident_name_masked or "", row.status.value,
                      "" if row.satisfaction is None else str(row.satisfaction))
    out.print(table)


@demands_app.command("match")
def match(
    region: RegionArgument,
    limit: Annotated[int, typer.Option(help="proposals of each kind per demand")] = matching.DEFAULT_LIMIT,
    database: DatabaseOption = None,
) -> None:
    """Propose resources and projects for every open demand of a district, street or community."""

    async def work(platform: Platform, session: AsyncSession) -> matching.Run:
        return await matching.run(session, await current_operator(platform, session), region=region, limit=limit)

    done = in_transaction(database, work)
    out.print(f"{done.region}: {done.demands} open demands, {done.resources} resources and {done.projects} projects "
              f"proposed", highlight=False)


@demands_app.command("proposals")
def proposals(demand_id: IdArgument, database: DatabaseOption = None) -> None:
    """A demand's proposals, best first."""
    number = record_id(demand_id, "demand")

    async def work(platform: Platform, session: AsyncSession) -> list[tuple[MatchProposal, str]]:
        who = await current_operator(platform, session)
        demand = (await session.exec(visible(Demand, who).where(col(Demand.id) == number))).first()
        if demand is None:
            fail(f"demand: no Demand with id {number}")
        rows = list((await session.exec(matching.proposals_of([number]))).all())
        names: dict[tuple[str, int | None], str] = {}
        resource_ids = [p.resource_id for p in rows if p.resource_id is not None]
        project_ids = [p.project_id for p in rows if p.project_id is not None]
        for r in (await session.exec(select(ServiceResource).where(col(ServiceResource.id).in_(resource_ids)))).all():
            names[("resource_id", r.id)] = r.name
        for j in (await session.exec(select(ServiceProject).where(col(ServiceProject.id).in_(project_ids)))).all():
            names[("project_id", j.id)] = j.name
        return [(p, names.get(("resource_id", p.resource_id)) or names.get(("project_id", p.project_id)) or "")
                for p in rows]

    table = Table("id", "kind", "name", "distance", "rank", "status", "reason")
    for proposal, name in in_transaction(database, work):
        kind = "resource" if proposal.resource_id is not None else "project"
        table.add_row(str(proposal.id), kind, name, str(proposal.distance), str(proposal.rank), proposal.status.value,
                      proposal.reason or "")
    out.print(table)


@demands_app.command("accept")
def accept(proposal_id: IdArgument, database: DatabaseOption = None) -> None:
    """Accept a proposal: the demand is matched, the resource's or project's capacity taken."""
    number = record_id(proposal_id, "proposal")

    async def work(platform: Platform, session: AsyncSession) -> MatchProposal:
        return await matching.accept(session, await current_operator(platform, session), number)

    row = in_transaction(database, work)
    out.print(f"proposal {row.id} accepted: demand {row.demand_id} matched", highlight=False)


@demands_app.command("decline")
def decline(proposal_id: IdArgument, reason: Annotated[str, typer.Option(help="why")], database: DatabaseOption = None) -> None:
    """Decline a proposal, saying why."""
    number = record_id(proposal_id, "proposal")

    async def work(platform: Platform, session: AsyncSession) -> MatchProposal:
        return await matching.decline(session, await current_operator(platform, session), number, reason)

    row = in_transaction(database, work)
    out.print(f"proposal {row.id} declined", highlight=False)


@demands_app.command("start")
def start(demand_id: IdArgument, database: DatabaseOption = None) -> None:
    """The matched service has started."""
    number = record_id(demand_id, "demand")

    async def work(platform: Platform, session: AsyncSession) -> Demand:
        return await matching.start_service(session, await current_operator(platform, session), number)

    row = in_transaction(database, work)
    out.print(f"demand {row.id} in service", highlight=False)


@demands_app.command("feedback")
def feedback(
    demand_id: IdArgument,
    satisfaction: Annotated[int, typer.Option(help="1 (very dissatisfied) to 5 (very satisfied)")],
    comment: Annotated[str | None, typer.Option(help="the resident's words")] = None,
    database: DatabaseOption = None,
) -> None:
    """The resident's feedback: closes the demand."""
    number = record_id(demand_id, "demand")

    async def work(platform: Platform, session: AsyncSession) -> Demand:
        return await matching.feedback(session, await current_operator(platform, session), number,
                                       satisfaction=satisfaction, comment=comment)

    row = in_transaction(database, work)
    out.print(f"demand {row.id} closed (satisfaction {row.satisfaction})", highlight=False)


@demands_app.command("withdraw")
def withdraw(demand_id: IdArgument, reason: Annotated[str, typer.Option(help="why")], database: DatabaseOption = None) -> None:
    """Withdraw a demand that is no longer needed."""
    number = record_id(demand_id, "demand")

    async def work(platform: Platform, session: AsyncSession) -> Demand:
        return await matching.withdraw(session, await current_operator(platform, session), number, reason)

    row = in_transaction(database, work)
    out.print(f"demand {row.id} withdrawn", highlight=False)


@resources_app.command("add")
def add_resource(
    region: RegionArgument,
    kind: Annotated[ResourceKind, typer.Option(help="what it is")],
    name: Annotated[str, typer.Option(help="its name")],
    domain: Annotated[list[str], typer.Option(help="a need domain it serves (repeat for more)")],
    capacity: Annotated[int, typer.Option(help="demands it can serve at once")],
    available_from: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    available_to: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    organization: Annotated[str | None, typer.Option(help="the organization's id (organization_service)")] = None,
    volunteer: Annotated[str | None, typer.Option(help="the volunteer's id (volunteer)")] = None,
    fund: Annotated[str | None, typer.Option(help="the community fund's id (fund)")] = None,
    database: DatabaseOption = None,
) -> None:
    """Enter a resource at a region."""
    ids = [None if value is None else record_id(value, key)
           for key, value in (("organization_id", organization), ("volunteer_id", volunteer), ("fund_id", fund))]

    async def work(platform: Platform, session: AsyncSession) -> ServiceResource:
        return await lists.add_resource(
            session, await current_operator(platform, session), region=region, kind=kind, name=name, domains=domain,
            capacity=capacity, available_from=available_from.date() if available_from else None,
            available_to=available_to.date() if available_to else None, organization_id=ids[0],
            volunteer_id=ids[1], fund_id=ids[2])

    row = in_transaction(database, work)
    out.print(f"resource {row.id} at {region.strip('/')}: {row.name} (capacity {row.capacity})", highlight=False)


@projects_app.command("add")
def add_project(
    region: RegionArgument,
    name: Annotated[str, typer.Option(help="its name")],
    domain: Annotated[str, typer.Option(help="the need domain it serves")],
    capacity: Annotated[int, typer.Option(help="demands it can serve at once")],
    demand: Annotated[list[str] | None, typer.Option(help="a demand it answers (repeat for more)")] = None,
    resource: Annotated[list[str] | None, typer.Option(help="a resource it uses (repeat for more)")] = None,
    running: Annotated[bool, typer.Option(help="already running (else planned)")] = False,
    database: DatabaseOption = None,
) -> None:
    """Enter a project citing the demands it answers and the resources it uses."""
    demand_ids = [record_id(value, f"demand_ids.{i}") for i, value in enumerate(demand or [])]
    resource_ids = [record_id(value, f"resource_ids.{i}") for i, value in enumerate(resource or [])]

    async def work(platform: Platform, session: AsyncSession) -> ServiceProject:
        return await lists.add_project(
            session, await current_operator(platform, session), region=region, name=name, domain=domain,
            capacity=capacity, demand_ids=demand_ids, resource_ids=resource_ids,
            status=ProjectStatus.RUNNING if running else ProjectStatus.PLANNED)

    row = in_transaction(database, work)
    out.print(f"project {row.id} at {region.strip('/')}: {row.name}", highlight=False)
