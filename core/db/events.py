"""What committed transactions announce: a small in-process event bus, fed after commit.

A write notes what it changed on its session (:func:`note`: a case took a step, a notification
was written, the counts of some regions changed); when the session's outermost transaction
commits, the notes are handed to the platform's :class:`EventBus`, and when it rolls back (or the
session closes without committing) they are dropped. So nothing is ever announced for a change
that did not happen, and nothing is announced before another connection could read it.

An event carries ids only, never data: whoever receives it reads the records again, through
the access layer, as the principal it serves (:mod:`core.web.graphql.subscriptions`). An event
that turns out to concern nobody costs one read.

The bus is **per process**: a subscriber hears the commits of its own worker. With several
workers (``WUSHE_WORKERS``) a commit in one is not heard in another; spreading events across
workers (PostgreSQL ``LISTEN``/``NOTIFY``, or a broker) is issue 15's. docs/subscriptions.md says so.
"""

import asyncio
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, SessionTransaction

from core.errors import WusheError

PENDING = "wushe.events.pending"
"""Where a session keeps the events of its open transaction (``session.info``)."""

BACKLOG = 10_000
"""Events one subscriber may have waiting; beyond that it is told it fell behind (:class:`Overflow`)."""


@dataclass(frozen=True)
class CaseChanged:
    """A case was opened or took a step (its state, parties or due date may have changed)."""

    tenant_id: int
    case_id: int


@dataclass(frozen=True)
class NotificationAdded:
    """A notification was written to a user's inbox."""

    tenant_id: int
    user_id: int
    notification_id: int


@dataclass(frozen=True)
class CountsChanged:
    """The summary rows of these regions were rewritten (and so their ancestors' subtree sums)."""

    region_ids: frozenset[int]


Event = CaseChanged | NotificationAdded | CountsChanged


class Overflow(WusheError):
    """A subscriber let more than :data:`BACKLOG` events wait: it has lost track and must start again."""


def note(session: Any, *events: Event) -> None:
    """Announce ``events`` when ``session``'s transaction commits (a sync or an async session)."""
    session.info.setdefault(PENDING, []).extend(events)


class _Subscriber:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self.overflowed = False

    def put(self, events: list[Event]) -> None:
        """In the subscriber's loop: queue ``events``, or mark it overflowed."""
        if self.overflowed:
            return
        if self.queue.qsize() + len(events) > BACKLOG:
            self.overflowed = True
            self.queue.put_nowait(None)  # wakes the reader, which sees the flag
            return
        for event in events:
            self.queue.put_nowait(event)


class EventBus:
    """The platform's bus: every subscriber gets every event published after it subscribed."""

    def __init__(self) -> None:
        self._subscribers: set[_Subscriber] = set()
        self._lock = threading.Lock()

    def publish(self, events: Iterable[Event]) -> None:
        """Hand ``events`` to every subscriber (safe from any thread: each is queued in its own loop)."""
        batch = list(events)
        if not batch:
            return
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is subscriber.loop:
                subscriber.put(batch)
            elif not subscriber.loop.is_closed():
                subscriber.loop.call_soon_threadsafe(subscriber.put, batch)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator["Feed"]:
        """A feed of the events published from now until the block ends."""
        subscriber = _Subscriber()
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            yield Feed(subscriber)
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)


class Feed:
    """The events of one subscription, read a batch at a time."""

    def __init__(self, subscriber: _Subscriber) -> None:
        self._subscriber = subscriber

    async def next_batch(self) -> list[Event]:
        """The events waiting, at least one (waits for it); :class:`Overflow` once fallen behind."""
        queue = self._subscriber.queue
        waiting = [await queue.get()]
        while not queue.empty():
            waiting.append(queue.get_nowait())
        if self._subscriber.overflowed:
            raise Overflow(f"more than {BACKLOG} events waited for this subscription")
        return [event for event in waiting if event is not None]


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back, or closed without a commit: nothing happened
        session.info.pop(PENDING, None)


def publish_after_commit(session_class: type[Session], bus: EventBus) -> None:
    """Make the sessions of ``session_class`` (one platform's: :func:`core.indicators.summary.keep_current`
    made it for that platform alone) hand their noted events to ``bus`` when their outermost
    transaction commits, and drop them when it does not."""

    def committed(session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released: the transaction goes on
            return
        events = session.info.pop(PENDING, None)
        if events:
            bus.publish(events)

    sa.event.listen(session_class, "after_commit", committed)
    sa.event.listen(session_class, "after_transaction_end", _ended)
