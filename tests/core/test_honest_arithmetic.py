"""Honest arithmetic: a share of residents uses the same communities above and below the line, says how
many it left out for missing data, and a missing value is ``no_data``, never ``not_met``.

The demo tenant (tests/core/targets_demo.py): demo/east/a has one (100 residents, 20 volunteers) and
two (100, 5); demo/east/b has three (100, 15) and four (population unknown, 50 volunteers).
"""

import pytest
from sqlmodel import select

from core.db import transaction
from core.indicators import INDICATORS, summary
from core.models import Region
from core.testing import graphql, platform_wide
from tests.core.targets_demo import DEMO, seed

VALUES = """query($p: String!) { region(path: $p) { indicators(keys: ["volunteer_share", "registered_volunteers"]) {
  key value numerator denominator leftOut leftOutReason } } }"""
STATUS = """query($p: String!) { region(path: $p) { targetStatus {
  key role status met value regionsJudged regionsMeeting regionsNoData failing { path } leftOut leftOutReason } } }"""


@pytest.fixture
def extra_plugins():
    return [DEMO]


async def _values(client, token, path):
    body = await graphql(client, VALUES, {"p": path}, token=token)
    assert "errors" not in body, body
    return {v["key"]: v for v in body["data"]["region"]["indicators"]}


async def _targets(client, token, path):
    body = await graphql(client, STATUS, {"p": path}, token=token)
    assert "errors" not in body, body
    return {t["key"]: t for t in body["data"]["region"]["targetStatus"]}


def test_the_shares_of_residents_name_what_they_leave_out():
    for key, left_out in (("volunteer_share", "communities_without_population"),
                          ("community_workers_per_10k_urban", "communities_without_urban_population")):
        assert INDICATORS[key].left_out == left_out and INDICATORS[key].left_out_reason


async def test_a_share_counts_only_the_communities_whose_population_is_known(platform, client, admin_token):
    await seed(platform)
    street = await _values(client, admin_token, "demo/east/b")
    # four's 50 volunteers have no residents to be divided by: left out above and below the line
    assert street["volunteer_share"] == {"key": "volunteer_share", "value": 0.15, "numerator": 15, "denominator": 100,
                                         "leftOut": 1, "leftOutReason": INDICATORS["volunteer_share"].left_out_reason}
    assert street["registered_volunteers"]["numerator"] == 65 and street["registered_volunteers"]["leftOut"] is None
    district = await _values(client, admin_token, "demo/east")
    assert (district["volunteer_share"]["numerator"], district["volunteer_share"]["denominator"],
            district["volunteer_share"]["leftOut"]) == (40, 300, 1)
    four = await _values(client, admin_token, "demo/east/b/four")
    assert (four["volunteer_share"]["value"], four["volunteer_share"]["leftOut"]) == (None, 1)


async def test_a_rollup_row_says_what_it_left_out(platform, client, admin_token):
    await seed(platform)
    query = """{ rollup(under: "demo/east", by: STREET, indicators: ["volunteer_share"]) {
      rows { path values { value numerator denominator leftOut } } total { values { numerator denominator leftOut } } } }"""
    body = await graphql(client, query, token=admin_token)
    assert "errors" not in body, body
    rows = {r["path"]: r["values"][0] for r in body["data"]["rollup"]["rows"]}
    assert rows == {"demo/east/a": {"value": 0.125, "numerator": 25, "denominator": 200, "leftOut": 0},
                    "demo/east/b": {"value": 0.15, "numerator": 15, "denominator": 100, "leftOut": 1}}
    assert body["data"]["rollup"]["total"]["values"][0] == {"numerator": 40, "denominator": 300, "leftOut": 1}


async def test_a_community_without_population_is_no_data_not_failing(platform, client, admin_token):
    await seed(platform)
    east = (await _targets(client, admin_token, "demo/east"))["each_share"]
    assert (east["regionsJudged"], east["regionsMeeting"], east["regionsNoData"], east["leftOut"]) == (3, 2, 1, 1)
    assert [f["path"] for f in east["failing"]] == ["demo/east/a/two"]  # four has no value: it is not failing
    assert east["status"] == "not_met"  # two fails
    b = (await _targets(client, admin_token, "demo/east/b"))["each_share"]
    # three meets it; four cannot be judged: not met would be false, met unproven
    assert (b["regionsJudged"], b["regionsMeeting"], b["regionsNoData"], b["met"], b["status"]) == (1, 1, 1, None, "no_data")
    four = (await _targets(client, admin_token, "demo/east/b/four"))["each_share"]
    assert (four["role"], four["status"], four["met"], four["value"], four["leftOut"]) == ("OWN", "no_data", None, None, 1)


async def test_once_the_population_is_known_the_community_counts(platform, client, admin_token):
    await seed(platform)
    async with transaction(platform.sessions) as session:
        four = (await session.exec(select(Region).where(Region.path == "demo/east/b/four"))).one()
        four.resident_population = 1000
        session.add(four)
    street = await _values(client, admin_token, "demo/east/b")
    assert (street["volunteer_share"]["numerator"], street["volunteer_share"]["denominator"],
            street["volunteer_share"]["leftOut"]) == (65, 1100, 0)
    b = (await _targets(client, admin_token, "demo/east/b"))["each_share"]
    assert (b["regionsJudged"], b["regionsMeeting"], b["regionsNoData"], b["status"]) == (2, 1, 0, "not_met")
    async with platform_wide(platform) as connection:
        assert await connection.run_sync(lambda c: summary.differences(c)) == []


async def test_an_indicator_without_live_data_is_no_data(client, admin_token):
    at_city = (await _targets(client, admin_token, "chongqing"))["mechanism_coverage"]
    assert (at_city["status"], at_city["met"], at_city["value"]) == ("no_data", None, None)


async def test_the_summaries_stay_consistent_with_the_new_measures(platform):
    await seed(platform)
    async with platform_wide(platform) as connection:
        assert await connection.run_sync(lambda c: summary.differences(c)) == []
