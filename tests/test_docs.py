"""The documentation is true: every hook documented and tested, examples run as written."""

import json
import re
import types
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from core import migrations
from core.demo.data import fill_demo_data
from core.migrations import revisions
from core.platform import Platform
from core.plugins import hookspecs
from core.plugins.manager import load
from core.testing import graphql, settings_for_database
from core.testing.databases import filled
from tests.builtin import BUILT_IN

ROOT = Path(__file__).parents[1]
HOOKS = sorted(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "wushe_spec"))


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_every_hook_has_a_section_titled_with_its_signature():
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for hook in HOOKS:
        assert re.search(rf"^### `{hook}\(", text, flags=re.M), f"docs/plugins.md has no section for {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    tests = [p for p in (ROOT / "tests").rglob("test_*.py") if p.name != "test_docs.py"]
    assert any(hook in p.read_text(encoding="utf-8") for p in tests), f"no test mentions {hook}"


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = blocks(quick, "sh")
    assert len(commands) == 2
    assert all(len(c.strip().splitlines()) == 1 for c in commands)
    assert "wushe demo" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
    assert quick.split("<!-- test-command -->", 1)[1].split("```sh\n", 1)[1].startswith(commands[1])


def test_the_plugin_example_in_the_docs_loads():
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = next(b for b in blocks(text, "python") if "def register_regions" in b)
    module = types.ModuleType("wushe_xiamen")
    exec(compile(source, "docs/plugins.md", "exec"), module.__dict__)
    _, registry = load([module], entry_points=False)
    assert [d.item.path for d in registry.regions] == ["xiamen", "xiamen/siming"]


@pytest.fixture
async def demo(platform):
    await filled(platform, fill_demo_data)
    return platform


async def test_the_readme_example_gives_the_output_shown(demo, client, admin_token):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("## A cross-tier query", 1)[1]
    query = blocks(example, "graphql")[0]
    shown = json.loads(blocks(example, "json")[0])
    assert await graphql(client, query, token=admin_token) == shown


async def test_the_readme_rollup_gives_the_output_shown(demo, client, admin_token):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("## Where each community stands", 1)[1]
    query = blocks(example, "graphql")[0]
    shown = json.loads(blocks(example, "json")[0])
    assert await graphql(client, query, token=admin_token) == shown


async def test_the_readme_procedure_gives_the_output_shown(demo, client, admin_token):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("## Running a procedure", 1)[1]
    query = blocks(example, "graphql")[0]
    shown = json.loads(blocks(example, "json")[0])
    assert await graphql(client, query, token=admin_token) == shown


async def test_the_graphql_doc_examples_run(demo, client, admin_token):
    text = (ROOT / "docs" / "graphql.md").read_text(encoding="utf-8")
    queries = blocks(text, "graphql")
    assert len(queries) >= 4
    answers = [await graphql(client, q, token=admin_token) for q in queries]
    for query, answer in zip(queries, answers, strict=True):
        if query.lstrip().startswith("mutation"):
            continue
        assert "errors" not in answer, (query, answer)
    mutation = next(a for q, a in zip(queries, answers, strict=True) if q.lstrip().startswith("mutation"))
    assert mutation == json.loads(blocks(text, "json")[0])


REGIONS_SECTION = "## Regions maintained by their offices"


async def test_the_administrators_doc_examples_run(demo, client, admin_token):
    text = (ROOT / "docs" / "administrators.md").read_text(encoding="utf-8").split(REGIONS_SECTION)[0]
    answers = [await graphql(client, q, token=admin_token) for q in blocks(text, "graphql")]
    assert all("errors" not in a for a in answers), answers
    add_region, create_role, assign, explain, emergency, *_later = answers  # later sections: tested beside their code
    assert add_region["data"]["addRegion"] == {"result": {"path": "chongqing/qianjiang/zhengyang/xinqu"}, "errors": []}
    assert create_role["data"]["createRole"]["errors"] == []
    assert assign["data"] == {"createUser": {"errors": []}, "assignRole": {"errors": []}}
    assert explain == json.loads(blocks(text, "json")[0])
    assert emergency["data"]["startEmergency"]["errors"] == []


async def test_the_region_maintenance_examples_give_the_output_shown(client, admin_token):
    text = (ROOT / "docs" / "administrators.md").read_text(encoding="utf-8")
    section = text.split(REGIONS_SECTION, 1)[1].split("\n## ", 1)[0]
    queries, shown = blocks(section, "graphql"), blocks(section, "json")
    assert len(queries) == len(shown) == 4
    for query, output in zip(queries, shown, strict=True):
        assert await graphql(client, query, token=admin_token) == json.loads(output), query


