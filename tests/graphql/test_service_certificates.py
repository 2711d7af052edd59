"""Certificates of service (志愿服务证明) issued by the recorder, verified by number, and spot checks (抽查)
of the ledger and its certificates by civil-affairs users (issue 14, item 1)."""

import io

import pytest
from pypdf import PdfReader

from core.testing import create_role, graphql, user_with_role
from tests.graphql.test_service_hours import CORRECT, MEMBER, clerk, entry, organization, setup
from tests.graphql.test_service_records import COMMUNITY, NEIGHBOUR, STREET, create_activity, create_volunteer, record

ISSUE = """mutation($input: ServiceCertificateInput!) { issueServiceCertificate(input: $input) {
  result { id number periodFrom periodTo minutes hours entries content nameMasked idNumberMasked issuer issuedBy
           issuedOn downloadPath }
  errors { field message code } } }"""
VERIFY = """query($n: String!) { verifyServiceCertificate(number: $n) {
  number issued certificate { number hours content nameMasked idNumberMasked issuer issuedBy issuedOn } } }"""
OPEN = """mutation($input: SpotCheckInput!) { openSpotCheck(input: $input) {
  result { id openedBy note region { path } confirmed notConfirmed unchecked
           items { id finding reason serviceRecord { minutes } certificate { number } } }
  errors { field message code } } }"""
FIND = """mutation($id: ID!, $input: FindingInput!) { recordSpotCheckFinding(id: $id, input: $input) {
  result { id finding reason checkedBy } errors { field message code } } }"""
CHECKS = """query($r: String!) { spotChecks(region: $r) { openedBy confirmed notConfirmed unchecked
  items { finding reason } } }"""


async def issue(client, token, volunteer, period_from="2025-01-01", period_to="2025-12-31"):
    body = await graphql(client, ISSUE, {"input": {"volunteerId": volunteer, "periodFrom": period_from,
                                                   "periodTo": period_to}}, token=token)
    return body["data"]["issueServiceCertificate"]


