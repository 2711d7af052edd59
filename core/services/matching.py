"""Supply–demand matching (供需对接): proposals for open demands, accepted or declined, and the
resident's feedback that closes a demand.

**A run** (:func:`run`, ``demand:match`` at a district, street or community) proposes, for every open
demand in the region's subtree, up to ``limit`` resources and ``limit`` projects, in one statement
each, whatever the number of demands (``INSERT … SELECT`` with ``ROW_NUMBER() OVER (PARTITION BY
demand)``): a candidate lies in the demand's street (its community, a neighbouring community, the
street itself) or at its district or above (a city's fund serves the whole city), serves the
demand's domain, has capacity left and is available today; a resource or project
once declined for a demand is not proposed for it again. They are ranked nearest first in the tier
tree (the same community, then the same street, district, city, province: compared on the regions'
ancestor columns), then — for projects — those citing the demand first, then by the capacity left.
The run's earlier proposals still open for those demands are superseded first.

**Accepting** a proposal takes one unit of its resource's or project's capacity (a conditional
``UPDATE``: two acceptances of the last unit cannot both succeed), supersedes the demand's other
proposals and marks the demand matched. **Declining** needs a reason. The service then starts
(``in_service``) and the resident's **feedback** (satisfaction 1–5, a comment) closes the demand,
giving the capacity back; a demand may also be **withdrawn**. Each change of a demand's status is
one conditional ``UPDATE`` from the status it was read in, and a row of its history.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access import audit
from core.access.grants import Principal, get_visible, region_at, require
from core.errors import FieldError, InvalidInput, NotFound
from core.models import (
    Demand,
    MatchProposal,
    ProjectDemand,
    Region,
    ResourceDomain,
    ServiceProject,
    ServiceResource,
)
from core.models.base import utcnow
from core.models.lists import SATISFACTION, DemandStatus, ProjectStatus, ProposalStatus
from core.services.lists import record_move
from core.tree.tiers import Tier

DEFAULT_LIMIT = 3
MAX_LIMIT = 20

def _table(model: Any) -> sa.Table:
    return cast(sa.Table, sa.inspect(model).local_table)


_d, _r, _p = _table(Demand), _table(ServiceResource), _table(ServiceProject)
_rd, _pd, _mp, _region = _table(ResourceDomain), _table(ProjectDemand), _table(MatchProposal), _table(Region)


@dataclass(frozen=True)
class Run:
    region: str
    demands: int
    """open demands in the region's subtree"""
    resources: int
    """resource proposals made"""
    projects: int
    """project proposals made"""


def _distance(candidate: sa.FromClause, demand: sa.FromClause) -> Any:
    """How far up the tier tree a candidate's region meets the demand's: 0 the same community … 4."""
    steps = [(Tier.COMMUNITY, 0), (Tier.STREET, 1), (Tier.DISTRICT, 2), (Tier.CITY, 3)]
    return sa.case(*((candidate.c[t.column] == demand.c[t.column], n) for t, n in steps), else_=4)


def _open_demands(place: Region) -> tuple[sa.FromClause, sa.FromClause, list[Any]]:
    """The open demands of ``place``'s subtree, with their regions."""
    d, dr = _d.alias("d"), _region.alias("dr")
    where = [d.c.status == DemandStatus.OPEN.value, d.c.tenant_id == place.tenant_id, dr.c.id == d.c.region_id,
             dr.c[place.tier.column] == place.id]
    return d, dr, where


def _above_streets(place: Region) -> list[int]:
    """The regions above every street of ``place``'s district: the district, its city and province."""
    return [i for i in (place.district_id, place.city_id, place.province_id) if i is not None]


_PLACE = ("community_id", "street_id", "district_id", "city_id")
"""The ancestor columns a distance is computed from, carried by both sides of a candidate join."""


def _demands_cte(place: Region) -> Any:
    """The open demands of ``place``'s subtree with their domain and place, computed once (a
    materialized CTE: the planner then joins two small sets rather than nesting loops over regions)."""
    d, dr, where = _open_demands(place)
    return (sa.select(d.c.id, d.c.domain, *(dr.c[c] for c in _PLACE)).select_from(d)
            .join(dr, dr.c.id == d.c.region_id).where(*where).cte("open_demands").prefix_with("MATERIALIZED"))


