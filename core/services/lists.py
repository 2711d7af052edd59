"""The three lists: demands, resources and projects entered, each checked before anything is written.

A demand is entered at the resident's community (``demand:create`` there); the resident's name and
phone are sealed (:mod:`core.personal`): ciphertext and mask, never the value. A resource is entered
at any region (``service_resource:create``); one that is a volunteer, a fund or an organization's
service names that record, which the author must see. A project (``service_project:create``) cites
demands and resources by id: each must be a row of the project's tenant that its author may read,
on the project's branch of the tier tree (at its region, above or below it); otherwise it is refused,
naming the field and the position.

Every status a demand takes is a row of ``demand_event`` (:func:`move`), written with the change.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock, personal, validators
from core.access import audit
from core.access.grants import Principal, get_visible, region_at, require
from core.errors import FieldError, InvalidInput
from core.models import (
    CommunityFund,
    Demand,
    DemandEvent,
    ProjectDemand,
    ProjectResource,
    Region,
    ResourceDomain,
    ServiceProject,
    ServiceResource,
    SocialOrganization,
    Volunteer,
)
from core.models.base import stored_id
from core.models.lists import (
    NEED_DOMAINS,
    VULNERABLE_GROUPS,
    DemandStatus,
    ProjectStatus,
    ResourceKind,
)
from core.tree.paths import within
from core.tree.tiers import Tier

MAX_PEOPLE = 10_000
MAX_CITED = 200
"""The most demands, or resources, one project may cite."""


def _text(field: str, value: str | None, limit: int, *, required: bool = True) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise FieldError(field, "must not be empty")
        return None
    if len(text) > limit:
        raise FieldError(field, f"at most {limit} characters, got {len(text)}")
    return text


def _one_of(field: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise FieldError(field, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _checked(field: str, check: Any, value: Any) -> Any:
    """``check(value)`` for a value given (None otherwise), its ValueError as a FieldError naming ``field``."""
    if value is None or value == "":
        return None
    try:
        return check(value)
    except ValueError as error:
        raise FieldError(field, str(error)) from error


def _mask_name(name: str) -> str:
    """王芳 → 王*; 欧阳明月 → 欧***: the family name's first character stays."""
    return name[0] + "*" * (len(name) - 1)


def _on_branch(path: str, other: str) -> bool:
    return within(path, other) or within(other, path)


async def record_move(session: AsyncSession, principal: Principal, demand: Demand, previous: DemandStatus | None,
                      *, proposal_id: int | None = None, note: str | None = None) -> None:
    """Append the demand's status now to its history."""
    session.add(DemandEvent(tenant_id=demand.tenant_id, demand_id=stored_id(demand), status=demand.status,
                            previous=previous, proposal_id=proposal_id, note=note, by=principal.username))


DEMAND_TIERS = (Tier.COMMUNITY,)
"""Where a demand is entered: the resident's community."""


async def add_demand(
    session: AsyncSession, principal: Principal, *, region: str, group: str, domain: str, description: str,
    people: int = 1, resident_name: str | None = None, phone: str | None = None, reported_on: dt.date | None = None,
) -> Demand:
    """Enter a resident's need at their community."""
    try:
        place = await region_at(session, region, principal)
        if place.tier not in DEMAND_TIERS:
            raise FieldError("region", f"a demand is entered at the resident's community, not a {place.tier.value}")
        require(principal, "demand", "create", place)
        _one_of("group", group, VULNERABLE_GROUPS)
        _one_of("domain", domain, NEED_DOMAINS)
        text = _text("description", description, 2000)
        if not 1 <= people <= MAX_PEOPLE:
            raise FieldError("people", f"between 1 and {MAX_PEOPLE}")
        name = _text("resident_name", resident_name, 100, required=False)
        _checked("resident_name", validators.check_one_line, name)
        number = _checked("phone", validators.normalize_phone, phone)
        day = _checked("reported_on", validators.check_past_date, reported_on) or clock.today()
        row = Demand(tenant_id=place.tenant_id, region_id=stored_id(place), group=group, domain=domain,
                     description=text or "", people=people, reported_on=day, reported_by=principal.username)
        keyring = personal.keyring_of(session)
        personal.seal(keyring, row, {"phone": number})
        if name is not None:
            row.resident_name_encrypted, row.resident_name_masked = keyring.encrypt(name), _mask_name(name)
        session.add(row)
        await session.flush()
        await record_move(session, principal, row, None)
        await audit.record(session, principal, "demand.create", f"Demand:{row.id}", tenant_id=row.tenant_id,
                           after={"group": group, "domain": domain, "region": place.path})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def _referenced(session: AsyncSession, principal: Principal, kind: ResourceKind, ids: dict[str, int | None],
                      place: Region) -> None:
    """The record a volunteer, fund or organization's service resource is: needed, visible, in the tenant."""
    needed = {ResourceKind.VOLUNTEER: ("volunteer_id", Volunteer), ResourceKind.FUND: ("fund_id", CommunityFund),
              ResourceKind.ORGANIZATION_SERVICE: ("organization_id", SocialOrganization)}.get(kind)
    for field, value in ids.items():
        if value is not None and (needed is None or needed[0] != field):
            raise FieldError(field, f"a {kind.value} resource names no {field.removesuffix('_id')}")
    if needed is None:
        return
    field, model = needed
    if ids.get(field) is None:
        raise FieldError(field, f"a {kind.value} resource names its {field.removesuffix('_id')}")
    row: Any = await get_visible(session, model, ids[field] or 0, principal, field=field)
    if row.tenant_id != place.tenant_id:
        raise FieldError(field, f"no {model.__name__} with id {ids[field]} in this tenant", code="not_found")


