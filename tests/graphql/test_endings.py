"""Records that end without being deleted (issue 18, item 4): a volunteer leaves, an organization is
deregistered, a worker leaves the post, a team dissolves, a fund closes — counted on the days before,
not from the day they ended, the summaries exact in the same transaction, and nothing deleted."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from core import clock
from core.indicators import summary
from core.models import AuditEvent, RecordEnding
from core.testing import activity, create_role, graphql, platform_wide, row_id, user_with_role

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
STREET = "chongqing/qianjiang/zhengyang"
TODAY = clock.today()
BEGAN = dt.date(2023, 3, 5)
LEFT = dt.date(2024, 6, 1)

VOLUNTEER = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
DEREGISTER = """mutation($id: ID!, $reason: VolunteerLeavingReason!, $on: Date, $note: String) {
  deregisterVolunteer(id: $id, reason: $reason, on: $on, note: $note) {
    result { id validFrom validTo ending { on reason reasonLabel note recordedBy } }
    errors { field message code } } }"""
COUNTS = """query($path: String!, $day: Date) { region(path: $path) {
  counts { volunteers }
  indicators(keys: ["registered_volunteers"], asOf: $day) { numerator } } }"""


async def differences(platform) -> list[str]:
    async with platform_wide(platform) as connection:
        return await connection.run_sync(lambda c: summary.differences(c))


async def row_counts(platform) -> dict[str, int]:
    async with platform_wide(platform) as connection:
        return {table.name: (await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
                for table in SQLModel.metadata.sorted_tables}


async def volunteer(client, token, **fields) -> str:
    data = {"name": "王芳", "realNameRegistered": True, "registeredOn": BEGAN.isoformat(),
            "idNumber": "11010519491231002X", "region": COMMUNITY} | fields
    body = await graphql(client, VOLUNTEER, {"input": data}, token=token)
    assert body["data"]["createVolunteer"]["errors"] == [], body
    return body["data"]["createVolunteer"]["result"]["id"]


async def registered(client, token, day: dt.date | None) -> tuple[int, float]:
    body = await graphql(client, COUNTS, {"path": COMMUNITY, "day": day and day.isoformat()}, token=token)
    region = body["data"]["region"]
    return region["counts"]["volunteers"], region["indicators"][0]["numerator"]


async def deregister(client, token, id_, reason="MOVED_AWAY", on=LEFT, note=None):
    variables = {"id": id_, "reason": reason, "on": on and on.isoformat(), "note": note}
    body = await graphql(client, DEREGISTER, variables, token=token)
    assert "errors" not in body, body
    return body["data"]["deregisterVolunteer"]


async def test_a_volunteer_who_left_counts_the_day_before_and_not_the_day_they_left(platform, client, admin_token):
    id_ = await volunteer(client, admin_token)
    before = await registered(client, admin_token, None)
    rows = await row_counts(platform)

    payload = await deregister(client, admin_token, id_, note="随子女迁居北京")
    after = await row_counts(platform)
    assert payload["errors"] == []
    assert payload["result"] == {"id": id_, "validFrom": BEGAN.isoformat(), "validTo": LEFT.isoformat(), "ending": {
        "on": LEFT.isoformat(), "reason": "moved_away", "reasonLabel": "迁出本地", "note": "随子女迁居北京",
        "recordedBy": "admin"}}

    # counted as of the day before, not as of the day it ended, nor today; the summaries recomputed exactly
    assert (await registered(client, admin_token, LEFT - dt.timedelta(days=1)))[1] == before[1]
    assert (await registered(client, admin_token, LEFT))[1] == before[1] - 1
    assert await registered(client, admin_token, None) == (before[0] - 1, before[1] - 1)
    assert await differences(platform) == []

    # nothing deleted: the volunteer is still there to read, one ending row and one audit event more
    assert {t: n - rows[t] for t, n in after.items() if n != rows[t]} == {"record_ending": 1, "audit_event": 1}
    body = await graphql(client, "query($id: ID!) { volunteer(id: $id) { name validTo } }", {"id": id_}, token=admin_token)
    assert body["data"]["volunteer"] == {"name": "王芳", "validTo": LEFT.isoformat()}
    async with platform.sessions() as session:
        event = (await session.exec(select(AuditEvent).where(AuditEvent.action == "volunteer.leave"))).one()
    assert (event.actor, event.target) == ("admin", f"Volunteer:{row_id(id_)}")
    assert event.after == {"valid_to": LEFT.isoformat(), "reason": "moved_away"}  # never the note: it may name people


async def test_ending_is_refused_with_the_field_and_the_reason(platform, client, admin_token):
    id_ = await volunteer(client, admin_token)
    tomorrow = TODAY + dt.timedelta(days=1)
    refused = {
        "on": (await deregister(client, admin_token, id_, on=tomorrow))["errors"],
        "early": (await deregister(client, admin_token, id_, on=BEGAN - dt.timedelta(days=1)))["errors"],
        "other": (await deregister(client, admin_token, id_, reason="OTHER", note="  "))["errors"],
        "long": (await deregister(client, admin_token, id_, reason="OTHER", note="长" * 501))["errors"],
        "unknown": (await deregister(client, admin_token, "999999"))["errors"],
    }
    assert refused["on"] == [{"field": "on", "code": "invalid",
                              "message": f"is in the future (today is {TODAY.isoformat()})"}]
    assert refused["early"] == [{"field": "on", "code": "invalid",
                                 "message": f"is before the record began counting ({BEGAN.isoformat()})"}]
    assert refused["other"] == [{"field": "note", "code": "required",
                                 "message": "say what the reason is (the reason is other)"}]
    assert refused["long"] == [{"field": "note", "code": "invalid", "message": "at most 500 characters"}]
    assert refused["unknown"] == [{"field": "id", "code": "not_found", "message": "no Volunteer with id 999999"}]

    assert (await deregister(client, admin_token, id_, on=None))["errors"] == []  # today, when left out
    again = await deregister(client, admin_token, id_)
    assert again == {"result": None, "errors": [{"field": "id", "code": "already_ended", "message":
                                                 f"this Volunteer left on {TODAY.isoformat()} already"}]}
    async with platform.sessions() as session:
        assert len((await session.exec(select(RecordEnding))).all()) == 1  # the refusals wrote nothing


async def test_a_volunteer_leaves_after_their_last_service_and_serves_no_more(client, admin_token):
    id_ = await volunteer(client, admin_token)
    record = """mutation($v: ID!, $a: ID!, $day: Date!) { recordService(input: {volunteerId: $v, activityId: $a,
      servedOn: $day, startsAt: "09:00", minutes: 90}) { errors { field message } } }"""
    held = await activity(client, admin_token, COMMUNITY)
    served = dt.date(2024, 7, 1)
    body = await graphql(client, record, {"v": id_, "a": held, "day": served.isoformat()}, token=admin_token)
    assert body["data"]["recordService"]["errors"] == []
    refused = await deregister(client, admin_token, id_)  # on LEFT, before the service
    assert refused["errors"] == [{"field": "on", "code": "conflict", "message":
                                  f"the volunteer has service records on or after {LEFT.isoformat()} (the last on "
                                  f"{served.isoformat()}): the day they left is after their last service"}]
    assert (await deregister(client, admin_token, id_, on=dt.date(2024, 8, 1)))["errors"] == []
    body = await graphql(client, record, {"v": id_, "a": held, "day": "2024-08-02"}, token=admin_token)
    assert body["data"]["recordService"]["errors"] == [
        {"field": "servedOn", "message": "is on or after the day the volunteer left (2024-08-01)"}]


async def test_ending_needs_update_on_the_record_where_it_is(platform, client, admin_token):
    id_ = await volunteer(client, admin_token)
    made = await create_role(client, admin_token, "reader", "STREET", ["region:read", "volunteer:read"], "chongqing")
    assert made["errors"] == []
    reader = await user_with_role(platform, client, admin_token, "reader1", "chongqing", "reader", STREET)
    refused = await deregister(client, reader, id_)
    assert refused["errors"] == [{"field": "id", "code": "not_found", "message": f"no Volunteer with id {row_id(id_)}"}]
    made = await create_role(client, admin_token, "keeper", "STREET",
                             ["region:read", "volunteer:read", "volunteer:update"], "chongqing")
    keeper = await user_with_role(platform, client, admin_token, "keeper1", "chongqing", "keeper", STREET)
    assert (await deregister(client, keeper, id_))["errors"] == []
    # another tenant's administrator of its own tree does not find it at all
    panjin = await user_with_role(platform, client, admin_token, "pj", "panjin", "tenant_admin", "panjin")
    assert (await deregister(client, panjin, id_))["errors"][0]["code"] == "not_found"


ORGANIZATION = """mutation($input: SocialOrganizationInput!) { createSocialOrganization(input: $input) {
  result { id } errors { field message } } }"""
FUND = """mutation($input: CommunityFundInput!) { createCommunityFund(input: $input) { result { id } errors { field message } } }"""
DONATE = """mutation($input: DonationInput!) { recordDonation(input: $input) { result { id } errors { field message } } }"""
TEAM = """mutation($input: VolunteerTeamInput!) { createVolunteerTeam(input: $input) { result { id } errors { field message } } }"""
WORKER = """mutation($input: SocialWorkerInput!) { createSocialWorker(input: $input) { result { id } errors { field message } } }"""


async def created(client, token, mutation, name, data) -> str:
    body = await graphql(client, mutation, {"input": data}, token=token)
    assert body["data"][name]["errors"] == [], body
    return body["data"][name]["result"]["id"]


async def ended(client, token, mutation, id_, reason, on=LEFT, note=None):
    fields = "result { validTo ending { reason reasonLabel } } errors { field message code }"
    kinds = {"deregisterOrganization": "OrganizationDeregistrationReason", "closeCommunityFund": "FundClosingReason",
             "dissolveVolunteerTeam": "TeamDissolutionReason", "endSocialWorkerPost": "SocialWorkerLeavingReason"}
    query = (f"mutation($id: ID!, $r: {kinds[mutation]}!, $on: Date, $note: String) "
             f"{{ {mutation}(id: $id, reason: $r, on: $on, note: $note) {{ {fields} }} }}")
    body = await graphql(client, query, {"id": id_, "r": reason, "on": on.isoformat(), "note": note}, token=token)
    assert "errors" not in body, body
    return body["data"][mutation]


async def test_organizations_teams_workers_and_funds_end_each_as_their_domain_says(platform, client, admin_token):
    charity = await created(client, admin_token, ORGANIZATION, "createSocialOrganization", {
        "name": "黔江区慈善会", "orgType": "CHARITY_ORGANIZATION", "registration": "REGISTERED",
        "creditCode": "51500114MJP271988G", "publicFundraising": True, "establishedOn": "2015-01-01", "region": STREET})
    filed = await created(client, admin_token, ORGANIZATION, "createSocialOrganization", {
        "name": "朝阳社区舞蹈队", "orgType": "COMMUNITY_SOCIAL_ORGANIZATION", "registration": "FILED",
        "establishedOn": "2020-01-01", "region": COMMUNITY})
    fund = await created(client, admin_token, FUND, "createCommunityFund", {
        "name": "正阳街道社区基金", "hostOrganizationId": charity, "establishedOn": "2022-01-01", "region": STREET})
    team = await created(client, admin_token, TEAM, "createVolunteerTeam", {
        "name": "朝阳志愿服务队", "establishedOn": "2021-01-01", "region": COMMUNITY})
    worker = await created(client, admin_token, WORKER, "createSocialWorker", {
        "name": "李娜", "idNumber": "440524188001010014", "post": "SOCIAL_WORK_STATION", "region": STREET,
        "validFrom": "2020-01-01"})
    donation = {"fundId": fund, "donorName": "某公司", "donorKind": "ENTERPRISE", "form": "MONEY", "amountFen": 500000,
                "donatedOn": "2024-07-01", "region": STREET}
    await created(client, admin_token, DONATE, "recordDonation", donation)

    # a host of an open fund is not deregistered; a fund closes after its last donation
    host = await ended(client, admin_token, "deregisterOrganization", charity, "DISSOLVED")
    assert host["errors"] == [{"field": "id", "code": "conflict", "message":
                               f"the organization hosts community funds still open ({row_id(fund)}): close them, or give "
                               "them another host, first"}]
    early = await ended(client, admin_token, "closeCommunityFund", fund, "FUNDS_EXHAUSTED")
    assert early["errors"][0]["field"] == "on" and "2024-07-01" in early["errors"][0]["message"]
    closed = await ended(client, admin_token, "closeCommunityFund", fund, "FUNDS_EXHAUSTED", on=dt.date(2024, 8, 1))
    assert closed == {"result": {"validTo": "2024-08-01", "ending": {"reason": "funds_exhausted",
                                                                     "reasonLabel": "资金使用完毕"}}, "errors": []}
    late = await graphql(client, DONATE, {"input": donation | {"donatedOn": "2024-08-01"}}, token=admin_token)
    assert late["data"]["recordDonation"]["errors"] == [{"field": "fundId", "message": "the fund was closed on 2024-08-01"}]

    # a filed organization is not "revoked", a registered one has no filing to withdraw
    wrong = await ended(client, admin_token, "deregisterOrganization", filed, "REGISTRATION_REVOKED")
    assert wrong["errors"] == [{"field": "reason", "code": "invalid", "message":
                                "registration_revoked (撤销登记) is for a registered organization; this one is filed"}]
    assert (await ended(client, admin_token, "deregisterOrganization", filed, "FILING_WITHDRAWN"))["errors"] == []
    assert (await ended(client, admin_token, "deregisterOrganization", charity, "DISSOLVED"))["errors"] == []
    assert (await ended(client, admin_token, "dissolveVolunteerTeam", team, "MERGED"))["result"]["ending"] == {
        "reason": "merged", "reasonLabel": "并入其他队伍"}
    left = await ended(client, admin_token, "endSocialWorkerPost", worker, "OTHER", note="借调至区民政局")
    assert left["result"]["ending"] == {"reason": "other", "reasonLabel": "其他"}

    assert await differences(platform) == []
    counts = await graphql(client, """{ region(path: "chongqing/qianjiang/zhengyang") { counts {
      socialOrganizations socialWorkers volunteerTeams communityFunds } } }""", token=admin_token)
    assert counts["data"]["region"]["counts"] == {"socialOrganizations": 0, "socialWorkers": 0, "volunteerTeams": 0,
                                                  "communityFunds": 0}
    async with platform.sessions() as session:
        actions = (await session.exec(select(AuditEvent.action).where(col(AuditEvent.action).contains("."))
                                      .where(col(AuditEvent.target).not_like("%.idNumber")).order_by(col(AuditEvent.id)))).all()
    assert actions == ["community_fund.close", "social_organization.deregister", "social_organization.deregister",
                       "volunteer_team.dissolve", "social_worker.leave"]


async def test_an_end_set_by_an_update_has_no_reason_and_reopening_forgets_the_old_one(client, admin_token):
    id_ = await volunteer(client, admin_token)
    assert (await deregister(client, admin_token, id_))["errors"] == []
    patch = """mutation($id: ID!, $input: VolunteerPatch!) { updateVolunteer(id: $id, input: $input) {
      result { validTo ending { reason } } errors { field message } } }"""
    reopened = await graphql(client, patch, {"id": id_, "input": {"validTo": None}}, token=admin_token)
    assert reopened["data"]["updateVolunteer"]["result"] == {"validTo": None, "ending": None}
    moved = await graphql(client, patch, {"id": id_, "input": {"validTo": "2024-09-01"}}, token=admin_token)
    assert moved["data"]["updateVolunteer"]["result"] == {"validTo": "2024-09-01", "ending": None}
