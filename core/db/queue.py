"""Statements whose results no one reads, sent with a connection's next statement or its commit.

The summaries' upkeep after a write (:mod:`core.indicators.summary`) runs a few statements whose
results are not read. Each database's connection can carry them with its next trip instead of a trip
of their own: SQLite's on aiosqlite's thread (:mod:`core.db.sqlite_trips`), PostgreSQL's in psycopg's
pipeline (:mod:`core.db.postgresql_trips`). What is queued runs before whatever the connection runs
next, in its transaction and in order; a rollback drops it.
"""

from typing import Any

import sqlalchemy as sa

from core.db.postgresql_trips import PipelinedConnection
from core.db.sqlite_trips import OneTripConnection


def queue(connection: sa.Connection, operation: str, parameters: Any) -> bool:
    """Queue ``operation`` on ``connection`` for its next trip, if its driver connection can carry
    it (True); otherwise do nothing (False: the caller runs it). Listeners of ``before_cursor_execute``
    hear of it now, as they would of a statement run (a cursor and a context of None)."""
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, OneTripConnection | PipelinedConnection):
        return False
    connection.dispatch.before_cursor_execute(connection, None, operation, parameters, None, False)
    raw.queue(operation, parameters)
    return True
