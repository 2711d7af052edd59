"""docs/subscriptions.md is true: its street office's messages, played as written, give the answers shown."""

import json
import re
from pathlib import Path

from core.testing import graphql, user_with_role
from tests.graphql.test_subscriptions import socket, until
from tests.test_docs import blocks

DOC = Path(__file__).parents[2] / "docs" / "subscriptions.md"


async def test_the_street_office_example_runs_as_written(platform, client, admin_token):
    text = DOC.read_text(encoding="utf-8").split("## A street office's work queue", 1)[1].split("\n## ", 1)[0]
    messages = [(arrow, json.loads(body)) for arrow, body in re.findall(r"^(→|←)[^\n]*\n\n```json\n(.*?)```", text,
                                                                           flags=re.S | re.M)]
    (mutation,) = blocks(text, "graphql")
    assert [arrow for arrow, _ in messages] == ["→", "←", "→", "←"]
    office = await user_with_role(platform, client, admin_token, "zhengyang_office", "chongqing", "street_office",
                                  "chongqing/qianjiang/zhengyang")
    community = await user_with_role(platform, client, admin_token, "chaoyang", "chongqing", "community",
                                     "chongqing/qianjiang/zhengyang/chaoyang")
    (_, init), (_, ack), (_, subscribe), (_, pushed) = messages
    init["payload"]["authorization"] = f"Bearer {office}"

    with socket(client) as ws:
        ws.send_json(init)
        assert ws.receive_json(timeout=10) == ack
        ws.send_json(subscribe)
        until(lambda: platform.events.subscribers == 1)
        answer = await graphql(client, mutation, token=community)
        assert answer["data"]["transition"] == {"result": {"state": "raised"}, "errors": []}
        assert ws.receive_json(timeout=10) == pushed
