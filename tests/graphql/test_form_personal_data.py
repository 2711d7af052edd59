"""Personal fields of forms (issue 9, break 5): the ID numbers and phones a form's schema marks
(``formschema.id_number`` / ``formschema.phone``) are stored encrypted, never in clear in
``form_submission.data``; every read path shows their masks; the full values need
``personal_data:read_full`` at the submission's region, and each one read is audited."""

import types

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from core import FormDecl, Tier, db, hookimpl
from core.models import AuditEvent, FormSubmission, PlatformSetting, Region
from core.personal import LAYOUT_SETTING
from core.plugins.formschema import form, phone, text
from core.testing import create_role, graphql, platform_wide, row_id, user_with_role
from core.validators import id_number_check_digit, mask_id_number, mask_phone
from tests.graphql.test_personal_data import every_stored_text

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
CHILD_FILE = "qianjiang_child_file"
CHILD_ID = "50011420150601123" + id_number_check_digit("50011420150601123")
GUARDIAN_PHONE = "13912345678"

SUBMIT = """mutation($form: String!, $data: JSON!, $draft: Boolean!) {
  submitForm(form: $form, region: "%s", data: $data, draft: $draft) { result { id data } errors { field message code } } }""" % COMMUNITY
LIST = '{ formSubmissions(under: "%s") { nodes { id form data } } }' % STREET
ONE = "query($id: ID!) { formSubmission(id: $id) { data fullData } }"


def child_file():
    return {
        "child": {"name": "小明", "id_number": CHILD_ID, "birth_date": "2015-06-01"},
        "guardian": {"name": "明奶奶", "relation": "grandparent", "phone": GUARDIAN_PHONE},
        "guardian_consent": {"given": True, "date": "2023-03-01", "method": "written"},
        "situation": ["left_behind"],
        "needs": ["education"],
        "actions": [],
        "visits": [{"date": "2023-03-01", "visitor": "社工甲", "method": "home_visit", "findings": "学习跟不上。"}],
        "opened_on": "2023-03-01",
        "opened_by": "社工甲",
    }


def masked_file():
    data = child_file()
    data["child"]["id_number"] = mask_id_number(CHILD_ID)
    data["guardian"]["phone"] = mask_phone(GUARDIAN_PHONE)
    return data


async def station(platform, client, admin_token, username="station1"):
    """The street social work station (qianjiang's role): submits child files, reads them in full."""
    return await user_with_role(platform, client, admin_token, username, "chongqing", "social_work_station", STREET)


async def submit(client, token, data=None, *, form_key=CHILD_FILE, draft=False):
    body = await graphql(client, SUBMIT, {"form": form_key, "data": data or child_file(), "draft": draft}, token=token)
    return body["data"]["submitForm"]


async def personal_events(platform):
    async with platform.sessions() as session:
        query = select(AuditEvent).where(col(AuditEvent.action).startswith("personal_data.read")).order_by(col(AuditEvent.id))
        return list((await session.exec(query)).all())


async def test_a_submitted_child_file_holds_no_clear_id_number_or_phone(platform, client, admin_token):
    token = await station(platform, client, admin_token)
    made = await submit(client, token)
    # the plugin's rule checked the clear number against the birth date: it passed
    assert made["errors"] == []
    assert made["result"]["data"] == masked_file()  # even the submitter's own answer is masked
    draft = await submit(client, token, {"child": {"id_number": "500114201506"}, "guardian": {"phone": 13800001111}},
                         draft=True)
    assert draft["errors"] == [] and draft["result"]["data"] == {"child": {"id_number": "***********6"}, "guardian": {"phone": "138****1111"}}
    stored = await every_stored_text(platform)
    for clear in (CHILD_ID, GUARDIAN_PHONE, "500114201506", "13800001111"):
        assert clear not in stored, clear
    async with platform_wide(platform) as connection:
        rows = (await connection.execute(sa.text("SELECT data FROM form_submission"))).all()
    assert CHILD_ID not in str(rows) and GUARDIAN_PHONE not in str(rows)


async def test_lists_and_lookups_give_masks_and_write_no_audit_event(platform, client, admin_token):
    token = await station(platform, client, admin_token)
    made = (await submit(client, token))["result"]
    before = await personal_events(platform)
    for reader in (token, admin_token):
        listed = await graphql(client, LIST, token=reader)
        assert listed["data"]["formSubmissions"]["nodes"] == [{"id": made["id"], "form": CHILD_FILE, "data": masked_file()}]
        one = await graphql(client, "query($id: ID!) { formSubmission(id: $id) { data } }", {"id": made["id"]}, token=reader)
        assert one["data"]["formSubmission"]["data"] == masked_file()
    assert await personal_events(platform) == before == []


async def test_full_values_need_the_permission_and_each_read_is_audited(platform, client, admin_token):
    token = await station(platform, client, admin_token)
    made = (await submit(client, token))["result"]
    body = await graphql(client, ONE, {"id": made["id"]}, token=token)
    assert "errors" not in body
    assert body["data"]["formSubmission"] == {"data": masked_file(), "fullData": child_file()}
    events = await personal_events(platform)
    assert sorted((e.actor, e.action, e.target) for e in events) == [
        ("station1", "personal_data.read", f"FormSubmission:{row_id(made['id'])}.child.id_number"),
        ("station1", "personal_data.read", f"FormSubmission:{row_id(made['id'])}.guardian.phone"),
    ]
    assert CHILD_ID not in str([e.model_dump() for e in events])
    # in a list too, one event a value
    listed = await graphql(client, '{ formSubmissions(under: "%s") { nodes { fullData } } }' % STREET, token=admin_token)
    assert listed["data"]["formSubmissions"]["nodes"] == [{"fullData": child_file()}]
    assert len(await personal_events(platform)) == 4

    # a reader of forms without the permission sees neither the minor's file nor its values,
    # in the list and in the lookup alike (one access layer), and nothing is audited
    await create_role(client, admin_token, "form_reader", "STREET", ["region:read", "form:read"], "chongqing")
    reader = await user_with_role(platform, client, admin_token, "reader1", "chongqing", "form_reader", STREET)
    assert (await graphql(client, LIST, token=reader))["data"]["formSubmissions"]["nodes"] == []
    refused = await graphql(client, ONE, {"id": made["id"]}, token=reader)
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert len(await personal_events(platform)) == 4


