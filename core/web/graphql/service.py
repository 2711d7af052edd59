"""Service activities (场次, 人次) and the volunteer-hours ledger (志愿服务记录) through GraphQL.

The lists hang off ``Region`` (``activities``, ``serviceRecords``) and ``Volunteer``
(``serviceRecords``, ``serviceHours``) in :mod:`core.web.graphql.types`, which refers to the types
here lazily; the helpers those fields call live here too.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa
import strawberry
from sqlmodel import col
from strawberry.dataloader import DataLoader

from core import models
from core.access.grants import visible
from core.plugins.declarations import GraphQLDecl
from core.services import elements
from core.web.graphql import inputs
from core.web.graphql.filters import _contains, _equals
from core.web.graphql.ids import parse_optional_id
from core.web.graphql.inputs import as_data
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.schema import _create, _update, node
from core.web.graphql.types import Record, SocialOrganization, Volunteer, _organization


@strawberry.type(description="服务活动: one activity held (一场次) at a community or street, and the people it served")
class Activity(Record):
    title: str
    held_on: dt.date
    category: str | None = strawberry.field(description="e.g. 关爱老年人服务类, 志愿服务类")
    person_times: int = strawberry.field(description="people served (服务人次)")

    @strawberry.field(description="The social organization that held it, if any.")
    async def organization(self, info: strawberry.Info) -> SocialOrganization | None:
        return await _organization(info, self.row.organization_id)


@strawberry.type(description="志愿服务记录: an entry of the volunteer-hours ledger, at the volunteer's community; never edited")
class ServiceRecord(Record):
    served_on: dt.date
    minutes: int = strawberry.field(description="service time in minutes")
    description: str | None
    request_key: str | None = strawberry.field(description="the client's key that made the entry once")

    @strawberry.field(description="minutes / 60")
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @strawberry.field(description="The volunteer who served, if the viewer may see them.")
    async def volunteer(self, info: strawberry.Info) -> Volunteer | None:
        row = await info.context.loaders.by_id(models.Volunteer).load(self.row.volunteer_id)
        return Volunteer.of(row) if row else None

    @strawberry.field(description="The activity served at, if any and if the viewer may see it.")
    async def activity(self, info: strawberry.Info) -> Activity | None:
        if self.row.activity_id is None:
            return None
        row = await info.context.loaders.by_id(models.Activity).load(self.row.activity_id)
        return Activity.of(row) if row else None


@strawberry.input
class ActivityFilter:
    held_from: dt.date | None = None
    held_to: dt.date | None = None
    category: str | None = None
    organization_id: strawberry.ID | None = None
    title_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.Activity
        out = _equals(m.category, self.category)
        out += _equals(m.organization_id, parse_optional_id(self.organization_id, "filter.organizationId"))
        if self.held_from is not None:
            out.append(col(m.held_on) >= self.held_from)
        if self.held_to is not None:
            out.append(col(m.held_on) <= self.held_to)
        return out + _contains(m.title, self.title_contains)


@strawberry.input
class ServiceRecordFilter:
    volunteer_id: strawberry.ID | None = None
    activity_id: strawberry.ID | None = None
    served_from: dt.date | None = None
    served_to: dt.date | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.ServiceRecord
        out = _equals(m.volunteer_id, parse_optional_id(self.volunteer_id, "filter.volunteerId"))
        out += _equals(m.activity_id, parse_optional_id(self.activity_id, "filter.activityId"))
        if self.served_from is not None:
            out.append(col(m.served_on) >= self.served_from)
        if self.served_to is not None:
            out.append(col(m.served_on) <= self.served_to)
        return out


async def volunteer_records(
    info: strawberry.Info, volunteer: models.Volunteer, first: int, after: str | None
) -> Connection[ServiceRecord]:
    """The ledger entries of one volunteer the viewer may read, oldest first."""
    query = visible(models.ServiceRecord, info.context.who).where(models.ServiceRecord.volunteer_id == volunteer.id)
    return await paginate(info, query, models.ServiceRecord, ServiceRecord.of, first=first, after=after)


_minutes: "WeakKeyDictionary[Any, DataLoader[int, dict[int, int]]]" = WeakKeyDictionary()
"""Per request (keyed by its loaders): the minutes per year of the volunteers asked for together."""


async def volunteer_hours(info: strawberry.Info, volunteer: models.Volunteer, year: int | None) -> float:
    """Hours in the ledger entries of a volunteer that the viewer may read (of one year, or all)."""
    context = info.context
    loader = _minutes.get(context.loaders)
    if loader is None:
        principal = context.who

        async def load(ids: Sequence[int]) -> list[dict[int, int]]:
            m = models.ServiceRecord
            rows = visible(m, principal).where(col(m.volunteer_id).in_(ids)).subquery()
            year_of = sa.cast(sa.extract("year", rows.c.served_on), sa.Integer)
            query = sa.select(rows.c.volunteer_id, year_of, sa.func.sum(rows.c.minutes)).group_by(
                rows.c.volunteer_id, year_of
            )
            found: dict[int, dict[int, int]] = defaultdict(dict)
            for volunteer_id, served_year, minutes in (await context.exec(query)).all():
                found[volunteer_id][int(served_year)] = int(minutes)
            return [found.get(id_, {}) for id_ in ids]

        loader = _minutes[context.loaders] = DataLoader(load)
    per_year = await loader.load(volunteer.id)  # type: ignore[arg-type]
    minutes = sum(per_year.values()) if year is None else per_year.get(year, 0)
    return round(minutes / 60, 2)


@strawberry.type
class ServiceQuery:
    activity = node(models.Activity, Activity)
    service_record = node(models.ServiceRecord, ServiceRecord)


@strawberry.type
class ServiceMutation:
    create_activity = _create(elements.ACTIVITY, inputs.ActivityInput, Activity)
    update_activity = _update(elements.ACTIVITY, inputs.ActivityPatch, Activity)

    @strawberry.mutation(
        description="Add an entry to the volunteer-hours ledger, at the volunteer's community (needs "
        "service_record:create there). With a requestKey, the same entry sent again is recorded once."
    )
    async def record_service(self, info: strawberry.Info, input: inputs.ServiceRecordInput) -> Payload[ServiceRecord]:
        return await mutate(
            info,
            lambda: elements.record_service(info.context.session, info.context.who, as_data(input)),
            ServiceRecord.of,
        )


PART = GraphQLDecl(query=ServiceQuery, mutation=ServiceMutation)
