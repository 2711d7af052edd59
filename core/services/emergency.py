"""Emergency mode (应急状态) and dispatching people and resources.

An authorized user (emergency:create at the area) switches a street or community into emergency
mode for a bounded time. While it is on, holders of an emergency-powers role (the community
"two committees") inside the area may read and dispatch all volunteers, teams, organizations and
in-kind resources of the whole area. It ends by itself; every switch and every dispatch is audited.
"""

import datetime as dt
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from core.access import audit
from core.access.grants import Principal, region_at, require, visible
from core.errors import FieldError, InvalidInput
from core.models import (
    Dispatch,
    Donation,
    DonationForm,
    Emergency,
    SocialOrganization,
    Volunteer,
    VolunteerTeam,
)
from core.models.base import stored_id
from core.tree.tiers import Tier

MAX_HOURS = 72
DISPATCHABLE: dict[str, Any] = {
    "volunteer": Volunteer,
    "volunteer_team": VolunteerTeam,
    "social_organization": SocialOrganization,
    "donation": Donation,
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def start(session: AsyncSession, principal: Principal, *, region: str, hours: int, reason: str) -> Emergency:
    try:
        place = await region_at(session, region, principal)
        require(principal, "emergency", "create", place)
        if place.tier not in (Tier.STREET, Tier.COMMUNITY):
            raise FieldError("region", f"emergency mode is for a street or a community, not a {place.tier.value}")
        if not 1 <= hours <= MAX_HOURS:
            raise FieldError("hours", f"must be between 1 and {MAX_HOURS}")
        if not reason.strip():
            raise FieldError("reason", "say why (it is kept in the audit log)")
        now = _now()
        running = (
            await session.exec(
                select(Emergency).where(Emergency.region_id == place.id, col(Emergency.ended_at).is_(None),
                                        col(Emergency.ends_at) > now)
            )
        ).first()
        if running is not None:
            raise FieldError("region", f"{place.path!r} is already in emergency mode until {running.ends_at:%Y-%m-%d %H:%M} UTC")
        emergency = Emergency(tenant_id=place.tenant_id, region_id=stored_id(place), reason=reason.strip(),
                              started_by=principal.username, starts_at=now, ends_at=now + dt.timedelta(hours=hours))
        session.add(emergency)
        await session.flush()
        await audit.record(session, principal, "emergency.start", place.path, tenant_id=place.tenant_id,
                           after={"id": emergency.id, "until": emergency.ends_at.isoformat(), "reason": emergency.reason})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return emergency


async def end(session: AsyncSession, principal: Principal, *, region: str) -> Emergency:
    try:
        place = await region_at(session, region, principal)
        require(principal, "emergency", "update", place)
        emergency = (
            await session.exec(
                select(Emergency).where(Emergency.region_id == place.id, col(Emergency.ended_at).is_(None),
                                        col(Emergency.ends_at) > _now())
            )
        ).first()
        if emergency is None:
            raise FieldError("region", f"{place.path!r} is not in emergency mode")
        emergency.ended_at, emergency.ended_by = _now(), principal.username
        session.add(emergency)
        await session.flush()
        await audit.record(session, principal, "emergency.end", place.path, tenant_id=place.tenant_id,
                           before={"id": emergency.id, "until": emergency.ends_at.isoformat()})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return emergency


async def dispatch(
    session: AsyncSession, principal: Principal, *, resource: str, ids: list[int], task: str, region: str
) -> Dispatch:
    """Send volunteers, teams, organizations or in-kind donations to a task at ``region``."""
    try:
        model = DISPATCHABLE.get(resource)
        if model is None:
            raise FieldError("resource", f"one of {', '.join(DISPATCHABLE)}")
        if not ids or len(ids) > 500:
            raise FieldError("ids", "between 1 and 500 ids")
        if not task.strip():
            raise FieldError("task", "say what the task is")
        place = await region_at(session, region, principal)
        wanted = sorted(set(ids))

        async def allowed(who: Principal) -> int:
            query = visible(model, who, "dispatch").where(col(model.id).in_(wanted))
            if model is Donation:
                query = query.where(Donation.form == DonationForm.IN_KIND)
            # sqlmodel's SELECT inherits SQLAlchemy's with_only_columns, typed to return a plain
            # Select; the copy it makes is still sqlmodel's SelectOfScalar, which exec() reads as scalars.
            count = cast(SelectOfScalar[int], query.with_only_columns(sa.func.count()))
            return int((await session.exec(count)).one())

        if await allowed(principal) != len(wanted):
            raise FieldError("ids", f"you may not dispatch all of these {resource} records (in-kind donations only)"
                             if model is Donation else f"you may not dispatch all of these {resource} records")
        ordinary = await allowed(principal.without_emergency()) == len(wanted)
        emergency_id = None
        if not ordinary:
            emergency_id = next(g.emergency_id for g in principal.grants(resource, "dispatch") if g.emergency_id)
        row = Dispatch(tenant_id=place.tenant_id, region_id=stored_id(place), resource=resource, object_ids=wanted,
                       task=task.strip(), dispatched_by=principal.username, emergency_id=emergency_id)
        session.add(row)
        await session.flush()
        await audit.record(session, principal, "emergency.dispatch" if emergency_id else "dispatch",
                           f"{resource} → {place.path}", tenant_id=place.tenant_id,
                           after={"ids": wanted, "task": row.task, "emergency": emergency_id})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row
