"""Series over months through GraphQL: each month's stock as of its last day, its flows over its own
days, and the errors of the ``months`` argument.

The platform's day is fixed (``WUSHE_TODAY``) at 2025-05-15, so May 2025 is the current month and
June the first one refused. Every number is also counted by hand, in Python, from the raw rows of
the street, so a wrong date condition, a month's flows taken for the year's, or a mixed-up row
cannot pass.
"""

import datetime as dt

import pytest
from sqlmodel import col, select

from core import clock
from core.models import Activity, CommunityFund, Donation, DonationForm, Region, ServiceRecord, Volunteer
from core.testing import graphql

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/qunli"
TODAY = dt.date(2025, 5, 15)
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
KEYS = ["registered_volunteers", "sessions", "person_times", "volunteer_service_hours", "active_volunteer_share",
        "fund_raised_per_year", "fund_raised_per_fund"]

SERIES = """query($path: String!, $months: [String!], $years: [Int!], $keys: [String!]) { region(path: $path) {
  indicatorSeries(keys: $keys, months: $months, years: $years) {
    year month asOf values { key value numerator denominator year asOf } } } }"""
ROLLUP_SERIES = """query($under: String!, $months: [String!], $years: [Int!], $ind: [String!]!) {
  rollupSeries(under: $under, by: COMMUNITY, indicators: $ind, months: $months, years: $years) {
    years months
    rows { path years { year } months { month asOf values { key numerator denominator } } }
    total { path years { year } months { month asOf values { key numerator denominator } } } } }"""


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, TODAY.isoformat())


def _person(number: int) -> str:
    from core.validators import id_number_check_digit

    body = f"11010519800101{number:03d}"
    return body + id_number_check_digit(body)


async def _made(client, token, mutation: str, kind: str, data: dict) -> str:
    query = f"""mutation($input: {kind}Input!) {{ {mutation}(input: $input) {{ result {{ id }} errors {{ field message }} }} }}"""
    body = await graphql(client, query, {"input": data}, token=token)
    payload = body["data"][mutation]
    assert payload["errors"] == [], payload
    return str(payload["result"]["id"])


async def _record(client, token) -> None:
    """Rows on both sides of every month's edges."""
    mid_march = await _made(client, token, "createVolunteer", "Volunteer", {
        "name": "三月中", "realNameRegistered": True, "registeredOn": "2025-03-15", "idNumber": _person(11),
        "region": COMMUNITY})
    ended = await _made(client, token, "createVolunteer", "Volunteer", {
        "name": "四月止", "realNameRegistered": True, "registeredOn": "2025-01-10", "validTo": "2025-04-01",
        "idNumber": _person(12), "region": COMMUNITY})
    earlier = await _made(client, token, "createVolunteer", "Volunteer", {
        "name": "老志愿者", "realNameRegistered": True, "registeredOn": "2023-06-01", "idNumber": _person(14),
        "region": COMMUNITY})
    await _made(client, token, "createVolunteer", "Volunteer", {  # on the last day of February: counts in February
        "name": "二月末", "realNameRegistered": True, "registeredOn": "2025-02-28", "idNumber": _person(13),
        "region": COMMUNITY})
    for day, sessions, people in (("2025-03-20", 3, 40), ("2024-03-05", 2, 10), ("2025-03-31", 1, 5),
                                  ("2025-04-01", 1, 7), ("2025-05-02", 2, 9)):
        held = await _made(client, token, "createActivity", "Activity", {
            "title": f"活动{day}", "heldOn": day, "sessions": sessions, "personTimes": people, "region": COMMUNITY})
    for volunteer, day, minutes in ((mid_march, "2025-03-20", 90), (ended, "2025-02-10", 60),
                                    (ended, "2025-03-01", 30), (earlier, "2024-03-10", 45)):
        await _made(client, token, "recordService", "ServiceRecord",
                    {"volunteerId": volunteer, "activityId": held, "servedOn": day, "startsAt": "09:00", "minutes": minutes})
    org = await _made(client, token, "createSocialOrganization", "SocialOrganization", {
        "name": "测试慈善会", "orgType": "CHARITY_ORGANIZATION", "registration": "REGISTERED",
        "creditCode": "51500000MJP5000008", "publicFundraising": True, "region": STREET})
    fund = await _made(client, token, "createCommunityFund", "CommunityFund", {
        "name": "群力社区基金", "hostOrganizationId": org, "establishedOn": "2025-02-01", "region": COMMUNITY})
    for day, fen in (("2025-02-01", 500_000), ("2025-04-30", 12_345), ("2025-05-01", 100)):
        await _made(client, token, "recordDonation", "Donation", {
            "fundId": fund, "donorName": "居民", "donorKind": "RESIDENT", "form": "MONEY", "amountFen": fen,
            "donatedOn": day, "region": COMMUNITY})