def _supply_cte(place: Region, select: sa.Select, region: sa.FromClause, name: str) -> Any:
    """``select`` (a candidate's id, domain, room, over a join with ``region``) limited to the regions
    a demand of ``place`` may be served from: its district's subtree, and the regions above it."""
    reach = sa.or_(region.c.district_id == place.district_id, region.c.id.in_(_above_streets(place)))
    return select.add_columns(*(region.c[c] for c in _PLACE)).where(reach).cte(name).prefix_with("MATERIALIZED")


def _candidates(demands: Any, supply: Any, key: str, extra: list[Any]) -> list[sa.Select]:
    """Each demand with the supply of its domain in its street's subtree (its community, a neighbouring
    one, the street itself), and with the supply at its district and above; a community of another
    street is no neighbourhood of the demand, its district is."""
    parts = []
    for near in (True, False):
        where = supply.c.street_id == demands.c.street_id if near else supply.c.street_id.is_(None)
        parts.append(
            sa.select(demands.c.id.label("demand_id"), supply.c.id.label(key), _distance(supply, demands).label("distance"),
                      supply.c.room, *(column(demands, supply) for column in extra))
            .select_from(demands).join(supply, sa.and_(supply.c.domain == demands.c.domain, where)))
    return parts


def _ranked(union: Any, demands: Any, key: str, order: list[str], limit: int) -> sa.Select:
    """The candidates ranked per demand, the best ``limit`` kept; a pair once declined is left out
    (the run's declined pairs, read once: one hash lookup per candidate rather than an index probe)."""
    c, mp = union.subquery("candidates"), _mp.alias("mp")
    declined = (sa.select(mp.c.demand_id, mp.c[key].label("declined_id")).join(demands, demands.c.id == mp.c.demand_id)
                .where(mp.c.status == ProposalStatus.DECLINED.value, mp.c[key].is_not(None))
                .cte(f"declined_{key}").prefix_with("MATERIALIZED"))
    refused = sa.exists().where(declined.c.demand_id == c.c.demand_id, declined.c.declined_id == c.c[key])
    ranked = sa.select(c.c.demand_id, c.c[key], c.c.distance, sa.func.row_number().over(
        partition_by=c.c.demand_id, order_by=[c.c[name] for name in order]).label("rank")).where(~refused) \
        .subquery("ranked")
    return sa.select(ranked).where(ranked.c.rank <= limit)


def candidate_resources(place: Region, today: dt.date, limit: int = DEFAULT_LIMIT, demands: Any = None) -> sa.Select:
    """The resources to propose for each open demand under ``place``, best first: ``demand_id,
    resource_id, distance, rank`` (the query a run's resource proposals are; ``demands``: the open
    demands' CTE when the statement has one already)."""
    r, rr, rd = _r.alias("r"), _region.alias("rr"), _rd.alias("rd")
    supply = _supply_cte(place, sa.select(r.c.id, rd.c.domain, (r.c.taken - r.c.capacity).label("room"))
                         .select_from(r).join(rr, rr.c.id == r.c.region_id).join(rd, rd.c.resource_id == r.c.id)
                         .where(r.c.tenant_id == place.tenant_id, r.c.taken < r.c.capacity,
                                sa.or_(r.c.available_from.is_(None), r.c.available_from <= today),
                                sa.or_(r.c.available_to.is_(None), r.c.available_to >= today)), rr, "resources")
    demands = _demands_cte(place) if demands is None else demands
    union = sa.union_all(*_candidates(demands, supply, "resource_id", []))
    return _ranked(union, demands, "resource_id", ["distance", "room", "resource_id"], limit)


