"""A permission administrator at work in headless Chromium: ticks a permission in the role matrix
and the other user sees their access change; a district user who edits the address bar to reach
another district's page gets "not found"; the pages pass axe-core."""

import pytest

from core.services.roles import TENANT_ADMIN
from tests.console.conftest import axe_violations, sign_in
from tests.console.people import PASSWORD, person

pytestmark = pytest.mark.once  # the browser and the console are the subject, not the database


async def test_the_admin_changes_a_permission_and_the_other_user_sees_it(platform, served, browser):
    await person(platform, "boss", "panjin", TENANT_ADMIN, "panjin")
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    bureau = await sign_in(browser, served, "bureau", PASSWORD)
    assert await bureau.locator('[data-permission="activity:create@community"]').count() == 0

    boss = await sign_in(browser, served, "boss", PASSWORD)
    await boss.get_by_role("link", name="角色权限").click()
    await boss.get_by_role("link", name="县区民政局（county_bureau）").click()
    box = boss.get_by_label("活动 · 新增 · 社区（村）")
    assert not await box.is_checked()
    await box.check()  # htmx posts the change and swaps the row in, as the server now has it
    await boss.locator("#row-activity-create input[data-permission='activity:create@community'][checked]").wait_for()
    assert await axe_violations(boss) == []

    await bureau.reload()
    assert await bureau.locator('[data-permission="activity:create@community"]').count() == 1

    await boss.get_by_role("link", name="审计日志").click()
    assert await boss.get_by_role("cell", name="role.permission.add").count() == 1
    assert await axe_violations(boss) == []


async def test_the_admin_assigns_a_role_at_a_region_picked_from_the_tree(platform, served, browser):
    await person(platform, "boss", "panjin", TENANT_ADMIN, "panjin")
    await person(platform, "station", "panjin")
    boss = await sign_in(browser, served, "boss", PASSWORD)
    await boss.goto("/console/users/station")
    await boss.get_by_label("角色", exact=True).select_option("social_work_station")
    assign = boss.locator("form.row-form").first
    await assign.get_by_text("从地区树中选择").click()
    await assign.get_by_role("button", name="展开 盘锦市 的下级").click()
    await assign.get_by_role("button", name="展开 双台子区 的下级").click()
    await assign.get_by_role("button", name="选择 建设街道").click()
    assert await boss.locator("#assign-region").input_value() == "panjin/shuangtaizi/jianshe"
    await boss.get_by_role("button", name="分配", exact=True).click()
    await boss.get_by_role("button", name="收回 乡镇（街道）社工站 @ 建设街道").wait_for()
    assert await axe_violations(boss) == []

    why = boss.locator("form[hx-get$='/why']")
    await why.get_by_label("权限").select_option("volunteer:read")
    await why.get_by_label("地区路径").fill("panjin/shuangtaizi/jianshe")
    await why.get_by_role("button", name="说明").click()
    decision = boss.locator("#decision .decision")
    await decision.wait_for()
    assert await decision.get_attribute("data-allowed") == "yes"
    assert "social_work_station@panjin/shuangtaizi/jianshe" in await decision.inner_text()


async def test_a_district_user_cannot_reach_another_districts_page_by_its_address(platform, served, browser):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    page = await sign_in(browser, served, "bureau", PASSWORD)
    own = await page.goto("/console/regions/panjin/shuangtaizi")
    assert own.status == 200 and await page.locator("h1").inner_text() == "双台子区（区（县））"
    other = await page.goto("/console/regions/panjin/xinglongtai")
    assert other.status == 404
    assert await page.locator("h1").inner_text() == "未找到"
    assert "兴隆台区" not in await page.content()
    roles = await page.goto("/console/roles")
    assert roles.status == 403


async def test_the_matrix_works_from_the_keyboard_and_keeps_the_focus(platform, served, browser):
    await person(platform, "boss", "panjin", TENANT_ADMIN, "panjin")
    page = await sign_in(browser, served, "boss", PASSWORD)
    await page.goto("/console/roles?role=county_bureau")
    await page.keyboard.press("Tab")  # the first stop is the skip link
    assert await page.evaluate("document.activeElement.textContent") == "跳到正文"
    box = page.get_by_label("志愿服务队伍 · 调度 · 街道（乡镇）")
    await box.focus()
    await page.keyboard.press("Space")
    await page.locator("#row-volunteer_team-dispatch input[data-permission='volunteer_team:dispatch@street'][checked]").wait_for()
    # the row was swapped in as the server has it, and the keyboard's place kept (htmx restores the focus by id)
    assert await page.evaluate("document.activeElement.id") == "p-volunteer_team-dispatch-street"
    await page.keyboard.press("Space")
    await page.locator("#row-volunteer_team-dispatch input[data-permission='volunteer_team:dispatch@street']:not([checked])").wait_for()
    assert await page.evaluate("document.activeElement.id") == "p-volunteer_team-dispatch-street"
