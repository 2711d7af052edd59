"""An official's dashboard in headless Chromium: the bar chart drawn from the rollup (in the page's
HTML) and the line over years (ECharts, when scrolled to), a drill-down from the district to a street
by its row, and axe-core on the page."""

import pytest

from core.demo.data import fill_demo_data
from core.testing.databases import filled
from tests.console.conftest import axe_violations, sign_in
from tests.console.people import PASSWORD, person

pytestmark = pytest.mark.once  # the browser and the console are the subject, not the database


async def test_drill_down_from_the_district_to_a_street(platform, served, browser):
    await filled(platform, fill_demo_data)
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    page = await sign_in(browser, served, "bureau", PASSWORD)
    await page.goto("/console/regions/panjin/shuangtaizi?year=2026")
    # the bars, as the browser shows them: one per street, titled with the value of the table's first column
    shown = await page.evaluate("""() => [...document.querySelectorAll('#chart rect')].map((bar) => [
        bar.querySelector('title').textContent, bar.getBoundingClientRect().height])""")
    table = await page.evaluate("""() => [...document.querySelectorAll('table.rollup tbody tr')]
        .map((row) => [row.querySelector('th').textContent.trim(), row.querySelector('td').textContent.trim()])
        .filter(([name]) => !name.startsWith('合计') && !name.startsWith('其他'))""")
    assert [title for title, _height in shown] == [f"{name}：{value}" for name, value in table] and len(table) > 1
    assert any(height > 0 for _title, height in shown)
    assert await page.locator("table.targets tbody tr").count() > 0
    assert await axe_violations(page) == []
    await page.get_by_role("heading", name="下级地区").scroll_into_view_if_needed()  # htmx loads the line when seen
    await page.locator("#history .chart[data-ready='true'] svg").wait_for()  # ECharts drew the line over years
    assert await page.locator("#history table.history td").count() >= 2
    assert await axe_violations(page) == []
    await page.locator("table.rollup").get_by_role("link", name="建设街道").click()
    await page.wait_for_url("**/console/regions/panjin/shuangtaizi/jianshe?year=2026")
    assert await page.locator("h1").inner_text() == "建设街道（街道（乡镇））"
    assert await page.get_by_role("heading", name="按社区（村）汇总（2026年）").count() == 1
    await page.get_by_role("navigation", name="位置").get_by_role("link", name="双台子区").click()
    assert await page.locator("h1").inner_text() == "双台子区（区（县））"
    await page.set_viewport_size({"width": 1280, "height": 1000})
