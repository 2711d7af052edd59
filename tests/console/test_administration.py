"""The permission administrators' pages: the role matrix (changes applied at once and audited, as
addRolePermission), users and their assignments at regions, the explanation, the audit log and its
export; and what someone without those powers gets: the page refused, never the data."""

import csv
import io

from sqlmodel import select

from core import db
from core.models import AuditEvent
from core.services import accounts, administration
from core.services.roles import TENANT_ADMIN
from core.tree.tiers import Tier
from tests.console.people import csrf_of, person, signed_in

ROLE_PAGE = "/console/roles?role=county_bureau"


async def admin_and_bureau(platform, client):
    """``boss`` (the tenant administrator of Panjin) signed in; ``bureau`` holds county_bureau in 双台子区."""
    await person(platform, "boss", "panjin", TENANT_ADMIN, "panjin")
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "boss")


async def tick(client, permission: str, add: bool, page: str = ROLE_PAGE):
    html = (await client.get(page)).text
    return await client.post("/console/roles/permission", data={
        "role": "county_bureau", "permission": permission, "add": "1" if add else "0"},
        headers={"X-CSRFToken": csrf_of(html), "HX-Request": "true"})


async def test_the_matrix_names_resources_and_tiers_in_chinese_and_ticks_what_the_role_holds(platform, client):
    await admin_and_bureau(platform, client)
    html = (await client.get(ROLE_PAGE)).text
    assert "县区民政局" in html and "志愿者" in html and "街道（乡镇）" in html
    assert 'data-permission="volunteer:read"\n' in html or 'data-permission="volunteer:read"' in html
    row = html.split('id="row-volunteer-read"', 1)[1].split("</tr>", 1)[0]
    assert 'data-permission="volunteer:read"' in row and "checked" in row.split('data-permission="volunteer:read"', 1)[1].split(">", 1)[0]
    region_row = html.split('id="row-region-update"', 1)[1].split("</tr>", 1)[0]
    district = region_row.split('data-permission="region:update@district"', 1)[1].split(">", 1)[0]
    city = region_row.split('data-permission="region:update@city"', 1)[1].split(">", 1)[0]
    assert "checked" in district and "checked" not in city


async def test_a_tick_applies_at_once_is_audited_and_changes_the_other_users_access(platform, client, app):
    await admin_and_bureau(platform, client)
    response = await tick(client, "activity:create@community", add=True)
    assert response.status_code == 200
    assert 'id="row-activity-create"' in response.text and "error" not in response.text.split("<td aria-live")[1]
    async with platform.sessions() as session:
        event = (await session.exec(select(AuditEvent).where(AuditEvent.action == "role.permission.add"))).one()
    assert event.actor == "boss" and event.target == "panjin:county_bureau"
    assert "activity:create@community" in event.after["permissions"]
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as other:
        await signed_in(other, "bureau")
        assert 'data-permission="activity:create@community"' in (await other.get("/")).text
        removed = await tick(client, "activity:create@community", add=False)
        assert removed.status_code == 200
        assert 'data-permission="activity:create@community"' not in (await other.get("/")).text


async def test_a_change_the_administrator_may_not_make_is_refused_beside_its_row(platform, client, app):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    refused = await client.get(ROLE_PAGE)
    assert refused.status_code == 403  # county_bureau holds no role:read: the page is refused, as the API
    html = (await client.get("/")).text
    response = await client.post("/console/roles/permission", data={
        "role": "county_bureau", "permission": "audit:read", "add": "1"}, headers={"X-CSRFToken": csrf_of(html)})
    assert response.status_code in (403, 404)
    async with platform.sessions() as session:
        assert (await session.exec(select(AuditEvent).where(AuditEvent.action.startswith("role.")))).all() == []


