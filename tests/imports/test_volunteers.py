"""Importing volunteers: every bad row listed and nothing stored, the same file twice changes
nothing, what changed is updated, CSV in GB18030, permissions and the ID-number budget."""

import datetime as dt

import pytest
from sqlmodel import select

from core import imports, personal
from core.indicators import summary
from core.models import Volunteer
from core.services import id_numbers
from core.testing import create_role, platform_wide, user_with_role
from tests.imports.helpers import (
    COMMUNITY,
    OTHER_COMMUNITY,
    VOLUNTEER_HEADER,
    count,
    csv_bytes,
    events,
    id_number,
    phone,
    principal,
    volunteers,
    xlsx,
)


async def run(platform, data, *, filename="志愿者.xlsx", who=None, **options):
    return await imports.run(platform.sessions, who or await principal(platform), "volunteers", data,
                             filename=filename, tenant=options.pop("tenant", "chongqing"), **options)


def errors_of(result):
    return {(e.row, e.column): e.reason for e in result.errors}


async def test_a_workbook_with_broken_rows_lists_every_error_and_stores_nothing(platform):
    wrong_check = id_number(7)[:17] + ("0" if id_number(7)[17] != "0" else "1")
    rows = [
        VOLUNTEER_HEADER,
        *volunteers(3),                                                              # rows 2-4: good
        ("李四", wrong_check, phone(5), COMMUNITY, "是", dt.date(2024, 3, 1)),       # row 5
        ("王五", id_number(8), "12345", COMMUNITY, "也许", "2024-13-01"),           # row 6: three bad cells
        ("", id_number(9), phone(9), "chongqing/nowhere", "否", None),             # row 7: no name, no region
        ("赵六", id_number(10), phone(10), COMMUNITY, "是", None),                 # row 8: real-name without its date
        ("钱七", id_number(2), phone(11), COMMUNITY, "否", None),                  # row 9: the ID number of row 3
        ("孙八", id_number(12), phone(12), COMMUNITY, "否", dt.date.today() + dt.timedelta(days=3)),  # row 10: future
    ]
    result = await run(platform, xlsx(rows))
    assert result.created == result.updated == result.unchanged == 0
    assert errors_of(result) == {
        (5, "身份证号"): f"校验码错误（应为{id_number(7)[17]}）",
        (6, "手机号"): "手机号应为11位，实际为5位",
        (6, "实名注册"): "“也许”应为“是”或“否”",
        (6, "注册日期"): "“2024-13-01”不是存在的日期",
        (7, "姓名"): "必填",
        (7, "所在社区"): "找不到区域“chongqing/nowhere”（或不在您的权限范围内）",
        (8, "注册日期"): "实名注册须填写注册日期",
        (9, "身份证号"): "与第3行重复（同一志愿者只能有一行）",
        (10, "注册日期"): f"{dt.date.today() + dt.timedelta(days=3)}晚于今天（{dt.date.today()}）",
    }
    assert str(result.errors[0]) == f"第5行 身份证号：校验码错误（应为{id_number(7)[17]}）"
    assert await count(platform, Volunteer) == 0
    assert await events(platform, "import.volunteers") == []
    assert await events(platform, id_numbers.SET) == []


async def test_the_same_file_twice_changes_nothing_the_second_time(platform):
    data = xlsx([VOLUNTEER_HEADER, *volunteers(40)])
    first = await run(platform, data)
    assert (first.errors, first.created, first.updated, first.unchanged) == ([], 40, 0, 0)
    second = await run(platform, data)
    assert (second.errors, second.created, second.updated, second.unchanged) == ([], 0, 0, 40)
    assert await count(platform, Volunteer) == 40
    runs = await events(platform, "import.volunteers")
    assert [e.after["created"] for e in runs] == [40, 0] and [e.after["unchanged"] for e in runs] == [0, 40]
    assert runs[0].after["file_sha256"] == runs[1].after["file_sha256"] and len(runs[0].after["file_sha256"]) == 64
    assert runs[0].actor == "admin"
    assert len(await events(platform, id_numbers.SET)) == 40  # as the create service audits each number set
    async with platform_wide(platform) as connection:
        assert await connection.run_sync(lambda c: summary.differences(c)) == []


async def test_stored_as_the_create_service_stores_them_encrypted_and_indexed(platform):
    await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(2)]))
    async with platform.sessions() as session:
        stored = (await session.exec(select(Volunteer).order_by(Volunteer.id))).all()
        keyring = personal.keyring_of(session)
        first = stored[0]
        assert first.id_number_encrypted and id_number(1) not in first.id_number_encrypted
        assert personal.reveal(keyring, first, "id_number") == id_number(1)
        assert personal.reveal(keyring, first, "phone") == phone(1)
        assert first.id_number_hash == keyring.index(id_number(1), first.tenant_id)
        assert first.id_number_masked == "*" * 17 + id_number(1)[-1] and first.phone_masked == "138****0001"
        assert (first.birth_year, first.real_name_registered, first.registered_on) == (1970, True, dt.date(2024, 3, 1))


