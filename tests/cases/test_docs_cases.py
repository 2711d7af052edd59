"""docs/cases.md is true: its plugin loads with register_case_types, and its GraphQL example answers
what the page shows."""

import json
import re
import types
from pathlib import Path

import pytest

from core.errors import StartupError
from core.plugins.manager import load
from core.testing import graphql, user_with_role

DOC = (Path(__file__).parents[2] / "docs" / "cases.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.S)


def doc_plugin() -> types.ModuleType:
    module = types.ModuleType("wushe_xiamen_cases")
    module.PLUGIN_NAME = "xiamen"  # type: ignore[attr-defined]
    exec(compile(blocks("python")[0], "docs/cases.md", "exec"), module.__dict__)
    return module


@pytest.fixture
def extra_plugins():
    return [doc_plugin()]


def test_the_documented_case_type_loads_through_register_case_types():
    _, registry = load([doc_plugin()], entry_points=False)
    assert [d.item.key for d in registry.case_types] == ["xiamen_grant"]


async def test_the_documented_example_answers_as_shown(platform, client, admin_token):
    token = await user_with_role(platform, client, admin_token, "applicant", "xiamen", "xiamen_applicant",
                                 "xiamen/siming")
    answer = await graphql(client, blocks("graphql")[0], token=token)
    assert answer == json.loads(blocks("json")[0])


def test_a_broken_case_type_fails_at_start_up_naming_plugin_and_field():
    module = doc_plugin()
    grant = module.GRANT
    unreachable = grant.model_copy(update={"transitions": grant.transitions[:1]})
    module.register_case_types = module.hookimpl(lambda: [unreachable.model_dump() | {
        "transitions": [t.model_dump(by_alias=True) for t in unreachable.transitions]}])
    with pytest.raises(StartupError, match=r"plugin 'xiamen': register_case_types\[0\]: Value error, state 'submitted' is not terminal and no transition leaves it"):
        load([module], entry_points=False)
    module.register_case_types = module.hookimpl(lambda: [grant, grant])
    with pytest.raises(StartupError, match=r"register_case_types\[1\]\.key: 'xiamen_grant' is already declared by plugin 'xiamen' \(register_case_types\[0\]\)"):
        load([module], entry_points=False)
    by_party = grant.transitions[0].model_dump(by_alias=True) | {"permission": None, "parties": ("applicant",)}
    module.register_case_types = module.hookimpl(lambda: [grant.model_dump() | {
        "transitions": [by_party, *(t.model_dump(by_alias=True) for t in grant.transitions[1:])]}])
    with pytest.raises(StartupError, match=r"transition 'apply': opening a case needs a permission"):
        load([module], entry_points=False)
    with_form = grant.transitions[0].model_copy(update={"form": "no_such_form"})
    module.register_case_types = module.hookimpl(
        lambda: [grant.model_copy(update={"transitions": (with_form, *grant.transitions[1:])})])
    with pytest.raises(StartupError, match=r"register_case_types\[0\]\.transitions\[0\]\.form: 'no_such_form' is not a declared form"):
        load([module], entry_points=False)
