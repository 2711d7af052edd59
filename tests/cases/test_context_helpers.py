"""CaseContext's reads for drawing a panel and ranking sheets: users_with_role, user_id, form_data."""

import pytest
from sqlmodel import select

from core import db
from core.cases import CaseContext
from core.cases.calendar import WorkingCalendar
from core.models import Case, CaseEvent, FormSubmission, Region, Tenant, User
from core.testing import user_with_role
from tests.cases import toy


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def test_role_holders_users_and_the_form_of_an_event(platform, client, admin_token):
    for name in ("x2", "x1"):
        await user_with_role(platform, client, admin_token, name, "toy", "toy_expert", "toy")
    await user_with_role(platform, client, admin_token, "x3", "toy", "toy_expert", "toy")
    await user_with_role(platform, client, admin_token, "office", "toy", "toy_office", "toy")
    async with db.transaction(platform.sessions) as session:
        users = {u.username: u for u in (await session.exec(select(User))).all()}
        users["x3"].is_active = False  # a retired expert is not drawn
        session.add(users["x3"])
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "toy"))).one()
        region = (await session.exec(select(Region).where(Region.path == "toy"))).one()
        case = Case(tenant_id=tenant.id, region_id=region.id, case_type="toy_call", plugin="toy", state="open",
                    opened_by="office")
        session.add(case)
        await session.flush()
        form = FormSubmission(tenant_id=tenant.id, region_id=region.id, form_key="toy_report", form_version=1,
                              plugin="toy", data={"sessions": 3}, submitted_by="office", case_id=case.id)
        session.add(form)
        await session.flush()
        with_form = CaseEvent(tenant_id=tenant.id, case_id=case.id, version=1, action="report", to_state="open",
                              actor="office", submission_id=form.id)
        without = CaseEvent(tenant_id=tenant.id, case_id=case.id, version=2, action="open_call", to_state="open",
                            actor="office")
        session.add_all([with_form, without])
        await session.flush()
        ctx = toy_context(session, tenant, region, case)
        assert await ctx.users_with_role("toy_expert") == sorted([users["x1"].id, users["x2"].id])
        assert await ctx.users_with_role("toy_office") == [users["office"].id]
        assert await ctx.users_with_role("no_such_role") == []
        assert await ctx.user_id("x2") == users["x2"].id
        assert await ctx.user_id("admin") is None  # the platform's, not the tenant's
        assert await ctx.form_data(with_form) == {"sessions": 3}
        assert await ctx.form_data(without) is None


def toy_context(session, tenant, region, case):
    return CaseContext(session=session, principal=None, registry=None, tenant=tenant, region=region, case=case,
                       case_type=None, transition=None, data={}, calendar=WorkingCalendar({}), engine=None)
