"""A region's dashboard: the targets in force with value, threshold, status, deadline and clause,
the rollup of its children with drill-down, the chart's data, and the same XLSX as /exports."""

import html as html_lib
import io
import json
import re

import openpyxl
import pytest

from core.demo.data import fill_demo_data
from core.testing import graphql
from core.testing.databases import filled
from tests.console.people import person, signed_in

DISTRICT = "panjin/shuangtaizi"


@pytest.fixture
async def demo(platform):
    await filled(platform, fill_demo_data)
    return platform


def sheet_rows(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


async def test_the_district_dashboard_shows_targets_rollup_and_chart(demo, client):
    await person(demo, "bureau", "panjin", "county_bureau", DISTRICT)
    await signed_in(client, "bureau")
    page = await client.get(f"/console/regions/{DISTRICT}", params={"year": "2026"})
    assert page.status_code == 200
    html = page.text
    targets = html.split('id="targets-title"', 1)[1].split("</section>", 1)[0]
    for header in ("当前值", "阈值", "是否达标", "截止日期", "来源"):
        assert f">{header}</th>" in targets
    assert "〔" in targets  # the document's number, in the source column
    rollup = html.split('id="rollup-title"', 1)[1].split("</section>", 1)[0]
    assert "按街道（乡镇）汇总" in html
    assert f'href="/console/regions/{DISTRICT}/jianshe?year=2026"' in rollup  # drill down to a street
    assert "合计" in rollup
    assert '<svg id="chart"' in rollup
    street = await client.get(f"/console/regions/{DISTRICT}/jianshe", params={"year": "2026"})
    assert street.status_code == 200 and "按社区（村）汇总" in street.text


ROLLUP = """query($under: String!, $ind: [String!]!, $year: Int!) {
  rollup(under: $under, by: STREET, indicators: $ind, year: $year) { rows { name values { key unit value } } } }"""


def bars(html: str) -> list[tuple[str, float | None, float, float]]:
    """The bar chart in the page's HTML: each bar's region, value, height and bottom edge."""
    chart = html.split('<svg id="chart"', 1)[1].split("</svg>", 1)[0]
    found = re.findall(
        r'<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" data-value="([^"]*)">'
        r"<title>([^<]+)：[^<]*</title>",
        chart,
    )
    return [
        (html_lib.unescape(name), float(value) if value else None, float(height), float(y) + float(height))
        for y, height, value, name in found
    ]


async def test_the_bar_chart_draws_the_api_s_rollup(demo, client):
    await person(demo, "bureau", "panjin", "county_bureau", DISTRICT)
    await signed_in(client, "bureau")
    html = (await client.get(f"/console/regions/{DISTRICT}", params={"year": "2026"})).text
    first = re.search(r'rollup\.xlsx\?[^"]*indicators=([a-z_0-9]+)', html).group(1)  # the chart's indicator
    answer = await graphql(
        client, ROLLUP, {"under": DISTRICT, "ind": [first], "year": 2026}, token=await demo.token_for("bureau")
    )
    api = [(row["name"], row["values"][0]) for row in answer["data"]["rollup"]["rows"]]
    drawn = bars(html)
    assert len(drawn) == len(api) > 1, (drawn, api)
    for (name, value, _height, _bottom), (api_name, api_value) in zip(drawn, api, strict=True):
        expected = api_value["value"] * 100 if api_value["unit"] == "ratio" else api_value["value"]
        assert name == api_name and value == pytest.approx(expected, abs=0.01), (name, value, api_value)
    # drawn to scale: every bar's height is its value times one scale, from one base line
    tallest = max(drawn, key=lambda bar: bar[1] or 0)
    assert tallest[1] and tallest[2] > 0
    for _name, value, height, bottom in drawn:
        assert height == pytest.approx((value or 0) / tallest[1] * tallest[2], abs=0.05)
        assert bottom == pytest.approx(tallest[3], abs=0.05)


async def test_the_downloads_are_the_apis(demo, client):
    await person(demo, "bureau", "panjin", "county_bureau", DISTRICT)
    await signed_in(client, "bureau")
    token = await demo.token_for("bureau")
    mine = await client.get("/console/exports/targets.xlsx", params={"region": DISTRICT, "year": "2026"})
    api = await client.get(
        "/exports/targets.xlsx",
        params={"region": DISTRICT, "year": "2026"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert mine.status_code == api.status_code == 200
    assert mine.headers["content-disposition"] == api.headers["content-disposition"]
    assert sheet_rows(mine.content) == sheet_rows(api.content)
    query = {"under": DISTRICT, "by": "street", "year": "2026", "indicators": "registered_volunteers"}
    mine = await client.get("/console/exports/rollup.xlsx", params=query)
    api = await client.get("/exports/rollup.xlsx", params=query, headers={"Authorization": f"Bearer {token}"})
    assert sheet_rows(mine.content) == sheet_rows(api.content)
    other = await client.get("/console/exports/targets.xlsx", params={"region": "panjin/xinglongtai", "year": "2026"})
    assert other.status_code == 404


SERIES = """query($under: String!, $ind: [String!]!, $years: [Int!]!) {
  rollupSeries(under: $under, by: STREET, indicators: $ind, years: $years) { total { years { year values { value } } } } }"""


async def test_the_line_over_years_draws_what_the_api_s_series_gives(demo, client):
    await person(demo, "bureau", "panjin", "county_bureau", DISTRICT)
    await signed_in(client, "bureau")
    html = (await client.get(f"/console/regions/{DISTRICT}", params={"year": "2026"})).text
    link = re.search(r'hx-get="(/console/history/[^"]+)"', html)
    assert link is not None, "the dashboard loads no line over years"
    fragment = (await client.get(link.group(1).replace("&amp;", "&"))).text
    assert "历年变化" in fragment
    line = await client.get(
        f"/console/history/{DISTRICT}", params={"year": "2026", "indicator": "registered_volunteers"}
    )
    options = json.loads(html_lib.unescape(re.search(r'data-options="([^"]+)"', line.text).group(1)))
    years = [int(y) for y in options["xAxis"]["data"]]
    assert options["series"][0]["type"] == "line" and len(years) >= 2 and years[-1] == 2026
    answer = await graphql(
        client,
        SERIES,
        {"under": DISTRICT, "ind": ["registered_volunteers"], "years": years},
        token=await demo.token_for("bureau"),
    )
    api = [entry["values"][0]["value"] for entry in answer["data"]["rollupSeries"]["total"]["years"]]
    assert options["series"][0]["data"] == api, answer


async def test_no_line_over_years_for_a_region_one_may_not_read(demo, client):
    await person(demo, "bureau", "panjin", "county_bureau", DISTRICT)
    await signed_in(client, "bureau")
    other = await client.get("/console/history/panjin/dawa", params={"indicator": "registered_volunteers"})
    assert other.status_code == 404


def test_the_bar_chart_s_scale_takes_negative_missing_and_percent_values():
    from core.indicators import reports
    from core.web.console.dashboard import _chart

    report = reports.Report(
        title="t",
        sheet="t",
        stem="t",
        columns=["地区", "路径", "变化"],
        rows=[["甲", "a", -5], ["乙", "a/b", 12], ["丙", "a/c", None], [reports.TOTAL, "a", 7]],
    )
    chart = _chart(report)
    assert chart is not None and [b.name for b in chart.bars] == ["甲", "乙", "丙"]  # not the 合计 row
    assert [t.text for t in chart.ticks] == ["-5", "0", "5", "10", "15"]  # round steps, from below zero
    below, above, missing = chart.bars
    assert below.y == chart.zero and above.y + above.height == chart.zero  # one goes down, one up, from 0
    assert above.height / below.height == pytest.approx(12 / 5, rel=1e-3)
    assert missing.value is None and missing.height == 0 and missing.text == "—"
    ratio = _chart(
        reports.Report(
            title="t",
            sheet="t",
            stem="t",
            columns=["地区", "路径", "占比"],
            rows=[["甲", "a", reports.Percent(0.225)], ["乙", "a/b", reports.Percent(0.05)]],
        )
    )
    assert ratio is not None and ratio.label == "占比（%）" and [b.value for b in ratio.bars] == [22.5, 5.0]
    assert [t.text for t in ratio.ticks] == ["0", "5", "10", "15", "20", "25"]
    assert (
        _chart(reports.Report(title="t", sheet="t", stem="t", columns=["地区", "路径", "x"], rows=[["甲", "a", None]]))
        is None
    )  # nothing to draw
