"""A form's submissions as XLSX (issue 12, part 6): ``GET /exports/forms/{key}.xlsx?under=`` and
``wushe export form KEY --under PATH``. One row per submission the reader sees in ``formSubmissions``,
one column per field under its zh-CN title, typed cells (dates, money in yuan), and personal fields
masked unless the reader holds ``personal_data:read_full`` (each full value audited, as ``fullData``)."""

import datetime as dt
import io
import os
import subprocess
import types

import openpyxl
import pytest
from sqlmodel import col, select

from core import FormDecl, Tier, hookimpl
from core.documents import exports
from core.models import AuditEvent
from core.plugins.formschema import array, choice, date, fen, form, id_number, integer, obj, phone, text, ui
from core.testing import create_role, graphql, row_id, user_with_role
from core.validators import id_number_check_digit, mask_id_number, mask_phone
from tests import shell

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = f"{STREET}/chaoyang"
OTHER_DISTRICT = "chongqing/wanzhou"
KEY = "test_aid_register"
ID = "50011419800101123" + id_number_check_digit("50011419800101123")
PHONE = "13912345678"

SCHEMA = form("救助登记表", {
    "name": text("姓名"),
    "person": obj("本人", {"id_number": id_number("公民身份号码"), "phone": phone("联系电话")}),
    "kind": choice("救助类别", ["food", "medical"]),
    "granted_on": date("发放日期"),
    "amount_fen": fen("救助金额"),
    "household": integer("家庭人口"),
    "items": array("物资", obj("物资", {"item": text("名称"), "value_fen": fen("价值")})),
    "contacts": array("其他联系电话", phone("电话")),
}, optional=("items", "contacts"))
LABELS = {"food": "生活救助", "medical": "医疗救助"}

AID = types.ModuleType("test_aid")
AID.PLUGIN_NAME = "testaid"
AID.plugin_scope = hookimpl(lambda: STREET)
AID.register_forms = hookimpl(lambda: [FormDecl(
    key=KEY, version=1, title="救助登记表", tiers=(Tier.COMMUNITY,), source="测试文件 一",
    json_schema=SCHEMA, ui=ui(SCHEMA, LABELS, {}))])

SUBMIT = """mutation($data: JSON!) { submitForm(form: "%s", region: "%s", data: $data, draft: false) {
  result { id } errors { field message code } } }""" % (KEY, COMMUNITY)


def record(n: int) -> dict:
    return {"name": f"居民{n}", "person": {"id_number": ID, "phone": PHONE}, "kind": "food",
            "granted_on": "2024-03-0%d" % (n + 1), "amount_fen": 123_401 + n, "household": 3,
            "items": [{"item": "米", "value_fen": 5_000}, {"item": "油", "value_fen": 12_050}],
            "contacts": ["13800001111"]}


@pytest.fixture
def extra_plugins():
    return [AID]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def readers(platform, client, admin_token) -> dict[str, str]:
    """A clerk who submits and reads forms at the street, an officer who also reads personal data in
    full there, a reader of another district, and a street user without form:read."""
    for code, perms in [("aid_clerk", ["region:read", "form:read", "form:submit"]),
                        ("aid_officer", ["region:read", "form:read", "personal_data:read_full"]),
                        ("map_reader", ["region:read"])]:
        assert (await create_role(client, admin_token, code, "STREET", perms, "chongqing"))["errors"] == []
    assert (await create_role(client, admin_token, "aid_reader", "DISTRICT", ["region:read", "form:read"],
                              "chongqing"))["errors"] == []
    return {
        "clerk": await user_with_role(platform, client, admin_token, "aidclerk", "chongqing", "aid_clerk", STREET),
        "officer": await user_with_role(platform, client, admin_token, "aidofficer", "chongqing", "aid_officer", STREET),
        "neighbour": await user_with_role(platform, client, admin_token, "aidnext", "chongqing", "aid_reader", OTHER_DISTRICT),
        "map": await user_with_role(platform, client, admin_token, "aidmap", "chongqing", "map_reader", STREET),
    }


async def submit_some(client, token, count: int) -> list[str]:
    ids = []
    for n in range(count):
        body = await graphql(client, SUBMIT, {"data": record(n)}, token=token)
        assert body["data"]["submitForm"]["errors"] == [], body
        ids.append(body["data"]["submitForm"]["result"]["id"])
    return ids