def _month_days(text: str) -> tuple[dt.date, dt.date]:
    year, month = map(int, text.split("-"))
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, min(last, TODAY)


def _lasts(row, day: dt.date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or row.valid_to > day)


async def _by_hand(platform, path: str, month: str) -> dict[str, tuple[float, float | None]]:
    """Each indicator's (numerator, denominator) in ``month`` under ``path``, counted row by row."""
    first, last = _month_days(month)
    async with platform.sessions() as session:
        ids = set((await session.exec(select(Region.id).where(
            (Region.path == path) | col(Region.path).startswith(path + "/")))).all())
        volunteers = [v for v in (await session.exec(select(Volunteer))).all() if v.region_id in ids]
        activities = [a for a in (await session.exec(select(Activity))).all() if a.region_id in ids]
        lived = {v.id: v for v in volunteers}
        records = [r for r in (await session.exec(select(ServiceRecord))).all() if r.volunteer_id in lived]
        funds = [f for f in (await session.exec(select(CommunityFund))).all() if f.region_id in ids]
        donations = [d for d in (await session.exec(select(Donation))).all() if d.region_id in ids]
    registered = sum(1 for v in volunteers if v.real_name_registered and _lasts(v, last))
    held = [a for a in activities if first <= a.held_on <= last]
    served = [r for r in records if first <= r.served_on <= last]
    active = {r.volunteer_id for r in served if lived[r.volunteer_id].real_name_registered}
    raised = sum(d.amount_fen if d.form is DonationForm.MONEY else d.in_kind_value_fen or 0
                 for d in donations if d.fund_id is not None and first <= d.donated_on <= last)
    open_funds = sum(1 for f in funds if _lasts(f, last))
    return {
        "registered_volunteers": (registered, None),
        "sessions": (sum(a.sessions for a in held), None),
        "person_times": (sum(a.person_times for a in held), None),
        "volunteer_service_hours": (sum(r.minutes for r in served), None),
        "active_volunteer_share": (len(active), registered),
        "fund_raised_per_year": (raised, None),
        "fund_raised_per_fund": (raised, open_funds),
    }


async def test_each_month_counts_its_stock_at_its_last_day_and_its_own_flows(platform, client, admin_token):
    await _record(client, admin_token)
    body = await graphql(client, SERIES, {"path": STREET, "months": MONTHS, "keys": KEYS}, token=admin_token)
    assert "errors" not in body, body
    series = body["data"]["region"]["indicatorSeries"]
    assert [m["month"] for m in series] == MONTHS
    assert [m["year"] for m in series] == [2025] * 5
    assert [m["asOf"] for m in series] == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-15"]
    got = {m["month"]: {v["key"]: v for v in m["values"]} for m in series}
    for month in MONTHS:
        for key, (numerator, denominator) in (await _by_hand(platform, STREET, month)).items():
            value = got[month][key]
            assert value["numerator"] == numerator, (month, key, value)
            if denominator is not None:
                assert value["denominator"] == denominator, (month, key, value)

    sessions = {m: got[m]["sessions"]["numerator"] for m in MONTHS}
    assert sessions == {"2025-01": 0, "2025-02": 0, "2025-03": 4, "2025-04": 1, "2025-05": 2}  # not 2024's March
    registered = [got[m]["registered_volunteers"]["numerator"] for m in MONTHS]
    # 四月止 from January to March; 二月末 from February on; 三月中 from March on (its end, not its start)
    assert [r - registered[0] for r in registered] == [0, 1, 2, 1, 1]
    assert got["2025-03"]["volunteer_service_hours"]["value"] == 2  # 90 + 30 minutes, not 2024's 45
    assert got["2025-03"]["active_volunteer_share"]["numerator"] == 2
    assert got["2025-04"]["fund_raised_per_year"]["value"] == 123.45  # the month's money, in yuan
    assert got["2025-01"]["fund_raised_per_fund"]["value"] is None  # no fund yet: nothing to divide by
    assert got["2025-02"]["fund_raised_per_fund"]["value"] == 5000.0
    assert [v["year"] for v in got["2025-03"].values()] == [None, 2025, 2025, 2025, 2025, 2025, 2025]
    assert {v["asOf"] for v in got["2025-03"].values()} == {"2025-03-31"}

    year = await graphql(client, SERIES, {"path": STREET, "years": [2025], "keys": KEYS}, token=admin_token)
    whole = {v["key"]: v["value"] for v in year["data"]["region"]["indicatorSeries"][0]["values"]}
    assert whole["sessions"] == sum(sessions.values())  # the months of a year add up to it
    assert whole["volunteer_service_hours"] == 3
    assert year["data"]["region"]["indicatorSeries"][0]["month"] is None


