"""A form in headless Chromium: filled in, submitted with an error, the server's message beside its
field (and the field marked invalid, described by it); fixed and submitted; axe-core on the page."""

import pytest

from tests.console.conftest import axe_violations, sign_in
from tests.console.people import PASSWORD, person

pytestmark = pytest.mark.once  # the browser and the console are the subject, not the database

FORM = "hebei_assistance_service_purchase"


async def test_submit_a_form_with_an_error_and_see_it_beside_its_field(platform, served, browser):
    await person(platform, "city", "hebei", "city_bureau", "hebei/shijiazhuang")
    page = await sign_in(browser, served, "city", PASSWORD)
    await page.goto("/console/regions/hebei/shijiazhuang")
    await page.get_by_role("link", name="填报表单").click()
    await page.get_by_role("link", name="政府购买社会救助服务经费列支表").click()
    assert await axe_violations(page) == []
    await page.get_by_label("年度（必填）").fill("2026")
    await page.get_by_label("列支的社会救助专项经费（必填）").select_option("社会救助工作经费")
    await page.get_by_label("社会救助专项经费总额（分）（必填）").fill("1000000")
    await page.get_by_label("购买社会救助服务列支金额（分）（必填）").fill("200000")  # 20%: the rule allows 2%
    await page.get_by_label("服务项目（必填）").fill("助餐服务")
    await page.get_by_label("承接主体（必填）").fill("石家庄市某社工机构")
    await page.get_by_label("承接主体类别（必填）").select_option("社会工作服务机构")
    await page.get_by_label("金额（分）（必填）", exact=True).fill("200000")
    await page.get_by_role("button", name="提交").click()
    amount = page.get_by_label("购买社会救助服务列支金额（分）（必填）")
    assert await amount.get_attribute("aria-invalid") == "true"
    error = page.locator("#f-purchase_amount_fen-error")
    assert "超过2%" in await error.inner_text()
    assert "f-purchase_amount_fen-error" in (await amount.get_attribute("aria-describedby") or "")
    assert await axe_violations(page) == []
    await page.get_by_label("社会救助专项经费总额（分）（必填）").fill("10000000")
    await page.get_by_role("button", name="提交").click()
    assert "已提交" in await page.get_by_role("status").inner_text()
