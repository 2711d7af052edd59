"""The working-day calendar deadlines are counted on ("within 10 working days").

China's statutory holidays and adjusted working days (调休) come from the maintained
``chinese-calendar`` package; a tenant adds its own days off, or working days, as
:class:`core.models.CalendarDay` rows, which win over the statutory calendar. For a year the
package has no data for yet (the State Council publishes each year's holidays in the previous
autumn), Monday to Friday are working days until the package is upgraded; the tenant's own days
still apply.
"""

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import CalendarDay
from core.plugins.cases import DeadlineDecl


@dataclass(frozen=True)
class WorkingCalendar:
    """The statutory calendar with one tenant's own days (``overrides``: day → working?)."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:  # a year the package has no data for yet
            return day.weekday() < 5

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def due(self, deadline: DeadlineDecl, entered: dt.date) -> dt.date:
        """The day by which a state entered on ``entered`` must be left."""
        if deadline.on is not None:
            return deadline.on
        if deadline.working_days is not None:
            return self.add_working_days(entered, deadline.working_days)
        if deadline.days is not None:
            return entered + dt.timedelta(days=deadline.days)
        months = deadline.months or 0
        month_index = entered.month - 1 + months
        year, month = entered.year + month_index // 12, month_index % 12 + 1
        return dt.date(year, month, min(entered.day, month_calendar.monthrange(year, month)[1]))


async def calendar_of(session: AsyncSession, tenant_id: int) -> WorkingCalendar:
    rows = (await session.exec(select(CalendarDay).where(CalendarDay.tenant_id == tenant_id))).all()
    return WorkingCalendar({row.day: row.working for row in rows})
