"""ID numbers are unique in a tenant without the uniqueness being an oracle.

A user entering an ID number that another record of the tenant holds is told so only when they
may see that record (then it is named, so that they can go to it); otherwise the refusal is the
same whatever and wherever the other record is, and says only that an administrator can look
into it. Either way the conflict is written to the audit log — the actor, the record whose number
it is and the one being written, never the number — in a transaction of its own, so the refusal
of the write does not take the record of the attempt with it.

A refusal still tells that *some* record holds the number, which no uniqueness check can avoid:
so each user may enter at most :data:`BUDGET` ID numbers an hour (new records with a number,
changes of a number; conflicts count), counted in the audit log, in the database, so that several
workers, several requests and the aliased mutations of one request all spend from the same budget.
Whoever may read every number of the tenant in full (``personal_data:read_full`` at its root,
or the platform administrator) learns nothing from a conflict and has no budget.
"""

import datetime as dt
from typing import Any

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db, personal
from core.access import audit
from core.access.grants import Principal, resource_of
from core.errors import FieldError
from core.models import AuditEvent, Region
from core.models.base import stored_id
from core.services import regions

BUDGET = 30
"""ID numbers one user may enter in :data:`WINDOW` (a registration drive types one in every two minutes)."""
WINDOW = dt.timedelta(hours=1)
SET = "personal_data.id_number_set"
"""Audit action: a record was given an ID number (written with the record)."""
CONFLICT = "personal_data.id_number_conflict"
"""Audit action: an ID number entered was another record's (written even though the write is refused)."""


async def _unlimited(session: AsyncSession, principal: Principal, tenant_id: int) -> bool:
    """May the principal read every ID number of the tenant in full anyway?"""
    if principal.platform_admin:
        return True
    root = await regions.tenant_root(session, tenant_id)
    return root is not None and principal.may("personal_data", "read_full", root)


async def spent(session: AsyncSession, principal: Principal) -> int:
    """How many ID numbers the principal entered in the last :data:`WINDOW` (conflicts included)."""
    since = dt.datetime.now(dt.UTC) - WINDOW
    query = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.actor == principal.username, col(AuditEvent.action).in_([SET, CONFLICT]), col(AuditEvent.at) >= since
    )
    return int((await session.exec(query)).one())


async def check(
    session: AsyncSession, principal: Principal, keyring: personal.Keyring, row: Any, number: str, region: Region
) -> None:
    """Before ``row`` (a Volunteer or SocialWorker, new or stored) is given ``number``: refuse
    (FieldError naming ``id_number``) when the principal's budget is spent, or when another record
    of the tenant holds the number — audited, and named only to whoever may see it. Run it before
    anything of the write is flushed: a conflict is recorded on a connection of its own."""
    unlimited = await _unlimited(session, principal, region.tenant_id)
    if not unlimited and await spent(session, principal) >= BUDGET:
        minutes = int(WINDOW.total_seconds() // 60)
        raise FieldError("id_number", f"at most {BUDGET} ID numbers an hour may be entered by one user "
                         f"(the last {minutes} minutes count); try again later", code="rate_limited")
    model = type(row)
    query = select(model).where(model.tenant_id == region.tenant_id,
                                model.id_number_hash == keyring.index(number, region.tenant_id))
    if row.id is not None:
        query = query.where(col(model.id) != row.id)
    other = (await session.exec(query)).first()
    if other is None:
        return
    where = await session.get(Region, other.region_id)
    attempted = f"{model.__name__}:{row.id}" if row.id is not None else f"new {model.__name__} at {region.path}"
    event_id = await _record_conflict(session, principal, f"{model.__name__}:{other.id}.idNumber", attempted, region.tenant_id)
    if where is not None and principal.may(resource_of(model), "read", where):
        raise FieldError("id_number", f"already registered in this tenant: {model.__name__} {other.id} at {where.path}",
                         code="duplicate")
    raise FieldError("id_number", "cannot be accepted here; an administrator of the tenant can look into it "
                     f"(reference: audit event {event_id})", code="refused")


async def _record_conflict(session: AsyncSession, principal: Principal, target: str, attempted: str, tenant_id: int) -> int:
    async with db.transaction(personal.sessions_of(session)) as own:
        event = await audit.record(own, principal, CONFLICT, target, tenant_id=tenant_id,
                                   after={"field": "idNumber", "attempted_on": attempted})
        return stored_id(event)


async def record_set(session: AsyncSession, principal: Principal, row: Any) -> None:
    """The record was given an ID number: audited with the write (it spends the budget)."""
    await audit.record(session, principal, SET, f"{type(row).__name__}:{row.id}.idNumber", tenant_id=row.tenant_id,
                       after={"field": "idNumber"})


def conflict_after_check() -> FieldError:
    """A conflict the database found after :func:`check` passed (a concurrent write took the number)."""
    return FieldError("id_number", "cannot be accepted here; an administrator of the tenant can look into it",
                      code="refused")


__all__ = ["BUDGET", "CONFLICT", "SET", "WINDOW", "check", "conflict_after_check", "record_set", "spent"]
