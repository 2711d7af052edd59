"""The viewer's in-platform inbox through GraphQL."""

import datetime as dt

import strawberry

from core import models
from core.cases import inbox as service
from core.plugins.declarations import GraphQLDecl
from core.web.graphql.context import Info
from core.web.graphql.ids import optional_global_id, parse_id
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node, id_of


@strawberry.type(description="A message in the viewer's inbox, written with the change that caused it.")
class Notification(Node):
    title: str
    body: str
    case_id: strawberry.ID | None = strawberry.field(description="the case it is about, if any")
    created_at: dt.datetime
    read_at: dt.datetime | None

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None

    @classmethod
    def of(cls, row: models.Notification) -> "Notification":
        return cls(id=id_of(cls, row), title=row.title, body=row.body, case_id=optional_global_id("Case", row.case_id),
                   created_at=row.created_at, read_at=row.read_at)


@strawberry.type(description="The viewer's notifications, newest first, and how many are unread.")
class Inbox:
    unread_count: int
    notifications: list[Notification]


@strawberry.type
class InboxQuery:
    @strawberry.field(description="The viewer's own notifications, newest first (at most 200).")
    async def inbox(self, info: Info, unread_only: bool = False, first: int = 50) -> Inbox:
        async with info.context.lock:
            session, who = info.context.session, info.context.who
            rows = await service.inbox(session, who, unread_only, first)
            unread = await service.unread_count(session, who)
        return Inbox(unread_count=unread, notifications=[Notification.of(row) for row in rows])


@strawberry.type
class InboxMutation:
    @strawberry.mutation(description="Mark notifications of the viewer's read; an id that is not theirs is not found.")
    async def mark_notifications_read(self, info: Info, ids: list[strawberry.ID]) -> Payload[list[Notification]]:
        async def work() -> list[models.Notification]:
            numbers = [parse_id(value, "ids", "Notification") for value in ids]
            return await service.mark_read(info.context.session, info.context.who, numbers)

        return await mutate(info, work, lambda rows: [Notification.of(row) for row in rows])


PART = GraphQLDecl(query=InboxQuery, mutation=InboxMutation)
