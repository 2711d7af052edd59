"""A tenant's own working-day calendar: the days it adds to, or takes from, the statutory one.

Setting or removing a day needs ``setting:update`` at the tenant's root region and is audited;
any user of the tenant may read the tenant's days and count working days on them (the deadlines
of its cases are counted so). A platform administrator names the tenant.
"""

import datetime as dt

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit
from core.access.grants import Principal, require
from core.cases.calendar import calendar_of
from core.errors import FieldError, InvalidInput, NotFound
from core.models import CalendarDay, Region, Tenant
from core.models.base import stored_id
from core.services.administration import tenant_root

FIRST_YEAR, LAST_YEAR = 2000, 2100
LABEL_MAX = 100
MAX_COUNT = 1000


def _check_day(day: dt.date, field: str = "day") -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise FieldError(field, f"must be a day of the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


async def _tenant(session: AsyncSession, principal: Principal, tenant: str | None, action: str | None) -> tuple[Tenant, Region]:
    found, root = await tenant_root(session, principal, tenant)
    if action is not None:
        require(principal, "setting", action, root, field="tenant")
    return found, root


def _shown(row: CalendarDay) -> dict[str, object]:
    return {"day": row.day.isoformat(), "working": row.working, "label": row.label}


async def set_day(
    session: AsyncSession, principal: Principal, *, day: dt.date, working: bool, label: str = "", tenant: str | None = None
) -> CalendarDay:
    """Make ``day`` a working day or a day off for the tenant, whatever the statutory calendar says."""
    try:
        _check_day(day)
        label = (label or "").strip()
        if len(label) > LABEL_MAX:
            raise FieldError("label", f"at most {LABEL_MAX} characters")
        found, _ = await _tenant(session, principal, tenant, "update")
        tenant_id = stored_id(found)
        row = (await session.exec(select(CalendarDay).where(CalendarDay.tenant_id == tenant_id, CalendarDay.day == day))).first()
        before = _shown(row) if row is not None else None
        if row is None:
            row = CalendarDay(tenant_id=tenant_id, day=day, working=working, label=label)
        else:
            row.working, row.label = working, label
        session.add(row)
        await session.flush()
        await audit.record(session, principal, "calendar.day.set", f"{found.code}:{day.isoformat()}", tenant_id=tenant_id,
                           before=before, after=_shown(row))
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def remove_day(session: AsyncSession, principal: Principal, *, day: dt.date, tenant: str | None = None) -> CalendarDay:
    """Give ``day`` back to the statutory calendar. Returns the row removed."""
    try:
        _check_day(day)
        found, _ = await _tenant(session, principal, tenant, "update")
        tenant_id = stored_id(found)
        row = (await session.exec(select(CalendarDay).where(CalendarDay.tenant_id == tenant_id, CalendarDay.day == day))).first()
        if row is None:
            raise NotFound("day", f"{day.isoformat()} is not a day of the tenant's own calendar")
        await session.delete(row)
        await session.flush()
        await audit.record(session, principal, "calendar.day.remove", f"{found.code}:{day.isoformat()}", tenant_id=tenant_id,
                           before=_shown(row))
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def days_of(session: AsyncSession, principal: Principal, year: int, tenant: str | None = None) -> list[CalendarDay]:
    """The tenant's own days of ``year``, in order."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FieldError("year", f"must be between {FIRST_YEAR} and {LAST_YEAR}")
    found, _ = await _tenant(session, principal, tenant, None)
    query = (
        select(CalendarDay)
        .where(CalendarDay.tenant_id == found.id, col(CalendarDay.day) >= dt.date(year, 1, 1),
               col(CalendarDay.day) <= dt.date(year, 12, 31))
        .order_by(col(CalendarDay.day))
    )
    return list((await session.exec(query)).all())


async def working_days_after(
    session: AsyncSession, principal: Principal, start: dt.date, count: int, tenant: str | None = None
) -> dt.date:
    """The ``count``-th working day after ``start`` on the tenant's calendar (``start`` not counted):
    the due date of "within ``count`` working days"."""
    _check_day(start, "from")
    if not 0 <= count <= MAX_COUNT:
        raise FieldError("count", f"must be between 0 and {MAX_COUNT}")
    found, _ = await _tenant(session, principal, tenant, None)
    due = (await calendar_of(session, stored_id(found))).add_working_days(start, count)
    if due.year > LAST_YEAR:
        raise FieldError("count", f"the day falls after {LAST_YEAR}")
    return due
