"""Subscriptions (graphql-transport-ws): the viewer's inbox, work queue, and a region's target status.

Each listens to the platform's event bus (:mod:`core.db.events`: what committed transactions
announce, in this process) and, for every event that may concern it, answers as the matching query
would, for the principal of the connection's token **as it is now**: before anything is delivered
the token is checked again (expired, revoked, its user deactivated: the subscription ends with an
``UNAUTHENTICATED`` error) and the principal is built again from the current assignments and policy,
on a session of its own, with DataLoaders of its own (:func:`fresh`), closed once the event is
delivered. So a permission taken away stops what it allowed from the next event on, and nothing is
read on a stale principal or out of a stale cache.

- ``inbox``: each new notification of the viewer's (``inbox`` query);
- ``workQueue``: each case that, after a step, is in the viewer's queue (``myWork``), with the steps
  they may take; a case this subscription reported that has left the queue, with ``inQueue: false``;
- ``targetStatus(region, year)``: the region's targets (``Region.targetStatus``) once on subscribing,
  then whenever the counts or cases under the region change and the statuses differ from the last sent.
  Needs ``indicator:read`` at the region, checked on subscribing and on every change.
"""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
import strawberry
from graphql import GraphQLError
from sqlmodel import col, select

from core import clock
from core.access import tokens
from core.access.grants import Principal, region_at
from core.cases import inbox as inbox_service
from core.cases import queue
from core.db import events, tenancy
from core.errors import FieldError
from core.models import Case, Region
from core.models.base import stored_id
from core.web.auth import BAD_TOKEN
from core.web.graphql.cases import Action, WorkItem
from core.web.graphql.cases import Case as CaseType
from core.web.graphql.context import Context, Info
from core.web.graphql.dataloaders import Loaders
from core.web.graphql.errors import camel_path
from core.web.graphql.ids import global_id
from core.web.graphql.inbox import Notification
from core.web.graphql.indicator_values import TargetStatus, region_targets
from core.web.graphql.session import RequestDatabase, RequestSession


class SocketContext(Context, kw_only=True):
    """The context of a WebSocket connection, and (a copy each) of its operations: the token's claims
    (checked again before every event) and the parameters the client sent with ``connection_init``."""

    connection_params: dict[str, Any] | None = None
    claims: dict[str, Any] | None = None
    database: RequestDatabase | None = None
    """the session of what this operation is reading now (one per event), closed after"""

    def for_operation(self) -> "SocketContext":
        """A context of its own for one operation on the connection, on a session of its own."""
        database = RequestDatabase(self.platform.session_for(self.principal))
        request = RequestSession(platform=self.platform, principal=self.principal, session=database.session,
                                 lock=database.lock)
        return SocketContext(platform=self.platform, principal=self.principal, session=database.session,
                             lock=database.lock, loaders=Loaders(request), websocket=self.websocket,
                             connection_params=self.connection_params, claims=self.claims, database=database)

    async def close(self) -> None:
        if self.database is not None:
            await self.database.close()


def _socket(info: Info) -> SocketContext:
    context = info.context
    if not isinstance(context, SocketContext):
        raise GraphQLError("subscriptions are served over WebSocket (graphql-transport-ws) at /graphql",
                           extensions={"code": "BAD_REQUEST"})
    return context


def client_error(error: FieldError) -> GraphQLError:
    """A FieldError as the client sees it from a query: message, code and field."""
    field = camel_path(error.field)
    return GraphQLError(f"{field}: {error.message}", extensions={"code": error.code.upper(), "field": field},
                        original_error=error)


async def principal_now(context: SocketContext, session: Any) -> Principal:
    """The connection's principal as its token and the stored assignments and policy say now."""
    claims = context.claims
    try:
        if claims is None:
            raise tokens.InvalidToken("no token")
        if tokens.clock() >= claims["exp"]:
            raise tokens.InvalidToken("Signature has expired")
        return await tokens.principal_for(session, context.platform.policies, claims)
    except tokens.InvalidToken:
        raise GraphQLError(BAD_TOKEN, extensions={"code": "UNAUTHENTICATED"}) from None


@asynccontextmanager
async def fresh(context: SocketContext) -> AsyncIterator[Principal]:
    """For one event: a new session, the principal as it is now, new DataLoaders, all on ``context``
    while the block runs (and the event's fields resolve); the session closed after."""
    await context.close()
    database = RequestDatabase(context.platform.session_as(tenancy.NOBODY))  # principal_now says whose
    try:
        async with database.lock:
            principal = await principal_now(context, database.session)
        request = RequestSession(platform=context.platform, principal=principal, session=database.session,
                                 lock=database.lock)
        context.principal, context.session, context.lock = principal, database.session, database.lock
        context.loaders, context.database = Loaders(request), database
        yield principal
    finally:
        await database.close()


async def _batches(feed: events.Feed) -> AsyncIterator[list[events.Event]]:
    while True:
        try:
            yield await feed.next_batch()
        except events.Overflow:
            raise GraphQLError("this subscription fell too far behind the changes; subscribe again",
                               extensions={"code": "OVERFLOW"}) from None