CONTACTS = types.ModuleType("test_contacts")
CONTACTS.PLUGIN_NAME = "testcontacts"
CONTACTS.plugin_scope = hookimpl(lambda: STREET)
CONTACTS.register_forms = hookimpl(lambda: [FormDecl(
    key="test_contact_sheet", version=1, title="联系表", tiers=(Tier.COMMUNITY,), source="测试文件 八",
    json_schema=form("联系表", {"name": text("姓名"), "contacts": {"type": "array", "title": "联系人",
                                                               "items": {"type": "object", "title": "联系人",
                                                                         "properties": {"phone": phone("电话")}}}}))])


@pytest.mark.parametrize("extra_plugins", [[CONTACTS]])
async def test_a_form_that_is_not_a_personal_file_still_masks_its_phones(platform, client, admin_token, extra_plugins):
    await create_role(client, admin_token, "form_clerk", "COMMUNITY", ["region:read", "form:read", "form:submit"], "chongqing")
    clerk = await user_with_role(platform, client, admin_token, "fclerk", "chongqing", "form_clerk", COMMUNITY)
    data = {"name": "张三", "contacts": [{"phone": "13800001111"}, {"phone": "023-63221234"}]}
    made = await submit(client, clerk, data, form_key="test_contact_sheet")
    assert made["errors"] == []
    masked = {"name": "张三", "contacts": [{"phone": "138****1111"}, {"phone": "********1234"}]}
    assert made["result"]["data"] == masked
    listed = await graphql(client, '{ formSubmissions(under: "%s") { nodes { data } } }' % COMMUNITY, token=clerk)
    assert listed["data"]["formSubmissions"]["nodes"] == [{"data": masked}]
    body = await graphql(client, ONE, {"id": made["result"]["id"]}, token=clerk)
    assert body["data"]["formSubmission"] == {"data": masked, "fullData": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "personal_data:read_full" in body["errors"][0]["message"]
    assert await personal_events(platform) == []
    body = await graphql(client, ONE, {"id": made["result"]["id"]}, token=admin_token)
    assert body["data"]["formSubmission"]["fullData"] == data
    assert sorted(e.target for e in await personal_events(platform)) == [
        f"FormSubmission:{row_id(made['result']['id'])}.contacts.0.phone", f"FormSubmission:{row_id(made['result']['id'])}.contacts.1.phone"]


async def test_init_seals_submissions_stored_in_clear_before(platform, client, admin_token):
    """A database written before personal fields were sealed: ``wushe init`` seals its rows."""
    async with db.transaction(platform.sessions) as session:
        place = (await session.exec(select(Region).where(Region.path == COMMUNITY))).one()
        session.add(FormSubmission(tenant_id=place.tenant_id, region_id=place.id, form_key=CHILD_FILE, form_version=1,
                                   plugin="qianjiang", data=child_file(), submitted_by="old"))
        session.add(FormSubmission(tenant_id=place.tenant_id, region_id=place.id, form_key=CHILD_FILE, form_version=1,
                                   plugin="qianjiang", data={"child": {"name": "草稿"}}, submitted_by="old"))
        await session.delete(await session.get(PlatformSetting, LAYOUT_SETTING))
    assert CHILD_ID in await every_stored_text(platform)

    await platform.init()
    await platform.init()  # idempotent: nothing sealed twice
    assert CHILD_ID not in await every_stored_text(platform) and GUARDIAN_PHONE not in await every_stored_text(platform)
    listed = await graphql(client, '{ formSubmissions(under: "%s") { nodes { data fullData } } }' % STREET,
                           token=admin_token)
    assert listed["data"]["formSubmissions"]["nodes"] == [
        {"data": masked_file(), "fullData": child_file()}, {"data": {"child": {"name": "草稿"}}, "fullData": {"child": {"name": "草稿"}}}]


async def test_reencrypt_rotates_the_sealed_form_values(platform, client, admin_token):
    from cryptography.fernet import Fernet

    from core import personal
    from core.models import FormSubmissionValue
    from core.personal import DataKeyError, Keyring

    token = await station(platform, client, admin_token)
    made = (await submit(client, token))["result"]
    async with platform.sessions() as session:
        old = (await session.get(PlatformSetting, personal.DATA_KEY_SETTING)).value
    new = Fernet.generate_key().decode()
    await personal.reencrypt(platform.sessions, Keyring([new, old]))
    async with platform.sessions() as session:
        values = (await session.exec(select(FormSubmissionValue))).all()
        stored = await session.get(FormSubmission, row_id(made["id"]))
    assert sorted(Keyring([new]).decrypt(v.encrypted) for v in values) == sorted(f'"{c}"' for c in (CHILD_ID, GUARDIAN_PHONE))
    with pytest.raises(DataKeyError):
        Keyring([old]).decrypt(values[0].encrypted)
    assert stored.data == masked_file()
