"""The volunteer-hours ledger (志愿服务记录): entries that hold up.

- **Whoever organizes records (谁组织谁记录).** An entry names its activity, and only the activity's
  organizer records it: for an activity held by a social organization, a user who is a member of
  that organization (:class:`~core.models.OrganizationMember`); for one held by an office (no
  organization), a user who may ``activity:create`` at the activity's region, i.e. the office that
  holds activities there. On top of that, Casbin decides as everywhere: ``service_record:create``
  at the volunteer's community.
- **A day holds 24 hours.** An entry runs from ``starts_at`` for ``minutes`` within its day; the
  volunteer's effective entries of a day add up to at most 24 hours and never overlap. The day is
  never in the future (:data:`~core.models.fields.PastDate`, on :func:`core.clock.today`).
  Concurrent entries for one volunteer are serialised on the volunteer's row (``SELECT … FOR
  UPDATE`` on PostgreSQL; SQLite has one writer), so two of them cannot together pass the caps.
- **A correction is a new entry.** It names the entry it corrects (``corrects_id``, unique: an
  entry is corrected once, then its correction may be corrected in turn); the corrected entry
  stays in the ledger and stops counting (:func:`effective`). The table is append-only: a trigger
  refuses ``UPDATE`` and ``DELETE``.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal, get_visible, require, resource_of
from core.errors import FieldError, InvalidInput, NotFound
from core.models import Activity, OrganizationMember, Region, ServiceRecord, SocialOrganization, Volunteer
from core.models.service import MAX_MINUTES, ServiceRecordCorrection, ServiceRecordCreate, ServiceTime, minute_of
from core.services.elements import _validate


def effective() -> sa.ColumnElement[bool]:
    """The SQL condition "this entry counts": no other entry corrects it. Use it wherever hours
    are added up (``select(ServiceRecord).where(effective())``)."""
    correction = sa.orm.aliased(ServiceRecord, name="correction")
    return ~sa.exists().where(col(correction.corrects_id) == ServiceRecord.id)


async def effective_records(
    session: AsyncSession, volunteer_id: int, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[ServiceRecord]:
    """The volunteer's entries that count (none corrected), oldest first; within ``since`` to ``until``
    (inclusive) if given. No visibility filter: the caller has decided the volunteer may be read."""
    query = select(ServiceRecord).where(ServiceRecord.volunteer_id == volunteer_id, effective())
    if since is not None:
        query = query.where(col(ServiceRecord.served_on) >= since)
    if until is not None:
        query = query.where(col(ServiceRecord.served_on) <= until)
    query = query.order_by(col(ServiceRecord.served_on), col(ServiceRecord.start_minute), col(ServiceRecord.id))
    return list((await session.exec(query)).all())


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def organizer_refusal(session: AsyncSession, principal: Principal, activity: Activity) -> str | None:
    """Why ``principal`` does not organize ``activity`` (None when they do): see the module's rule."""
    if activity.organization_id is not None:
        member = (await session.exec(select(OrganizationMember.id).where(
            OrganizationMember.organization_id == activity.organization_id,
            OrganizationMember.user_id == principal.user_id))).first()
        if member is not None:
            return None
        organization = await session.get(SocialOrganization, activity.organization_id)
        name = organization.name if organization is not None else f"organization {activity.organization_id}"
        return f"only the organizer records its hours (谁组织谁记录): a member of {name!r}"
    region = await session.get_one(Region, activity.region_id)
    if principal.may("activity", "create", region):
        return None
    return (f"only the organizer records its hours (谁组织谁记录): the office holding activities at "
            f"{region.path!r} (activity:create there)")


def organized_by(principal: Principal) -> sa.ColumnElement[bool]:
    """The SQL condition "``principal`` organizes this ``Activity``" (joined with its ``Region``),
    the same rule as :func:`organizer_refusal`, for lists (the entries a certificate covers)."""
    members = select(OrganizationMember.organization_id).where(OrganizationMember.user_id == principal.user_id)
    if principal.platform_admin:
        office: sa.ColumnElement[bool] = sa.true()
    else:
        grants = principal.grants("activity", "create")
        office = sa.or_(*(g.predicate() for g in grants)) if grants else sa.false()
    return sa.or_(col(Activity.organization_id).in_(members),
                  sa.and_(col(Activity.organization_id).is_(None), office))


async def _activity(session: AsyncSession, principal: Principal, valid: ServiceTime, region: Region) -> Activity:
    activity = await get_visible(session, Activity, valid.activity_id, principal, field="activity_id")
    if activity.tenant_id != region.tenant_id:
        raise FieldError("activity_id", "refers to another tenant")
    refusal = await organizer_refusal(session, principal, activity)
    if refusal is not None:
        raise FieldError("activity_id", refusal, code="forbidden")
    return activity


def _within_service(volunteer: Volunteer, day: dt.date) -> None:
    if volunteer.registered_on is not None and day < volunteer.registered_on:
        raise FieldError("served_on", f"is before the volunteer registered ({volunteer.registered_on.isoformat()})")
    if volunteer.valid_to is not None and day >= volunteer.valid_to:
        raise FieldError("served_on", f"is on or after the day the volunteer left ({volunteer.valid_to.isoformat()})")


