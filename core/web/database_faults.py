"""What a client is told when the database, not the request, is at fault: ``503`` with a code saying
which fault and ``Retry-After``, never a masked "Unexpected error" or a ``500``.

====================== ========================================================================
code                   when
====================== ========================================================================
DATABASE_UNAVAILABLE   the server cannot be reached, or the connection was lost (PostgreSQL
                       restarting, shutting down or starting up; a network cut)
DATABASE_BUSY          every connection of the worker's pool stayed taken for
                       ``database_pool_timeout`` seconds (or SQLite's file stayed locked)
DATABASE_READ_ONLY     the database refuses writes (a read-only replica or database, a SQLite
                       file opened read-only); reads are still answered
DATABASE_FULL          the database's disk is full
====================== ========================================================================

Each is retryable: the request's transaction was rolled back, so nothing it wrote was kept —
except when the connection was lost during the commit itself, when the client cannot know; a
client that retries a mutation answered ``DATABASE_UNAVAILABLE`` should first read whether it
took effect, or send an idempotent one (docs/operators.md, "Faults").
"""

from dataclasses import dataclass

import sqlalchemy as sa

RETRY_AFTER_SECONDS = 1
"""What ``Retry-After`` says: a second, since a restarting server is back within seconds."""

STATUS = 503


@dataclass(frozen=True)
class Fault:
    code: str
    message: str


UNAVAILABLE = Fault("DATABASE_UNAVAILABLE", "the database cannot be reached at the moment: nothing was written; "
                    "try again shortly")
BUSY = Fault("DATABASE_BUSY", "every database connection is in use: nothing was written; try again shortly")
READ_ONLY = Fault("DATABASE_READ_ONLY", "the database accepts no writes at the moment: nothing was written; "
                  "reading still works")
FULL = Fault("DATABASE_FULL", "the database's disk is full: nothing was written; tell the operator")

CODES = frozenset(fault.code for fault in (UNAVAILABLE, BUSY, READ_ONLY, FULL))

_SQLSTATES = {
    "25006": READ_ONLY,  # read_only_sql_transaction
    "53100": FULL,  # disk_full
    "53300": BUSY,  # too_many_connections
    "57P01": UNAVAILABLE,  # admin_shutdown
    "57P02": UNAVAILABLE,  # crash_shutdown
    "57P03": UNAVAILABLE,  # cannot_connect_now (starting up)
}
_SQLITE = (
    ("readonly database", READ_ONLY),
    ("disk is full", FULL),
    ("database is locked", BUSY),
    ("unable to open database", UNAVAILABLE),
)


def fault_of(error: BaseException | None) -> Fault | None:
    """The database fault ``error`` is (or was caused by), or None when it is anything else."""
    seen = 0
    while error is not None and seen < 5:
        found = _fault(error)
        if found is not None:
            return found
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def _fault(error: BaseException) -> Fault | None:
    if isinstance(error, sa.exc.TimeoutError):  # the pool's: no connection within pool_timeout
        return BUSY
    if isinstance(error, sa.exc.DBAPIError):
        if error.connection_invalidated:
            return UNAVAILABLE
        error = error.orig or error
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str):
        if sqlstate in _SQLSTATES:
            return _SQLSTATES[sqlstate]
        if sqlstate.startswith("08"):  # connection_exception
            return UNAVAILABLE
    module = type(error).__module__
    if module.startswith("psycopg") and type(error).__name__ == "OperationalError":
        return UNAVAILABLE  # psycopg's own: no server, or the connection closed (no SQLSTATE)
    if module == "sqlite3" and type(error).__name__ == "OperationalError":
        text = str(error)
        return next((fault for words, fault in _SQLITE if words in text), None)
    return None
