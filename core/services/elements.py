"""Create and update the five elements: validated input, scoped references, field-named errors.

One description per element (:data:`ELEMENTS`) says which models validate its input, at which
tiers it may be placed, which ids it refers to and which rules cross the database; the two
functions below do the same work for all of them. Nothing is written unless every check passes.

Personal fields (``Element.sealed``: ID number, phone) arrive in clear and validated, and are
written only through :func:`core.personal.seal`: ciphertext, blind index and mask, never the value.
An ID number given to a record goes through :func:`core.services.id_numbers.check` first (a
per-user budget, and a conflict that names only a record the user may see, audited).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock, personal
from core.access.grants import Principal, get_visible, region_at, require, resource_of
from core.errors import FieldError, InvalidInput, NotFound, problems_from
from core.models import (
    Activity,
    CommunityFund,
    CommunityProfile,
    Demonstration,
    Donation,
    OrgType,
    Region,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
    WorkerPost,
)
from core.models.charity import CommunityFundCreate, CommunityFundUpdate, DonationCreate
from core.models.community import FACILITY_SINCE, CommunityProfileUpdate
from core.models.dated import DatedInput
from core.models.organization import SocialOrganizationCreate, SocialOrganizationUpdate
from core.models.scoped import TenantRow
from core.models.service import ActivityCreate, ActivityUpdate, ServiceRecordCreate
from core.models.volunteer import (
    REGISTRATION_DAY,
    VolunteerCreate,
    VolunteerTeamCreate,
    VolunteerTeamUpdate,
    VolunteerUpdate,
)
from core.models.worker import SocialWorkerCreate, SocialWorkerUpdate
from core.services import erasure, id_numbers
from core.tree.paths import within
from core.tree.tiers import Tier

Check = Callable[[AsyncSession, Principal, SQLModel, Region], Awaitable[None]]


@dataclass(frozen=True)
class Element:
    model: type[TenantRow]
    create: type[SQLModel]
    update: type[SQLModel] | None
    tiers: tuple[Tier, ...]
    references: dict[str, type[TenantRow]] = field(default_factory=dict)
    unique: dict[str, str] = field(default_factory=dict)
    """constraint columns → the input field to blame when the row already exists"""
    checks: tuple[Check, ...] = ()
    sealed: tuple[str, ...] = ()
    """personal input fields stored encrypted (core.personal), never as given"""


async def _region_of(session: AsyncSession, row: TenantRow, field: str) -> Region:
    """The region a row sits at (its foreign key says there is one); NotFound naming ``field`` otherwise."""
    region = await session.get(Region, row.region_id)
    if region is None:
        raise NotFound(field, f"no region with id {row.region_id}")
    return region


def _stored_id(region: Region) -> int:
    """The id of a region read from the database (only one not yet flushed has none)."""
    if region.id is None:
        raise NotFound("region", f"{region.path!r} is not stored yet")
    return region.id


async def _fund_host(session: AsyncSession, principal: Principal, data: Any, region: Region) -> None:
    host = await get_visible(
        session, SocialOrganization, data.host_organization_id, principal, field="host_organization_id"
    )
    if host.valid_to is not None and data.valid_to is None:
        raise FieldError("host_organization_id", f"an open fund's host must not be deregistered; this organization "
                         f"was, on {host.valid_to.isoformat()}")
    if not (host.org_type is OrgType.CHARITY_ORGANIZATION and host.public_fundraising):
        raise FieldError(
            "host_organization_id",
            "a community fund is hosted by a charity organization with public-fundraising "
            "qualification (公开募捐资格)",
        )


async def _worker_post(session: AsyncSession, principal: Principal, data: Any, region: Region) -> None:
    needed = {WorkerPost.SOCIAL_WORK_STATION: Tier.STREET, WorkerPost.SOCIAL_WORK_ROOM: Tier.COMMUNITY}
    tier = needed.get(data.post)
    if tier is not None and region.tier is not tier:
        raise FieldError("region", f"a {data.post.value} post is at a {tier.value}, not a {region.tier.value}")


async def _same_region_team(session: AsyncSession, principal: Principal, data: Any, region: Region) -> None:
    if data.team_id is None:
        return
    team = await get_visible(session, VolunteerTeam, data.team_id, principal, field="team_id")
    team_region = await _region_of(session, team, "team_id")
    if not within(region.path, team_region.path):
        raise FieldError("team_id", f"the team serves {team_region.path!r}, not {region.path!r}")


async def _fund_region(session: AsyncSession, principal: Principal, data: Any, region: Region) -> None:
    if data.fund_id is None:
        return
    fund = await get_visible(session, CommunityFund, data.fund_id, principal, field="fund_id")
    if fund.tenant_id != region.tenant_id:
        raise FieldError("fund_id", "the fund belongs to another tenant")
    if fund.valid_to is not None and data.donated_on >= fund.valid_to:
        raise FieldError("fund_id", f"the fund was closed on {fund.valid_to.isoformat()}")


ORGANIZATION = Element(
    SocialOrganization,
    SocialOrganizationCreate,
    SocialOrganizationUpdate,
    tiers=(Tier.PROVINCE, Tier.CITY, Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY),
    unique={"credit_code": "credit_code"},
)
WORKER = Element(
    SocialWorker,
    SocialWorkerCreate,
    SocialWorkerUpdate,
    tiers=(Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY),
    references={"organization_id": SocialOrganization},
    unique={"id_number_hash": "id_number"},
    checks=(_worker_post,),
    sealed=personal.SEALED,
)
TEAM = Element(
    VolunteerTeam,
    VolunteerTeamCreate,
    VolunteerTeamUpdate,
    tiers=(Tier.STREET, Tier.COMMUNITY),
    references={"organization_id": SocialOrganization},
)
VOLUNTEER = Element(
    Volunteer,
    VolunteerCreate,
    VolunteerUpdate,
    tiers=(Tier.COMMUNITY,),
    unique={"id_number_hash": "id_number"},
    checks=(_same_region_team,),
    sealed=personal.SEALED,
)
FUND = Element(
    CommunityFund,
    CommunityFundCreate,
    CommunityFundUpdate,
    tiers=(Tier.STREET, Tier.COMMUNITY),
    checks=(_fund_host,),
)
DONATION = Element(
    Donation,
    DonationCreate,
    None,  # a ledger: corrections are new entries
    tiers=(Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY),
    checks=(_fund_region,),
)
ACTIVITY = Element(
    Activity,
    ActivityCreate,
    ActivityUpdate,
    tiers=(Tier.STREET, Tier.COMMUNITY),
    references={"organization_id": SocialOrganization},
)
SERVICE_RECORD = Element(
    ServiceRecord,
    ServiceRecordCreate,
    None,  # a ledger: corrections are new entries
    tiers=(Tier.COMMUNITY,),  # the volunteer's community, never an input: see core.services.hours
    references={"activity_id": Activity},
)


def _no_nulls(table: type[SQLModel], changes: dict[str, Any]) -> None:
    """A patch may leave a field out, never set one the table requires to null."""
    columns = table.__table__.columns  # type: ignore[attr-defined]
    for name, value in changes.items():
        if value is None and name in columns and not columns[name].nullable:
            raise FieldError(name, "cannot be null; leave it out to keep the current value", code="required")


def _validate(model: type[SQLModel], data: dict[str, Any], context: dict[str, Any] | None = None) -> Any:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from error


async def _place(
    session: AsyncSession, principal: Principal, element: Element, data: Any, action: str, current: Region | None = None
) -> Region:
    """The region ``data`` names, where the principal may ``action`` the element. ``current``: the
    region an updated row sits at, read already (the row was visible to update), so not read again
    when the update leaves the row there."""
    if current is not None and current.path == data.region.strip().strip("/"):
        region = current
    else:
        region = await region_at(session, data.region, principal)
    require(principal, resource_of(element.model), action, region)
    if region.tier not in element.tiers:
        allowed = ", ".join(t.value for t in element.tiers)
        raise FieldError("region", f"a {element.model.__name__} is placed at a {allowed}, not a {region.tier.value}")
    await _references(session, principal, element, data, region)
    for check in element.checks:
        await check(session, principal, data, region)
    return region


async def _references(
    session: AsyncSession, principal: Principal, element: Element, data: Any, region: Region
) -> None:
    """Every id the input refers to names a row the principal may see, in the region's tenant."""
    for name, target in element.references.items():
        value = getattr(data, name, None)
        if value is not None:
            ref = await get_visible(session, target, value, principal, field=name)
            if ref.tenant_id != region.tenant_id:
                raise FieldError(name, "refers to another tenant")


