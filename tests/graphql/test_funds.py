"""Community funds' money (issue 14, item 3): a donation lands on the fund's ledger account in its own
transaction, a grant moves money from a fund to a case in one, never beyond the balance and once per
request key, even when many come at once; receipts are numbered, say the amount in capitals, and are
verified and downloaded by number; a year's totals come from the ledger and agree with the indicator."""

import asyncio
import datetime as dt
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlmodel import select

from core import clock
from core.models import Case, LedgerEntry, Region
from core.models.lists import ProjectStatus, ServiceProject
from core.testing import create_role, graphql, row_id, user_with_role

STREET = "chongqing/qianjiang/zhengyang"
COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
OTHER = "chongqing/qianjiang/zhengyang/qunli"  # a community beside the fund's: sees neither
YEAR = clock.today().year

ORGANIZATION = """mutation($input: SocialOrganizationInput!) { createSocialOrganization(input: $input) {
  result { id } errors { field message } } }"""
FUND = """mutation($input: CommunityFundInput!) { createCommunityFund(input: $input) {
  result { id } errors { field message } } }"""
DONATE = """mutation($input: DonationInput!) { recordDonation(input: $input) {
  result { id donorName valueYuan } errors { field message } } }"""
GRANT = """mutation($input: FundGrantInput!) { grantFromFund(input: $input) {
  result { recipient amountYuan note requestKey fund { id } } errors { field message code } } }"""
STATEMENT = """query($fund: ID!, $year: Int!) { fundStatement(fundId: $fund, year: $year) {
  year openingYuan donationsYuan inKindYuan grantsYuan closingYuan closingFen } }"""
ISSUE = """mutation($id: ID!) { issueDonationReceipt(donationId: $id) {
  result { number amountYuan amountCapital fundName hostName issuedOn downloadPath donationId }
  errors { field message code } } }"""
VERIFY = """query($n: String!) { donationReceipt(number: $n) { number amountYuan hostName } }"""


async def created(client, token, mutation, name, data) -> str:
    body = await graphql(client, mutation, {"input": data}, token=token)
    assert body["data"][name]["errors"] == [], body
    return body["data"][name]["result"]["id"]


async def charity(client, token, *, public: bool = True, code: str = "51500114MJP271988G") -> str:
    return await created(client, token, ORGANIZATION, "createSocialOrganization", {
        "name": "黔江区慈善会", "orgType": "CHARITY_ORGANIZATION", "registration": "REGISTERED",
        "creditCode": code, "publicFundraising": public, "establishedOn": "2015-01-01", "region": STREET})


async def fund(client, token) -> str:
    host = await charity(client, token)
    return await created(client, token, FUND, "createCommunityFund", {
        "name": "正阳街道社区基金", "hostOrganizationId": host, "establishedOn": "2022-01-01", "region": STREET})


async def donate(client, token, fund_id, fen, *, day=None, **fields) -> dict:
    data = {"fundId": fund_id, "donorName": "某企业", "donorKind": "ENTERPRISE", "form": "MONEY", "amountFen": fen,
            "donatedOn": (day or clock.today()).isoformat(), "region": STREET} | fields
    body = await graphql(client, DONATE, {"input": data}, token=token)
    assert body["data"]["recordDonation"]["errors"] == [], body
    return body["data"]["recordDonation"]["result"]


async def open_case(platform, path=COMMUNITY, *, terminal=False) -> int:
    """A case row as a plugin's procedure would have opened it (the grant only needs it to exist)."""
    async with platform.sessions() as session, session.begin():
        region = (await session.exec(select(Region).where(Region.path == path))).one()
        case = Case(tenant_id=region.tenant_id, region_id=region.id, case_type="purchase", plugin="chongqing",
                    state="closed" if terminal else "open", terminal=terminal, title="购买服务项目", opened_by="admin")
        session.add(case)
        await session.flush()
        return int(case.id)


async def grant(client, token, fund_id, case_id, fen, key, purpose="困难家庭助学") -> dict:  # case_id: a number or a global id
    body = await graphql(client, GRANT, {"input": {"fundId": fund_id, "caseId": case_global(case_id) if isinstance(case_id, int) else case_id,
                                                   "amountFen": fen, "purpose": purpose, "requestKey": key}}, token=token)
    assert "errors" not in body, body
    return body["data"]["grantFromFund"]