async def add_resource(
    session: AsyncSession, principal: Principal, *, region: str, kind: ResourceKind, name: str, domains: Sequence[str],
    capacity: int, description: str | None = None, available_from: dt.date | None = None,
    available_to: dt.date | None = None, organization_id: int | None = None, volunteer_id: int | None = None,
    fund_id: int | None = None,
) -> ServiceResource:
    """Enter a resource at ``region`` (any tier: a city's fund serves every community below it)."""
    try:
        place = await region_at(session, region, principal)
        require(principal, "service_resource", "create", place)
        title = _text("name", name, 200)
        served = list(dict.fromkeys(domains))
        if not served:
            raise FieldError("domains", "name at least one need domain it serves")
        for i, domain in enumerate(served):
            _one_of(f"domains.{i}", domain, NEED_DOMAINS)
        if not 1 <= capacity <= MAX_PEOPLE:
            raise FieldError("capacity", f"between 1 and {MAX_PEOPLE} demands at once")
        if available_from and available_to and available_to < available_from:
            raise FieldError("available_to", f"is before availableFrom ({available_from.isoformat()})")
        await _referenced(session, principal, kind, {"organization_id": organization_id, "volunteer_id": volunteer_id,
                                                     "fund_id": fund_id}, place)
        row = ServiceResource(tenant_id=place.tenant_id, region_id=stored_id(place), kind=kind, name=title or "",
                              description=_text("description", description, 2000, required=False), capacity=capacity,
                              available_from=available_from, available_to=available_to, organization_id=organization_id,
                              volunteer_id=volunteer_id, fund_id=fund_id, created_by=principal.username)
        session.add(row)
        await session.flush()
        session.add_all([ResourceDomain(resource_id=stored_id(row), tenant_id=row.tenant_id, domain=d) for d in served])
        await session.flush()
        await audit.record(session, principal, "service_resource.create", f"ServiceResource:{row.id}",
                           tenant_id=row.tenant_id, after={"kind": kind.value, "region": place.path, "capacity": capacity})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def _cited(session: AsyncSession, principal: Principal, model: Any, ids: Sequence[int], field: str,
                 place: Region) -> list[int]:
    """The ids a project cites: each a row of the project's tenant its author may read, on its branch."""
    if len(ids) > MAX_CITED:
        raise FieldError(field, f"at most {MAX_CITED}")
    seen: set[int] = set()
    for i, id_ in enumerate(ids):
        at = f"{field}.{i}"
        if id_ in seen:
            raise FieldError(at, f"{model.__name__} {id_} is cited twice")
        seen.add(id_)
        row = await get_visible(session, model, id_, principal, field=at)
        if row.tenant_id != place.tenant_id:
            raise FieldError(at, f"no {model.__name__} with id {id_} in this tenant", code="not_found")
        region = await session.get(Region, row.region_id)
        if region is None or not _on_branch(region.path, place.path):
            where = region.path if region else "?"
            raise FieldError(at, f"{model.__name__} {id_} is at {where!r}, not on the project's branch {place.path!r}")
    return list(ids)


async def add_project(
    session: AsyncSession, principal: Principal, *, region: str, name: str, domain: str, capacity: int,
    demand_ids: Sequence[int] = (), resource_ids: Sequence[int] = (), status: ProjectStatus = ProjectStatus.PLANNED,
) -> ServiceProject:
    """Enter a project at ``region``, citing the demands it answers and the resources it uses."""
    try:
        place = await region_at(session, region, principal)
        require(principal, "service_project", "create", place)
        title = _text("name", name, 200)
        _one_of("domain", domain, NEED_DOMAINS)
        if not 1 <= capacity <= MAX_PEOPLE:
            raise FieldError("capacity", f"between 1 and {MAX_PEOPLE} demands at once")
        if status is ProjectStatus.FINISHED:
            raise FieldError("status", "a project is entered planned or running")
        demands = await _cited(session, principal, Demand, demand_ids, "demand_ids", place)
        resources = await _cited(session, principal, ServiceResource, resource_ids, "resource_ids", place)
        row = ServiceProject(tenant_id=place.tenant_id, region_id=stored_id(place), name=title or "", domain=domain,
                             capacity=capacity, status=status, created_by=principal.username)
        session.add(row)
        await session.flush()
        session.add_all([ProjectDemand(project_id=stored_id(row), demand_id=d, tenant_id=row.tenant_id) for d in demands])
        session.add_all([ProjectResource(project_id=stored_id(row), resource_id=r, tenant_id=row.tenant_id) for r in resources])
        await session.flush()
        await audit.record(session, principal, "service_project.create", f"ServiceProject:{row.id}",
                           tenant_id=row.tenant_id, after={"region": place.path, "demands": demands, "resources": resources})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def cited_by(session: AsyncSession, project_ids: Sequence[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The demands and resources each project cites, by project id."""
    demands: dict[int, list[int]] = {i: [] for i in project_ids}
    resources: dict[int, list[int]] = {i: [] for i in project_ids}
    if project_ids:
        for p, d in (await session.exec(select(ProjectDemand.project_id, ProjectDemand.demand_id)
                                        .where(col(ProjectDemand.project_id).in_(project_ids)))).all():
            demands[p].append(d)
        for p, r in (await session.exec(select(ProjectResource.project_id, ProjectResource.resource_id)
                                        .where(col(ProjectResource.project_id).in_(project_ids)))).all():
            resources[p].append(r)
    return demands, resources


async def domains_of(session: AsyncSession, resource_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in resource_ids}
    if resource_ids:
        query = (select(ResourceDomain.resource_id, ResourceDomain.domain)
                 .where(col(ResourceDomain.resource_id).in_(resource_ids)).order_by(sa.text("domain")))
        for r, d in (await session.exec(query)).all():
            out[r].append(d)
    return out