def candidate_projects(place: Region, limit: int = DEFAULT_LIMIT, demands: Any = None) -> sa.Select:
    """The projects to propose for each open demand under ``place``: those citing it first, then as
    for resources. A project serves its own domain, or any demand it cites."""
    p, pr, pd = _p.alias("p"), _region.alias("pr"), _pd.alias("pd")
    supply = _supply_cte(place, sa.select(p.c.id, p.c.domain, (p.c.taken - p.c.capacity).label("room"))
                         .select_from(p).join(pr, pr.c.id == p.c.region_id)
                         .where(p.c.tenant_id == place.tenant_id, p.c.taken < p.c.capacity,
                                p.c.status.in_([ProjectStatus.PLANNED.value, ProjectStatus.RUNNING.value])),
                         pr, "projects")
    demands = _demands_cte(place) if demands is None else demands

    def cited(demand: Any, project: Any) -> Any:
        return sa.case((sa.exists().where(pd.c.project_id == project.c.id, pd.c.demand_id == demand.c.id), 0),
                       else_=1).label("cited")

    parts = _candidates(demands, supply, "project_id", [cited])
    # a project citing a demand outside its domain: proposed too (the citation is the author's matching)
    cite_only = (sa.select(demands.c.id.label("demand_id"), supply.c.id.label("project_id"),
                           _distance(supply, demands).label("distance"), supply.c.room, sa.literal(0).label("cited"))
                 .select_from(demands).join(pd, pd.c.demand_id == demands.c.id).join(supply, supply.c.id == pd.c.project_id)
                 .where(supply.c.domain != demands.c.domain))
    return _ranked(sa.union_all(*parts, cite_only), demands, "project_id", ["cited", "distance", "room", "project_id"], limit)


def proposals_insert(place: Region, today: dt.date, now: dt.datetime, limit: int = DEFAULT_LIMIT) -> Any:
    """The one statement a run writes its proposals with, both kinds: the open demands and the
    declined pairs read once each."""
    demands = _demands_cte(place)
    resources = candidate_resources(place, today, limit, demands).subquery("r")
    projects = candidate_projects(place, limit, demands).subquery("p")
    nothing = sa.null().cast(sa.Integer)
    both = sa.union_all(
        sa.select(resources.c.demand_id, resources.c.resource_id, nothing.label("project_id"), resources.c.distance,
                  resources.c.rank),
        sa.select(projects.c.demand_id, nothing, projects.c.project_id, projects.c.distance, projects.c.rank),
    ).subquery("c")
    return _mp.insert().from_select(
        ["tenant_id", "demand_id", "resource_id", "project_id", "distance", "rank", "status", "proposed_at"],
        sa.select(sa.literal(place.tenant_id, sa.Integer), both.c.demand_id, both.c.resource_id, both.c.project_id, both.c.distance, both.c.rank,
                  sa.literal(ProposalStatus.PROPOSED.value), sa.literal(now, sa.DateTime(timezone=True))))


RUN_TIERS = tuple(tier for tier in Tier if tier.rank >= Tier.DISTRICT.rank)
"""Where a matching run is made (``demand:match``): a district, street or community; a proposal is
accepted or declined at its demand's community."""


async def run(session: AsyncSession, principal: Principal, *, region: str, limit: int = DEFAULT_LIMIT) -> Run:
    """Propose resources and projects for every open demand under ``region``: a count, the earlier
    proposals superseded, the new ones written (one ``INSERT … SELECT``), the audit event."""
    try:
        place = await region_at(session, region, principal)
        require(principal, "demand", "match", place)
        if place.tier not in RUN_TIERS:
            raise FieldError("region", f"a matching run is for a district, street or community; {place.path!r} is a "
                             f"{place.tier.value}: run it district by district")
        if not 1 <= limit <= MAX_LIMIT:
            raise FieldError("limit", f"between 1 and {MAX_LIMIT} proposals of each kind per demand")
        d, dr, where = _open_demands(place)
        open_ids = sa.select(d.c.id).select_from(d).join(dr, dr.c.id == d.c.region_id).where(*where)
        count = (await session.exec(select(sa.func.count()).select_from(open_ids.subquery()))).one()
        await session.exec(
            sa.update(_mp).where(_mp.c.status == ProposalStatus.PROPOSED.value, _mp.c.demand_id.in_(open_ids))
            .values(status=ProposalStatus.SUPERSEDED.value))
        now, tenant = utcnow(), place.tenant_id
        insert = proposals_insert(place, clock.today(), now, limit)
        # RETURNING, since asyncpg gives no row count for an INSERT … SELECT
        written = (await session.exec(insert.returning(_mp.c.resource_id))).scalars().all()
        made = [sum(1 for r in written if r is not None), sum(1 for r in written if r is None)]
        await audit.record(session, principal, "demand.match", place.path, tenant_id=tenant,
                           after={"demands": count, "resources": made[0], "projects": made[1]})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return Run(place.path, int(count), made[0], made[1])