async def test_a_changed_row_is_updated_and_a_moved_volunteer_moves(platform):
    await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(5)]))
    rows = volunteers(5)
    rows[1] = (rows[1][0], rows[1][1], phone(99), *rows[1][3:])
    rows[2] = (*rows[2][:3], OTHER_COMMUNITY, *rows[2][4:])
    result = await run(platform, xlsx([VOLUNTEER_HEADER, *rows]))
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 2, 3)
    async with platform.sessions() as session:
        keyring = personal.keyring_of(session)
        stored = {personal.reveal(keyring, v, "id_number"): v for v in (await session.exec(select(Volunteer))).all()}
        assert personal.reveal(keyring, stored[id_number(2)], "phone") == phone(99)
        assert stored[id_number(3)].region_id != stored[id_number(1)].region_id
    async with platform_wide(platform) as connection:
        assert await connection.run_sync(lambda c: summary.differences(c)) == []


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
async def test_a_csv_in_gb18030_or_utf8_with_or_without_bom(platform, encoding):
    rows = [VOLUNTEER_HEADER, *((n, i, p, "黔江区/正阳街道/朝阳社区", b, "2024/3/1") for n, i, p, _, b, _ in volunteers(3))]
    result = await run(platform, csv_bytes(rows, encoding), filename="志愿者.csv")
    assert (result.errors, result.created) == ([], 3)
    async with platform.sessions() as session:
        names = sorted(v.name for v in (await session.exec(select(Volunteer))).all())
    assert names == ["志愿者1", "志愿者2", "志愿者3"]


async def test_a_gb18030_csv_read_as_utf8_on_request_is_refused_as_unreadable(platform):
    data = csv_bytes([VOLUNTEER_HEADER, *volunteers(1)], "gb18030")
    result = await run(platform, data, filename="v.csv", encoding="utf-8")
    assert [str(e) for e in result.errors] == ["文件不是 utf-8 编码的文本"]
    assert (await run(platform, data, filename="v.csv", encoding="gb18030")).created == 1


async def test_a_dry_run_counts_and_stores_nothing(platform):
    result = await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(4)]), dry_run=True)
    assert (result.errors, result.created) == ([], 4)
    assert await count(platform, Volunteer) == 0
    assert await events(platform, "import.volunteers") == []


async def clerk(platform, client, admin_token, username="clerk", region=COMMUNITY):
    await create_role(client, admin_token, "volunteer_clerk", "COMMUNITY",
                      ["region:read", "volunteer:read", "volunteer:create", "volunteer:update"], "chongqing")
    await user_with_role(platform, client, admin_token, username, "chongqing", "volunteer_clerk", region)
    return await principal(platform, username)


async def test_a_row_outside_the_users_region_is_an_error_naming_the_row(platform, client, admin_token):
    who = await clerk(platform, client, admin_token)
    await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(1, start=50, region=OTHER_COMMUNITY)]))  # by admin
    rows = [VOLUNTEER_HEADER, *volunteers(2), *volunteers(1, start=3, region=OTHER_COMMUNITY),
            *volunteers(1, start=50, region=COMMUNITY)]
    result = await run(platform, xlsx(rows), who=who, tenant=None)
    reasons = errors_of(result)
    assert reasons[(4, "所在社区")] == f"找不到区域“{OTHER_COMMUNITY}”（或不在您的权限范围内）"
    assert reasons[(5, "身份证号")].startswith("无法在此录入，请租户管理员核查（审计事件 ")  # not named: not theirs
    assert len(reasons) == 2 and result.created == 0
    assert await count(platform, Volunteer) == 1
    assert len(await events(platform, id_numbers.CONFLICT)) == 1  # audited as the create service audits it
    good = await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(2)]), who=who, tenant=None)
    assert (good.errors, good.created) == ([], 2)
    assert (await events(platform, "import.volunteers"))[-1].actor == "clerk"


async def test_another_tenant_is_refused(platform, client, admin_token):
    who = await clerk(platform, client, admin_token)
    result = await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(1)]), who=who, tenant="tianjin")
    assert [str(e) for e in result.errors] == ["找不到租户“tianjin”（或您不属于该租户）"]


async def test_the_id_number_budget_binds_an_import_and_a_refused_run_spends_it(platform, client, admin_token, monkeypatch):
    monkeypatch.setattr(id_numbers, "BUDGET", 5)
    who = await clerk(platform, client, admin_token)
    result = await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(7)]), who=who, tenant=None)
    assert sorted(e.row for e in result.errors) == [7, 8]
    assert result.errors[0].reason.startswith("每位用户每小时最多录入5个身份证号")
    assert await count(platform, Volunteer) == 0
    # the five numbers checked were spent although nothing was stored: a refused run probes nothing for free
    assert len(await events(platform, id_numbers.SET)) == 5
    again = await run(platform, xlsx([VOLUNTEER_HEADER, *volunteers(1, start=20)]), who=who, tenant=None)
    assert [e.row for e in again.errors] == [2]

