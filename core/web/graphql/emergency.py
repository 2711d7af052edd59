"""Emergency mode and dispatching through GraphQL."""

import datetime as dt
import enum
from typing import Any

import strawberry
from sqlmodel import col

from core import models
from core.access.grants import region_at, visible
from core.plugins.declarations import GraphQLDecl
from core.services import emergency as service
from core.services.regions import subtree
from core.web.graphql.context import Info
from core.web.graphql.ids import global_id, parse_id
from core.web.graphql.payloads import Payload, mutate


@strawberry.enum(description="What can be dispatched")
class Dispatchable(enum.Enum):
    VOLUNTEER = "volunteer"
    VOLUNTEER_TEAM = "volunteer_team"
    SOCIAL_ORGANIZATION = "social_organization"
    DONATION = "donation"

    @property
    def type_name(self) -> str:
        """The GraphQL type of the records dispatched (whose global ids ``ids`` are)."""
        return "".join(word.title() for word in self.value.split("_"))


@strawberry.type(description="A street or community in emergency mode (应急状态).")
class Emergency:
    region: str
    reason: str
    started_by: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    ended_at: dt.datetime | None


@strawberry.type(description="People or resources sent to a task.")
class Dispatch:
    resource: Dispatchable
    ids: list[strawberry.ID]
    task: str
    region: str
    under_emergency: bool


def _emergency(path: str) -> Any:
    return lambda row: Emergency(region=path, reason=row.reason, started_by=row.started_by, starts_at=row.starts_at,
                                 ends_at=row.ends_at, ended_at=row.ended_at)


@strawberry.type
class EmergencyQuery:
    @strawberry.field(description="Emergencies in force now in a subtree (needs emergency:read).")
    async def emergencies(self, info: Info, under: str) -> list[Emergency]:
        who = info.context.who
        async with info.context.lock:
            top = await region_at(info.context.session, under, who, field="under")
        now = dt.datetime.now(dt.UTC)
        query = (
            visible(models.Emergency, who)
            .where(subtree(top), col(models.Emergency.ended_at).is_(None), col(models.Emergency.ends_at) > now)
            .add_columns(col(models.Region.path))
            .order_by(col(models.Emergency.starts_at))
        )
        rows = (await info.context.exec(query)).all()
        return [_emergency(path)(row) for row, path in rows]


@strawberry.type
class EmergencyMutation:
    @strawberry.mutation(description="Switch a street or community into emergency mode for some hours (1–72).")
    async def start_emergency(self, info: Info, region: str, hours: int, reason: str) -> Payload[Emergency]:
        return await mutate(
            info,
            lambda: service.start(info.context.session, info.context.who, region=region, hours=hours, reason=reason),
            _emergency(region.strip("/")),
        )

    @strawberry.mutation(description="End an emergency before its time.")
    async def end_emergency(self, info: Info, region: str) -> Payload[Emergency]:
        return await mutate(
            info, lambda: service.end(info.context.session, info.context.who, region=region), _emergency(region.strip("/"))
        )

    @strawberry.mutation(description="Send volunteers, teams, organizations or in-kind donations to a task.")
    async def dispatch(
        self, info: Info, resource: Dispatchable, ids: list[strawberry.ID], task: str, region: str
    ) -> Payload[Dispatch]:
        async def work() -> Any:
            numbers = [parse_id(value, "ids", resource.type_name) for value in ids]
            return await service.dispatch(info.context.session, info.context.who, resource=resource.value,
                                          ids=numbers, task=task, region=region)

        return await mutate(
            info,
            work,
            lambda row: Dispatch(resource=Dispatchable(row.resource), ids=[global_id(resource.type_name, i) for i in row.object_ids],
                                 task=row.task, region=region.strip("/"), under_emergency=row.emergency_id is not None),
        )


PART = GraphQLDecl(query=EmergencyQuery, mutation=EmergencyMutation)
