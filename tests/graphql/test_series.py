"""History over GraphQL: indicators as of a past day, series over years, and their errors.

A record counts from its ``validFrom`` to the day before its ``validTo``; a facility from its
``since`` day. Each number below is also counted from the rows by hand, so a wrong date
condition, a wrong year or a mixed-up row cannot pass.
"""

import datetime as dt

from core import clock
from core.testing import graphql

COMMUNITY = "chongqing/qianjiang/zhengyang/qunli"
STREET = "chongqing/qianjiang/zhengyang"
TODAY = clock.today()
YEAR = TODAY.year

VOLUNTEER = """mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id validFrom validTo } errors { field message } } }"""
UPDATE = """mutation($id: ID!, $input: VolunteerPatch!) {
  updateVolunteer(id: $id, input: $input) { result { validFrom validTo } errors { field message } } }"""
AS_OF = """query($path: String!, $asOf: Date, $keys: [String!]) { region(path: $path) {
  indicators(keys: $keys, asOf: $asOf) { key numerator denominator year asOf } } }"""
SERIES = """query($path: String!, $years: [Int!]!, $keys: [String!]) { region(path: $path) {
  indicatorSeries(keys: $keys, years: $years) { year asOf values { key numerator year asOf } } } }"""
ROLLUP_SERIES = """query($under: String!, $years: [Int!]!, $ind: [String!]!) {
  rollupSeries(under: $under, by: COMMUNITY, indicators: $ind, years: $years) {
    under by years
    rows { path name years { year asOf values { key numerator } } }
    total { path years { year values { key numerator } } } } }"""


def _person(number: int) -> str:
    """A valid ID number of someone born in 1980 (check digit computed)."""
    from core.validators import id_number_check_digit

    body = f"11010519800101{number:03d}"
    return body + id_number_check_digit(body)


async def _volunteer(client, token, registered: str, number: int, **extra) -> dict:
    data = {"name": f"志愿者{number}", "realNameRegistered": True, "registeredOn": registered,
            "idNumber": _person(number), "region": COMMUNITY, **extra}
    body = await graphql(client, VOLUNTEER, {"input": data}, token=token)
    return body["data"]["createVolunteer"]


async def _numerator(client, token, path: str, key: str, as_of: str | None) -> float:
    body = await graphql(client, AS_OF, {"path": path, "asOf": as_of, "keys": [key]}, token=token)
    assert "errors" not in body, body
    return body["data"]["region"]["indicators"][0]["numerator"]


async def test_a_volunteer_registered_in_2021_and_ended_in_2023_counts_in_2022_not_in_2024(client, admin_token):
    before = {day: await _numerator(client, admin_token, STREET, "registered_volunteers", day)
              for day in ("2021-02-28", "2022-06-30", "2024-01-01", None)}
    created = await _volunteer(client, admin_token, "2021-03-01", 1)
    assert created["errors"] == [] and created["result"]["validFrom"] == "2021-03-01"
    ended = await graphql(client, UPDATE, {"id": created["result"]["id"], "input": {"validTo": "2023-06-30"}},
                          token=admin_token)
    assert ended["data"]["updateVolunteer"] == {"result": {"validFrom": "2021-03-01", "validTo": "2023-06-30"},
                                                "errors": []}
    after = {day: await _numerator(client, admin_token, STREET, "registered_volunteers", day) for day in before}
    assert after["2022-06-30"] == before["2022-06-30"] + 1
    assert after["2021-02-28"] == before["2021-02-28"]  # not yet
    assert after["2024-01-01"] == before["2024-01-01"]  # ended
    assert after[None] == before[None]  # ended, so not today either

    body = await graphql(client, AS_OF, {"path": STREET, "asOf": "2022-06-30", "keys": ["registered_volunteers", "sessions"]},
                         token=admin_token)
    values = body["data"]["region"]["indicators"]
    assert [v["asOf"] for v in values] == ["2022-06-30", "2022-06-30"]
    assert values[1]["year"] == 2022  # a yearly indicator counts the year of the day asked


async def test_the_day_it_ended_is_the_first_day_it_no_longer_counts(client, admin_token):
    created = (await _volunteer(client, admin_token, "2020-01-10", 2, validTo="2022-05-01"))["result"]
    assert created["validTo"] == "2022-05-01"
    on_last_day = await _numerator(client, admin_token, COMMUNITY, "registered_volunteers", "2022-04-30")
    on_end_day = await _numerator(client, admin_token, COMMUNITY, "registered_volunteers", "2022-05-01")
    assert on_last_day == on_end_day + 1