async def _write(session: AsyncSession, element: Element, row: SQLModel) -> None:
    """Flush ``row``; a unique value it holds that is taken is an error naming the input field. Only
    a row holding one needs the savepoint that turns the conflict into that error (a null is never
    taken): any other failure fails the whole write alike, with or without one."""
    if all(getattr(row, column) is None for column in element.unique):
        session.add(row)
        await session.flush()
        return
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except sa.exc.IntegrityError as error:
        text = str(error.orig).lower()
        for column, field_name in element.unique.items():
            if column in text or "unique" in text:
                if column == "id_number_hash":  # taken since id_numbers.check: say no more than it would
                    raise id_numbers.conflict_after_check() from error
                raise FieldError(field_name, "already registered in this tenant", code="duplicate") from error
        raise


async def _check_id_number(
    session: AsyncSession, principal: Principal, element: Element, row: Any, valid: Any, region: Region,
    before: str | None = None,
) -> bool:
    """Check an ID number the write gives ``row`` (new, or changed from ``before``): True if it does."""
    number = getattr(valid, "id_number", None) if "id_number" in element.sealed else None
    if not number or number == before:
        return False
    await id_numbers.check(session, principal, personal.keyring_of(session), row, number, region)
    return True


async def create(
    session: AsyncSession, principal: Principal, element: Element, data: dict[str, Any]
) -> Any:
    """Validate ``data`` with the element's Create model, place it, write it; return the row."""
    try:
        valid = _validate(element.create, data)
        region = await _place(session, principal, element, valid, "create")
        row = element.model(
            **valid.model_dump(exclude={"region", *element.sealed}), tenant_id=region.tenant_id,
            region_id=_stored_id(region),
        )
        if isinstance(valid, DatedInput):
            row.valid_from = valid.first_day()
        numbered = await _check_id_number(session, principal, element, row, valid, region)
        if element.sealed:
            personal.seal(personal.keyring_of(session), row, {name: getattr(valid, name) for name in element.sealed})
        await _write(session, element, row)
        if numbered:
            await id_numbers.record_set(session, principal, row)
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def update(
    session: AsyncSession, principal: Principal, element: Element, id_: int, data: dict[str, Any]
) -> Any:
    """Apply the given fields to a visible row; the merged result is validated as a whole."""
    if element.update is None:
        raise InvalidInput.of(FieldError("id", f"{element.model.__name__} entries are never edited; add a correcting entry"))
    try:
        changes = _validate(element.update, data).model_dump(exclude_unset=True)
        _no_nulls(element.model, changes)
        row = await get_visible(session, element.model, id_, principal, action="update")
        await erasure.refuse_if_erased(session, row)
        current_region = await _region_of(session, row, "id")
        keyring = personal.keyring_of(session) if element.sealed else None
        stored = {  # the sealed fields are decrypted to validate the whole; never returned from here
            name: personal.reveal(keyring, row, name) if keyring is not None and name in element.sealed
            else getattr(row, name)
            for name in element.create.model_fields
            if name != "region" and name not in changes
        }
        merged = stored | {"region": current_region.path} | changes
        if _follows_stated_day(element, row, changes):
            merged["valid_from"] = None  # derived from the stated day: it follows its correction
        # rules that depend on the day of entry use the record's own, which no update can move
        entered = {REGISTRATION_DAY: row.created_at.date()}
        valid = _validate(element.create, merged, entered)
        region = await _place(session, principal, element, valid, "update", current_region)
        before = personal.reveal(keyring, row, "id_number") if keyring is not None else None
        numbered = await _check_id_number(session, principal, element, row, valid, region, before)
        for name, value in valid.model_dump(exclude={"region", *element.sealed}).items():
            setattr(row, name, value)
        if isinstance(valid, DatedInput):
            row.valid_from = valid.first_day()
        if keyring is not None:
            personal.seal(keyring, row, {name: getattr(valid, name) for name in element.sealed})
        row.region_id = _stored_id(region)
        await _write(session, element, row)
        if numbered:
            await id_numbers.record_set(session, principal, row)
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


