"""Money and summed counts are 64-bit (issue 9, break 9): one large entry must not block a ledger."""

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from core import db, migrations
from core.indicators import summary
from core.migrations import compare
from core.models import fields
from core.testing import graphql, platform_wide
from core.testing.databases import made_before_migrations

REGION = "chongqing/qianjiang/zhengyang"
DONATE = """mutation($input: DonationInput!) { recordDonation(input: $input) {
  result { amountFen inKindValueFen valueFen } errors { field message } } }"""
ACTIVITY = """mutation($input: ActivityInput!) { createActivity(input: $input) {
  result { personTimes } errors { field message } } }"""


def donation(amount: int, day: str = "2024-05-01") -> dict[str, object]:
    return {"donorName": "某企业", "donorKind": "ENTERPRISE", "form": "MONEY", "amountFen": amount,
            "donatedOn": day, "region": REGION}


def in_kind(value: int) -> dict[str, object]:
    return donation(0) | {"form": "IN_KIND", "inKindDescription": "米面油", "inKindValueFen": value}


async def _yearly(platform, column: str, year: int = 2024) -> list[int]:
    async with platform_wide(platform) as connection:
        rows = await connection.execute(sa.select(summary.yearly_table.c[column]).where(
            summary.yearly_table.c.year == year, summary.yearly_table.c[column] > 0))
        return [int(value) for value in rows.scalars()]


async def test_a_donation_of_the_largest_32_bit_amount_does_not_block_the_next(client, admin_token, platform):
    first = await graphql(client, DONATE, {"input": donation(2_147_483_647)}, token=admin_token)
    assert first["data"]["recordDonation"]["errors"] == [], first
    second = await graphql(client, DONATE, {"input": donation(100)}, token=admin_token)
    assert second.get("errors") is None and second["data"]["recordDonation"]["errors"] == [], second
    assert second["data"]["recordDonation"]["result"]["valueFen"] == 100
    assert await _yearly(platform, "donations_fen") == [2_147_483_747]


async def test_amounts_up_to_the_maximum_are_kept_exactly_and_summed_in_64_bits(client, admin_token, platform):
    for entry in (donation(fields.MAX_FEN), in_kind(fields.MAX_FEN), donation(fields.MAX_FEN)):
        body = await graphql(client, DONATE, {"input": entry}, token=admin_token)
        assert body["data"]["recordDonation"]["errors"] == [], body
        assert body["data"]["recordDonation"]["result"]["valueFen"] == fields.MAX_FEN
    assert await _yearly(platform, "donations_fen") == [3 * fields.MAX_FEN]
    async with platform_wide(platform) as connection:
        assert await connection.run_sync(summary.differences) == []


@pytest.mark.parametrize(("entry", "field"), [
    (donation(fields.MAX_FEN + 1), "amountFen"),
    (in_kind(fields.MAX_FEN + 1), "inKindValueFen"),
    (donation(2**63), "amountFen"),
    (donation(2**64 + 5), "amountFen"),
])
async def test_an_amount_above_the_maximum_is_a_field_error(client, admin_token, platform, entry, field):
    body = await graphql(client, DONATE, {"input": entry}, token=admin_token)
    errors = body["data"]["recordDonation"]["errors"]
    assert [error["field"] for error in errors] == [field], body
    assert "1000000000000" in errors[0]["message"]
    assert await _yearly(platform, "donations_fen") == []


@pytest.mark.parametrize("amount", [1.5, "100", True])
async def test_an_amount_that_is_not_a_whole_number_of_fen_is_refused(client, admin_token, amount):
    body = await graphql(client, DONATE, {"input": donation(0) | {"amountFen": amount}}, token=admin_token)
    assert body["data"] is None
    message = body["errors"][0]["message"]
    assert ".amountFen" in message and "a whole number of fen is expected" in message, body


async def test_person_times_are_bounded_per_activity_and_summed_in_64_bits(client, admin_token, platform):
    activity = {"title": "大型活动", "heldOn": "2024-10-29", "region": REGION}
    for _ in range(3):
        body = await graphql(client, ACTIVITY, {"input": activity | {"personTimes": fields.MAX_COUNT}},
                             token=admin_token)
        assert body["data"]["createActivity"]["errors"] == [], body
    assert await _yearly(platform, "person_times") == [3 * fields.MAX_COUNT]
    body = await graphql(client, ACTIVITY, {"input": activity | {"personTimes": fields.MAX_COUNT + 1}},
                         token=admin_token)
    assert body["data"]["createActivity"]["errors"][0]["field"] == "personTimes", body


def test_every_money_and_summed_column_is_64_bit():
    narrow = [
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if (column.name.endswith("_fen") or (table.name.endswith("summary") and not column.foreign_keys
                                               and column.name != "year"))
        and not isinstance(column.type, sa.BigInteger)
    ]
    assert narrow == []


async def test_init_widens_the_32_bit_columns_of_an_older_database(database_url, platform):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite integers are 64-bit already")
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:  # the tables as an older release made them
        for table, column in (("donation", "amount_fen"), ("donation", "in_kind_value_fen"),
                              ("region_year_summary", "donations_fen"), ("region_summary", "volunteers")):
            connection.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE integer")
    owner = db.create_engine(database_url)
    async with owner.begin() as connection:
        await connection.run_sync(made_before_migrations)
    await owner.dispose()
    await platform.init()
    with psycopg.connect(dsn, autocommit=True) as connection:
        types = connection.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = 'integer' "
            "AND (column_name LIKE '%%_fen' OR table_name LIKE '%%summary')").fetchall()
    assert {name for name, _ in types} <= {f"{t}.{c}" for t in ("region_summary", "region_year_summary",
                                                                 "subtree_summary")
                                           for c in ("region_id", "tenant_id", "year")}
    async with platform.owner_engine() as owner:
        assert await migrations.on(owner, compare.differences, platform.branches) == []


async def test_a_population_near_the_32_bit_limit_does_not_break_the_targets(client, admin_token):
    """Targets compare ``numerator × q`` with ``population × p`` in SQL: 64-bit, not the columns' 32."""
    add = """mutation { addRegion(parent: "chongqing/qianjiang/zhengyang", code: "huge", name: "大社区",
      tier: COMMUNITY, kind: URBAN, residentPopulation: 2147483647) { errors { field message } } }"""
    body = await graphql(client, add, token=admin_token)
    assert body["data"]["addRegion"]["errors"] == [], body
    status = """{ region(path: "chongqing/qianjiang/zhengyang") { targetStatus { key communities failing { path } } } }"""
    body = await graphql(client, status, token=admin_token)
    assert "errors" not in body, body
    share = next(t for t in body["data"]["region"]["targetStatus"] if t["key"] == "volunteer_share")
    assert REGION + "/huge" in {f["path"] for f in share["failing"]}
