"""The public disclosure page (/public/{tenant}): no sign-in, what the documents make public and
nothing personal or not public — proved from the models' own list of personal fields, so a field
added to it later is checked too."""

import pytest
from sqlmodel import SQLModel, select, text

from core import clock
from core.models import Case, Region, SocialOrganization
from core.personal import PERSONAL_FIELDS
from core.testing import graphql, platform_wide
from core.web.console.public import MAX_AGE
from tests.console.people import person

COMMUNITY = "panjin/dawa/tianjia/shuanghai"
CQ_COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
SEEDED = {"王秀英丙", "13812345678", "11010519491231002X", "13900001111", "李四丁", "赵监护人", "刘捐赠人", "440524188001010014"}
"""The personal values given in clear (the masks and ciphertexts are read back from the database)."""


async def ok(client, token, mutation: str, data: dict) -> dict:
    body = await graphql(client, mutation, {"input": data}, token=token)
    (payload,) = body["data"].values()
    assert payload["errors"] == [], body
    return payload


def personal_columns() -> dict[str, list[str]]:
    """Every table's personal columns: those :data:`PERSONAL_FIELDS` names (each as stored: the
    column, or its ciphertext and mask) and any column sealed on its own (``*_encrypted``, ``*_masked``)."""
    out: dict[str, list[str]] = {}
    listed = {model.__tablename__: fields for model, fields in PERSONAL_FIELDS.items()}
    for table in SQLModel.metadata.sorted_tables:
        names = set(table.columns.keys())
        wanted = {c for c in names if c.endswith(("_encrypted", "_masked"))}
        for name in listed.get(table.name, ()):
            wanted |= {c for c in (name, f"{name}_encrypted", f"{name}_masked") if c in names}
        if wanted:
            out[table.name] = sorted(wanted)
    return out


def test_every_sealed_table_is_in_the_list_of_personal_fields():
    """A new table with a sealed column must say which fields are a person's (or this test, and the
    public page's, would miss its clear columns)."""
    listed = {model.__tablename__ for model in PERSONAL_FIELDS}
    sealed = {t.name for t in SQLModel.metadata.sorted_tables
              if any(c.endswith("_encrypted") for c in t.columns.keys())}  # noqa: SIM118
    assert sealed - {"form_submission_field", "certificate"} <= listed, sealed - listed


async def seed_case(platform, path: str, state: str, title: str, data: dict, case_type="panjin_application",
                    plugin="panjin") -> None:
    async with platform.sessions() as session, session.begin():
        region = (await session.exec(select(Region).where(Region.path == path))).one()
        session.add(Case(tenant_id=region.tenant_id, region_id=region.id, case_type=case_type, plugin=plugin,
                         state=state, title=title, data=data, opened_by="admin"))


@pytest.fixture
def extra_plugins():
    return []


async def test_the_public_page_shows_the_awarded_projects_funds_and_targets_and_nothing_personal(
        platform, client, admin_token):
    # personal data of residents, volunteers, workers and donors, in both tenants
    await ok(client, admin_token, """mutation($input: VolunteerInput!) { createVolunteer(input: $input) {
        errors { field } } }""", {"name": "李四丁", "idNumber": "440524188001010014", "phone": "13900001111",
                                  "region": COMMUNITY})
    await ok(client, admin_token, """mutation($input: SocialWorkerInput!) { createSocialWorker(input: $input) {
        errors { field } } }""", {"name": "赵监护人", "idNumber": "11010519491231002X", "region": COMMUNITY})
    host = await ok(client, admin_token, """mutation($input: SocialOrganizationInput!) {
        createSocialOrganization(input: $input) { result { id } errors { field } } }""", {
        "name": "盘锦市社会工作服务中心", "orgType": "CHARITY_ORGANIZATION", "publicFundraising": True,
        "registration": "REGISTERED", "creditCode": "51500114MJP271988G", "establishedOn": "2015-01-01",
        "region": "panjin/dawa"})
    await ok(client, admin_token, """mutation($input: DemandInput!) { addDemand(input: $input) { errors { field } } }""",
             {"region": CQ_COMMUNITY, "group": "独居老人", "domain": "生活照料", "description": "每周上门助洁",
              "residentName": "王秀英丙", "phone": "13812345678"})
    async with platform.sessions() as session:
        org = (await session.exec(select(SocialOrganization).where(SocialOrganization.name == "盘锦市社会工作服务中心"))).one()
    await ok(client, admin_token, """mutation($input: CommunityFundInput!) { createCommunityFund(input: $input) {
        errors { field } } }""", {"name": "双海社区基金", "hostOrganizationId": host["result"]["id"],
                                  "establishedOn": "2022-01-01", "region": "panjin/dawa/tianjia"})
    await person(platform, "expert_zhou", "panjin")

    awarded = {"organization_id": org.id, "service_category": "为老服务", "requested_fen": 12_345_600,
               "award_fen": 12_000_000, "review_score": "88.50", "final": {"passed": True, "score": 91},
               "reviewer_names": ["expert_zhou"], "contact_phone": "13812345678"}
    await seed_case(platform, "panjin/dawa", "finished", "公开项目：幸福晚年", awarded)
    for state in ("submitted", "qualified", "ineligible", "reserve", "not_funded", "disqualified"):
        await seed_case(platform, "panjin/dawa", state, f"未公开项目{state}", awarded)
    await seed_case(platform, "panjin/dawa", "creating", "天津的草稿", {}, case_type="tianjin_creation_point",
                    plugin="tianjin")
    await seed_case(platform, CQ_COMMUNITY, "finished", "他租户的项目", awarded)  # another tenant's

    answer = await client.get("/public/panjin")
    assert answer.status_code == 200, answer.text
    html = answer.text
    assert "公开项目：幸福晚年" in html and "盘锦市社会工作服务中心" in html and "123456.00" in html and "120000.00" in html
    assert "88.50" in html and "合格" in html and "双海社区基金" in html
    assert "未公开项目" not in html and "天津的草稿" not in html and "他租户的项目" not in html
    assert "expert_zhou" not in html
    assert set(answer.headers["cache-control"].split(", ")) == {"public", f"max-age={MAX_AGE}"}
    assert "set-cookie" not in answer.headers and "<form" not in html and "<script" not in html
    assert "script-src" not in answer.headers["content-security-policy"]  # default-src 'none': no script at all

    pages = html + (await client.get("/public/chongqing")).text
    values = set(SEEDED)
    async with platform_wide(platform) as connection:
        for table, columns in personal_columns().items():
            for row in (await connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))).all():
                values |= {str(v) for v in row if v not in (None, "") and len(str(v)) >= 2}
    assert len(values) > len(SEEDED), "the seeded personal data were not stored"
    assert [v for v in values if v in pages] == []


async def test_unknown_tenants_and_bad_years_answer_without_the_page(client):
    assert (await client.get("/public/nowhere")).status_code == 404
    assert (await client.get("/public/panjin", params={"year": "abc"})).status_code == 400
    assert (await client.get("/public/panjin", params={"year": str(clock.today().year)})).status_code == 200


async def test_the_page_is_served_from_the_cache_within_its_max_age(platform, client):
    first = (await client.get("/public/panjin")).text
    await seed_case(platform, "panjin/dawa", "contracted", "缓存之后签约的项目", {"award_fen": 100})
    assert (await client.get("/public/panjin")).text == first  # the cached page, for MAX_AGE seconds
    assert "缓存之后签约的项目" in (await client.get("/public/panjin", params={"year": clock.today().year})).text
