"""Months of a series: what a month's value means, and the month's own flows.

A series may ask for months (``2025-01``, ``2025-02`` …) rather than years. In each month:

* a count of what exists (volunteers, stations, organizations …) is as of the month's last day,
  or today for the current month (:func:`core.indicators.history.month_end`), as a year's is as of
  31 December;
* a measure of what happened (sessions, person-times, hours, active volunteers, money raised,
  new demonstration sites) counts that month's days alone, never the year's: there is no per-month
  summary table, so :func:`flows` counts them from the raw rows of the subtree asked, with the very
  definitions that keep ``region_year_summary`` current (:func:`core.indicators.summary.flows_within`);
* a ratio of a flow to a stock (hours per volunteer, money raised per fund, the share of active
  volunteers) is the month's flow over the stock as of its last day: a month's figure, not
  annualised, so a yearly threshold does not apply to it.

Regions themselves (population, number of communities) are read as they are now, as in a year.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from core import clock
from core.errors import FieldError
from core.indicators import history
from core.indicators.measures import region
from core.indicators.summary import flows_within
from core.models.summary import YEARLY_MEASURES
from core.tree.tiers import Tier

_FORM = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_H = region.alias("hm")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month of a series, written ``2025-03``."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"

    @classmethod
    def parse(cls, text: object, *, field: str = "months") -> "Month":
        """``2025-03`` as a month; FieldError naming ``field`` for anything else."""
        found = _FORM.fullmatch(text.strip()) if isinstance(text, str) else None
        if found is None or not 1 <= int(found[2]) <= 12:
            raise FieldError(field, f"{text!r} is not a month: write it as YYYY-MM, e.g. \"2025-03\"")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.number, 1)

    @property
    def last(self) -> dt.date:
        """The month's last calendar day."""
        following = dt.date(self.year + self.number // 12, self.number % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def as_of(self) -> dt.date | None:
        """The day its stock is counted as of: its last day, or None (today) for the current month."""
        return history.month_end(self.year, self.number)

    @property
    def label(self) -> str:
        """``2025年3月``, for a report's column headers."""
        return f"{self.year}年{self.number}月"


def check_months(items: Iterable[object], *, field: str = "months") -> list[Month]:
    """The months of a series: 1 to :data:`history.MAX_MONTHS` distinct months, each ``YYYY-MM``, none
    before :data:`history.FIRST_DAY`'s month nor after the current one; ascending."""
    months = [Month.parse(item, field=field) for item in items]
    if not months:
        raise FieldError(field, "name at least one month, e.g. [\"2025-01\", \"2025-02\"]")
    if len(months) > history.MAX_MONTHS:
        raise FieldError(field, f"at most {history.MAX_MONTHS} months at a time (asked for {len(months)})")
    if len(set(months)) != len(months):
        twice = next(m for m in months if months.count(m) > 1)
        raise FieldError(field, f"names {twice} twice")
    checked = sorted(months)
    earliest = Month.of(history.FIRST_DAY)
    if checked[0] < earliest:
        raise FieldError(field, f"{checked[0]} is before {earliest}, the first month indicators know")
    if checked[-1] > (current := Month.of(clock.today())):
        raise FieldError(field, f"{checked[-1]} has not begun (the current month is {current})")
    return checked


def needs_flows(measures: Iterable[str]) -> bool:
    """Whether any of ``measures`` counts what happened (so a month must count its own days)."""
    return not set(measures).isdisjoint(YEARLY_MEASURES)


def flows(month: Month, within: Tier, ids: Iterable[int]) -> Any:
    """The flows of every region under the regions ``ids`` (of tier ``within``) over the days of
    ``month``: a subquery with the columns of ``region_year_summary`` (its ``year`` the month's),
    to be joined as its ``y``."""
    subtree = sa.select(_H.c.id).where(_H.c[within.column].in_(list(ids)))
    return flows_within(month.first, month.last, subtree).subquery("y")