async def test_a_rollup_series_over_months_gives_each_community_its_months(platform, client, admin_token):
    await _record(client, admin_token)
    keys = ["registered_volunteers", "sessions", "fund_raised_per_fund"]
    body = await graphql(client, ROLLUP_SERIES, {"under": STREET, "months": MONTHS[1:4], "ind": keys},
                         token=admin_token)
    assert "errors" not in body, body
    series = body["data"]["rollupSeries"]
    assert series["months"] == MONTHS[1:4] and series["years"] == []
    rows = {r["path"]: r for r in series["rows"]}
    assert rows[COMMUNITY]["years"] == [] and series["total"]["years"] == []
    for path, row in (*rows.items(), (STREET, series["total"])):
        assert [m["month"] for m in row["months"]] == MONTHS[1:4]
        assert [m["asOf"] for m in row["months"]] == ["2025-02-28", "2025-03-31", "2025-04-30"]
        for entry in row["months"]:
            hand = await _by_hand(platform, path, entry["month"])
            assert {v["key"]: v["numerator"] for v in entry["values"]} == {k: hand[k][0] for k in keys}, path
            assert entry["values"][2]["denominator"] == hand["fund_raised_per_fund"][1], path
    assert [m["values"][1]["numerator"] for m in rows[COMMUNITY]["months"]] == [0, 4, 1]


@pytest.mark.parametrize(("variables", "field", "reason"), [
    ({"months": ["2025-01"], "years": [2025]}, "months", "not both"),
    ({}, "years", "or months"),
    ({"months": []}, "months", "at least one"),
    ({"months": ["2025-3"]}, "months", "YYYY-MM"),
    ({"months": ["2025-13"]}, "months", "is not a month"),
    ({"months": ["March"]}, "months", "is not a month"),
    ({"months": ["２０２５-03"]}, "months", "is not a month"),
    ({"months": ["2025-06"]}, "months", "2025-06 has not begun (the current month is 2025-05)"),
    ({"months": ["1999-12"]}, "months", "before 2000-01"),
    ({"months": ["2025-01", "2025-01"]}, "months", "names 2025-01 twice"),
    ({"months": [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(37)]}, "months", "at most 36 months"),
])
async def test_bad_months_are_refused_naming_the_argument(client, admin_token, variables, field, reason):
    for query, extra in ((SERIES, {"path": STREET}), (ROLLUP_SERIES, {"under": STREET, "ind": ["sessions"]})):
        body = await graphql(client, query, extra | variables, token=admin_token)
        assert body.get("data") is None or not any(body["data"].values()), body
        error = body["errors"][0]
        assert error["extensions"]["field"] == field and reason in error["message"], (query, error)


async def test_thirty_six_months_are_accepted(client, admin_token):
    months = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]
    body = await graphql(client, SERIES, {"path": STREET, "months": months, "keys": ["sessions"]}, token=admin_token)
    assert "errors" not in body, body
    assert [m["month"] for m in body["data"]["region"]["indicatorSeries"]] == months