@strawberry.type(description="A change in the viewer's work queue: a case that is in it now (with the steps the "
                              "viewer may take), or one reported before that has left it.")
class WorkQueueChange:
    case_id: strawberry.ID
    in_queue: bool = strawberry.field(description="false: the case left the queue (someone took the step, or it closed)")
    item: WorkItem | None = strawberry.field(description="the case and its steps, while it is in the queue")


@strawberry.type(description="A region's targets, as Region.targetStatus answers: sent on subscribing and on each change.")
class RegionTargetStatus:
    region: str = strawberry.field(description="the region's path")
    targets: list[TargetStatus]


async def _touched(session: Any, region: Region, region_ids: set[int], case_ids: set[int]) -> bool:
    """Do changes at these regions, or to these cases, fall in ``region``'s subtree?"""
    ids = set(region_ids)
    if case_ids:
        ids |= set((await session.exec(select(Case.region_id).where(col(Case.id).in_(sorted(case_ids))))).all())
    if not ids:
        return False
    inside = select(sa.func.count()).select_from(Region).where(
        col(Region.id).in_(sorted(ids)), col(getattr(Region, region.tier.column)) == region.id)
    return bool((await session.exec(inside)).one())


@strawberry.type
class Subscription:
    @strawberry.subscription(description="The viewer's new notifications, as they are written (after their change "
                                         "commits).")
    async def inbox(self, info: Info) -> AsyncIterator[Notification]:
        context = _socket(info)
        user_id = context.who.user_id

        async def stream() -> AsyncIterator[Notification]:
            async with context.platform.events.subscribe() as feed:
                async for batch in _batches(feed):
                    ids = {e.notification_id for e in batch
                           if isinstance(e, events.NotificationAdded) and e.user_id == user_id}
                    if not ids:
                        continue
                    async with fresh(context) as who:
                        async with context.lock:
                            rows = await inbox_service.own(context.session, who, ids)
                        for row in rows:
                            yield Notification.of(row)

        return stream()

    @strawberry.subscription(description="Changes in the viewer's work queue (myWork): each case that, after a step, "
                                         "is one the viewer can act on, with its steps; a case reported before that "
                                         "left the queue, with inQueue false.")
    async def work_queue(self, info: Info) -> AsyncIterator[WorkQueueChange]:
        context = _socket(info)
        registry = context.platform.registry

        async def stream() -> AsyncIterator[WorkQueueChange]:
            reported: set[int] = set()
            async with context.platform.events.subscribe() as feed:
                async for batch in _batches(feed):
                    changed = sorted({e.case_id for e in batch if isinstance(e, events.CaseChanged)})
                    if not changed:
                        continue
                    async with fresh(context) as who:
                        async with context.lock:
                            items = await queue.in_queue(context.session, who, registry, changed)
                        today = clock.today()
                        now_in = {stored_id(item.case): item for item in items}
                        for case_id in changed:
                            item = now_in.get(case_id)
                            if item is not None:
                                reported.add(case_id)
                                yield WorkQueueChange(case_id=global_id("Case", case_id), in_queue=True, item=WorkItem(
                                    case=CaseType.of(item.case, registry), actions=[Action.of(a) for a in item.actions],
                                    due_on=item.case.due_on,
                                    overdue=item.case.due_on is not None and item.case.due_on < today))
                            elif case_id in reported:
                                reported.discard(case_id)
                                yield WorkQueueChange(case_id=global_id("Case", case_id), in_queue=False, item=None)

        return stream()

    @strawberry.subscription(description="A region's target status (Region.targetStatus): sent on subscribing, then "
                                         "whenever counts or cases under the region change its statuses. Needs "
                                         "indicator:read at the region.")
    async def target_status(self, info: Info, region: str, year: int | None = None) -> AsyncIterator[RegionTargetStatus]:
        context = _socket(info)
        try:
            async with context.lock:
                place = await region_at(context.session, region, context.who)
            first = await region_targets(info, place, year)  # checks indicator:read at the region
        except FieldError as error:
            raise client_error(error) from None
        await context.close()  # the subscribing read is done; each change reads on a session of its own

        async def stream() -> AsyncIterator[RegionTargetStatus]:
            last: Sequence[TargetStatus] = first
            async with context.platform.events.subscribe() as feed:
                yield RegionTargetStatus(region=place.path, targets=list(first))
                async for batch in _batches(feed):
                    regions = set().union(*(e.region_ids for e in batch if isinstance(e, events.CountsChanged)))
                    cases = {e.case_id for e in batch if isinstance(e, events.CaseChanged)}
                    if not regions and not cases:
                        continue
                    async with fresh(context):
                        try:
                            async with context.lock:
                                if not await _touched(context.session, place, regions, cases):
                                    continue
                                current = await region_at(context.session, place.path, context.who)
                            now = await region_targets(info, current, year)
                        except FieldError as error:
                            raise client_error(error) from None
                        if now != last:
                            last = now
                            yield RegionTargetStatus(region=current.path, targets=now)

        return stream()

