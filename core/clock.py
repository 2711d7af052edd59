"""The platform's clock: what day it is, for every rule that depends on one.

Deadlines (days left, a target's verdict), the checks that a stated date is not in the future,
an indicator's current year and the stock counts "as of today" all ask :func:`today` rather
than the system clock, so that an operator can rehearse a deadline or check a report as it
will read on a given day: set ``WUSHE_TODAY`` to an ISO date (``WUSHE_TODAY=2026-12-31``) and
the platform runs on that day. Unset (the normal case), it is the real date. A value that is not
a date stops the caller with an error naming the variable, rather than silently using another day.
"""

import datetime as dt
import os

VARIABLE = "WUSHE_TODAY"
"""The environment variable that sets the platform's day (``YYYY-MM-DD``)."""


def today() -> dt.date:
    """The platform's day: ``WUSHE_TODAY`` if set, else the real date (read on every call, so that
    a test or a rehearsal can move it)."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{VARIABLE}={value!r} is not an ISO date (YYYY-MM-DD)") from None