async def _demand(session: AsyncSession, principal: Principal, demand_id: int, action: str, field: str) -> Demand:
    demand = await get_visible(session, Demand, demand_id, principal, field=field)
    region = await session.get(Region, demand.region_id)
    if region is None:
        raise NotFound(field, f"no Demand with id {demand_id}")
    require(principal, "demand", action, region, field=field)
    return demand


async def _move(session: AsyncSession, principal: Principal, demand: Demand, to: DemandStatus,
                allowed: tuple[DemandStatus, ...], field: str, *, proposal_id: int | None = None,
                note: str | None = None, **values: Any) -> None:
    """Change the demand's status from the one it is in (one of ``allowed``) to ``to``: a conditional
    ``UPDATE``, so a concurrent change makes this one fail rather than both pass."""
    previous = demand.status
    if previous not in allowed:
        raise FieldError(field, f"the demand is {previous.value}; this needs it {' or '.join(a.value for a in allowed)}",
                         code="conflict")
    changed = await session.exec(
        sa.update(_d).where(_d.c.id == demand.id, _d.c.status == previous.value)
        .values(status=to.value, updated_at=utcnow(), **values))
    if changed.rowcount != 1:
        raise FieldError(field, "the demand changed meanwhile; read it again", code="conflict")
    await session.refresh(demand)
    await record_move(session, principal, demand, previous, proposal_id=proposal_id, note=note)


def _holder(proposal: MatchProposal) -> tuple[sa.Table, int]:
    if proposal.resource_id is not None:
        return _r, proposal.resource_id
    return _p, proposal.project_id or 0


async def _take(session: AsyncSession, proposal: MatchProposal) -> None:
    table, id_ = _holder(proposal)
    taken = await session.exec(
        sa.update(table).where(table.c.id == id_, table.c.taken < table.c.capacity).values(taken=table.c.taken + 1))
    if taken.rowcount != 1:
        raise FieldError("proposal", "its resource or project has no capacity left; run the matching again",
                         code="conflict")


async def _give_back(session: AsyncSession, demand: Demand) -> None:
    accepted = (await session.exec(select(MatchProposal).where(
        MatchProposal.demand_id == demand.id, MatchProposal.status == ProposalStatus.ACCEPTED))).first()
    if accepted is not None:
        table, id_ = _holder(accepted)
        await session.exec(
            sa.update(table).where(table.c.id == id_, table.c.taken > 0).values(taken=table.c.taken - 1))


async def _proposal(session: AsyncSession, principal: Principal, proposal_id: int) -> tuple[MatchProposal, Demand]:
    proposal = await session.get(MatchProposal, proposal_id)
    if proposal is None:
        raise NotFound("proposal", f"no MatchProposal with id {proposal_id}")
    try:
        demand = await _demand(session, principal, proposal.demand_id, "match", "proposal")
    except NotFound:
        raise NotFound("proposal", f"no MatchProposal with id {proposal_id}") from None
    if proposal.status is not ProposalStatus.PROPOSED:
        raise FieldError("proposal", f"the proposal was {proposal.status.value}", code="conflict")
    return proposal, demand


