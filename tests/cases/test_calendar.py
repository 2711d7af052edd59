"""The working-day calendar: statutory holidays, a tenant's own days, and years without data yet."""

import datetime as dt

from core.cases.calendar import WorkingCalendar
from core.plugins.cases import DeadlineDecl
from core.testing import create_role, graphql, user_with_role

SET = """mutation($d: Date!, $w: Boolean!, $l: String) { setCalendarDay(day: $d, working: $w, label: $l) {
  result { day working label } errors { field message code } } }"""
REMOVE = """mutation($d: Date!) { removeCalendarDay(day: $d) { result { day } errors { field code } } }"""
DUE = "query($f: Date!, $n: Int!) { workingDays(from: $f, count: $n) }"


def test_the_statutory_calendar_and_the_fallback():
    calendar = WorkingCalendar()
    # entered on Tue 2026-09-29: Wed 30 counts, the National Day week 1–7 Oct does not
    assert calendar.add_working_days(dt.date(2026, 9, 29), 1) == dt.date(2026, 9, 30)
    assert calendar.add_working_days(dt.date(2026, 9, 29), 2) == dt.date(2026, 10, 8)
    # 2027 has no statutory data in the package yet: Monday to Friday
    assert calendar.add_working_days(dt.date(2027, 3, 5), 1) == dt.date(2027, 3, 8)  # Fri → Mon
    assert calendar.add_working_days(dt.date(2027, 3, 1), 10) == dt.date(2027, 3, 15)
    assert calendar.due(DeadlineDecl(working_days=10, label="初审", source="测试文件 第五条"), dt.date(2027, 3, 1)) == dt.date(2027, 3, 15)
    # a tenant's own working Saturday counts; its own day off does not
    own = WorkingCalendar({dt.date(2027, 3, 6): True, dt.date(2027, 3, 8): False})
    assert own.add_working_days(dt.date(2027, 3, 5), 2) == dt.date(2027, 3, 9)


async def test_a_tenant_day_off_moves_a_deadline_and_only_administrators_set_one(platform, client, admin_token):
    await create_role(client, admin_token, "calendar_admin", "DISTRICT", ["region:read", "setting:update"], "chongqing")
    await create_role(client, admin_token, "calendar_root", "CITY", ["region:read", "setting:update"], "chongqing")
    await create_role(client, admin_token, "reader", "PROVINCE", ["region:read"], "hebei")
    await create_role(client, admin_token, "clerk", "STREET", ["region:read"], "chongqing")
    await user_with_role(platform, client, admin_token, "district", "chongqing", "calendar_admin", "chongqing/qianjiang")
    boss = await user_with_role(platform, client, admin_token, "boss", "chongqing", "calendar_root", "chongqing")
    clerk = await user_with_role(platform, client, admin_token, "clerk1", "chongqing", "clerk", "chongqing/qianjiang/zhengyang")
    hebei = await user_with_role(platform, client, admin_token, "hebei1", "hebei", "reader", "hebei")
    district = await platform.token_for("district")

    # "within 10 working days" of Mon 2026-06-01: Tue 2 … Fri 5, Mon 8 … Fri 12, Mon 15
    before = (await graphql(client, DUE, {"f": "2026-06-01", "n": 10}, token=clerk))["data"]["workingDays"]
    assert before == "2026-06-15"
    made = await graphql(client, SET, {"d": "2026-06-03", "w": False, "l": "区级防汛日"}, token=boss)
    assert made["data"]["setCalendarDay"] == {
        "result": {"day": "2026-06-03", "working": False, "label": "区级防汛日"}, "errors": []}
    after = (await graphql(client, DUE, {"f": "2026-06-01", "n": 10}, token=clerk))["data"]["workingDays"]
    assert after == "2026-06-16"  # one day later
    other = (await graphql(client, DUE, {"f": "2026-06-01", "n": 10}, token=hebei))["data"]["workingDays"]
    assert other == before  # another tenant's calendar is its own

    changed = await graphql(client, SET, {"d": "2026-06-03", "w": False, "l": " 改 "}, token=boss)
    assert changed["data"]["setCalendarDay"]["result"]["label"] == "改"
    refused = await graphql(client, SET, {"d": "2026-06-04", "w": False}, token=district)  # not at the tenant root
    assert refused["data"]["setCalendarDay"]["errors"][0]["field"] == "tenant"
    assert (await graphql(client, SET, {"d": "2026-06-04", "w": False}, token=clerk))["data"]["setCalendarDay"]["errors"]
    too_long = await graphql(client, SET, {"d": "2026-06-04", "w": False, "l": "长" * 101}, token=boss)
    assert too_long["data"]["setCalendarDay"]["errors"][0]["field"] == "label"
    far = await graphql(client, SET, {"d": "2300-01-01", "w": False}, token=boss)
    assert far["data"]["setCalendarDay"]["errors"][0]["field"] == "day"
    await graphql(client, SET, {"d": "2026-10-10", "w": True, "l": "调休上班"}, token=boss)

    days = await graphql(client, "{ calendarDays(year: 2026) { day working label } }", token=clerk)
    assert days["data"]["calendarDays"] == [
        {"day": "2026-06-03", "working": False, "label": "改"}, {"day": "2026-10-10", "working": True, "label": "调休上班"}]
    assert (await graphql(client, "{ calendarDays(year: 2026) { day } }", token=hebei))["data"]["calendarDays"] == []
    bad = await graphql(client, "{ workingDays(from: \"2026-06-01\", count: -1) }", token=clerk)
    assert bad["errors"][0]["extensions"]["field"] == "count"

    removed = await graphql(client, REMOVE, {"d": "2026-06-03"}, token=boss)
    assert removed["data"]["removeCalendarDay"] == {"result": {"day": "2026-06-03"}, "errors": []}
    assert (await graphql(client, DUE, {"f": "2026-06-01", "n": 10}, token=clerk))["data"]["workingDays"] == before
    gone = await graphql(client, REMOVE, {"d": "2026-06-03"}, token=boss)
    assert gone["data"]["removeCalendarDay"]["errors"] == [{"field": "day", "code": "not_found"}]

    log = await graphql(client, '{ auditEvents(tenant: "chongqing", action: "calendar") { nodes { actor action target } } }',
                        token=admin_token)
    assert [(e["actor"], e["action"], e["target"]) for e in log["data"]["auditEvents"]["nodes"]] == [
        ("boss", "calendar.day.set", "chongqing:2026-06-03"), ("boss", "calendar.day.set", "chongqing:2026-06-03"),
        ("boss", "calendar.day.set", "chongqing:2026-10-10"), ("boss", "calendar.day.remove", "chongqing:2026-06-03")]