async def outsider(platform, client, admin_token) -> str:
    """A user holding every fund permission at a community beside the fund's region: sees none of it."""
    role = await create_role(client, admin_token, "outside_granter", "COMMUNITY", [
        "community_fund:read", "community_fund:grant", "case:read", "donation:read", "region:read"], "chongqing")
    assert role["errors"] == [], role
    return await user_with_role(platform, client, admin_token, "outsider", "chongqing", "outside_granter", OTHER)


def case_global(case_id: int) -> str:
    from core.web.graphql.ids import global_id
    return str(global_id("Case", case_id))


async def ledger(platform, account: str) -> list[LedgerEntry]:
    async with platform.sessions() as session:
        return list((await session.exec(select(LedgerEntry).where(LedgerEntry.account == account)
                                        .order_by(LedgerEntry.id))).all())


async def test_a_fund_needs_a_public_fundraising_charity_as_host(client, admin_token):
    host = await charity(client, admin_token, public=False)
    body = await graphql(client, FUND, {"input": {"name": "某基金", "hostOrganizationId": host, "region": STREET}},
                         token=admin_token)
    assert body["data"]["createCommunityFund"]["errors"] == [{"field": "hostOrganizationId", "message":
        "a community fund is hosted by a charity organization with public-fundraising qualification (公开募捐资格)"}]


