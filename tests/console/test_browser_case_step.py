"""A case's step taken in headless Chromium: the case page offers the steps the user may take now
(and no other), the step's form refuses a bad answer beside its field, a good one moves the case
and writes its step on the timeline; another user is offered nothing and cannot open the step's URL."""

import pytest
from sqlmodel import select

from core.models import Case, CaseEvent, Region
from core.testing import platform_wide
from tests.cases import toy
from tests.console.conftest import axe_violations, sign_in
from tests.console.people import PASSWORD, person

pytestmark = pytest.mark.once  # the browser and the console are the subject, not the database


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def submitted_grant(platform) -> int:
    """A grant application as the toy procedure leaves it once applied for (the step under test comes after)."""
    async with platform.sessions() as session, session.begin():
        region = (await session.exec(select(Region).where(Region.path == "toy"))).one()
        case = Case(tenant_id=region.tenant_id, region_id=region.id, case_type="toy_grant", plugin="toy",
                    state="submitted", title="助老申请", opened_by="contractor")
        session.add(case)
        await session.flush()
        return int(case.id)


async def test_take_a_step_with_an_error_beside_its_field_then_take_it(platform, served, browser):
    await person(platform, "office", "toy", "toy_office", "toy")
    await person(platform, "expert", "toy", "toy_expert", "toy")
    number = await submitted_grant(platform)
    page = await sign_in(browser, served, "office", PASSWORD)
    await page.goto(f"/console/cases/{number}")
    steps = page.get_by_role("region", name="您现在可办理的步骤")
    assert sorted(await steps.get_by_role("link").all_inner_texts()) == ["分配专家", "取消资格"]
    await steps.get_by_role("link", name="分配专家").click()
    assert await axe_violations(page) == []
    await page.get_by_label("reviewer（必填）").fill("nobody")
    await page.get_by_role("button", name="确认办理").click()
    reviewer = page.get_by_label("reviewer（必填）")
    assert await reviewer.get_attribute("aria-invalid") == "true"
    assert "no user 'nobody'" in await page.locator("#f-reviewer-error").inner_text()
    assert await axe_violations(page) == []
    async with platform_wide(platform) as connection:
        assert (await connection.execute(select(Case.state).where(Case.id == number))).scalar_one() == "submitted"
    await reviewer.fill("expert")
    await page.get_by_role("button", name="确认办理").click()
    await page.wait_for_url(f"**/console/cases/{number}?taken=assign")
    assert "已办理：分配专家" in await page.get_by_role("status").inner_text()
    timeline = await page.locator(".timeline").inner_text()
    assert "分配专家" in timeline and "· office" in timeline
    async with platform_wide(platform) as connection:
        state = (await connection.execute(select(Case.state).where(Case.id == number))).scalar_one()
        events = (await connection.execute(select(CaseEvent.action, CaseEvent.actor).where(
            CaseEvent.case_id == number))).all()
    assert state == "review" and [tuple(e) for e in events] == [("assign", "office")]

    other = await sign_in(browser, served, "expert", PASSWORD)  # the reviewer now: it may score, not assign
    await other.goto(f"/console/cases/{number}")
    texts = await other.get_by_role("region", name="您现在可办理的步骤").get_by_role("link").all_inner_texts()
    assert "分配专家" not in texts and "决定" not in texts
    refused = await other.goto(f"/console/cases/{number}/steps/decide")
    assert refused is not None and refused.status == 404