def _follows_stated_day(element: Element, row: Any, changes: dict[str, Any]) -> bool:
    """Whether an update moves ``valid_from`` with the stated day (``registered_on`` …): when the day is
    corrected, ``valid_from`` is not given, and it was the default, i.e. the old stated day (or, with
    none, the day the record was entered)."""
    stated = getattr(element.create, "STATED_FIELD", None)
    if stated is None or stated not in changes or "valid_from" in changes:
        return False
    old = getattr(row, stated)
    return bool(row.valid_from == (old if old is not None else row.created_at.date()))


def _facility_days(profile: CommunityProfile, changes: dict[str, Any]) -> None:
    """Each counted facility has the day it began while it exists, and none without it: a facility
    recorded without its day began today (:func:`core.clock.today`); a day given for a facility the
    community does not have is refused, naming it."""
    facilities = [(flag, since, bool(getattr(profile, flag))) for flag, since in FACILITY_SINCE.items()]
    facilities.append(("demonstration", "demonstration_since", profile.demonstration is not Demonstration.NONE))
    for flag, since, present in facilities:
        if not present:
            if changes.get(since) is not None:
                raise FieldError(since, f"is the day the facility began, but {flag} says there is none")
            setattr(profile, since, None)
        elif getattr(profile, since) is None:
            setattr(profile, since, clock.today())


async def set_community_profile(
    session: AsyncSession, principal: Principal, path: str, data: dict[str, Any]
) -> CommunityProfile:
    """Create or update the profile of the community at ``path``."""
    try:
        changes = _validate(CommunityProfileUpdate, data).model_dump(exclude_unset=True)
        _no_nulls(CommunityProfile, changes)
        region = await region_at(session, path, principal)
        require(principal, "community_profile", "update", region)
        if region.tier is not Tier.COMMUNITY:
            raise FieldError("region", f"{path!r} is a {region.tier.value}, not a community")
        query = select(CommunityProfile).where(CommunityProfile.region_id == region.id)
        profile = (await session.exec(query)).first()
        if profile is None:
            profile = CommunityProfile(tenant_id=region.tenant_id, region_id=_stored_id(region))
        for name, value in changes.items():
            setattr(profile, name, value)
        _facility_days(profile, changes)
        session.add(profile)
        await session.flush()
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return profile