async def download(client, token, key=KEY, **params):
    return await client.get(f"/exports/forms/{key}.xlsx", params={"under": STREET, **params}, headers=bearer(token))


def sheet_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


async def personal_events(platform) -> list[AuditEvent]:
    async with platform.sessions() as session:
        return list((await session.exec(select(AuditEvent).where(col(AuditEvent.action) == "personal_data.read")
                                        .order_by(col(AuditEvent.id)))).all())


HEADERS = [*exports.FIXED, "姓名", "本人.公民身份号码", "本人.联系电话", "救助类别", "发放日期", "救助金额（元）", "家庭人口",
           "物资", "其他联系电话"]


async def test_a_reader_without_full_read_sees_masks_and_typed_cells(platform, client, admin_token):
    tokens = await readers(platform, client, admin_token)
    ids = await submit_some(client, tokens["clerk"], 2)
    response = await download(client, tokens["clerk"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="form-test_aid_register-chongqing-qianjiang-zhengyang.xlsx"' in response.headers["content-disposition"]
    sheet = sheet_of(response.content)
    assert [c.value for c in sheet[1]] == HEADERS
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [row_id(i) for i in ids]  # one row a submission, oldest first
    first = dict(zip(HEADERS, rows[0], strict=True))
    assert first["路径"].value == COMMUNITY and first["状态"].value == "已提交" and first["提交人"].value == "aidclerk"
    assert isinstance(first["提交时间（北京时间）"].value, dt.datetime)
    assert first["本人.公民身份号码"].value == mask_id_number(ID) and first["本人.联系电话"].value == mask_phone(PHONE)
    assert first["其他联系电话"].value == mask_phone("13800001111")
    assert ID not in response.text and PHONE not in response.text
    assert first["救助类别"].value == "生活救助"  # the code's label
    assert first["发放日期"].value == dt.datetime(2024, 3, 1) and first["发放日期"].number_format == "yyyy-mm-dd"
    assert first["救助金额（元）"].value == 1234.01 and first["救助金额（元）"].number_format == "#,##0.00"
    assert first["家庭人口"].value == 3
    assert first["物资"].value == "名称：米，价值（元）：50.00；名称：油，价值（元）：120.50"
    assert await personal_events(platform) == []  # masks are not full reads


async def test_a_reader_with_full_read_sees_the_values_each_audited(platform, client, admin_token):
    tokens = await readers(platform, client, admin_token)
    ids = await submit_some(client, tokens["clerk"], 1)
    sheet = sheet_of((await download(client, tokens["officer"])).content)
    row = {h: c.value for h, c in zip(HEADERS, next(sheet.iter_rows(min_row=2)), strict=True)}
    assert (row["本人.公民身份号码"], row["本人.联系电话"], row["其他联系电话"]) == (ID, PHONE, "13800001111")
    assert sorted((e.actor, e.target) for e in await personal_events(platform)) == [
        ("aidofficer", f"FormSubmission:{row_id(ids[0])}.contacts.0"), ("aidofficer", f"FormSubmission:{row_id(ids[0])}.person.id_number"),
        ("aidofficer", f"FormSubmission:{row_id(ids[0])}.person.phone")]
    # masked=true: the masks, and nothing more audited
    masked = sheet_of((await download(client, tokens["officer"], masked="true")).content)
    assert masked["I2"].value == mask_id_number(ID) and len(await personal_events(platform)) == 3


async def test_the_same_rows_as_the_graphql_list_and_who_may_download(platform, client, admin_token):
    tokens = await readers(platform, client, admin_token)
    await submit_some(client, tokens["clerk"], 2)
    listed = await graphql(client, '{ formSubmissions(under: "%s", form: "%s") { totalCount } }' % (STREET, KEY),
                           token=tokens["clerk"])
    sheet = sheet_of((await download(client, tokens["clerk"])).content)
    assert sheet.max_row - 1 == listed["data"]["formSubmissions"]["totalCount"] == 2

    # outside the region: as if it did not exist; inside without form:read: forbidden
    outside = await download(client, tokens["neighbour"])
    assert outside.status_code == 404 and outside.json()["errors"][0]["field"] == "under"
    refused = await download(client, tokens["map"])
    assert refused.status_code == 403 and refused.json()["errors"][0]["code"] == "forbidden"
    # the neighbour's own district: an empty sheet with its headers
    own = await client.get(f"/exports/forms/{KEY}.xlsx", params={"under": OTHER_DISTRICT}, headers=bearer(tokens["neighbour"]))
    assert own.status_code == 200 and sheet_of(own.content).max_row == 1

    for path, params, status, field in [
        (f"/exports/forms/{KEY}.xlsx", {}, 400, "under"),
        ("/exports/forms/nope.xlsx", {"under": STREET}, 404, "form"),
        (f"/exports/forms/{KEY}.csv", {"under": STREET}, 400, "format"),
        (f"/exports/forms/{KEY}.xlsx", {"under": STREET, "masked": "maybe"}, 400, "masked"),
    ]:
        bad = await client.get(path, params=params, headers=bearer(admin_token))
        assert (bad.status_code, bad.json()["errors"][0]["field"]) == (status, field), path
    assert (await client.get(f"/exports/forms/{KEY}.xlsx", params={"under": STREET})).status_code == 401


async def test_large_forms_are_read_in_batches(platform, client, admin_token, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)
    ids = await submit_some(client, admin_token, 5)
    sheet = sheet_of((await download(client, admin_token, masked="1")).content)
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == [row_id(i) for i in ids]
    assert [r[12].value for r in sheet.iter_rows(min_row=2)] == [1234.01, 1234.02, 1234.03, 1234.04, 1234.05]


# --- CLI (the installed plugins only: qianjiang's child file, a personal-data form) ----------------------


def wushe(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WUSHE_DATABASE_URL": database_url}
    return shell.wushe("export", "form", *args, env=env)


@pytest.mark.parametrize("extra_plugins", [[]])
async def test_the_cli_exports_a_form_in_full_or_masked(platform, client, admin_token, database_url, tmp_path, extra_plugins):
    from tests.graphql.test_form_personal_data import CHILD_FILE, CHILD_ID, GUARDIAN_PHONE, station, submit

    tmp_path = tmp_path / "out"  # the SQLite database lives beside it
    tmp_path.mkdir()
    made = await submit(client, await station(platform, client, admin_token))
    assert made["errors"] == [], made
    full = wushe(database_url, CHILD_FILE, "--under", "chongqing/qianjiang", "-o", str(tmp_path / "full.xlsx"))
    assert full.returncode == 0, full.stderr
    assert "1 rows" in full.stdout and "特殊困难儿童个人档案" in full.stdout
    sheet = openpyxl.load_workbook(tmp_path / "full.xlsx").active
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert row["儿童.公民身份号码"] == CHILD_ID and row["监护人.联系电话"] == GUARDIAN_PHONE  # the operator: in full, audited
    assert row["儿童.出生日期"] == dt.datetime(2015, 6, 1)
    events = await personal_events(platform)
    assert len(events) == 2 and all(e.actor.startswith("cli:") for e in events)

    masked = wushe(database_url, CHILD_FILE, "--under", "chongqing/qianjiang", "--masked", "-o", str(tmp_path / "m.xlsx"))
    assert masked.returncode == 0, masked.stderr
    row = dict(zip(headers, [c.value for c in openpyxl.load_workbook(tmp_path / "m.xlsx").active[2]], strict=True))
    assert row["儿童.公民身份号码"] == mask_id_number(CHILD_ID) and row["监护人.联系电话"] == mask_phone(GUARDIAN_PHONE)

    for args, message in [
        (["nope", "--under", "chongqing", "-o", str(tmp_path / "x.xlsx")], "form: no form 'nope'"),
        ([CHILD_FILE, "--under", "nowhere", "-o", str(tmp_path / "x.xlsx")], "under: no region at path 'nowhere'"),
        ([CHILD_FILE, "--under", "chongqing", "-o", str(tmp_path / "x.csv")], "output: a form is exported as .xlsx"),
    ]:
        failed = wushe(database_url, *args)
        assert failed.returncode == 2, (args, failed.stdout)
        assert message in " ".join(failed.stderr.split()), (args, failed.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.xlsx", "m.xlsx"]
