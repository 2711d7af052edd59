"""docs/time-bank.md: its GraphQL examples run, in order, and do what the text says; the hooks'
example in docs/plugins.md loads; bad declarations of programmes and conversions fail at start-up."""

import re
import types
from pathlib import Path

import pytest

from core import ConversionDecl, ProgrammeDecl, SettingDecl
from core.errors import StartupError
from core.plugins.manager import load
from core.testing import graphql, plugin_module
from tests.graphql.test_credits import AWARD, hebei_volunteer, record, volunteer, write

ROOT = Path(__file__).resolve().parent.parent


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


async def test_the_time_bank_examples_run_in_order(client, admin_token):
    v = await volunteer(client, admin_token)
    r = await record(client, admin_token, v, 120)
    h = await hebei_volunteer(client, admin_token)
    await write(client, admin_token, AWARD, v=h, n=4, why="邻里守望", k="docs-hebei-award")
    variables = {"volunteer": v, "record": r, "hebeiVolunteer": h}
    text = (ROOT / "docs" / "time-bank.md").read_text(encoding="utf-8")
    answers = []
    for query in blocks(text, "graphql"):
        wanted = {name: value for name, value in variables.items() if f"${name}:" in query}
        body = await graphql(client, query, wanted, token=admin_token)
        assert "errors" not in body, (query, body)
        for name, payload in body["data"].items():
            if isinstance(payload, dict) and "errors" in payload:
                assert payload["errors"] == [], (name, payload)
        answers.append(body["data"])
    deposit, withdraw, points, accounts, programmes, convert = answers
    assert deposit["depositServiceTime"]["result"]["balance"] == 120
    assert withdraw["withdrawServiceTime"]["result"]["balance"] == 90
    assert [points[name]["result"]["balance"] for name in ("earnPoints", "awardPoints", "exchangePoints")] == [2, 12, 7]
    assert {a["programme"]: a["balance"] for a in accounts["creditAccounts"]} == {"time_bank": 90, "volunteer_points": 7}
    assert [n["kind"] for n in accounts["creditEntries"]["nodes"]] == ["deposit", "withdraw"]
    assert {c["rateSetting"] for c in programmes["creditProgrammes"]["conversions"]} == {
        "charity_points_per_volunteer_point", "volunteer_points_per_charity_point", "charity_points_per_service_hour"}
    out, into = convert["convertCredits"]["result"]["entries"]
    assert (out["kind"], out["amount"], out["pairId"], into["kind"], into["amount"]) == (
        "convert_out", -3, None, "convert_in", 3)
    assert into["pairId"] is not None


def test_the_plugins_doc_example_of_programmes_and_conversions_loads():
    """The example of register_programmes and register_conversions in docs/plugins.md."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = next(b for b in blocks(text, "python") if "def register_conversions" in b)
    module = types.ModuleType("wushe_xiamen_points")
    exec(compile(source, "docs/plugins.md", "exec"), module.__dict__)
    _, registry = load([module], entry_points=False)
    assert [(d.plugin, d.item.key) for d in registry.programmes][-1] == ("wushe_xiamen_points", "xiamen_green_points")
    assert [(d.item.source, d.item.target) for d in registry.conversions] == [("time_bank", "xiamen_green_points")]


CLAUSE = "某文件 三"


@pytest.mark.parametrize(
    ("hooks", "fragment"),
    [
        ({"register_programmes": [ProgrammeDecl(key="time_bank", label="重复", unit="minute", source=CLAUSE)]},
         "register_programmes[0].key: programme 'time_bank' is already declared by plugin 'core'"),
        ({"register_conversions": [ConversionDecl(source="time_bank", target="nowhere_points", rate_setting="rate",
                                                  label="x", source_clause=CLAUSE)],
          "register_settings": [SettingDecl(key="rate", label="比率", kind="decimal", default=1, source=CLAUSE)]},
         "register_conversions[0].target: no programme 'nowhere_points' is declared"),
        ({"register_conversions": [ConversionDecl(source="time_bank", target="volunteer_points", rate_setting="rate",
                                                  label="x", source_clause=CLAUSE)]},
         "register_conversions[0].rate_setting: plugin 'odd' declares no setting 'rate'"),
        ({"register_conversions": [ConversionDecl(source="time_bank", target="volunteer_points", rate_setting="rate",
                                                  enabled_setting="rate", label="x", source_clause=CLAUSE)],
          "register_settings": [SettingDecl(key="rate", label="比率", kind="decimal", default=1, source=CLAUSE)]},
         "register_conversions[0].enabled_setting: setting 'rate' is a decimal, not a bool"),
        ({"register_programmes": [{"key": "odd_hours", "label": "时数", "unit": "minute", "earn_per_hour": 1,
                                   "source": CLAUSE}]},
         "register_programmes[0]: Value error, a minute programme holds the minutes served themselves"),
    ],
)
def test_a_bad_programme_or_conversion_fails_at_start_up(hooks, fragment):
    with pytest.raises(StartupError) as raised:
        load([plugin_module("odd", None, **hooks)], entry_points=False)
    assert fragment in str(raised.value)