async def test_donations_land_on_the_ledger_and_grants_move_money_to_a_case(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    number = row_id(fund_id)
    await donate(client, admin_token, fund_id, 500_000)
    resident = await donate(client, admin_token, fund_id, 12_345, donorName="张三丰", donorKind="RESIDENT")
    assert resident["donorName"] == "张**"  # a resident's name is personal data
    await donate(client, admin_token, fund_id, 0, form="IN_KIND", amountFen=0, inKindDescription="大米50袋",
                 inKindValueFen=250_000)
    entries = await ledger(platform, f"fund:{number}")
    assert [(e.kind, e.amount_fen) for e in entries] == [("donation", 500_000), ("donation", 12_345)]
    assert [e.amount_fen for e in await ledger(platform, f"fund:{number}:in_kind")] == [250_000]
    assert all("张" not in e.note for e in entries)  # the append-only ledger names no donor

    case_id = await open_case(platform)
    made = await grant(client, admin_token, fund_id, case_id, 300_000, "g-1")
    assert made["errors"] == [] and made["result"]["recipient"] == f"case:{case_id}"
    assert made["result"]["amountYuan"] == "3000.00" and made["result"]["fund"]["id"] == fund_id
    async with platform.sessions() as session, session.begin():  # the case closes after the grant
        await session.exec(sa.update(Case).where(Case.id == case_id).values(terminal=True, state="closed"))
    again = await grant(client, admin_token, fund_id, case_id, 300_000, "g-1")
    assert again["result"] == made["result"]  # the same key: the same grant, nothing new
    async with platform.sessions() as session, session.begin():
        await session.exec(sa.update(Case).where(Case.id == case_id).values(terminal=False, state="open"))
    other = await grant(client, admin_token, fund_id, case_id, 1, "g-1")
    assert other["errors"] == [{"field": "requestKey", "code": "duplicate", "message": "already used for a different entry"}]
    too_much = await grant(client, admin_token, fund_id, case_id, 212_346, "g-2")
    assert too_much["errors"] == [{"field": "amountFen", "code": "conflict", "message":
                                   "the fund holds 2,123.45元, less than the 2,123.46元 asked for"}]
    closed = await grant(client, admin_token, fund_id, await open_case(platform, terminal=True), 1, "g-3")
    assert closed["errors"][0]["field"] == "caseId" and "closed" in closed["errors"][0]["message"]
    zero = await grant(client, admin_token, fund_id, case_id, 0, "g-4")
    assert zero["errors"][0]["field"] == "amountFen"

    to_case = await ledger(platform, f"case:{case_id}")
    assert [(e.kind, e.amount_fen, e.case_id) for e in to_case] == [("grant", 300_000, case_id)]
    statement = await graphql(client, STATEMENT, {"fund": fund_id, "year": YEAR}, token=admin_token)
    assert statement["data"]["fundStatement"] == {
        "year": YEAR, "openingYuan": "0.00", "donationsYuan": "5123.45", "inKindYuan": "2500.00",
        "grantsYuan": "3000.00", "closingYuan": "2123.45", "closingFen": 212_345}
    assert sum(e.amount_fen for e in await ledger(platform, f"fund:{number}")) == 212_345


async def test_a_grant_needs_community_fund_grant_at_the_funds_region(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 10_000)
    case_id = await open_case(platform)
    elsewhere = await outsider(platform, client, admin_token)
    hidden = await grant(client, elsewhere, fund_id, case_id, 100, "k")
    assert hidden["errors"] == [{"field": "fundId", "code": "not_found",
                                 "message": f"no CommunityFund with id {row_id(fund_id)}"}]
    role = await create_role(client, admin_token, "fund_reader", "STREET",
                             ["community_fund:read", "case:read", "region:read"], "chongqing")
    assert role["errors"] == [], role
    reader = await user_with_role(platform, client, admin_token, "reader", "chongqing", "fund_reader", STREET)
    refused = await grant(client, reader, fund_id, case_id, 100, "k")
    assert refused["errors"] == [{"field": "fundId", "code": "forbidden",
                                  "message": f"you may not grant community_fund at {STREET!r}"}]
    granter = await create_role(client, admin_token, "fund_granter", "STREET",
                                ["community_fund:read", "community_fund:grant", "case:read", "region:read"], "chongqing")
    assert granter["errors"] == [], granter
    manager = await user_with_role(platform, client, admin_token, "manager", "chongqing", "fund_granter", STREET)
    assert (await grant(client, manager, fund_id, case_id, 100, "k"))["errors"] == []
    assert [e.amount_fen for e in await ledger(platform, f"case:{case_id}")] == [100]


async def test_the_yearly_totals_agree_with_the_indicator_and_date_donations_by_their_day(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 70_000, day=dt.date(YEAR - 1, 6, 1))
    await donate(client, admin_token, fund_id, 30_000)
    await donate(client, admin_token, fund_id, 0, form="IN_KIND", amountFen=0, inKindDescription="棉被",
                 inKindValueFen=5_000)
    case_id = await open_case(platform)
    assert (await grant(client, admin_token, fund_id, case_id, 20_000, "k1"))["errors"] == []
    this_year = (await graphql(client, STATEMENT, {"fund": fund_id, "year": YEAR}, token=admin_token))["data"]
    last_year = (await graphql(client, STATEMENT, {"fund": fund_id, "year": YEAR - 1}, token=admin_token))["data"]
    assert last_year["fundStatement"] | {"year": 0} == {
        "year": 0, "openingYuan": "0.00", "donationsYuan": "700.00", "inKindYuan": "0.00", "grantsYuan": "0.00",
        "closingYuan": "700.00", "closingFen": 70_000}
    assert this_year["fundStatement"] | {"year": 0} == {
        "year": 0, "openingYuan": "700.00", "donationsYuan": "300.00", "inKindYuan": "50.00", "grantsYuan": "200.00",
        "closingYuan": "800.00", "closingFen": 80_000}
    indicator = await graphql(client, """query($y: Int!) { region(path: "chongqing/qianjiang/zhengyang") {
      indicators(keys: ["fund_raised_per_year"], year: $y) { numerator } } }""", {"y": YEAR}, token=admin_token)
    raised = indicator["data"]["region"]["indicators"][0]["numerator"]
    assert raised == 30_000 + 5_000  # the indicator counts goods at their value, as the statement's two lines


async def test_receipts_are_numbered_in_capitals_downloadable_and_verified(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    first = await donate(client, admin_token, fund_id, 1_234_567, donorName="张三丰", donorKind="RESIDENT")
    second = await donate(client, admin_token, fund_id, 100_000)
    one = (await graphql(client, ISSUE, {"id": first["id"]}, token=admin_token))["data"]["issueDonationReceipt"]
    two = (await graphql(client, ISSUE, {"id": second["id"]}, token=admin_token))["data"]["issueDonationReceipt"]
    again = (await graphql(client, ISSUE, {"id": first["id"]}, token=admin_token))["data"]["issueDonationReceipt"]
    assert one["errors"] == [] and again == one
    assert one["result"] | {"issuedOn": None} == {
        "number": f"JZ{YEAR}-000001", "amountYuan": "12345.67", "amountCapital": "壹万贰仟叁佰肆拾伍元陆角柒分",
        "fundName": "正阳街道社区基金", "hostName": "黔江区慈善会", "issuedOn": None,
        "downloadPath": f"/exports/receipts/JZ{YEAR}-000001.pdf", "donationId": first["id"]}
    assert two["result"]["number"] == f"JZ{YEAR}-000002" and two["result"]["amountCapital"] == "壹仟元整"

    verified = await graphql(client, VERIFY, {"n": f"jz{YEAR}-000001"}, token=admin_token)
    assert verified["data"]["donationReceipt"] == {"number": f"JZ{YEAR}-000001", "amountYuan": "12345.67",
                                                   "hostName": "黔江区慈善会"}
    unknown = await graphql(client, VERIFY, {"n": "JZ1999-000009"}, token=admin_token)
    assert unknown["data"] is None and unknown["errors"][0]["extensions"]["field"] == "number"

    response = await client.get(one["result"]["downloadPath"], headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for said in ("捐赠收据", f"JZ{YEAR}-000001", "张三丰", "壹万贰仟叁佰肆拾伍元陆角柒分", "12,345.67", "黔江区慈善会"):
        assert said in text, said
    anonymous = await client.get(one["result"]["downloadPath"])
    assert anonymous.status_code == 401
    stranger = await outsider(platform, client, admin_token)
    hidden = await client.get(one["result"]["downloadPath"], headers={"Authorization": f"Bearer {stranger}"})
    assert hidden.status_code == 404


async def test_a_ledger_entry_of_a_fund_cannot_be_changed_or_removed(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 10_000)
    account = f"fund:{row_id(fund_id)}"
    for statement in (f"UPDATE ledger_entry SET amount_fen = 1 WHERE account = '{account}'",
                      f"DELETE FROM ledger_entry WHERE account = '{account}'"):
        with pytest.raises(sa.exc.DatabaseError, match=r"append-only|permission denied"):
            async with platform.sessions() as session, session.begin():
                await session.exec(sa.text(statement))
    assert [e.amount_fen for e in await ledger(platform, account)] == [10_000]


CONCURRENT = 200
COVERED = 100


async def test_concurrent_grants_beyond_the_balance_only_those_covered_succeed(platform, client, admin_token,
                                                                               database_url):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, COVERED * 100)
    case_id = await open_case(platform)

    async def ask(n: int):
        variables = {"input": {"fundId": fund_id, "caseId": case_global(case_id), "amountFen": 100,
                               "purpose": "助学", "requestKey": f"c-{n}"}}
        return await client.post("/graphql", json={"query": GRANT, "variables": variables},
                                 headers={"Authorization": f"Bearer {admin_token}"})

    responses = await asyncio.gather(*(ask(n) for n in range(CONCURRENT)))
    assert {r.status_code for r in responses} == {200}
    payloads = [r.json()["data"]["grantFromFund"] for r in responses]
    made = [p for p in payloads if p["result"] is not None]
    refused = {(e["field"], e["code"]) for p in payloads if p["result"] is None for e in p["errors"]}
    assert refused <= {("amountFen", "conflict"), ("fundId", "conflict")}, refused
    if database_url.startswith("postgresql"):  # SQLite's one writer refuses some instead of waiting
        assert len(made) == COVERED
    else:
        assert 1 <= len(made) <= COVERED
    out = await ledger(platform, f"fund:{row_id(fund_id)}")
    assert sum(e.amount_fen for e in out) == (COVERED - len(made)) * 100 >= 0
    assert sum(e.amount_fen for e in await ledger(platform, f"case:{case_id}")) == len(made) * 100


async def test_the_same_request_key_at_once_makes_one_grant(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 10_000)
    case_id = await open_case(platform)

    async def ask():
        variables = {"input": {"fundId": fund_id, "caseId": case_global(case_id), "amountFen": 700,
                               "purpose": "助学", "requestKey": "once"}}
        return await client.post("/graphql", json={"query": GRANT, "variables": variables},
                                 headers={"Authorization": f"Bearer {admin_token}"})

    responses = await asyncio.gather(*(ask() for _ in range(50)))
    payloads = [r.json()["data"]["grantFromFund"] for r in responses]
    made = [p["result"] for p in payloads if p["result"] is not None]
    assert made and all(m == made[0] for m in made)
    assert {(e["field"], e["code"]) for p in payloads for e in p["errors"]} <= {("fundId", "conflict")}
    assert [e.amount_fen for e in await ledger(platform, f"case:{case_id}")] == [700]
    assert sum(e.amount_fen for e in await ledger(platform, f"fund:{row_id(fund_id)}")) == 9_300


async def test_every_id_of_the_funds_api_is_refused_naming_its_field(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    donation = (await donate(client, admin_token, fund_id, 100))["id"]
    case_id = case_global(await open_case(platform))
    for bad in ("x", "0", donation):  # not an id, no row, an id of another type
        made = await grant(client, admin_token, bad, case_id, 1, "k")
        assert [e["field"] for e in made["errors"]] == ["fundId"], made
        made = await grant(client, admin_token, fund_id, bad if bad != donation else fund_id, 1, "k")
        assert [e["field"] for e in made["errors"]] == ["caseId"], made
        receipt = await graphql(client, ISSUE, {"id": bad if bad != donation else fund_id}, token=admin_token)
        assert [e["field"] for e in receipt["data"]["issueDonationReceipt"]["errors"]] == ["donationId"], receipt
        statement = await graphql(client, STATEMENT, {"fund": bad, "year": YEAR}, token=admin_token)
        assert [e["extensions"]["field"] for e in statement["errors"]] == ["fundId"], statement


async def test_the_command_line_donates_grants_states_and_issues_receipts(platform, client, admin_token, settings,
                                                                           tmp_path):
    from typer.testing import CliRunner

    from core.cli import app as cli

    fund_id = str(row_id(await fund(client, admin_token)))
    case_id = str(await open_case(platform))
    database = settings.database_url

    async def wushe(*args: str):
        return await asyncio.to_thread(CliRunner().invoke, cli, ["fund", *args, "--database", database])

    done = await wushe("donate", fund_id, "--donor", "李四", "--kind", "resident", "--yuan", "1000.50",
                       "--region", STREET)
    assert done.exit_code == 0, done.output
    donation = done.output.split(":")[0].removeprefix("donation ")
    assert done.output.strip() == f"donation {donation}: 1000.50 yuan to fund {fund_id}"
    goods = await wushe("donate", fund_id, "--donor", "某超市", "--goods", "食用油20桶", "--value", "800",
                        "--region", STREET)
    assert goods.exit_code == 0, goods.output
    granted = await wushe("grant", fund_id, "--case", case_id, "--yuan", "600", "--purpose", "助老", "--key", "cli-1")
    assert granted.output.strip() == f"granted 600.00 yuan from fund {fund_id} to case:{case_id} (request key cli-1)"
    again = await wushe("grant", fund_id, "--case", case_id, "--yuan", "600", "--purpose", "助老", "--key", "cli-1")
    assert again.exit_code == 0 and again.output == granted.output
    over = await wushe("grant", fund_id, "--case", case_id, "--yuan", "400.51", "--purpose", "助老")
    assert over.exit_code == 2 and "the fund holds 400.50元, less than the 400.51元 asked for" in over.output
    bad = await wushe("grant", fund_id, "--case", case_id, "--yuan", "1.001", "--purpose", "助老")
    assert bad.exit_code == 2 and "yuan" in bad.output

    shown = await wushe("statement", fund_id, "--year", str(YEAR))
    assert shown.output.split("\n")[1:6] == [f"{label:<10}{amount:>16}" for label, amount in (
        ("opening", "0.00"), ("donations", "1000.50"), ("in kind", "800.00"), ("grants", "600.00"),
        ("closing", "400.50"))]

    pdf = tmp_path / "receipt.pdf"
    issued = await wushe("receipt", donation, "--output", str(pdf))
    assert issued.exit_code == 0, issued.output
    assert issued.output.startswith(f"JZ{YEAR}-000001: 1000.50 yuan (壹仟元伍角整) to 正阳街道社区基金")
    assert "李四" in PdfReader(pdf).pages[0].extract_text()
    checked = await wushe("verify", f"JZ{YEAR}-000001")
    assert checked.output == issued.output
    # a number is a tenant's own: one issued in two tenants is verified with the tenant named
    elsewhere = await created(client, admin_token, ORGANIZATION, "createSocialOrganization", {
        "name": "和平区慈善协会", "orgType": "CHARITY_ORGANIZATION", "registration": "REGISTERED",
        "creditCode": "51120101MJ0000000X", "publicFundraising": True, "region": "tianjin/heping/nanshi"})
    tianjin_fund = await created(client, admin_token, FUND, "createCommunityFund", {
        "name": "南市街道社区基金", "hostOrganizationId": elsewhere, "region": "tianjin/heping/nanshi"})
    gift = await donate(client, admin_token, tianjin_fund, 300, region="tianjin/heping/nanshi")
    assert (await graphql(client, ISSUE, {"id": gift["id"]}, token=admin_token))["data"]["issueDonationReceipt"][
        "result"]["number"] == f"JZ{YEAR}-000001"
    both = await wushe("verify", f"JZ{YEAR}-000001")
    assert both.exit_code == 2 and "was issued in 2 tenants: name the tenant" in both.output
    named = await wushe("verify", f"JZ{YEAR}-000001", "--tenant", "chongqing")
    assert named.output == issued.output
    missing = await wushe("verify", "JZ1999-000001")
    assert missing.exit_code == 2 and "no receipt numbered" in missing.output
    assert [e.amount_fen for e in await ledger(platform, f"case:{int(case_id)}")] == [60_000]
    nobody = await grant(client, admin_token, fund_id, None, 1, "k")
    assert nobody["errors"] == [{"field": "caseId", "code": "required", "message": "name the one recipient of the grant: caseId or projectId"}]


async def test_a_grant_at_half_past_midnight_on_new_years_day_in_beijing_is_of_the_new_year(platform, client,
                                                                                            admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 10_000, day=dt.date(YEAR - 2, 3, 1))
    async with platform.sessions() as session, session.begin():
        region = (await session.exec(select(Region).where(Region.path == STREET))).one()
        session.add(LedgerEntry(tenant_id=region.tenant_id, region_id=region.id, account=f"fund:{row_id(fund_id)}",
                                kind="grant", amount_fen=-4_000, actor="admin", request_key="midnight",
                                at=dt.datetime(YEAR - 2, 12, 31, 16, 30, tzinfo=dt.UTC)))
    years = [(await graphql(client, STATEMENT, {"fund": fund_id, "year": y}, token=admin_token))["data"]["fundStatement"]
             for y in (YEAR - 2, YEAR - 1)]
    assert [(s["grantsYuan"], s["closingYuan"]) for s in years] == [("0.00", "100.00"), ("40.00", "60.00")]


ADD_PROJECT = """mutation($input: ServiceProjectInput!) { addServiceProject(input: $input) {
  result { id } errors { field message code } } }"""


async def test_a_grant_goes_to_a_project_of_the_project_list_and_never_to_a_finished_one(platform, client, admin_token):
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 100_000)
    project = await created(client, admin_token, ADD_PROJECT, "addServiceProject", {
        "region": STREET, "name": "正阳街道“送需进家”项目", "domain": "生活照料", "capacity": 10})
    made = await graphql(client, GRANT, {"input": {"fundId": fund_id, "projectId": project, "amountFen": 40_000,
                                                   "purpose": "助餐", "requestKey": "p-1"}}, token=admin_token)
    assert made["data"]["grantFromFund"]["errors"] == [], made
    assert made["data"]["grantFromFund"]["result"]["recipient"] == f"project:{row_id(project)}"
    assert [e.amount_fen for e in await ledger(platform, f"project:{row_id(project)}")] == [40_000]
    both = await graphql(client, GRANT, {"input": {"fundId": fund_id, "projectId": project, "caseId": case_global(1),
                                                   "amountFen": 1, "purpose": "助餐", "requestKey": "p-2"}}, token=admin_token)
    assert both["data"]["grantFromFund"]["errors"][0]["field"] == "caseId"
    async with platform.sessions() as session, session.begin():
        await session.exec(sa.update(ServiceProject).where(ServiceProject.id == row_id(project))
                           .values(status=ProjectStatus.FINISHED))
    finished = await graphql(client, GRANT, {"input": {"fundId": fund_id, "projectId": project, "amountFen": 1,
                                                       "purpose": "助餐", "requestKey": "p-3"}}, token=admin_token)
    error = finished["data"]["grantFromFund"]["errors"][0]
    assert error["field"] == "projectId" and "finished" in error["message"]
    missing = await graphql(client, GRANT, {"input": {"fundId": fund_id, "projectId": "U2VydmljZVByb2plY3Q6OTk5",
                                                      "amountFen": 1, "purpose": "助餐", "requestKey": "p-4"}},
                            token=admin_token)
    assert missing["data"]["grantFromFund"]["errors"][0]["field"] == "projectId"
