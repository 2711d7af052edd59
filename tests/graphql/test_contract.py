"""The schema is a contract: schema/schema.graphql is the code's schema, and no change since the
last release (schema/released/) breaks a client unless schema/breaking.toml declares it."""

import re
import tomllib
from pathlib import Path

from graphql import BreakingChangeType, build_schema, find_breaking_changes

from core.plugins.manager import load
from core.web.graphql.schema import sdl

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "schema" / "schema.graphql"
RELEASED = ROOT / "schema" / "released"
DECLARED = ROOT / "schema" / "breaking.toml"
REGENERATE = "wushe schema --output schema/schema.graphql"

VALUE_FORMAT = "VALUE_FORMAT"
"""A declared change the SDL cannot show (the form of the values a field returns)."""


def version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.stem.split("."))


def last_release() -> Path:
    return max(RELEASED.glob("*.graphql"), key=version_key)


def declared_since(version: str) -> list[dict[str, str]]:
    entries = tomllib.loads(DECLARED.read_text(encoding="utf-8")).get("change", [])
    return [entry for entry in entries if entry["since"] == version]


def problems(old_sdl: str, new_sdl: str, declared: list[dict[str, str]]) -> list[str]:
    """What keeps ``new_sdl`` from passing: each breaking change from ``old_sdl`` not declared, and
    each declared change that no longer happens; empty when the two agree."""
    for entry in declared:
        assert entry.get("reason", "").strip(), f"schema/breaking.toml: {entry['description']!r} gives no reason"
        assert entry["type"] in BreakingChangeType.__members__ or entry["type"] == VALUE_FORMAT, entry
    found = {(change.type.name, change.description) for change in find_breaking_changes(build_schema(old_sdl),
                                                                                           build_schema(new_sdl))}
    listed = {(entry["type"], entry["description"]) for entry in declared if entry["type"] != VALUE_FORMAT}
    undeclared = [
        f'[[change]]\nsince = "…"\ntype = "{kind}"\ndescription = "{text}"\nreason = "…"'
        for kind, text in sorted(found - listed)
    ]
    stale = [f"declared but no longer happens: {kind}: {text}" for kind, text in sorted(listed - found)]
    return undeclared + stale


def test_the_committed_schema_is_the_codes():
    _, registry = load(only=None)
    assert sdl(registry) == SCHEMA.read_text(encoding="utf-8"), (
        f"schema/schema.graphql is not the schema the code serves: regenerate it with `{REGENERATE}` "
        "(WUSHE_PLUGINS unset: every bundled plugin) and review the diff"
    )


def test_no_breaking_change_since_the_last_release_is_undeclared():
    release = last_release()
    found = problems(release.read_text(encoding="utf-8"), SCHEMA.read_text(encoding="utf-8"),
                     declared_since(release.stem))
    assert not found, (
        f"breaking changes since {release.stem} (schema/released/{release.name}) that schema/breaking.toml "
        "does not declare. Deprecate instead (deprecation_reason=…), or declare each, with its reason:\n\n"
        + "\n\n".join(found)
    )


def test_the_check_finds_a_removed_field_and_a_stale_declaration():
    old = "type Query { a: Int, b(x: Int): String }"
    new = "type Query { b(x: Int): String, c: Int @deprecated(reason: \"use b\") }"
    assert problems(old, new, []) == [
        '[[change]]\nsince = "…"\ntype = "FIELD_REMOVED"\ndescription = "Field Query.a was removed."\nreason = "…"'
    ]
    removal = {"since": "0.1.0", "type": "FIELD_REMOVED", "description": "Field Query.a was removed.", "reason": "x"}
    assert problems(old, new, [removal]) == []
    assert problems(old, old, [removal]) == ["declared but no longer happens: FIELD_REMOVED: Field Query.a was removed."]
    adding = "type Query { a: Int, b(x: Int, y: Int): String, c: Int }"  # new fields and optional arguments break nothing
    assert problems(old, adding, []) == []


def test_every_declared_change_is_told_to_client_developers():
    release = last_release().stem
    text = (ROOT / "docs" / "clients.md").read_text(encoding="utf-8")
    section = text.split("## Breaking changes", 1)[1].split("\n## ", 1)[0]
    told = " ".join(section.split())
    for entry in declared_since(release):
        assert " ".join(entry["description"].split()) in told, f"docs/clients.md does not tell: {entry['description']}"


def test_releases_are_named_by_version():
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", path.stem) for path in RELEASED.glob("*.graphql"))
