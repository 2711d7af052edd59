"""The work queue and the overdue list in the console: myWork's and overdueCases' cases, with the
steps one may take and the due dates; a region one may not read has no overdue list."""

import pytest

from core.testing import graphql, row_id, step
from tests.cases import toy
from tests.console.people import person, signed_in


@pytest.fixture
def extra_plugins():
    return [toy.plugin()]


async def test_the_queue_lists_the_cases_one_can_act_on_with_their_steps(platform, client):
    await person(platform, "office", "toy", "toy_office", "toy")
    await person(platform, "expert", "toy", "toy_expert", "toy")
    payload = await step(client, await platform.token_for("office"), type="toy_call", region="toy", action="open_call")
    assert payload["errors"] == [], payload
    number = payload["result"]["id"]
    await signed_in(client, "office")
    html = (await client.get("/console/work")).text
    assert "共 1 件" in html and "征集" in html and "征集中" in html and "结束" in html
    assert f'<a href="/console/cases/{row_id(number)}">' in html
    overdue = await client.get("/console/work/overdue", params={"under": "toy"})
    assert overdue.status_code == 200 and "共 0 件" in overdue.text

    case = await client.get(f"/console/cases/{row_id(number)}")
    assert case.status_code == 200
    assert "征集中" in case.text and "发布：（开始） → 征集中 · office" in case.text and f'<li><a href="/console/cases/{row_id(number)}/steps/close">结束</a> <code>close</code>' in case.text

    await signed_in(client, "expert")
    assert "共 0 件" in (await client.get("/console/work")).text
    seen = await graphql(client, "query($id: ID!) { case(id: $id) { id } }", {"id": number},
                         token=await platform.token_for("expert"))
    page = await client.get(f"/console/cases/{row_id(number)}")
    assert page.status_code == (200 if seen.get("data", {}).get("case") else 404), seen  # as the API answers


async def test_no_overdue_list_outside_ones_regions(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    assert (await client.get("/console/work/overdue", params={"under": "panjin/dawa"})).status_code == 404
    assert (await client.get("/console/cases/1")).status_code == 404  # none there, or one not to be seen: the same