def test_the_administrators_doc_lists_every_core_resource_and_its_actions():
    from core.access.vocabulary import CORE_RESOURCES

    text = (ROOT / "docs" / "administrators.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z_]+)` \| ([a-z_, ]+) \|$", text, flags=re.M))
    assert {r: tuple(a.split(", ")) for r, a in listed.items()} == CORE_RESOURCES


def test_the_permissions_table_is_the_vocabulary():
    """docs/plugins.md lists the core's resources and the built-in plugins' as the registry has them."""
    from core.access.vocabulary import CORE_RESOURCES

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("\n## Permissions table\n", 1)[1].split("\n## ", 1)[0]
    core_part, plugins_part = section.split("| resource | actions | plugin |")
    row = r"^\| `([a-z_]+)` \| ([a-z_, ]+) \| (.+) \|$"
    assert {r: tuple(a.split(", ")) for r, a, _ in re.findall(row, core_part, flags=re.M)} == CORE_RESOURCES
    plugins = {r: (tuple(a.split(", ")), p) for r, a, p in re.findall(row, plugins_part, flags=re.M)}
    _, registry = load(only=BUILT_IN)
    assert plugins == {d.item.resource: (d.item.actions, d.plugin) for d in registry.permissions if d.plugin != "core"}


def test_the_register_permissions_example_loads():
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    source = next(b for b in blocks(text, "python") if "def register_permissions" in b)
    module = types.ModuleType("wushe_xiamen_permissions")
    exec(compile(source, "docs/plugins.md", "exec"), module.__dict__)
    _, registry = load([module], entry_points=False)
    assert registry.vocabulary().resources["xiamen_grant"] == ("apply", "review")


def test_the_start_up_problems_shown_are_what_start_up_says():
    from core import FormDecl, RegionDecl, RoleDecl, TargetDecl, Tier, hookimpl
    from core.errors import StartupError

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## Rules the core checks at start-up", 1)[1]
    shown = blocks(section, "")[0].strip()
    role = RoleDecl(code="office", label="办公室", tier=Tier.CITY, permissions=("region:read",), source="s")
    target = TargetDecl(key="share", indicator="volunteer_share", label="占比", comparator=">=", threshold="0.2",
                        yearly=True, source="s")
    module = types.ModuleType("wushe_xiamen_broken")
    module.PLUGIN_NAME = "xiamen"
    module.plugin_scope = hookimpl(lambda: "xiamen")
    module.register_regions = hookimpl(lambda: [RegionDecl(path="xiamen", name="厦门市", tier=Tier.CITY)])
    module.register_roles = hookimpl(lambda: [role, role.model_copy(update={"code": "clerk"}),
                                              role.model_copy(update={"code": "aide", "permissions": ("volunter:read",)})])
    module.register_forms = hookimpl(lambda: [FormDecl(key="x", version=1, title="表", source="s", json_schema={
        "type": "object", "properties": {"name": {"type": "strin", "title": "名称"}}})])
    module.register_targets = hookimpl(lambda: [target, target.model_copy(update={"key": "other",
                                                                                  "indicator": "volunteer_shar"})])
    with pytest.raises(StartupError) as raised:
        load([module], entry_points=False)
    assert str(raised.value) == shown


async def test_the_clients_doc_examples_run(demo, client, admin_token):
    """docs/clients.md: its queries run as written; its persisted-operation answers are the server's."""
    from core.web.graphql.persisted import NOT_LISTED, NOT_LISTED_MESSAGE, operations_of

    text = (ROOT / "docs" / "clients.md").read_text(encoding="utf-8").split("## One query per tier", 1)
    text = text[0] + text[1].split("\n## ", 1)[1]  # the tiers' examples have a test of their own
    answers = [await graphql(client, q, token=admin_token) for q in blocks(text, "graphql")]
    assert len(answers) == 2 and all("errors" not in a for a in answers), answers
    assert [n and n["__typename"] for n in answers[0]["data"]["nodes"]][:2] == ["Region", "Volunteer"]
    assert answers[1]["data"]["region"]["volunteers"]["pageInfo"]["hasNextPage"] is True
    request, not_found, not_listed = (json.loads(b) for b in blocks(text, "json"))
    queries = (ROOT / "examples" / "district_volunteers" / "queries.graphql").read_text(encoding="utf-8")
    listed = {op.name: op.id for op in operations_of(queries, "op")}
    assert request["extensions"]["persistedQuery"]["sha256Hash"] == listed["DistrictVolunteers"]
    response = await client.post("/graphql", json=request, headers={"Authorization": f"Bearer {admin_token}"})
    assert response.json() == not_found  # this server has no list, and has not seen the text yet
    assert not_listed == {"data": None, "errors": [{"message": NOT_LISTED_MESSAGE, "extensions": {"code": NOT_LISTED}}]}


