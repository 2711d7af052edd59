"""docs/ending-records.md is true: its table lists every reason of every kind with its label, and its
examples give the answers shown."""

import json
import re
from pathlib import Path

from core.services import endings
from core.testing import graphql
from tests.test_docs import blocks

DOC = Path(__file__).parents[2] / "docs" / "ending-records.md"
MUTATIONS = {"volunteer": "deregisterVolunteer", "social_organization": "deregisterOrganization",
             "social_worker": "endSocialWorkerPost", "volunteer_team": "dissolveVolunteerTeam",
             "community_fund": "closeCommunityFund"}


def test_the_table_lists_every_reason_of_every_kind():
    text = DOC.read_text(encoding="utf-8")
    for kind, mutation in MUTATIONS.items():
        row = re.search(rf"^\| [a-z ]+ \| `{mutation}` \| (.*) \|$", text, flags=re.M)
        assert row is not None, mutation
        listed = dict(re.findall(r"`([A-Z_]+)` ([^,]+)", row.group(1)))
        assert listed == {key.upper(): label.strip() for key, label in endings.KINDS[kind].reasons.items()}, mutation


async def test_the_examples_give_the_answers_shown(client, admin_token):
    text = DOC.read_text(encoding="utf-8")
    leave, erase = blocks(text, "graphql")
    shown_leave, shown_erase = (json.loads(block) for block in blocks(text, "json"))
    created = await graphql(client, """mutation { createVolunteer(input: {name: "王芳", realNameRegistered: true,
      registeredOn: "2023-03-05", idNumber: "11010519491231002X", phone: "13812345678",
      region: "chongqing/qianjiang/zhengyang/chaoyang"}) { result { id } errors { field message } } }""", token=admin_token)
    id_ = created["data"]["createVolunteer"]["result"]["id"]
    count = """query($day: Date) { region(path: "chongqing/qianjiang/zhengyang/chaoyang") {
      indicators(keys: ["registered_volunteers"], asOf: $day) { numerator } } }"""

    assert await graphql(client, leave, {"id": id_}, token=admin_token) == shown_leave
    counted = [(await graphql(client, count, {"day": day}, token=admin_token))["data"]["region"]["indicators"][0]["numerator"]
               for day in ("2024-05-31", "2024-06-01")]
    assert counted == [1, 0]
    assert await graphql(client, erase, {"id": id_}, token=admin_token) == shown_erase
