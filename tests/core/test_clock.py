"""The platform's day: read on every call outside a request, once within one (core.clock)."""

import datetime as dt
import types

import pytest

from core import clock


def test_outside_one_day_each_call_reads_the_setting(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, "2026-03-01")
    assert clock.today() == dt.date(2026, 3, 1)
    monkeypatch.setenv(clock.VARIABLE, "2026-03-02")
    assert clock.today() == dt.date(2026, 3, 2)


def test_within_one_day_the_first_reading_holds(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, "2026-03-01")
    with clock.one_day():
        monkeypatch.setenv(clock.VARIABLE, "2026-03-02")  # read at the first call, not at entry
        assert clock.today() == dt.date(2026, 3, 2)
        monkeypatch.setenv(clock.VARIABLE, "2026-03-03")  # a request that spans midnight: one day throughout
        assert clock.today() == dt.date(2026, 3, 2)
    assert clock.today() == dt.date(2026, 3, 3)


def test_a_bad_setting_still_stops_the_caller_within_one_day(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, "someday")
    with clock.one_day():  # entering reads nothing: a request that needs no day is not refused
        with pytest.raises(ValueError, match="WUSHE_TODAY='someday' is not an ISO date"):
            clock.today()
        with pytest.raises(ValueError, match="not an ISO date"):
            clock.today()  # nothing kept from the failure


async def test_each_request_reads_the_day_afresh(client, admin_token, monkeypatch):
    """Over HTTP: two requests, two readings (a rehearsal moves the day between requests)."""
    query = '{ region(path: "panjin") { indicators(keys: ["volunteer_share"]) { asOf } } }'
    for day in ("2026-03-01", "2026-04-01"):
        monkeypatch.setenv(clock.VARIABLE, day)
        response = await client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {admin_token}"})
        assert response.json()["data"]["region"]["indicators"][0]["asOf"] == day, response.text


def test_the_suite_keeps_the_day_it_started_when_midnight_passes(monkeypatch):
    """Test modules compute days when imported (``TODAY``, ``TOMORROW`` in parameters), while the
    platform asks the clock at each call: a run of the suite that crossed midnight failed 18 tests
    ("is in the future (today is 2026-12-06)" expected, nothing refused). The suite runs on the day
    it started (core.testing, the pytest plugin); a test that moves the day sets ``WUSHE_TODAY`` itself."""
    started = clock.today()

    class NextDay(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return started + dt.timedelta(days=1)

    monkeypatch.setattr(clock, "dt", types.SimpleNamespace(date=NextDay))  # the system's clock passes midnight
    assert clock.today() == started