async def accept(session: AsyncSession, principal: Principal, proposal_id: int) -> MatchProposal:
    try:
        proposal, demand = await _proposal(session, principal, proposal_id)
        await _move(session, principal, demand, DemandStatus.MATCHED, (DemandStatus.OPEN,), "proposal",
                    proposal_id=proposal_id)
        await _take(session, proposal)
        await session.exec(
            sa.update(_mp).where(_mp.c.demand_id == demand.id, _mp.c.status == ProposalStatus.PROPOSED.value,
                                 _mp.c.id != proposal_id).values(status=ProposalStatus.SUPERSEDED.value))
        proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.ACCEPTED, principal.username, utcnow()
        session.add(proposal)
        await session.flush()
        await audit.record(session, principal, "demand.accept", f"Demand:{demand.id}", tenant_id=demand.tenant_id,
                           after={"proposal": proposal_id})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return proposal


async def decline(session: AsyncSession, principal: Principal, proposal_id: int, reason: str) -> MatchProposal:
    try:
        proposal, demand = await _proposal(session, principal, proposal_id)
        text = (reason or "").strip()
        if not text:
            raise FieldError("reason", "say why it is declined")
        if len(text) > 500:
            raise FieldError("reason", "at most 500 characters")
        changed = await session.exec(
            sa.update(_mp).where(_mp.c.id == proposal_id, _mp.c.status == ProposalStatus.PROPOSED.value)
            .values(status=ProposalStatus.DECLINED.value, reason=text, decided_by=principal.username,
                    decided_at=utcnow()))
        if changed.rowcount != 1:
            raise FieldError("proposal", "the proposal changed meanwhile", code="conflict")
        await session.refresh(proposal)
        await audit.record(session, principal, "demand.decline", f"Demand:{demand.id}", tenant_id=demand.tenant_id,
                           after={"proposal": proposal_id, "reason": text})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return proposal


async def start_service(session: AsyncSession, principal: Principal, demand_id: int) -> Demand:
    try:
        demand = await _demand(session, principal, demand_id, "update", "demand")
        await _move(session, principal, demand, DemandStatus.IN_SERVICE, (DemandStatus.MATCHED,), "demand")
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return demand


async def feedback(session: AsyncSession, principal: Principal, demand_id: int, *, satisfaction: int,
                   comment: str | None = None) -> Demand:
    """The resident's feedback on the service: it closes the demand and gives the capacity back."""
    try:
        demand = await _demand(session, principal, demand_id, "update", "demand")
        if satisfaction not in SATISFACTION:
            raise FieldError("satisfaction", f"from {SATISFACTION.start} to {SATISFACTION.stop - 1}")
        text = (comment or "").strip() or None
        if text is not None and len(text) > 500:
            raise FieldError("comment", "at most 500 characters")
        await _move(session, principal, demand, DemandStatus.CLOSED, (DemandStatus.MATCHED, DemandStatus.IN_SERVICE),
                    "demand", note=text, satisfaction=satisfaction, feedback=text)
        await _give_back(session, demand)
        await audit.record(session, principal, "demand.feedback", f"Demand:{demand.id}", tenant_id=demand.tenant_id,
                           after={"satisfaction": satisfaction})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return demand


async def withdraw(session: AsyncSession, principal: Principal, demand_id: int, reason: str) -> Demand:
    try:
        demand = await _demand(session, principal, demand_id, "update", "demand")
        text = (reason or "").strip()
        if not text or len(text) > 500:
            raise FieldError("reason", "say why (at most 500 characters)")
        held = demand.status in (DemandStatus.MATCHED, DemandStatus.IN_SERVICE)
        await _move(session, principal, demand, DemandStatus.WITHDRAWN,
                    (DemandStatus.OPEN, DemandStatus.MATCHED, DemandStatus.IN_SERVICE), "demand", note=text)
        if held:
            await _give_back(session, demand)
        await session.exec(
            sa.update(_mp).where(_mp.c.demand_id == demand.id, _mp.c.status == ProposalStatus.PROPOSED.value)
            .values(status=ProposalStatus.SUPERSEDED.value))
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return demand


def proposals_of(demand_ids: list[int]) -> Any:
    """The proposals of these demands, best first."""
    return (select(MatchProposal).where(col(MatchProposal.demand_id).in_(demand_ids))
            .order_by(col(MatchProposal.demand_id), col(MatchProposal.resource_id).is_(None), col(MatchProposal.rank),
                      col(MatchProposal.id)))

