"""Money is stored in fen and shown in yuan (issue 12, part 6): GraphQL gives decimal strings with two
decimals, an indicator in money reports yuan exactly, and a workbook's money cells are numbers in yuan
with the format #,##0.00 under a header saying （元）."""

import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

from core import money
from core.access.grants import Principal
from core.demo.data import fill_demo_data
from core.errors import FieldError
from core.indicators import INDICATORS, reports
from core.indicators.rollup import Value
from core.testing import graphql
from core.testing.databases import filled
from tests.graphql.test_elements import create_org

STREET = "chongqing/qianjiang/zhengyang"
YEAR = 2024
MONEY_FEN, GOODS_FEN = 5_000_001, 1_200_000  # ¥50,000.01 and goods worth ¥12,000


def test_yuan_is_fen_over_100_exactly():
    assert [money.yuan_text(f) for f in (0, 1, 10, 99, 100, 5_000_000, 10**12, -150_050)] == [
        "0.00", "0.01", "0.10", "0.99", "1.00", "50000.00", "10000000000.00", "-1500.50"]
    assert money.yuan_words(5_000_000) == "50,000.00元"
    assert money.yuan(Fraction(1, 2)) == Decimal("0.00") and money.yuan(Fraction(3, 2)) == Decimal("0.02")  # half to even
    with pytest.raises(TypeError):
        money.yuan(0.1)  # type: ignore[arg-type]


def test_yuan_input_is_exact_and_names_the_field():
    assert [money.parse_yuan(v, "amountYuan") for v in ("0.1", "0.01", "12.34", "50000", " 7. ", "-1500.5")] == [
        10, 1, 1234, 5_000_000, 700, -150_050]
    for bad, words in [("0.001", "more than two decimals"), ("1e3", "not an amount"), ("", "not an amount"),
                       ("五万", "not an amount"), ("1.2.3", "not an amount"), ("--1", "not an amount"),
                       (".", "not an amount"), (1.5, "decimal string")]:
        with pytest.raises(FieldError) as error:
            money.parse_yuan(bad, "amountYuan")
        assert error.value.field == "amountYuan" and words in error.value.message, bad


def test_an_indicator_in_money_reports_yuan_exactly():
    per_year, per_fund = INDICATORS["fund_raised_per_year"], INDICATORS["fund_raised_per_fund"]
    assert (per_year.unit, per_fund.unit) == ("yuan", "yuan") and "（元）" in per_year.label
    one_fen = Value(per_year, 1 * float(per_year.scale), 1.0, None, YEAR)
    assert one_fen.value == 0.01 and money.value_text(one_fen) == "0.01"
    # 10^15 + 1 fen: a float of yuan loses the last fen, the text does not
    assert money.value_text(Value(per_year, 1e13, float(10**15 + 1), None, YEAR)) == "10000000000000.01"
    assert money.value_text(Value(per_fund, 1 / 300, 1.0, 3.0, YEAR)) == "0.00"
    assert money.value_text(Value(per_fund, 5 / 300, 5.0, 3.0, YEAR)) == "0.02"
    assert money.value_text(Value(INDICATORS["volunteer_share"], 0.15, 9.0, 60.0, None)) == "0.15"
    assert money.value_text(Value(INDICATORS["volunteer_share"], None, 9.0, 0.0, None)) is None


async def _fund_and_donations(client, token) -> None:
    charity = await create_org(client, token, name="重庆市慈善总会", orgType="CHARITY_ORGANIZATION",
                               creditCode="53500000MJP5000002", publicFundraising=True, region="chongqing")
    assert charity["errors"] == [], charity
    made = await graphql(client, """mutation($input: CommunityFundInput!) { createCommunityFund(input: $input) {
      result { id } errors { field message } } }""", {"input": {
        "name": "正阳社区基金", "hostOrganizationId": charity["result"]["id"], "region": STREET}}, token=token)
    fund = made["data"]["createCommunityFund"]["result"]["id"]
    donate = """mutation($input: DonationInput!) { recordDonation(input: $input) {
      result { amountFen amountYuan inKindValueFen inKindValueYuan valueFen valueYuan } errors { field message } } }"""
    base = {"fundId": fund, "donorName": "某企业", "donorKind": "ENTERPRISE", "donatedOn": f"{YEAR}-05-01", "region": STREET}
    cash = await graphql(client, donate, {"input": base | {"form": "MONEY", "amountFen": MONEY_FEN}}, token=token)
    assert cash["data"]["recordDonation"]["result"] == {
        "amountFen": MONEY_FEN, "amountYuan": "50000.01", "inKindValueFen": None, "inKindValueYuan": None,
        "valueFen": MONEY_FEN, "valueYuan": "50000.01"}
    goods = await graphql(client, donate, {"input": base | {"form": "IN_KIND", "inKindDescription": "米面油",
                                                            "inKindValueFen": GOODS_FEN}}, token=token)
    assert goods["data"]["recordDonation"]["result"] == {
        "amountFen": 0, "amountYuan": "0.00", "inKindValueFen": GOODS_FEN, "inKindValueYuan": "12000.00",
        "valueFen": GOODS_FEN, "valueYuan": "12000.00"}