async def test_the_tables_example_in_the_plugin_docs_migrates_as_written(tmp_path, database_url):
    """docs/plugins.md "Tables and migrations": the model and hook as written, a revision written by
    the command shown, the database upgraded, and the test shown passing on it."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## Tables and migrations", 1)[1].split("\n## ", 1)[0]
    source = next(b for b in blocks(section, "python") if "def register_migrations" in b)
    check = next(b for b in blocks(section, "python") if "schema_differences" in b)
    commands = blocks(section, "sh")[0]
    assert 'wushe migrate revision "the home visits register" --branch xiamen' in commands
    package = tmp_path / "wushe_xiamen"
    (package / "migrations").mkdir(parents=True)
    module = types.ModuleType(f"wushe_xiamen_{tmp_path.name}")  # a name of its own: the model is declared again
    module.__file__ = str(package / "__init__.py")
    module.PLUGIN_NAME = "xiamen"
    try:
        exec(compile(source, "docs/plugins.md", "exec"), module.__dict__)
        platform = Platform.create(settings_for_database(database_url), plugins=[module])
        try:
            await platform.migrate()
            async with platform.owner_engine() as owner:
                written = await migrations.on(owner, revisions.new_revision, platform.branches, "xiamen",
                                              "the home visits register", autogenerate=True)
            assert written.parent == package / "migrations"
            assert (await platform.migrate()).applied[0].endswith("the home visits register")
            tests: dict[str, object] = {}
            exec(compile(check, "docs/plugins.md", "exec"), tests)
            await tests["test_the_tables_match_their_migrations"](platform)
        finally:
            await platform.dispose()
    finally:
        if "xiamen_home_visit" in SQLModel.metadata.tables:
            SQLModel.metadata.remove(SQLModel.metadata.tables["xiamen_home_visit"])


async def test_the_clients_doc_has_one_query_per_tier_and_each_answers(demo, client, admin_token):
    """docs/clients.md, "One query per tier": a query at a region of each tier, province to community,
    each answered without errors and with something in it."""
    text = (ROOT / "docs" / "clients.md").read_text(encoding="utf-8")
    section = text.split("## One query per tier", 1)[1].split("\n## ", 1)[0]
    queries = blocks(section, "graphql")
    assert len(queries) == 5
    paths = [re.search(r'(?:path|under): "([^"]+)"', q).group(1) for q in queries]
    tiers = []
    for path, query in zip(paths, queries, strict=True):
        answer = await graphql(client, query, token=admin_token)
        assert "errors" not in answer, (query, answer)
        data = next(iter(answer["data"].values()))
        assert data and (data.get("rows") or data.get("children") or data.get("volunteers", {}).get("edges")
                         or data.get("counts")), (query, answer)
        tier = await graphql(client, "query($p: String!) { region(path: $p) { tier } }", {"p": path}, token=admin_token)
        tiers.append(tier["data"]["region"]["tier"])
    assert tiers == ["PROVINCE", "CITY", "DISTRICT", "STREET", "COMMUNITY"]


def test_the_indicator_catalogue_is_the_core_s():
    """docs/plugins.md's "Indicator catalogue" lists every core indicator as core/indicators has it."""
    from core.indicators import INDICATORS

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("\n## Indicator catalogue\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| (.+?) \| (.+?) \| (yes|no) \| (yes|no) \| (.+) \|$", section, flags=re.M)
    assert [r[0] for r in rows] == list(INDICATORS)
    for key, label, unit, yearly, computed, definition in rows:
        i = INDICATORS[key]
        assert (label, unit, yearly == "yes", computed == "yes", definition.replace("\\|", "|")) == (
            i.label, i.unit, i.yearly, i.measured, i.definition), key


def test_every_core_testing_helper_is_in_the_plugin_authors_table():
    import inspect

    import core.testing

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("Every helper of `core.testing`", 1)[1].split("\n\n", 2)[1]
    helpers = [name for name, value in vars(core.testing).items()
               if inspect.isfunction(value) and value.__module__ == "core.testing" and not name.startswith(("_", "pytest_"))]
    assert helpers and [h for h in helpers if f"`{h}(" not in section and f"/ `{h}(" not in section] == []
