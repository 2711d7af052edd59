"""The console's static files: addressed by their content, kept a year by the browser (no revalidation
before a page can paint), and the dashboard's ECharts fetched only after the page (it is not render-blocking)."""

from core.web.console import STATIC_MAX_AGE, static_url
from tests.console.people import person, signed_in


async def test_static_files_are_versioned_and_kept_a_year(client):
    address = static_url("echarts.min.js")
    assert address.startswith("/console/static/echarts.min.js?v=")
    answer = await client.get(address)
    assert answer.status_code == 200 and "echarts" in answer.text[:20000].lower()
    assert set(answer.headers["cache-control"].split(", ")) == {"public", f"max-age={STATIC_MAX_AGE}", "immutable"}


async def test_the_dashboard_does_not_block_its_first_paint_on_echarts(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    html = (await client.get("/console/regions/panjin/shuangtaizi")).text
    head = html.split("</head>", 1)[0]
    assert f'<script src="{static_url("echarts.min.js")}"' not in head
    assert f'data-echarts="{static_url("echarts.min.js")}"' in head
