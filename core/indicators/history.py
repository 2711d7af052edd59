"""Stock counts as of a past day: what ``region_summary`` would have said on that day.

``region_summary`` holds the counts of what exists *now*. A dated record (a volunteer, a team, a
worker, an organization, a fund: :mod:`core.models.dated`) counted on a day D when
``valid_from ≤ D`` and it had not ended (``valid_to`` null or after D); a community's facility
(volunteer station, social work room, demonstration site, creation point) from its ``since`` day
on. :func:`stock` recomputes the per-region counts of D from the raw tables, for one subtree,
with the very ``SELECT``s that keep ``region_summary`` current (:func:`core.indicators.summary.totals_as_of`,
with the date condition added), and with exactly its columns: the measure expressions
(:mod:`core.indicators.measures`, over ``(r, t, y)``) read it in place of ``t``.

Yearly measures (sessions, hours, money raised) already have a past: as of D they count the
calendar year of D (up to today within the current year). Regions themselves (population,
kind, place in the tree) have no history yet: they are read as they are now.

Today, or a day after it, takes the fast path (the summary rows); a day before today reads the
regions' counts of that day kept in ``stock_snapshot`` where they are still true, and recomputes
the others from the rows of the subtree, using the ``(region_id, valid_from)`` indexes
(:mod:`core.indicators.snapshots`; :func:`prepare` keeps them before a statement reads them).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from core import clock
from core.errors import FieldError
from core.indicators import snapshots
from core.models.summary import YEARLY_MEASURES
from core.tree.tiers import Tier

FIRST_DAY = dt.date(2000, 1, 1)
"""The earliest day a count may be asked as of (the first year indicators know)."""

MAX_YEARS = 20
"""The most years one series may ask for: each is a statement of its own."""

MAX_MONTHS = 36
"""The most months one series may ask for (three years of months): each is a statement of its own."""


def is_past(as_of: dt.date | None) -> bool:
    """Whether ``as_of`` needs the counts recomputed: a day before the platform's today."""
    return as_of is not None and as_of < clock.today()


def check_as_of(as_of: dt.date | None, *, field: str = "asOf") -> dt.date | None:
    """``as_of`` if it is a day indicators can be asked for (not before :data:`FIRST_DAY`)."""
    if as_of is not None and as_of < FIRST_DAY:
        raise FieldError(field, f"must be on or after {FIRST_DAY.isoformat()}")
    return as_of


def year_end(year: int) -> dt.date | None:
    """The day a series counts the stock of ``year`` as of: 31 December, or None (today: the fast
    path) for the current year and later."""
    return None if year >= clock.today().year else dt.date(year, 12, 31)


def month_end(year: int, month: int) -> dt.date | None:
    """The day a series counts the stock of a month as of: its last day, or None (today: the fast
    path) for the current month and later."""
    today = clock.today()
    if (year, month) >= (today.year, today.month):
        return None
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def needs_stock(measures: Iterable[str]) -> bool:
    """Whether any of ``measures`` reads the stock counts (a yearly measure alone does not)."""
    return not set(measures) <= set(YEARLY_MEASURES)


def stock(as_of: dt.date, within: Tier, ids: Sequence[int], *, kept: bool = False) -> Any:
    """The stock counts of every region under the regions ``ids`` (of tier ``within``) on the day
    ``as_of``: a subquery with the columns of ``region_summary``, to be joined as its ``t``
    (``kept``: what :func:`prepare` answered for the same regions and day)."""
    return snapshots.stock(as_of, within, ids, kept=kept)


async def prepare(as_of: dt.date | None, within: Tier, ids: Sequence[int], measures: Iterable[str]) -> bool:
    """Before a statement reads :func:`stock` of a past day: keep the regions' counts of that day
    that are missing or out of date; return whether the statement may read them (``kept``)."""
    if as_of is not None and is_past(as_of) and needs_stock(measures):
        return await snapshots.refresh(as_of, within, ids)
    return False


def keeps(as_of: dt.date | None, measures: Iterable[str]) -> bool:
    """Whether a statement reading the stock of ``as_of`` may read the kept counts at once, checking
    in the same statement that they are current (:func:`snapshots.stale`), rather than after
    :func:`prepare`: a past day, measures that read the stock, and a keeper to fall back on."""
    return as_of is not None and is_past(as_of) and needs_stock(measures) and snapshots.keeper() is not None


KEPT = snapshots.KEPT


def with_day(statement: Any, stock: Any, as_of: dt.date | None) -> Any:
    """``statement`` with the day its kept counts are read for, where ``stock`` is :data:`KEPT`."""
    return statement.params(stock_day=as_of) if stock is KEPT else statement
