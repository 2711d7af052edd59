"""Fields resolved without Strawberry's per-call wrapper (core.web.graphql.lean) answer as with it."""

import datetime as dt
import enum
from typing import Any

import pytest
import strawberry
from litestar.testing import AsyncTestClient
from strawberry.extensions import FieldExtension
from strawberry.relay import GlobalID

from core.testing import graphql
from core.web.app import create_app
from core.web.graphql import lean
from core.web.graphql import schema as schema_module


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.input
class Box:
    size: int
    label: str | None = None


class Doubled(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        return next_(source, info, **kwargs) * 2


@strawberry.type
class Thing:
    n: int

    @strawberry.field
    def echo(self, info: strawberry.Info, words: list[str] | None = None, colour: Colour | None = None,
             on: dt.date | None = None, box: Box | None = None, source: str | None = None,
             colours: list[Colour] | None = None) -> str:
        return repr((self.n, words, colour, on, box, source, colours, type(info).__name__, info.field_name))

    @strawberry.field
    async def later(self, times: int) -> int:
        return self.n * times

    @strawberry.field(extensions=[Doubled()])
    def doubled(self) -> int:
        return self.n

    @strawberry.field
    def rooted(self, root: "Thing") -> int:
        return root.n + 1


@strawberry.type
class Query:
    @strawberry.field
    def thing(self) -> Thing:
        return Thing(n=2)

    @strawberry.field
    def decoded(self, id: GlobalID) -> str:
        return f"{id.type_name}:{id.node_id}"


QUERY = """query($w: [String!], $c: Colour, $on: Date, $box: Box, $cs: [Colour!]) { thing {
  n plain: echo
  full: echo(words: $w, colour: $c, on: $on, box: $box, source: "s", colours: $cs)
  literal: echo(words: ["x", "y"], colour: BLUE, on: "2026-01-02", box: {size: 3})
  later(times: 4) doubled rooted }
  decoded(id: "VGhpbmc6Nw==") }"""
VARIABLES = {"w": ["a", "b"], "c": "RED", "on": "2025-12-31", "box": {"size": 1, "label": "L"}, "cs": ["RED", "BLUE"]}


async def test_a_direct_resolver_answers_as_strawberrys_wrapper_does() -> None:
    wrapped, direct = strawberry.Schema(query=Query), strawberry.Schema(query=Query)
    changed = lean.resolvers(direct)

    assert set(changed) == {"Thing.echo", "Thing.later", "Query.thing", "Query.decoded"}  # not doubled, rooted
    assert lean.resolvers(direct) == []  # once per schema
    for variables in (VARIABLES, {}):
        expected, got = [await s.execute(QUERY, variable_values=variables) for s in (wrapped, direct)]
        assert expected.errors is None
        assert got.data == expected.data
        assert got.errors is None
    bad = """{ decoded(id: "not a global id") }"""
    expected, got = [await s.execute(bad) for s in (wrapped, direct)]
    assert [e.message for e in got.errors or []] == [e.message for e in expected.errors or []] != []


NESTED = """query($kind: CommunityKind, $asOf: Date) { region(path: "chongqing/qianjiang") {
  path counts { communities volunteers }
  indicators(keys: ["volunteer_share"], year: 2026) { key value numerator denominator }
  parent { path }
  children { path counts { communities volunteers } indicators(kind: $kind, asOf: $asOf) { key value }
    children { path indicators(keys: ["volunteer_share", "active_volunteer_share"]) { key value } } } } }"""


@pytest.mark.parametrize("variables", [{}, {"kind": "URBAN", "asOf": "2026-01-31"}])
async def test_the_platforms_answers_are_the_same_with_strawberrys_wrapper(
        platform: Any, admin_token: str, monkeypatch: pytest.MonkeyPatch, variables: dict[str, Any]) -> None:
    served = schema_module.converted(platform.registry)
    region = served._schema.type_map["Region"]
    assert all(getattr(region.fields[name].resolve, "direct", False) for name in ("children", "counts", "indicators"))

    async def answer() -> dict[str, Any]:
        async with AsyncTestClient(app=create_app(platform)) as client:
            return await graphql(client, NESTED, variables, token=admin_token)

    direct = await answer()
    monkeypatch.setattr(schema_module, "_converted", {})  # a new conversion, wrapped as Strawberry wraps
    monkeypatch.setattr(lean, "resolvers", lambda schema: [])
    wrapped = await answer()

    assert "errors" not in direct, direct
    assert direct == wrapped
    assert direct["data"]["region"]["children"]