async def test_the_recorder_issues_a_certificate_of_the_hours_that_count(platform, client, admin_token, monkeypatch):
    monkeypatch.setenv("WUSHE_TODAY", "2026-01-10")
    volunteer, held = await setup(client, admin_token)
    first = (await record(client, admin_token, **entry(volunteer, held, minutes=600)))["result"]
    fixed = await graphql(client, CORRECT, {"id": first["id"], "input": {
        "activityId": held, "servedOn": "2025-05-01", "startsAt": "08:00", "minutes": 90, "reason": "多记"}},
        token=admin_token)
    assert fixed["data"]["correctServiceRecord"]["errors"] == []
    assert (await record(client, admin_token, **entry(volunteer, held, servedOn="2025-06-01", minutes=45)))["errors"] == []
    assert (await record(client, admin_token, **entry(volunteer, held, servedOn="2024-06-01", minutes=30)))["errors"] == []

    made = await issue(client, admin_token, volunteer)
    assert made["errors"] == []
    certificate = made["result"]
    number = certificate["number"]
    assert number.startswith("2026-") and len(number) == 15
    assert certificate | {"id": None, "number": None} == {
        "id": None, "number": None, "periodFrom": "2025-01-01", "periodTo": "2025-12-31", "minutes": 135,
        "hours": 2.25, "entries": 2, "content": "重阳节敬老志愿服务", "nameMasked": "王*",
        "idNumberMasked": "*****************X", "issuer": "朝阳社区", "issuedBy": "admin", "issuedOn": "2026-01-10",
        "downloadPath": f"/certificates/service/{number}.pdf"}

    # verifiable by number: through GraphQL by any signed-in user, and without a token over HTTP
    nobody = await user_with_role(platform, client, admin_token, "reader", "panjin", "tenant_admin", "panjin")
    body = await graphql(client, VERIFY, {"n": f" {number.lower()} "}, token=nobody)
    assert body["data"]["verifyServiceCertificate"] == {"number": number, "issued": True, "certificate": {
        "number": number, "hours": 2.25, "content": "重阳节敬老志愿服务", "nameMasked": "王*",
        "idNumberMasked": "*****************X", "issuer": "朝阳社区", "issuedBy": "admin", "issuedOn": "2026-01-10"}}
    body = await graphql(client, VERIFY, {"n": "2026-AAAAAAAAAA"}, token=nobody)
    assert body["data"]["verifyServiceCertificate"] == {"number": "2026-AAAAAAAAAA", "issued": False, "certificate": None}
    public = await client.get(f"/verify/service-certificates/{number}")
    assert public.status_code == 200
    assert public.json()["issued"] is True and public.json()["certificate"]["nameMasked"] == "王*"
    assert "王芳" not in public.text and "11010519491231002X" not in public.text
    assert (await client.get("/verify/service-certificates/2026-AAAAAAAAAA")).json() == {
        "number": "2026-AAAAAAAAAA", "issued": False, "certificate": None}

    # the PDF: a download with the token, for whoever may read the entries there; the same bytes again
    assert (await client.get(certificate["downloadPath"])).status_code == 401
    pdf = await client.get(certificate["downloadPath"], headers={"Authorization": f"Bearer {admin_token}"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    for shown in ("志愿服务证明", number, "王*", "2小时15分钟", "重阳节敬老志愿服务", "朝阳社区", "2026年01月10日"):
        assert shown in text, (shown, text)
    again = await client.get(certificate["downloadPath"], headers={"Authorization": f"Bearer {admin_token}"})
    assert again.content == pdf.content
    hidden = await client.get(certificate["downloadPath"], headers={"Authorization": f"Bearer {nobody}"})
    assert hidden.status_code == 404

    # a later correction does not change what was issued: the verification answers from the record
    entries = await graphql(client, """query($id: ID!) { volunteer(id: $id) { serviceRecords { nodes { id minutes
      servedOn } } } }""", {"id": volunteer}, token=admin_token)
    june = next(n for n in entries["data"]["volunteer"]["serviceRecords"]["nodes"] if n["servedOn"] == "2025-06-01")
    body = await graphql(client, CORRECT, {"id": june["id"], "input": {
        "activityId": held, "servedOn": "2025-06-01", "startsAt": "08:00", "minutes": 60, "reason": "少记"}},
        token=admin_token)
    assert body["data"]["correctServiceRecord"]["errors"] == []
    body = await graphql(client, VERIFY, {"n": number}, token=nobody)
    assert body["data"]["verifyServiceCertificate"]["certificate"]["hours"] == 2.25
    assert (await issue(client, admin_token, volunteer))["result"]["hours"] == 2.5


async def test_a_certificate_covers_the_activities_the_issuer_organizes(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    team = await organization(client, admin_token)
    by_team = (await create_activity(client, admin_token, organizationId=team, title="助老义剪"))["result"]["id"]
    member = await clerk(platform, client, admin_token, "member2")
    body = await graphql(client, MEMBER, {"o": team, "u": "member2"}, token=admin_token)
    assert body["data"]["addOrganizationMember"]["errors"] == []
    assert (await record(client, admin_token, **entry(volunteer, held)))["errors"] == []
    assert (await record(client, member, **entry(volunteer, by_team, startsAt="14:00", minutes=120)))["errors"] == []

    mine = await issue(client, member, volunteer)
    assert mine["errors"] == []
    assert (mine["result"]["minutes"], mine["result"]["content"], mine["result"]["issuer"]) == (
        120, "助老义剪", "朝阳社区志愿服务队")
    stranger = await clerk(platform, client, admin_token, "clerk6")
    refused = await issue(client, stranger, volunteer)
    assert refused == {"result": None, "errors": [{
        "field": "periodFrom", "code": "invalid",
        "message": "the volunteer has no hours from 2025-01-01 to 2025-12-31 at activities you organize"}]}


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"periodTo": "2024-12-31"}, "periodTo", "is before periodFrom (2025-01-01)"),
    ({"periodTo": "2999-01-01"}, "periodTo", "is in the future"),
    ({"volunteerId": "999999"}, "volunteerId", "no Volunteer with id 999999"),
])
async def test_bad_certificate_requests_name_the_field(client, admin_token, changes, field, fragment):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held)))["errors"] == []
    data = {"volunteerId": volunteer, "periodFrom": "2025-01-01", "periodTo": "2025-12-31"} | changes
    body = await graphql(client, ISSUE, {"input": data}, token=admin_token)
    payload = body["data"]["issueServiceCertificate"]
    assert [e["field"] for e in payload["errors"]] == [field] and fragment in payload["errors"][0]["message"], payload


async def test_issuing_needs_service_record_create_at_the_volunteers_community(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held)))["errors"] == []
    reader = await clerk(platform, client, admin_token, "reader2", "hours_reader", [
        "region:read", "volunteer:read", "activity:read", "activity:create", "service_record:read"])
    refused = await issue(client, reader, volunteer)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("volunteerId", "forbidden")]


# --- spot checks --------------------------------------------------------------------------------


