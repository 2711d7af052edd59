"""docs/lists.md is true: each GraphQL example, run in order on a new installation, answers what the
page shows."""

import json
import re
from pathlib import Path

from core.testing import graphql

DOC = Path(__file__).parents[1] / "docs" / "lists.md"


def blocks(text, language):
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


async def test_the_lists_examples_give_the_answers_shown(client, admin_token):
    text = DOC.read_text(encoding="utf-8")
    queries, shown = blocks(text, "graphql"), blocks(text, "json")
    assert len(queries) == len(shown) == 9
    for query, answer in zip(queries, shown, strict=True):
        assert await graphql(client, query, token=admin_token) == json.loads(answer), query
