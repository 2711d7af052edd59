"""docs/administrators.md ("Who records what") is what `wushe recording` prints for the built-in
plugins, so the table administrators read is the one `wushe init` writes into the policy."""

import os
from pathlib import Path

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core.cli.recording import cell, tiers_where
from core.plugins.manager import load
from core.tree.tiers import Tier
from tests.test_cli import run

DOC = Path(__file__).parents[2] / "docs" / "administrators.md"
HEADING = "## Who records what"


def section(text: str) -> str:
    """The section under :data:`HEADING`, up to the next section of the same level."""
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    return text[start:] if end == -1 else text[start:end + 1]


def test_the_doc_is_what_the_command_prints():
    done = run("recording", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    stale = "docs/administrators.md is stale: replace its 'Who records what' section with `wushe recording`"
    assert section(DOC.read_text(encoding="utf-8")).rstrip("\n") == done.stdout.rstrip("\n"), stale
    for plugin in ("panjin", "qianjiang", "tianjin", "hebei", "chongqing"):
        assert f"### `{plugin}`" in done.stdout


def test_one_plugin_and_an_unknown_one():
    done = run("recording", "--plugin", "hebei", env=dict(os.environ))
    assert done.returncode == 0 and "### `hebei`" in done.stdout and "### `panjin`" not in done.stdout
    done = run("recording", "--plugin", "wuhan", env=dict(os.environ))
    assert done.returncode == 2 and "plugin: no installed plugin 'wuhan'" in done.stderr


def _roles(plugin):
    registry = load([plugins.chongqing, plugins.qianjiang, plugins.hebei, plugins.panjin, plugins.tianjin],
                    entry_points=False)[1]
    return {d.item.code: d.item for d in registry.roles if d.plugin == plugin}


def test_cells_show_where_a_holder_actually_writes():
    chongqing = _roles("chongqing")
    # A street office records activities at its street and communities, an hour only at a volunteer's community.
    assert cell(chongqing["street_office"], "activity", ("create", "update"), (Tier.STREET, Tier.COMMUNITY)) == (
        "create, update: street, community")
    assert tiers_where(chongqing["street_office"], "service_record", "create", (Tier.COMMUNITY,)) == [Tier.COMMUNITY]
    # A line for every tier reaches no higher than where the role is held.
    organizer = _roles("panjin")["organizer"]
    assert tiers_where(organizer, "social_organization", "create", tuple(Tier)) == [
        Tier.CITY, Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY]
    # Different tiers per action are written apart; nothing at all is a dash.
    assert cell(organizer, "form", ("submit", "review"), tuple(Tier)) == (
        "submit: city, district; review: city, district, street, community")
    assert cell(_roles("tianjin")["supervision_team"], "activity", ("create", "update"), tuple(Tier)) == "—"


def test_the_doc_no_longer_says_the_documents_are_silent():
    text = DOC.read_text(encoding="utf-8")
    assert "the documents do not say who keeps those records" not in text
    assert "| `street_office` 乡镇（街道） | street | create, update: street, community | create: community |" in section(text)
