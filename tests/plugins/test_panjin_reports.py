"""Panjin's monthly progress reports count in the indicators: each community's line of a report is
recorded as an activity of the contractor at that community (盘民发〔2023〕24号 三（四）: 48 场次 and 1000
人次 per community a year; 三（八）4: the monthly report), so the per-community targets see them."""

import datetime as dt

import pytest
from sqlmodel import select

from core.models import Activity
from core.testing import graphql, row_id, user_with_role
from tests.plugins.test_panjin_round import (
    COMMUNITIES,
    DAWA,
    PANSHAN,
    _code,
    _org,
    _user_ids,
    application,
    ok,
    refused,
    sheet,
)
from tests.plugins.test_panjin_round import progress as progress_form

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TODAY = dt.date.today()
LAST = TODAY.year - 1  # the reports are for last November and December: one year, whatever today is
SHUANGHAI, ZHANQIAN = COMMUNITIES[DAWA]
NEXT_MONTH = (TODAY.replace(day=28) + dt.timedelta(days=4)).strftime("%Y-%m")


async def contracted_project(platform, client, admin_token) -> tuple[dict, dict[str, str]]:
    """A round with one application in 大洼区, taken through review to a contract signed last
    November: the application case (with its credit code) and the tokens by username."""
    tokens = {"bureau": await user_with_role(platform, client, admin_token, "bureau", "panjin", "organizer", "panjin"),
              "ca": await user_with_role(platform, client, admin_token, "ca", "panjin", "contractor", DAWA)}
    for n in range(1, 6):
        tokens[f"e{n}"] = await user_with_role(platform, client, admin_token, f"e{n}", "panjin", "expert", "panjin")
    await _org(platform, "甲社工中心", _code(1), DAWA, "ca")
    organizer = tokens["bureau"]
    round_ = await ok(client, organizer, type="panjin_round", region="panjin", action="open_round",
                      data={"year": LAST + 1, "panel_size": 5, "budgets": {DAWA: 15_000_000}})
    data = application(DAWA, _code(1), "甲项目", 8_000_000, 2_000_000)
    row = await ok(client, tokens["ca"], type="panjin_application", region=DAWA, parent=round_["id"], action="apply",
                   data=data)
    app = {**row, "code": data["contractor_credit_code"]}
    closed = await ok(client, organizer, case=round_["id"], action="close_applications")
    assert closed["state"] == "reviewing"
    await ok(client, organizer, case=app["id"], action="pass_qualification")
    for expert in (await _user_ids(platform)).values():
        if expert.startswith("e"):
            await ok(client, tokens[expert], case=app["id"], action="score", data=sheet(app, expert, [80] * 7))
    await ok(client, organizer, case=round_["id"], action="rank")
    await ok(client, organizer, case=app["id"], action="verify_on_site",
             data={"visited_on": TODAY.isoformat(), "findings": "一致"})
    signed = await ok(client, organizer, case=app["id"], action="sign_contract", data={"signed_on": f"{LAST}-11-02"})
    assert signed["state"] == "contracted"
    return app, tokens


def report(app: dict, month: str, *lines: tuple[str, int, int]) -> dict:
    data = progress_form(app, month)
    data["progress"] |= {"sessions": sum(n for _, n, _ in lines), "person_times": sum(p for _, _, p in lines),
                         "by_community": [{"community": c, "sessions": n, "person_times": p} for c, n, p in lines]}
    return data


INDICATORS = """query($path: String!, $year: Int!) { region(path: $path) {
  indicators(keys: ["sessions", "person_times"], year: $year) { key value }
  activities { totalCount nodes { title heldOn sessions personTimes category organization { name } } }
  targetStatus(year: $year) { key communities communitiesMeeting failing { path value } } } }"""


async def at(client, token, path):
    body = await graphql(client, INDICATORS, {"path": path, "year": LAST}, token=token)
    assert "errors" not in body, body
    return body["data"]["region"]


async def test_monthly_reports_count_in_the_communities_indicators_and_targets(platform, client, admin_token):
    app, tokens = await contracted_project(platform, client, admin_token)
    ca, case = tokens["ca"], app["id"]

    # refused: a month not begun, a month before the contract, a community the application does not
    # serve, people served with no session; and a line the activity record cannot hold (the effect
    # refuses it: nothing of the step is written)
    await refused(client, ca, ["data.month"], case=case, action="report_progress",
                  data=report(app, NEXT_MONTH, (SHUANGHAI, 1, 10)))
    message = await refused(client, ca, ["data.month"], case=case, action="report_progress",
                            data=report(app, f"{LAST}-10", (SHUANGHAI, 1, 10)))
    assert f"{LAST}-11-02" in message
    outside = COMMUNITIES[PANSHAN][0]
    message = await refused(client, ca, ["data.progress.by_community.1.community"], case=case, action="report_progress",
                            data=report(app, f"{LAST}-11", (SHUANGHAI, 1, 10), (outside, 2, 20)))
    assert "龙祥社区" in message and "双海社区" in message
    await refused(client, ca, ["data.progress.by_community.0.sessions"], case=case, action="report_progress",
                  data=report(app, f"{LAST}-11", (SHUANGHAI, 0, 10)))
    await refused(client, ca, ["data.progress.by_community.1"], case=case, action="report_progress",
                  data=report(app, f"{LAST}-11", (SHUANGHAI, 1, 10), (ZHANQIAN, 20_000, 20)))
    assert (await at(client, admin_token, SHUANGHAI))["activities"]["totalCount"] == 0

    # two months: 双海 reaches both targets (55 场次, 1050 人次), 站前 neither; a line with nothing held is
    # recorded as no activity
    await ok(client, ca, case=case, action="report_progress",
             data=report(app, f"{LAST}-11", (SHUANGHAI, 5, 100), (ZHANQIAN, 0, 0)))
    reported = await ok(client, ca, case=case, action="report_progress",
                        data=report(app, f"{LAST}-12", (SHUANGHAI, 50, 950), (ZHANQIAN, 7, 110)))
    assert (reported["data"]["sessions"], reported["data"]["person_times"]) == (62, 1160)

    shuanghai, zhanqian = await at(client, admin_token, SHUANGHAI), await at(client, admin_token, ZHANQIAN)
    assert {i["key"]: i["value"] for i in shuanghai["indicators"]} == {"sessions": 55, "person_times": 1050}
    assert {i["key"]: i["value"] for i in zhanqian["indicators"]} == {"sessions": 7, "person_times": 110}
    assert sorted((a["heldOn"], a["sessions"], a["personTimes"]) for a in shuanghai["activities"]["nodes"]) == [
        (f"{LAST}-11-30", 5, 100), (f"{LAST}-12-31", 50, 950)]
    first = min(shuanghai["activities"]["nodes"], key=lambda a: a["heldOn"])
    assert first["title"] == f"《甲项目》{LAST}-11月度报告"
    assert (first["category"], first["organization"]) == ("关爱老年人服务类", {"name": "甲社工中心"})
    county = await at(client, admin_token, DAWA)
    assert {i["key"]: i["value"] for i in county["indicators"]} == {"sessions": 62, "person_times": 1160}
    for target in ("community_sessions_per_year", "community_person_times_per_year"):
        status = next(t for t in county["targetStatus"] if t["key"] == target)
        assert status["communitiesMeeting"] == 1, status
        failing = {f["path"]: f["value"] for f in status["failing"]}
        assert SHUANGHAI not in failing and ZHANQIAN in failing
    async with platform.sessions() as session:
        rows = (await session.exec(select(Activity))).all()
    assert len(rows) == 3 and {r.case_id for r in rows} == {row_id(case)}
