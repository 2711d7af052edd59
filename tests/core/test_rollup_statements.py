"""A rollup's statements are built once and used again as they are (issue 17): SQLAlchemy then neither
builds them nor works out their cache key again. What is kept depends on its arguments and on the day
alone: another region, another day or another shape is a statement of its own."""

import datetime as dt

from core.indicators import rollup
from core.tree.tiers import Tier

MEASURES = {"registered_volunteers_with_population", "resident_population"}


def test_the_same_rollup_is_the_same_statement(monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2026-06-30")
    first = rollup.grouped_statement(Tier.STREET, [7], Tier.COMMUNITY, set(MEASURES), 2026, as_of=dt.date(2026, 3, 31))
    again = rollup.grouped_statement(Tier.STREET, [7], Tier.COMMUNITY, set(MEASURES), 2026, as_of=dt.date(2026, 3, 31))
    assert again is first
    other = rollup.grouped_statement(Tier.STREET, [8], Tier.COMMUNITY, set(MEASURES), 2026, as_of=dt.date(2026, 3, 31))
    assert other is not first
    assert str(other.compile()) == str(first.compile())  # the same shape, its own region bound


def test_a_kept_statement_is_not_used_on_another_day(monkeypatch):
    """31 March asked on 31 March is today's summary rows; asked a day later, it is a past day, whose
    stock is counted from the dated rows: the statement kept the day before must not answer."""
    day = dt.date(2026, 3, 31)
    monkeypatch.setenv("WUSHE_TODAY", day.isoformat())
    today = rollup.grouped_statement(Tier.STREET, [7], Tier.COMMUNITY, set(MEASURES), 2026, as_of=day)
    monkeypatch.setenv("WUSHE_TODAY", (day + dt.timedelta(days=1)).isoformat())
    tomorrow = rollup.grouped_statement(Tier.STREET, [7], Tier.COMMUNITY, set(MEASURES), 2026, as_of=day)
    assert tomorrow is not today
    assert "region_summary" in str(today.compile())
    assert "region_summary" not in str(tomorrow.compile())  # recounted from the dated rows


def test_many_regions_are_built_each_time():
    """A DataLoader's batch of hundreds of regions rarely comes again: not kept."""
    ids = list(range(1, 50))
    first = rollup.grouped_statement(Tier.STREET, ids, Tier.STREET, set(MEASURES), 2026)
    assert rollup.grouped_statement(Tier.STREET, ids, Tier.STREET, set(MEASURES), 2026) is not first