async def _fits_the_day(session: AsyncSession, volunteer_id: int, valid: ServiceTime, replaced: int | None) -> None:
    """The entry fits the volunteer's day: with the effective entries (but ``replaced``, which a
    correction takes out) at most 24 hours, overlapping none. Call with the volunteer's row locked."""
    query = select(ServiceRecord).where(
        ServiceRecord.volunteer_id == volunteer_id, ServiceRecord.served_on == valid.served_on, effective())
    if replaced is not None:
        query = query.where(ServiceRecord.id != replaced)
    others = (await session.exec(query)).all()
    start = minute_of(valid.starts_at)
    end = start + valid.minutes
    for other in others:
        if other.start_minute is not None and other.start_minute < end and start < other.start_minute + other.minutes:
            raise FieldError("starts_at", f"{_clock(start)}–{_clock(end)} overlaps the volunteer's entry "
                             f"{_clock(other.start_minute)}–{_clock(other.start_minute + other.minutes)} "
                             f"on {valid.served_on.isoformat()}", code="conflict")
    total = sum(other.minutes for other in others) + valid.minutes
    if total > MAX_MINUTES:
        raise FieldError("minutes", f"would make {total / 60:g} hours on {valid.served_on.isoformat()} for this "
                         f"volunteer; a day holds at most 24", code="conflict")


async def _lock_volunteer(session: AsyncSession, volunteer_id: int) -> None:
    """Serialise writers of one volunteer's ledger: the row is locked until the transaction ends."""
    await session.exec(select(Volunteer.id).where(Volunteer.id == volunteer_id).with_for_update())


async def record(session: AsyncSession, principal: Principal, data: dict[str, Any]) -> ServiceRecord:
    """Add an entry to the ledger; return it. It sits at the volunteer's community, needs
    ``service_record:create`` there and the activity's organizer (see the module). With a
    ``request_key`` it is written once: the same key again returns the first entry when it says the
    same, and is refused when it says something else."""
    try:
        valid = _validate(ServiceRecordCreate, data)
        volunteer = await get_visible(session, Volunteer, valid.volunteer_id, principal, field="volunteer_id")
        region = await session.get_one(Region, volunteer.region_id)
        require(principal, resource_of(ServiceRecord), "create", region, field="volunteer_id")
        existing = await _entry_with_key(session, region.tenant_id, valid.request_key)
        if existing is not None:  # a retry: nothing new is written
            return _same_entry(existing, valid)
        await _activity(session, principal, valid, region)
        _within_service(volunteer, valid.served_on)
        await _lock_volunteer(session, valid.volunteer_id)
        existing = await _entry_with_key(session, region.tenant_id, valid.request_key)
        if existing is not None:  # a concurrent retry came first, and held the lock
            return _same_entry(existing, valid)
        await _fits_the_day(session, valid.volunteer_id, valid, None)
        row = _entry(valid, valid.volunteer_id, region, principal)
        row.request_key = valid.request_key
        session.add(row)
        await session.flush()
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


def _entry(valid: ServiceTime, volunteer_id: int, region: Region, principal: Principal) -> ServiceRecord:
    if region.id is None:
        raise NotFound("volunteer_id", "the volunteer's region is not stored")
    return ServiceRecord(
        volunteer_id=volunteer_id, activity_id=valid.activity_id, served_on=valid.served_on,
        start_minute=minute_of(valid.starts_at), minutes=valid.minutes, description=valid.description,
        recorded_by=principal.username, tenant_id=region.tenant_id, region_id=region.id,
    )


async def correct(session: AsyncSession, principal: Principal, entry_id: int, data: dict[str, Any]) -> ServiceRecord:
    """Correct an entry with a new one saying what it should have (same volunteer); return the new
    entry. The corrected entry is kept and stops counting. Needs the same as recording, for the
    corrected entry's activity and for the correction's; an entry already corrected is refused
    (correct its correction)."""
    try:
        valid = _validate(ServiceRecordCorrection, data)
        original = await get_visible(session, ServiceRecord, entry_id, principal, field="id")
        volunteer = await get_visible(session, Volunteer, original.volunteer_id, principal, field="id")
        region = await session.get_one(Region, volunteer.region_id)
        require(principal, resource_of(ServiceRecord), "create", region, field="id")
        if original.activity_id is not None:
            before = await get_visible(session, Activity, original.activity_id, principal, field="id")
            refusal = await organizer_refusal(session, principal, before)
            if refusal is not None:
                raise FieldError("id", f"the entry's activity: {refusal}", code="forbidden")
        await _activity(session, principal, valid, region)
        _within_service(volunteer, valid.served_on)
        await _lock_volunteer(session, original.volunteer_id)
        await _not_corrected(session, original)
        await _fits_the_day(session, original.volunteer_id, valid, original.id)
        row = _entry(valid, original.volunteer_id, region, principal)
        row.corrects_id = original.id
        row.reason = valid.reason
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except sa.exc.IntegrityError as error:  # corrected meanwhile (only without a row lock)
            raise FieldError("id", "this entry has been corrected already; correct its correction",
                             code="conflict") from error
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def _not_corrected(session: AsyncSession, original: ServiceRecord) -> None:
    later = (await session.exec(select(ServiceRecord.id).where(ServiceRecord.corrects_id == original.id))).first()
    if later is not None:
        raise FieldError("id", "this entry has been corrected already; correct its correction", code="conflict")


async def _entry_with_key(session: AsyncSession, tenant_id: int, key: str | None) -> ServiceRecord | None:
    if key is None:
        return None
    query = select(ServiceRecord).where(ServiceRecord.tenant_id == tenant_id, ServiceRecord.request_key == key)
    return (await session.exec(query)).first()


def _same_entry(existing: ServiceRecord, valid: ServiceRecordCreate) -> ServiceRecord:
    """The stored entry of a request key, if the new input says the same; refused otherwise."""
    fields = ("volunteer_id", "served_on", "minutes", "activity_id")
    if any(getattr(existing, name) != getattr(valid, name) for name in fields) or \
            existing.start_minute != minute_of(valid.starts_at):
        raise FieldError("request_key", "already used for a different entry", code="duplicate")
    return existing
