"""The tenant's working-day calendar through GraphQL: its own days off and working days, and
counting working days on it (the due date of "within N working days")."""

import datetime as dt
from typing import Annotated

import strawberry

from core import models
from core.cases import calendar_days as service
from core.plugins.declarations import GraphQLDecl
from core.web.graphql.context import Info
from core.web.graphql.payloads import Payload, mutate


@strawberry.type(description="A day of the tenant's own calendar: a local day off, or a working day "
                             "that would otherwise be a holiday. It wins over the statutory calendar.")
class CalendarDay:
    day: dt.date
    working: bool
    label: str

    @classmethod
    def of(cls, row: models.CalendarDay) -> "CalendarDay":
        return cls(day=row.day, working=row.working, label=row.label)


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="The ``count``-th working day after ``from`` (not counted) on the tenant's calendar: "
                                  "the statutory holidays and adjusted working days, then the tenant's own days; "
                                  "Monday to Friday in a year without statutory data yet.")
    async def working_days(
        self, info: Info, from_: Annotated[dt.date, strawberry.argument(name="from")], count: int, tenant: str | None = None
    ) -> dt.date:
        async with info.context.lock:
            return await service.working_days_after(info.context.session, info.context.who, from_, count, tenant)

    @strawberry.field(description="The tenant's own days of a year, in order.")
    async def calendar_days(self, info: Info, year: int, tenant: str | None = None) -> list[CalendarDay]:
        async with info.context.lock:
            rows = await service.days_of(info.context.session, info.context.who, year, tenant)
        return [CalendarDay.of(row) for row in rows]


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(description="Make a day a working day or a day off for the tenant "
                                     "(setting:update at the tenant root); audited.")
    async def set_calendar_day(
        self, info: Info, day: dt.date, working: bool, label: str | None = None, tenant: str | None = None
    ) -> Payload[CalendarDay]:
        return await mutate(
            info,
            lambda: service.set_day(info.context.session, info.context.who, day=day, working=working, label=label or "",
                                    tenant=tenant),
            CalendarDay.of,
        )

    @strawberry.mutation(description="Give a day back to the statutory calendar (setting:update at the tenant root); audited.")
    async def remove_calendar_day(self, info: Info, day: dt.date, tenant: str | None = None) -> Payload[CalendarDay]:
        return await mutate(
            info, lambda: service.remove_day(info.context.session, info.context.who, day=day, tenant=tenant), CalendarDay.of
        )


PART = GraphQLDecl(query=CalendarQuery, mutation=CalendarMutation)
