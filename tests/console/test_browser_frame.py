"""The console's frame in headless Chromium: signing in with the keyboard, the home page, and no
accessibility violation axe-core finds on either page."""

import pytest

from tests.console.conftest import axe_violations, sign_in
from tests.console.people import PASSWORD, person

pytestmark = pytest.mark.once  # the browser and the console are the subject, not the database


async def test_sign_in_with_the_keyboard_and_see_ones_roles(platform, served, browser):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    page = await sign_in(browser, served, "bureau", PASSWORD)
    assert await page.locator("h1").inner_text() == "您好，bureau"
    assert await page.locator('[data-permission="volunteer:read"]').count() == 1
    cookies = {c["name"]: c for c in await page.context.cookies()}
    assert cookies["wushe_console"]["httpOnly"] and cookies["wushe_console"]["sameSite"] == "Strict"
    assert await page.evaluate("document.cookie") == ""  # no script of the page reads the token


async def test_a_wrong_password_is_shown_beside_the_field(platform, served, browser):
    await person(platform, "bureau", "panjin")
    context = await browser.new_context(base_url=served)
    page = await context.new_page()
    await page.goto("/console/sign-in")
    await page.get_by_label("用户名").fill("bureau")
    await page.get_by_label("密码").fill("not-the-password-1")
    await page.get_by_role("button", name="登录").click()
    error = page.locator("#password-error")
    assert "wrong username or password" in await error.inner_text()
    assert await page.get_by_label("密码").get_attribute("aria-describedby") == "password-error"


async def test_the_sign_in_and_home_pages_pass_axe(platform, served, browser):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    context = await browser.new_context(base_url=served)
    page = await context.new_page()
    await page.goto("/console/sign-in")
    assert await axe_violations(page) == []
    page = await sign_in(browser, served, "bureau", PASSWORD)
    assert await axe_violations(page) == []
