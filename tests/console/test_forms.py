"""Forms rendered from their JSON Schema and UI hints, submitted as submitForm submits them, the
server's problems beside their fields; a table's rows grow with 添加一行 without submitting."""

from sqlmodel import select

from core.models import FormSubmission
from tests.console.people import csrf_of, person, signed_in

FORM = "hebei_assistance_service_purchase"
CITY = "hebei/shijiazhuang"


async def city_bureau(platform, client):
    await person(platform, "city", "hebei", "city_bureau", CITY)
    await signed_in(client, "city")


async def test_the_forms_in_use_at_a_region_are_listed_and_rendered_from_their_schema(platform, client):
    await city_bureau(platform, client)
    listed = (await client.get("/console/forms", params={"region": CITY})).text
    assert f'href="/console/forms/{FORM}?region=hebei/shijiazhuang"' in listed
    html = (await client.get(f"/console/forms/{FORM}", params={"region": CITY})).text
    assert "政府购买社会救助服务经费列支表" in html
    assert '<label for="f-year">年度（必填）</label>' in html
    assert '<select id="f-fund_source" name="fund_source"' in html and "困难群众救助补助资金" in html
    assert 'name="services.0.name"' in html and 'name="services.0.provider_kind"' in html


async def test_bad_answers_come_back_beside_their_fields_and_nothing_is_stored(platform, client):
    await city_bureau(platform, client)
    page = await client.get(f"/console/forms/{FORM}", params={"region": CITY})
    response = await client.post(f"/console/forms/{FORM}", data={
        "_csrf_token": csrf_of(page.text), "region": CITY, "year": "1999", "fund_source": "社会救助工作经费",
        "fund_total_fen": "lots", "purchase_amount_fen": "100", "services.0.name": "助餐服务",
        "services.0.provider_kind": "社会组织", "services.0.amount_fen": "100"})
    assert response.status_code == 400
    html = response.text
    assert 'id="f-year-error"' in html and "1999" in html.split('id="f-year-error"', 1)[1].split("</p>", 1)[0]
    assert 'id="f-fund_total_fen-error"' in html
    assert 'id="f-services-0-provider-error"' in html  # a row's field left empty: named beside it
    assert 'value="助餐服务"' in html  # what was typed stays
    async with platform.sessions() as session:
        assert (await session.exec(select(FormSubmission))).all() == []


async def test_a_good_submission_is_stored_and_a_row_is_added_without_submitting(platform, client):
    await city_bureau(platform, client)
    page = await client.get(f"/console/forms/{FORM}", params={"region": CITY})
    answers = {"_csrf_token": csrf_of(page.text), "region": CITY, "year": "2026", "fund_source": "社会救助工作经费",
               "fund_total_fen": "10000000", "purchase_amount_fen": "200000", "_rows.services": "1",
               "services.0.name": "助餐服务", "services.0.provider": "石家庄市某社工机构",
               "services.0.provider_kind": "社会工作服务机构", "services.0.amount_fen": "200000"}
    more = await client.post(f"/console/forms/{FORM}", data={**answers, "_more": "services"})
    assert more.status_code == 200 and 'name="services.1.name"' in more.text
    async with platform.sessions() as session:
        assert (await session.exec(select(FormSubmission))).all() == []
    done = await client.post(f"/console/forms/{FORM}", data=answers)
    assert done.status_code == 200, done.text
    assert "已提交" in done.text
    async with platform.sessions() as session:
        (row,) = (await session.exec(select(FormSubmission))).all()
    assert row.data["services"] == [{"name": "助餐服务", "provider": "石家庄市某社工机构",
                                     "provider_kind": "社会工作服务机构", "amount_fen": 200000}]
    assert row.data["year"] == 2026


async def test_no_form_page_where_one_may_not_submit(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    assert (await client.get("/console/forms", params={"region": CITY})).status_code == 404
    assert (await client.get(f"/console/forms/{FORM}", params={"region": "panjin/shuangtaizi"})).status_code == 403
