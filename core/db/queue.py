"""Statements whose results no one reads, sent with a connection's next statement or its commit.

The summaries' upkeep after a write (:mod:`core.indicators.summary`) runs a few statements whose
results are not read. Each database's connection can carry them with its next trip instead of a trip
of their own: SQLite's on aiosqlite's thread (:mod:`core.db.sqlite_trips`), PostgreSQL's in psycopg's
pipeline (:mod:`core.db.postgresql_trips`). What is queued runs before whatever the connection runs
next, in its transaction and in order; a rollback drops it.
"""

from typing import Any

import sqlalchemy as sa

Queued = list[tuple[str, Any]]
"""Statements waiting for a connection's next trip: (SQL, parameters) each."""


class Queueing:
    """The part of a driver connection (as SQLAlchemy adapts it) that holds the statements queued on
    it; the connection sends them with its next trip. A rollback or a close drops them."""

    _queued: Queued

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._queued = []

    def queue(self, operation: str, parameters: Any) -> None:
        """Run ``operation`` with the connection's next trip."""
        self._queued.append((operation, parameters))

    def take_queued(self) -> Queued:
        queued, self._queued = self._queued, []
        return queued

    def discard_queued(self) -> None:
        """Drop what is queued: its transaction is over without it (rolled back, or never begun)."""
        self._queued.clear()

    def rollback(self) -> None:
        self._queued.clear()
        super().rollback()  # type: ignore[misc]  # the driver connection's

    def close(self) -> None:
        self._queued.clear()
        super().close()  # type: ignore[misc]


def queue(connection: sa.Connection, operation: str, parameters: Any) -> bool:
    """Queue ``operation`` on ``connection`` for its next trip, if its driver connection can carry
    it (True); otherwise do nothing (False: the caller runs it). Listeners of ``before_cursor_execute``
    hear of it now, as they would of a statement run (a cursor and a context of None)."""
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, Queueing):
        return False
    connection.dispatch.before_cursor_execute(connection, None, operation, parameters, None, False)
    raw.queue(operation, parameters)
    return True