async def test_bad_days_are_refused_naming_the_field(client, admin_token):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    early = await _volunteer(client, admin_token, "2021-03-01", 3, validTo="2021-02-01")
    assert [e["field"] for e in early["errors"]] == ["validTo"]
    future = await _volunteer(client, admin_token, "2021-03-01", 4, validTo=tomorrow)
    assert [e["field"] for e in future["errors"]] == ["validTo"]
    future = await _volunteer(client, admin_token, "2021-03-01", 5, validFrom=tomorrow)
    assert [e["field"] for e in future["errors"]] == ["validFrom"]
    body = await graphql(client, AS_OF, {"path": STREET, "asOf": "1999-12-31"}, token=admin_token)
    assert body["errors"][0]["extensions"]["field"] == "asOf"
    mixed = """{ region(path: "%s") { indicators(asOf: "2022-06-30", year: 2023) { key } } }""" % STREET
    body = await graphql(client, mixed, token=admin_token)
    assert body["errors"][0]["extensions"]["field"] == "year"


async def test_a_volunteer_station_counts_from_the_day_it_opened(client, admin_token):
    mutation = """mutation($region: String!, $input: CommunityProfilePatch!) {
      setCommunityProfile(region: $region, input: $input) {
        result { hasVolunteerStation volunteerStationSince socialWorkRoomSince } errors { field message } } }"""
    body = await graphql(client, mutation, {"region": COMMUNITY, "input": {"hasSocialWorkRoom": True}},
                         token=admin_token)
    assert body["data"]["setCommunityProfile"]["result"]["socialWorkRoomSince"] == TODAY.isoformat()
    body = await graphql(client, mutation, {"region": COMMUNITY, "input": {"volunteerStationSince": "2022-05-01"}},
                         token=admin_token)
    assert body["data"]["setCommunityProfile"]["errors"][0]["field"] == "volunteerStationSince"
    body = await graphql(client, mutation, {"region": COMMUNITY, "input": {
        "hasVolunteerStation": True, "volunteerStationSince": "2022-05-01"}}, token=admin_token)
    assert body["data"]["setCommunityProfile"]["errors"] == []
    coverage = {day: await _numerator(client, admin_token, COMMUNITY, "volunteer_station_coverage", day)
                for day in ("2022-04-30", "2022-05-01", None)}
    assert coverage == {"2022-04-30": 0, "2022-05-01": 1, None: 1}
    rooms = await _numerator(client, admin_token, COMMUNITY, "social_work_coverage", "2022-05-01")
    assert rooms == 0  # the room was recorded today, without a day: it has no past


async def test_a_series_counts_each_year_as_of_its_last_day(client, admin_token):
    last = YEAR - 1
    base = await graphql(client, SERIES, {"path": STREET, "years": [2021, 2022, last, YEAR],
                                          "keys": ["registered_volunteers"]}, token=admin_token)
    assert "errors" not in base, base
    (await _volunteer(client, admin_token, "2021-12-31", 6))  # counts from the last day of 2021
    (await _volunteer(client, admin_token, "2022-01-01", 7, validTo=f"{last}-12-31"))  # not on its end day
    body = await graphql(client, SERIES, {"path": STREET, "years": [2021, 2022, last, YEAR],
                                          "keys": ["registered_volunteers"]}, token=admin_token)
    years = body["data"]["region"]["indicatorSeries"]
    assert [y["asOf"] for y in years] == ["2021-12-31", "2022-12-31", f"{last}-12-31", TODAY.isoformat()]
    added = [y["values"][0]["numerator"] - b["values"][0]["numerator"]
             for y, b in zip(years, base["data"]["region"]["indicatorSeries"], strict=True)]
    assert added == [1, 2, 1, 1]

    rollup = await graphql(client, ROLLUP_SERIES, {"under": STREET, "years": [2021, 2022, YEAR],
                                                   "ind": ["registered_volunteers"]}, token=admin_token)
    assert "errors" not in rollup, rollup
    series = rollup["data"]["rollupSeries"]
    assert series["years"] == [2021, 2022, YEAR]
    row = next(r for r in series["rows"] if r["path"] == COMMUNITY)
    one = {y: await _numerator(client, admin_token, COMMUNITY, "registered_volunteers", f"{y}-12-31" if y < YEAR else None)
           for y in (2021, 2022, YEAR)}
    assert {y["year"]: y["values"][0]["numerator"] for y in row["years"]} == one
    totals = {y["year"]: y["values"][0]["numerator"] for y in series["total"]["years"]}
    assert totals == {y: sum(next(v["values"][0]["numerator"] for v in r["years"] if v["year"] == y)
                             for r in series["rows"]) for y in (2021, 2022, YEAR)}


async def test_a_series_is_limited_and_checked(client, admin_token):
    for years, reason in (([], "at least one"), (list(range(2000, 2021)), "at most 20"), ([2022, 2022], "twice"),
                          ([YEAR + 1], "has not begun"), ([1999], "between")):
        body = await graphql(client, SERIES, {"path": STREET, "years": years}, token=admin_token)
        assert body["errors"][0]["extensions"]["field"] == "years", body
        assert reason in body["errors"][0]["message"], body