async def test_users_assignments_and_the_explanation(platform, client):
    await admin_and_bureau(platform, client)
    await person(platform, "station", "panjin")
    users = (await client.get("/console/users")).text
    assert "bureau" in users and "县区民政局" in users and "station" in users
    page = await client.get("/console/users/station")
    assert page.status_code == 200
    assigned = await client.post("/console/users/station/assignments", data={
        "action": "assign", "role": "county_bureau", "region": "panjin/shuangtaizi/jianshe",
        "_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert assigned.status_code == 400  # a district's role at a street: refused, said beside the region
    assert 'id="assign-region-error"' in assigned.text and "district" in assigned.text
    assigned = await client.post("/console/users/station/assignments", data={
        "action": "assign", "role": "county_bureau", "region": "panjin/xinglongtai",
        "_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert assigned.status_code == 303
    page = await client.get("/console/users/station")
    assert "panjin/xinglongtai" in page.text
    why = await client.get("/console/users/station/why", params={"permission": "volunteer:read", "region": "panjin/xinglongtai"})
    assert 'data-allowed="yes"' in why.text and "county_bureau@panjin/xinglongtai" in why.text
    assert "p, panjin, county_bureau, *, volunteer, read" in why.text
    why = await client.get("/console/users/station/why", params={"permission": "volunteer:read", "region": "panjin/dawa"})
    assert 'data-allowed="no"' in why.text
    revoked = await client.post("/console/users/station/assignments", data={
        "action": "revoke", "role": "county_bureau", "region": "panjin/xinglongtai",
        "_csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert revoked.status_code == 303
    assert "panjin/xinglongtai" not in (await client.get("/console/users/station")).text


async def test_the_region_picker_walks_the_tree(platform, client):
    await admin_and_bureau(platform, client)
    top = (await client.get("/console/regions/picker", params={"for": "assign-region"})).text
    assert 'data-pick="panjin"' in top
    below = (await client.get("/console/regions/picker", params={"for": "assign-region", "at": "panjin"})).text
    assert 'data-pick="panjin/shuangtaizi"' in below and 'data-pick="panjin/dawa"' in below


async def test_the_audit_log_filters_and_exports(platform, client):
    await admin_and_bureau(platform, client)
    await tick(client, "activity:create@community", add=True)
    page = (await client.get("/console/audit", params={"action": "role."})).text
    assert "role.permission.add" in page and "assignment.create" not in page
    page = (await client.get("/console/audit", params={"action": "assignment."})).text
    assert "assignment.create" in page and "role.permission.add" not in page
    bad = await client.get("/console/audit", params={"since": "yesterday"})
    assert bad.status_code == 400 and 'id="audit-since-error"' in bad.text
    export = await client.get("/console/audit.csv", params={"action": "role."})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["编号", "时间", "操作人", "操作"]
    assert [r[3] for r in rows[1:]] == ["role.permission.add"]


async def test_without_audit_read_at_the_root_the_log_is_refused(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    assert (await client.get("/console/audit")).status_code == 403
    assert (await client.get("/console/audit.csv")).status_code == 403
    assert (await client.get("/console/users")).status_code == 403


async def test_a_district_user_cannot_open_another_districts_page(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    assert (await client.get("/console/regions/panjin/shuangtaizi")).status_code == 200
    other = await client.get("/console/regions/panjin/xinglongtai")
    assert other.status_code == 404 and "兴隆台区" not in other.text
    assert (await client.get("/console/regions/chongqing")).status_code == 404
    assert (await client.get("/console/regions/picker", params={"at": "panjin/dawa"})).status_code == 404


async def test_the_delegation_limit_is_shown_and_never_exceeded(platform, client):
    async with db.transaction(platform.sessions) as session:
        for code, tier, permissions in (("perm_admin", Tier.CITY, ["role:read", "role:update", "volunteer:read"]),
                                        ("small", Tier.DISTRICT, ["volunteer:read"])):
            await administration.create_role(session, accounts.OPERATOR, tenant="panjin", code=code, label=code,
                                             tier=tier, permissions=permissions,
                                             vocabulary=platform.registry.vocabulary())
    await person(platform, "pa.admin", "panjin", "perm_admin", "panjin")
    await signed_in(client, "pa.admin")
    small = (await client.get("/console/roles", params={"role": "small"})).text

    def box(html: str, permission: str) -> str:
        return html.split(f'data-permission="{permission}"', 1)[1].split(">", 1)[0]

    assert "disabled" not in box(small, "volunteer:read")  # held throughout the tenant: may be taken away
    assert "disabled" in box(small, "activity:create") and "disabled" in box(small, "volunteer:create@community")
    bureau = (await client.get(ROLE_PAGE)).text
    limit = bureau.split('id="delegation-limit"', 1)[1].split("</p>", 1)[0]
    assert "form:read" in limit  # county_bureau holds what pa does not: the whole role is read-only
    assert "disabled" in box(bureau, "volunteer:read@city")
    response = await client.post("/console/roles/permission", data={"role": "small", "permission": "activity:create",
                                 "add": "1"}, headers={"X-CSRFToken": csrf_of(small)})
    assert "you cannot grant what you do not hold" in response.text  # the server refuses it all the same
    async with platform.sessions() as session:
        assert (await session.exec(select(AuditEvent).where(AuditEvent.action == "role.permission.add"))).all() == []
