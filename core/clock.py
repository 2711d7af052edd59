"""The platform's clock: what day it is, for every rule that depends on one.

Deadlines (days left, a target's verdict), the checks that a stated date is not in the future,
an indicator's current year and the stock counts "as of today" all ask :func:`today` rather
than the system clock, so that an operator can rehearse a deadline or check a report as it
will read on a given day: set ``WUSHE_TODAY`` to an ISO date (``WUSHE_TODAY=2026-12-31``) and
the platform runs on that day. Unset (the normal case), it is the real date. A value that is not
a date stops the caller with an error naming the variable, rather than silently using another day.

Within :func:`one_day` (each HTTP request, :mod:`core.web.observability`) the day is read once, at
its first use, and kept to the end: a request that spans midnight counts one day throughout, and a
region tree's 543 indicators do not read the environment 1,669 times (3.4 µs each).
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

VARIABLE = "WUSHE_TODAY"
"""The environment variable that sets the platform's day (``YYYY-MM-DD``)."""


_kept: ContextVar[list[dt.date] | None] = ContextVar("wushe_day", default=None)


def today() -> dt.date:
    """The platform's day: ``WUSHE_TODAY`` if set, else the real date (read on every call outside
    :func:`one_day`, so that a test or a rehearsal can move it; within it, once)."""
    kept = _kept.get()
    if kept:
        return kept[0]
    day = _read()
    if kept is not None:
        kept.append(day)
    return day


@contextmanager
def one_day() -> Iterator[None]:
    """Within: :func:`today` reads the day at its first call and answers the same after it."""
    token = _kept.set([])
    try:
        yield
    finally:
        _kept.reset(token)


def _read() -> dt.date:
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{VARIABLE}={value!r} is not an ISO date (YYYY-MM-DD)") from None
