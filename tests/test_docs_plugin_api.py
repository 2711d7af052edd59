"""docs/plugins.md on GraphQL fields and rules is true: the example is the Chongqing plugin's code
as it runs, the reference lists everything ``core.graphql`` and the context give, and the rules
example declares what the built-in plugins declare."""

import re
import types
from pathlib import Path

from strawberry.litestar.controller import BaseContext

import core.graphql
from core.documents.rules import check_rule_fields, problems_of, run_rules
from core.plugins.registry import Declared
from core.testing import graphql
from core.web.graphql.context import Context

ROOT = Path(__file__).parents[1]
PLUGINS = ROOT / "docs" / "plugins.md"


def section(title: str) -> str:
    text = PLUGINS.read_text(encoding="utf-8")
    return text.split(f"### `{title}", 1)[1].split("\n### ", 1)[0]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_the_graphql_example_is_the_chongqing_plugins_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "plugins" / "chongqing").glob("*.py")))
    examples = blocks(section("register_graphql("), "python")
    assert len(examples) == 4
    for example in examples:
        assert example.strip() in code, example


async def test_the_graphql_example_query_answers(client, admin_token):
    (query,) = blocks(section("register_graphql("), "graphql")
    body = await graphql(client, query, token=admin_token)
    assert "errors" not in body, body
    assert body["data"]["chongqingMatching"] == {"answered": 0, "unanswered": 0, "peopleUnanswered": 0, "demands": []}


def test_the_reference_names_everything_core_graphql_and_the_context_give():
    text = section("register_graphql(")
    for name in core.graphql.__all__:
        assert re.search(rf"`{name}[`(]", text), f"docs/plugins.md does not describe core.graphql.{name}"
    members = {n for n in dir(Context) if not n.startswith("_")} - set(dir(BaseContext))
    assert members >= {"region", "require", "submissions", "visible", "who"}
    for name in sorted(members):
        assert f"`info.context.{name}" in text, f"docs/plugins.md does not describe info.context.{name}"


async def test_the_rules_example_declares_what_the_plugins_declare(platform):
    module = types.ModuleType("rules_example")
    exec(compile(blocks(section("register_rules("), "python")[0], "docs/plugins.md", "exec"), module.__dict__)
    registry = platform.registry
    declared = {d.item.key: d.item for d in registry.rules}
    for rule in module.RULES:
        mine = declared[rule.key]
        assert (rule.subject, rule.fields, rule.label) == (mine.subject, mine.fields, mine.label)
        assert mine.source.startswith(rule.source.split(" ")[0])
    check_rule_fields(types.SimpleNamespace(forms=registry.forms, rules=[Declared("doc", r) for r in module.RULES]))

    undecided = {"items": [{"name": "童伴计划", "major_matter": True, "party_decided_on": "2023-03-20"},
                           {"name": "长者食堂", "major_matter": True}]}
    (party,) = [Declared("doc", r) for r in module.RULES if r.key == "chongqing_project_party_decision"]
    results = await run_rules([party], undecided, context=None)
    assert [(p.field, p.rule) for p in problems_of(results)] == [("data.items.1.party_decided_on", "chongqing_project_party_decision")]
    (ours,) = [d for d in registry.rules if d.item.key == "chongqing_project_party_decision"]
    assert [f.field for f in (await run_rules([ours], undecided, context=None))[0].faults] == ["items.1.party_decided_on"]
    (consent,) = [Declared("doc", r) for r in module.RULES if r.key == "qianjiang_child_file_guardian_consent"]
    late = {"guardian_consent": {"date": "2023-03-02"}, "opened_on": "2023-03-01"}
    assert [p.field for p in problems_of(await run_rules([consent], late, context=None))] == ["data.guardian_consent.date"]
