"""docs/administrators.md ("Who records what") is what `wushe recording` prints for the built-in
plugins, so the table administrators read is the one `wushe init` writes into the policy."""

import os
from pathlib import Path

import plugins.chongqing
import plugins.hebei
import plugins.panjin
import plugins.qianjiang
import plugins.tianjin
from core import RoleDecl
from core.cli.recording import cell, tiers_where
from core.plugins.manager import load
from core.tree.tiers import Tier
from tests.test_cli import run

DOC = Path(__file__).parents[2] / "docs" / "administrators.md"
HEADING = "## Who records what"
REGIONS_HEADING = "## Who maintains regions"


def section(text: str, heading: str = HEADING) -> str:
    """The section under ``heading``, up to the next section of the same level."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end == -1 else text[start:end + 1]


def test_the_doc_is_what_the_command_prints():
    done = run("recording", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    stale = "docs/administrators.md is stale: replace its 'Who records what' section with `wushe recording`"
    assert section(DOC.read_text(encoding="utf-8")).rstrip("\n") == done.stdout.rstrip("\n"), stale
    for plugin in ("panjin", "qianjiang", "tianjin", "hebei", "chongqing"):
        assert f"### `{plugin}`" in done.stdout


def test_the_regions_section_is_what_the_command_prints_and_comes_before_the_last():
    done = run("recording", "--regions", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    text = DOC.read_text(encoding="utf-8")
    stale = "docs/administrators.md is stale: replace its 'Who maintains regions' section with `wushe recording --regions`"
    assert section(text, REGIONS_HEADING).rstrip("\n") == done.stdout.rstrip("\n"), stale
    assert text.index(REGIONS_HEADING) < text.index(HEADING)
    assert [line for line in text.splitlines() if line.startswith("## ")][-1] == HEADING
    for plugin in ("panjin", "qianjiang", "tianjin", "hebei", "chongqing"):
        assert f"### `{plugin}`" in done.stdout
    # Only the roles that maintain something are listed: a contractor, a station or a community is not.
    assert "| `district_bureau` 区民政局 | district | district, street, community | street, community | — |" in done.stdout
    for role in ("`contractor`", "`social_work_station`", "`community`", "`two_committees`", "`street_office` 街镇"):
        assert role not in done.stdout, role


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



def test_regions_are_added_strictly_below_where_the_role_is_held():
    # A line naming the role's own tier adds nothing there: a region is added under the one held, never beside it.
    office = RoleDecl(code="x", label="x", tier=Tier.STREET, source="x",
                      permissions=("region:create@street,community", "region:update@street,community"))
    assert tiers_where(office, "region", "create", tuple(Tier)) == [Tier.COMMUNITY]
    assert tiers_where(office, "region", "update", tuple(Tier)) == [Tier.STREET, Tier.COMMUNITY]


def test_the_doc_no_longer_says_the_documents_are_silent():
    text = DOC.read_text(encoding="utf-8")
    assert "the documents do not say who keeps those records" not in text
    assert "| `street_office` 乡镇（街道） | street | create, update: street, community | create: community |" in section(text)


def test_the_table_has_the_ledgers_and_the_lists():
    """Issue 14's records: spot checks of the hours, the time bank and points, grants from funds, and the
    three lists with their matching, each at the tiers it is placed at."""
    done = run("recording", "--plugin", "qianjiang", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if line.startswith("| role |"))
    assert header == ("| role | held at | activities | service hours | time bank | points | donations | volunteers | teams "
                      "| organizations | workers | community funds | demands | resources | projects | forms | source |")
    roles = _roles("qianjiang")
    station = roles["social_work_station"]
    # the station enters demands (at the residents' communities) and matches at its street and communities
    assert cell(station, "demand", ("create", "update", "match"), DEMAND_PLACES) == (
        "create, update: community; match: street, community")
    assert cell(station, "time_bank", ("deposit", "withdraw", "convert"), (Tier.COMMUNITY,)) == (
        "deposit, withdraw: community")
    # the civil-affairs office spot-checks the hours at its street; it records none
    office = roles["civil_affairs_office"]
    assert cell(office, "service_record", ("create", "inspect"), HOURS_PLACES) == "inspect: street"
    tianjin = _roles("tianjin")
    assert cell(tianjin["charity_organization"], "community_fund", ("create", "update", "grant"), FUND_PLACES) == (
        "create, update, grant: street")


HOURS_PLACES = {"create": (Tier.COMMUNITY,), "inspect": (Tier.PROVINCE, Tier.CITY, Tier.DISTRICT, Tier.STREET)}
DEMAND_PLACES = {"create": (Tier.COMMUNITY,), "update": (Tier.COMMUNITY,),
                 "match": (Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY)}
FUND_PLACES = {"create": (Tier.STREET, Tier.COMMUNITY), "update": (Tier.STREET, Tier.COMMUNITY),
               "grant": (Tier.STREET, Tier.COMMUNITY)}