async def test_a_civil_affairs_user_spot_checks_entries_and_certificates_and_keeps_the_findings(
        platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    for day in ("2025-05-01", "2025-05-02", "2025-05-03"):
        assert (await record(client, admin_token, **entry(volunteer, held, servedOn=day)))["errors"] == []
    number = (await issue(client, admin_token, volunteer))["result"]["number"]
    elsewhere = await create_volunteer(client, admin_token, region=NEIGHBOUR, name="李强", idNumber="440524188001010014")
    near = (await create_activity(client, admin_token, region=NEIGHBOUR))["result"]["id"]
    assert (await record(client, admin_token, **entry(elsewhere, near)))["errors"] == []

    await create_role(client, admin_token, "inspector", "STREET", ["region:read", "service_record:read",
                                                                  "service_record:inspect@district,street"], "chongqing")
    inspector = await user_with_role(platform, client, admin_token, "minzheng2", "chongqing", "inspector", STREET)
    refused = await graphql(client, OPEN, {"input": {"region": COMMUNITY, "entries": 2}}, token=inspector)
    assert [(e["field"], e["code"]) for e in refused["data"]["openSpotCheck"]["errors"]] == [("region", "forbidden")]
    body = await graphql(client, OPEN, {"input": {"region": STREET, "entries": 10, "certificates": 5,
                                                  "note": "2025年度志愿服务记录抽查"}}, token=inspector)
    payload = body["data"]["openSpotCheck"]
    assert payload["errors"] == []
    check = payload["result"]
    assert (check["openedBy"], check["note"], check["region"], check["unchecked"]) == (
        "minzheng2", "2025年度志愿服务记录抽查", {"path": STREET}, 5)
    entries = [i for i in check["items"] if i["serviceRecord"]]
    certificates = [i for i in check["items"] if i["certificate"]]
    assert len(entries) == 4 and [i["certificate"] for i in certificates] == [{"number": number}]

    confirmed = await graphql(client, FIND, {"id": entries[0]["id"], "input": {"finding": "CONFIRMED"}}, token=inspector)
    assert confirmed["data"]["recordSpotCheckFinding"]["result"] | {"id": None} == {
        "id": None, "finding": "CONFIRMED", "reason": None, "checkedBy": "minzheng2"}
    unreasoned = await graphql(client, FIND, {"id": entries[1]["id"], "input": {"finding": "NOT_CONFIRMED"}},
                               token=inspector)
    assert unreasoned["data"]["recordSpotCheckFinding"]["errors"] == [
        {"field": "reason", "message": "say why the item is not confirmed", "code": "invalid"}]
    found = await graphql(client, FIND, {"id": certificates[0]["id"], "input": {
        "finding": "NOT_CONFIRMED", "reason": "活动签到表无该志愿者"}}, token=inspector)
    assert found["data"]["recordSpotCheckFinding"]["errors"] == []
    again = await graphql(client, FIND, {"id": entries[0]["id"], "input": {
        "finding": "NOT_CONFIRMED", "reason": "改主意"}}, token=inspector)
    assert [(e["field"], e["code"]) for e in again["data"]["recordSpotCheckFinding"]["errors"]] == [("id", "conflict")]
    # someone who may not inspect there finds no such item
    clerk_token = await clerk(platform, client, admin_token, "clerk7")
    hidden = await graphql(client, FIND, {"id": entries[2]["id"], "input": {"finding": "CONFIRMED"}}, token=clerk_token)
    assert [(e["field"], e["code"]) for e in hidden["data"]["recordSpotCheckFinding"]["errors"]] == [("id", "not_found")]

    listed = await graphql(client, CHECKS, {"r": STREET}, token=inspector)
    assert len(listed["data"]["spotChecks"]) == 1
    summary = listed["data"]["spotChecks"][0]
    assert (summary["confirmed"], summary["notConfirmed"], summary["unchecked"]) == (1, 1, 3)
    assert sorted((i["finding"] or "", i["reason"] or "") for i in summary["items"]) == [
        ("", ""), ("", ""), ("", ""), ("CONFIRMED", ""), ("NOT_CONFIRMED", "活动签到表无该志愿者")]
    # a user of one community who may not inspect sees no check (and not the street at all)
    assert (await graphql(client, CHECKS, {"r": COMMUNITY}, token=clerk_token))["data"]["spotChecks"] == []
    assert (await graphql(client, CHECKS, {"r": COMMUNITY}, token=inspector))["data"]["spotChecks"] == []


async def test_the_civil_affairs_roles_may_spot_check(platform, client, admin_token):
    volunteer, held = await setup(client, admin_token)
    assert (await record(client, admin_token, **entry(volunteer, held)))["errors"] == []
    bureau = await user_with_role(platform, client, admin_token, "quminzheng", "chongqing", "district_bureau",
                                  "chongqing/qianjiang")
    office = await user_with_role(platform, client, admin_token, "jiedaominzheng", "chongqing", "civil_affairs_office",
                                  STREET)
    for token, region in ((bureau, "chongqing/qianjiang"), (bureau, STREET), (office, STREET)):
        body = await graphql(client, OPEN, {"input": {"region": region, "entries": 1, "certificates": 0}}, token=token)
        assert body["data"]["openSpotCheck"]["errors"] == [], body
        assert body["data"]["openSpotCheck"]["result"]["unchecked"] == 1
    body = await graphql(client, OPEN, {"input": {"region": COMMUNITY, "entries": 1}}, token=bureau)
    assert [(e["field"], e["code"]) for e in body["data"]["openSpotCheck"]["errors"]] == [("region", "forbidden")]
