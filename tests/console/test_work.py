"""The work queue and the overdue list in the console: myWork's and overdueCases' cases, with the
steps one may take and the due dates; a region one may not read has no overdue list."""

import pytest

from core.testing import row_id, step
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
    assert f"<tr><td>{row_id(number)}</td>" in html
    overdue = await client.get("/console/work/overdue", params={"under": "toy"})
    assert overdue.status_code == 200 and "共 0 件" in overdue.text

    await signed_in(client, "expert")
    assert "共 0 件" in (await client.get("/console/work")).text


async def test_no_overdue_list_outside_ones_regions(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    await signed_in(client, "bureau")
    assert (await client.get("/console/work/overdue", params={"under": "panjin/dawa"})).status_code == 404
