"""docs/funds.md is true: its examples give the answers shown (the year is this year's)."""

import json
from pathlib import Path

from core import clock
from core.testing import graphql
from tests.graphql.test_funds import donate, fund, open_case
from tests.test_docs import blocks

DOC = Path(__file__).parents[2] / "docs" / "funds.md"
SHOWN_YEAR = "2026"


async def test_the_examples_give_the_answers_shown(platform, client, admin_token):
    year = str(clock.today().year)
    text = DOC.read_text(encoding="utf-8").replace(SHOWN_YEAR, year)
    grant, statement, receipt = blocks(text, "graphql")
    granted, refused, stated, issued = (json.loads(block) for block in blocks(text, "json"))
    fund_id = await fund(client, admin_token)
    await donate(client, admin_token, fund_id, 500_000, day=clock.today().replace(month=1, day=1))
    await donate(client, admin_token, fund_id, 0, form="IN_KIND", amountFen=0, inKindDescription="大米50袋",
                 inKindValueFen=80_000)
    assert (fund_id, await open_case(platform)) == ("Q29tbXVuaXR5RnVuZDox", 1)

    assert await graphql(client, grant, token=admin_token) == granted
    beyond = grant.replace("150000", "500000").replace("grant-", "other-")
    assert (await graphql(client, beyond, token=admin_token))["data"]["grantFromFund"]["errors"] == [refused]
    assert await graphql(client, statement, token=admin_token) == stated
    assert await graphql(client, receipt, token=admin_token) == issued