async def test_graphql_gives_money_in_yuan_beside_fen(client, admin_token):
    await _fund_and_donations(client, admin_token)
    query = """query($path: String!) { region(path: $path) {
      indicators(keys: ["fund_raised_per_year", "fund_raised_per_fund"], year: %d) { key unit value text numerator }
      donations { nodes { valueYuan } } } }""" % YEAR
    region = (await graphql(client, query, {"path": STREET}, token=admin_token))["data"]["region"]
    assert region["indicators"] == [
        {"key": "fund_raised_per_year", "unit": "yuan", "value": 62000.01, "text": "62000.01", "numerator": 6_200_001.0},
        {"key": "fund_raised_per_fund", "unit": "yuan", "value": 62000.01, "text": "62000.01", "numerator": 6_200_001.0},
    ]
    assert sorted(d["valueYuan"] for d in region["donations"]["nodes"]) == ["12000.00", "50000.01"]
    schema = (await graphql(client, '{ __type(name: "Yuan") { kind description } }', token=admin_token))["data"]
    assert schema["__type"]["kind"] == "SCALAR" and "two decimals" in schema["__type"]["description"]


async def test_rollup_workbook_shows_yuan_with_two_decimals(client, admin_token):
    await _fund_and_donations(client, admin_token)
    params = {"under": "chongqing/qianjiang", "by": "street", "indicators": "fund_raised_per_year", "year": str(YEAR)}
    headers = {"Authorization": f"Bearer {admin_token}"}
    response = await client.get("/exports/rollup.xlsx", params=params, headers=headers)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["地区", "路径", "社区基金年度筹款额（元）"]
    rows = {r[1].value: r[2] for r in sheet.iter_rows(min_row=3)}
    assert rows[STREET].value == 62000.01 and rows[STREET].number_format == "#,##0.00"
    assert rows["chongqing/qianjiang"].value == 62000.01 and rows["chongqing/qianjiang"].number_format == "#,##0.00"
    text = (await client.get("/exports/rollup.csv", params=params, headers=headers)).content.decode("utf-8-sig")
    assert f"{STREET},62000.01" in text and "6200001" not in text


async def test_a_money_target_reads_in_yuan_in_the_targets_workbook(platform):
    """天津 三（六）: 市区联合创建点1—5 不少于5万元: the threshold is 50,000.00 元, never 5,000,000."""
    admin = Principal(username="t", platform_admin=True)
    async with platform.sessions() as session:
        report = await reports.targets_report(session, admin, platform.registry, region="tianjin/hexi/taoyuan",
                                              year=YEAR)
    fund = next(r for r in report.rows if r[1] == "社区基金年度筹款额（元）")
    assert fund[5] == Decimal("50000.00") and fund[6] == "元"
    sheet = openpyxl.load_workbook(io.BytesIO(reports.to_xlsx(report))).active
    row = next(r for r in sheet.iter_rows(min_row=3) if r[1].value == "社区基金年度筹款额（元）")
    assert row[5].value == 50000 and row[5].number_format == "#,##0.00"
    assert "50000.00" in reports.to_csv(report).decode("utf-8-sig")


async def test_the_money_example_in_the_graphql_doc_gives_the_output_shown(platform, client, admin_token):
    import json
    from pathlib import Path

    from tests.test_docs import blocks

    await filled(platform, fill_demo_data)
    text = (Path(__file__).parents[1] / "docs" / "graphql.md").read_text(encoding="utf-8")
    section = text.split("## Money: stored in fen, shown in yuan", 1)[1].split("\n## ", 1)[0]
    answer = await graphql(client, blocks(section, "graphql")[0], token=admin_token)
    assert answer == json.loads(blocks(section, "json")[0]), json.dumps(answer, ensure_ascii=False)
