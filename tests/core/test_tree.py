"""Tests for core.services.regions: adding, moving and seeding regions of the tier tree.

Every stored tree is checked against an independent oracle that recomputes each region's path,
depth and ancestor columns by walking ``parent_id`` in Python, with its own tier order.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.errors import FieldError, NotFound
from core.models import Region, Tenant
from core.plugins.declarations import RegionDecl
from core.services.regions import (
    add_region,
    move_region,
    region_by_path,
    seed_regions,
    subtree,
)
from core.testing.databases import create_tables
from core.tree.tiers import CommunityKind, Tier

# --- The oracle ---------------------------------------------------------------------------
# Its own tier order and column names, so a mistake in core.tree.tiers is not copied here.

TIERS = ("province", "city", "district", "street", "community")
RANK = {name: rank for rank, name in enumerate(TIERS)}
COLUMNS = tuple(f"{name}_id" for name in TIERS)

Rows = dict[int, dict[str, Any]]


@dataclass(frozen=True)
class Expected:
    path: str
    depth: int
    ancestors: dict[str, int | None]


def tier_name(tier: Any) -> str:
    return tier.value if isinstance(tier, Tier) else str(tier)


def oracle(rows: Rows) -> dict[int, Expected]:
    """Path, depth and ancestor columns of every row, from ``parent_id``, ``code`` and ``tier``."""
    expected = {}
    for region_id in rows:
        chain, seen, current = [], set(), region_id
        while current is not None:
            assert current not in seen, f"parent_id cycle through region {current}"
            assert current in rows, f"region {region_id} has a dangling parent {current}"
            seen.add(current)
            chain.append(rows[current])
            current = rows[current]["parent_id"]
        chain.reverse()
        for upper, lower in itertools.pairwise(chain):
            assert upper["tenant_id"] == lower["tenant_id"], f"{lower['id']} under another tenant"
            assert RANK[tier_name(upper["tier"])] < RANK[tier_name(lower["tier"])], (
                f"{lower['id']} ({tier_name(lower['tier'])}) under a {tier_name(upper['tier'])}"
            )
        ancestors: dict[str, int | None] = dict.fromkeys(COLUMNS)
        for node in chain:
            ancestors[f"{tier_name(node['tier'])}_id"] = node["id"]
        expected[region_id] = Expected("/".join(n["code"] for n in chain), len(chain) - 1, ancestors)
    return expected


def descendants(parents: dict[int, int | None], region_id: int) -> set[int]:
    """``region_id`` and everything below it, from a child → parent map."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, todo = set(), [region_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def stored(row: dict[str, Any]) -> tuple[str, int, dict[str, int | None]]:
    return row["path"], row["depth"], {column: row[column] for column in COLUMNS}


def assert_matches_oracle(rows: Rows) -> None:
    for region_id, want in oracle(rows).items():
        assert stored(rows[region_id]) == (want.path, want.depth, want.ancestors), (
            f"region {region_id} ({rows[region_id]['path']!r})"
        )


async def fetch_rows(session: AsyncSession) -> Rows:
    """Every region row as stored, bypassing the session's identity map."""
    result = await session.exec(sa.select(Region.__table__))  # type: ignore[call-overload]
    return {row["id"]: dict(row) for row in result.mappings()}


async def read_rows(sessions: async_sessionmaker[AsyncSession]) -> Rows:
    async with sessions() as session:
        return await fetch_rows(session)


async def subtree_members(session: AsyncSession) -> dict[int, set[int]]:
    """For every region r, the ids that ``subtree(r)`` selects (all regions in one query)."""
    regions = (await session.exec(select(Region))).all()
    if not regions:
        return {}
    flags = [sa.case((subtree(r), 1), else_=0).label(f"r{r.id}") for r in regions]
    rows = (await session.exec(sa.select(Region.__table__.c.id, *flags))).all()  # type: ignore[call-overload]
    members: dict[int, set[int]] = {r.id: set() for r in regions}  # type: ignore[misc]
    for row in rows:
        for region, flag in zip(regions, row[1:], strict=True):
            if flag:
                members[region.id].add(row[0])  # type: ignore[index]
    return members


# --- A small fixed tree ---------------------------------------------------------------------


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = db.create_engine(database_url)
    await create_tables(engine)
    try:
        yield db.session_factory(engine)
    finally:
        await engine.dispose()


P, C, D, S, M = Tier.PROVINCE, Tier.CITY, Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY

# key, code, parent key (None: the root of tenant ``code``), tier, kind
TREE = [
    ("p", "p", None, P, None),
    ("c1", "c1", "p", C, None),
    ("d1", "d1", "c1", D, None),
    ("s1", "s1", "d1", S, None),
    ("m1", "m1", "s1", M, CommunityKind.URBAN),
    ("m2", "m2", "s1", M, CommunityKind.RURAL),
    ("s2", "s2", "d1", S, None),
    ("d2", "d2", "c1", D, None),
    ("d2s1", "s1", "d2", S, None),  # the same code as s1, under another parent
    ("c2", "c2", "p", C, None),
    ("d3", "d3", "c2", D, None),
    ("v", "v", "d3", M, CommunityKind.RURAL),  # no street between district and community
    ("s3", "s3", "c2", S, None),  # no district between city and street
    ("q", "q", None, C, None),  # a second tenant, rooted at a city
    ("qd", "qd", "q", D, None),
]

# key: path, depth, position among siblings, ancestors (province, city, district, street, community)
EXPECTED = {
    "p": ("p", 0, None, ("p", None, None, None, None)),
    "c1": ("p/c1", 1, 1, ("p", "c1", None, None, None)),
    "d1": ("p/c1/d1", 2, 1, ("p", "c1", "d1", None, None)),
    "s1": ("p/c1/d1/s1", 3, 1, ("p", "c1", "d1", "s1", None)),
    "m1": ("p/c1/d1/s1/m1", 4, 1, ("p", "c1", "d1", "s1", "m1")),
    "m2": ("p/c1/d1/s1/m2", 4, 2, ("p", "c1", "d1", "s1", "m2")),
    "s2": ("p/c1/d1/s2", 3, 2, ("p", "c1", "d1", "s2", None)),
    "d2": ("p/c1/d2", 2, 2, ("p", "c1", "d2", None, None)),
    "d2s1": ("p/c1/d2/s1", 3, 1, ("p", "c1", "d2", "d2s1", None)),
    "c2": ("p/c2", 1, 2, ("p", "c2", None, None, None)),
    "d3": ("p/c2/d3", 2, 1, ("p", "c2", "d3", None, None)),
    "v": ("p/c2/d3/v", 3, 1, ("p", "c2", "d3", None, "v")),
    "s3": ("p/c2/s3", 2, 2, ("p", "c2", None, "s3", None)),
    "q": ("q", 0, None, (None, "q", None, None, None)),
    "qd": ("q/qd", 1, 1, (None, "q", "qd", None, None)),
}


@dataclass
class Tree:
    sessions: async_sessionmaker[AsyncSession]
    ids: dict[str, int]
    tenants: dict[str, int]

    def key_of(self, region_id: int) -> str:
        return next(key for key, value in self.ids.items() if value == region_id)

    def expect(self, key: str, path: str, depth: int, ancestors: tuple[str | None, ...]) -> tuple:
        return path, depth, {
            column: (self.ids[a] if a else None) for column, a in zip(COLUMNS, ancestors, strict=True)
        }

    async def get(self, session: AsyncSession, key: str) -> Region:
        region = await session.get(Region, self.ids[key])
        assert region is not None
        return region


async def build(sessions: async_sessionmaker[AsyncSession]) -> Tree:
    ids: dict[str, int] = {}
    async with db.transaction(sessions) as session:
        tenants = {code: Tenant(code=code, name=code.upper()) for code in ("p", "q")}
        session.add_all(tenants.values())
        await session.flush()
        regions: dict[str, Region] = {}
        for key, code, parent, tier, kind in TREE:
            regions[key] = await add_region(
                session,
                parent=regions[parent] if parent else None,
                tenant=tenants[(parent and regions[parent].path.split("/")[0]) or code],
                code=code,
                name=f"name of {key}",
                tier=tier,
                kind=kind,
            )
            ids[key] = regions[key].id  # type: ignore[assignment]
        return Tree(sessions, ids, {code: t.id for code, t in tenants.items()})  # type: ignore[misc]


@pytest.fixture
async def tree(sessions: async_sessionmaker[AsyncSession]) -> Tree:
    return await build(sessions)


# --- 1. add_region -------------------------------------------------------------------------


async def test_add_region_sets_path_depth_position_and_every_ancestor_column(tree: Tree) -> None:
    rows = await read_rows(tree.sessions)
    assert len(rows) == len(TREE)
    for key, (path, depth, position, ancestors) in EXPECTED.items():
        row = rows[tree.ids[key]]
        assert stored(row) == tree.expect(key, path, depth, ancestors), key
        if position is not None:
            assert row["position"] == position, key
    assert_matches_oracle(rows)


async def test_add_region_returns_the_row_as_stored(tree: Tree) -> None:
    async with db.transaction(tree.sessions) as session:
        street = await tree.get(session, "s2")
        tenant = await session.get(Tenant, tree.tenants["p"])
        added = await add_region(
            session, parent=street, tenant=tenant, code="new-1", name="新社区",  # type: ignore[arg-type]
            tier=M, kind=CommunityKind.URBAN, resident_population=10, urban_population=8,
            source="a document",
        )
        returned = {column: getattr(added, column) for column in ("path", "depth", "position", *COLUMNS)}
    row = (await read_rows(tree.sessions))[added.id]  # type: ignore[index]
    assert returned == {column: row[column] for column in returned}
    path, depth, ancestors = tree.expect("new", "p/c1/d1/s2/new-1", 4, ("p", "c1", "d1", "s2", None))
    assert stored(row) == (path, depth, {**ancestors, "community_id": added.id})
    assert (row["position"], row["kind"], row["parent_id"], row["tenant_id"]) == (
        1, CommunityKind.URBAN, tree.ids["s2"], tree.tenants["p"],
    )
    assert (row["resident_population"], row["urban_population"], row["source"]) == (10, 8, "a document")


async def test_add_region_positions_after_the_siblings_unless_given(tree: Tree) -> None:
    async with db.transaction(tree.sessions) as session:
        street = await tree.get(session, "s1")
        tenant = await session.get(Tenant, tree.tenants["p"])
        third = await add_region(session, parent=street, tenant=tenant, code="m3", name="m3", tier=M)  # type: ignore[arg-type]
        placed = await add_region(session, parent=street, tenant=tenant, code="m0", name="m0", tier=M, position=0)  # type: ignore[arg-type]
        fourth = await add_region(session, parent=street, tenant=tenant, code="m4", name="m4", tier=M)  # type: ignore[arg-type]
    assert (third.position, placed.position, fourth.position) == (3, 0, 4)


BAD_CODES = ["Abc", "ABC", "a_b", "a/b", "", "/", "a-", "-a", "a--b", "a b", "社区"]


@pytest.mark.parametrize("code", BAD_CODES)
async def test_add_region_refuses_a_bad_code(tree: Tree, code: str) -> None:
    before = await read_rows(tree.sessions)
    async with db.transaction(tree.sessions) as session:
        parent = await tree.get(session, "s1")
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=parent, tenant=tenant, code=code, name="x", tier=M)  # type: ignore[arg-type]
    assert raised.value.field == "code"
    assert str(raised.value).startswith("code: ")
    assert await read_rows(tree.sessions) == before


async def test_add_region_refuses_a_code_with_a_trailing_newline(tree: Tree) -> None:
    """A regex ``$`` also matches before a final newline: the code must match in full."""
    async with db.transaction(tree.sessions) as session:
        parent = await tree.get(session, "s1")
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=parent, tenant=tenant, code="m9\n", name="x", tier=M)  # type: ignore[arg-type]
    assert raised.value.field == "code"


async def test_add_region_refuses_a_code_longer_than_the_column(tree: Tree) -> None:
    """Region.code is 64 characters: SQLite would store more and PostgreSQL raise DataError."""
    async with db.transaction(tree.sessions) as session:
        parent = await tree.get(session, "s1")
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=parent, tenant=tenant, code="a" * 65, name="x", tier=M)  # type: ignore[arg-type]
    assert raised.value.field == "code"
    async with db.transaction(tree.sessions) as session:
        parent = await tree.get(session, "s1")
        tenant = await session.get(Tenant, tree.tenants["p"])
        added = await add_region(session, parent=parent, tenant=tenant, code="a" * 64, name="x", tier=M)  # type: ignore[arg-type]
    assert (await read_rows(tree.sessions))[added.id]["code"] == "a" * 64  # type: ignore[index]


@pytest.mark.parametrize(
    ("parent", "tier"),
    [("c1", C), ("c1", P), ("s1", D), ("m1", M), ("s1", S), ("p", P)],
)
async def test_add_region_refuses_a_tier_not_below_the_parent(tree: Tree, parent: str, tier: Tier) -> None:
    before = await read_rows(tree.sessions)
    async with db.transaction(tree.sessions) as session:
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=await tree.get(session, parent), tenant=tenant, code="new", name="x", tier=tier)  # type: ignore[arg-type]
    assert raised.value.field == "tier"
    assert await read_rows(tree.sessions) == before


async def test_add_region_refuses_a_duplicate_code_under_the_same_parent(tree: Tree) -> None:
    before = await read_rows(tree.sessions)
    async with db.transaction(tree.sessions) as session:
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=await tree.get(session, "d1"), tenant=tenant, code="s2", name="x", tier=S)  # type: ignore[arg-type]
    assert raised.value.field == "code"
    assert "s2" in raised.value.message
    assert await read_rows(tree.sessions) == before
    async with db.transaction(tree.sessions) as session:  # the same code elsewhere is fine
        tenant = await session.get(Tenant, tree.tenants["p"])
        added = await add_region(session, parent=await tree.get(session, "d3"), tenant=tenant, code="s2", name="x", tier=S)  # type: ignore[arg-type]
    assert added.path == "p/c2/d3/s2"


async def test_add_region_refuses_a_parent_of_another_tenant(tree: Tree) -> None:
    before = await read_rows(tree.sessions)
    async with db.transaction(tree.sessions) as session:
        other = await session.get(Tenant, tree.tenants["q"])
        with pytest.raises(FieldError) as raised:
            await add_region(session, parent=await tree.get(session, "d1"), tenant=other, code="new", name="x", tier=S)  # type: ignore[arg-type]
    assert raised.value.field == "parent"
    assert await read_rows(tree.sessions) == before


@pytest.mark.parametrize("tier", [P, C, D, S])
async def test_add_region_refuses_a_kind_on_a_non_community(tree: Tree, tier: Tier) -> None:
    before = await read_rows(tree.sessions)
    parent = {P: None, C: "p", D: "c1", S: "d1"}[tier]
    async with db.transaction(tree.sessions) as session:
        tenant = await session.get(Tenant, tree.tenants["p"])
        with pytest.raises(FieldError) as raised:
            await add_region(
                session, parent=await tree.get(session, parent) if parent else None, tenant=tenant,  # type: ignore[arg-type]
                code="new", name="x", tier=tier, kind=CommunityKind.URBAN,
            )
    assert raised.value.field == "kind"
    assert await read_rows(tree.sessions) == before


# --- 2. move_region ------------------------------------------------------------------------


async def move(tree: Tree, key: str, new_parent: str) -> Region:
    async with db.transaction(tree.sessions) as session:
        return await move_region(session, await tree.get(session, key), await tree.get(session, new_parent))


async def test_move_region_moves_the_whole_subtree(tree: Tree) -> None:
    before = await read_rows(tree.sessions)
    moved = await move(tree, "d1", "c2")
    after = await read_rows(tree.sessions)
    assert (moved.path, moved.depth, moved.parent_id) == ("p/c2/d1", 2, tree.ids["c2"])
    want = {
        "d1": ("p/c2/d1", 2, ("p", "c2", "d1", None, None)),
        "s1": ("p/c2/d1/s1", 3, ("p", "c2", "d1", "s1", None)),
        "m1": ("p/c2/d1/s1/m1", 4, ("p", "c2", "d1", "s1", "m1")),
        "m2": ("p/c2/d1/s1/m2", 4, ("p", "c2", "d1", "s1", "m2")),
        "s2": ("p/c2/d1/s2", 3, ("p", "c2", "d1", "s2", None)),
    }
    for key, (path, depth, ancestors) in want.items():
        assert stored(after[tree.ids[key]]) == tree.expect(key, path, depth, ancestors), key
    for region_id, row in after.items():
        untouched = ("path", "depth", *COLUMNS) if tree.key_of(region_id) in want else ()
        assert {k: v for k, v in row.items() if k not in untouched and k != "parent_id"} == {
            k: v for k, v in before[region_id].items() if k not in untouched and k != "parent_id"
        }
        expected_parent = tree.ids["c2"] if region_id == tree.ids["d1"] else before[region_id]["parent_id"]
        assert row["parent_id"] == expected_parent
    assert_matches_oracle(after)


async def test_move_region_keeps_the_ids_of_the_tiers_at_and_below_the_moved_node(tree: Tree) -> None:
    before = await read_rows(tree.sessions)
    await move(tree, "s1", "d3")
    after = await read_rows(tree.sessions)
    for key in ("s1", "m1", "m2"):
        region_id = tree.ids[key]
        assert (after[region_id]["street_id"], after[region_id]["community_id"]) == (
            before[region_id]["street_id"], before[region_id]["community_id"],
        )
        assert after[region_id]["district_id"] == tree.ids["d3"]
        assert after[region_id]["city_id"] == tree.ids["c2"]
    assert_matches_oracle(after)


async def test_move_region_across_skipped_tiers(tree: Tree) -> None:
    await move(tree, "s1", "c2")  # a street straight under a city: the district column empties
    await move(tree, "v", "s2")  # a community that had no street gains one
    rows = await read_rows(tree.sessions)
    want = {
        "s1": ("p/c2/s1", 2, ("p", "c2", None, "s1", None)),
        "m1": ("p/c2/s1/m1", 3, ("p", "c2", None, "s1", "m1")),
        "m2": ("p/c2/s1/m2", 3, ("p", "c2", None, "s1", "m2")),
        "v": ("p/c1/d1/s2/v", 4, ("p", "c1", "d1", "s2", "v")),
    }
    for key, (path, depth, ancestors) in want.items():
        assert stored(rows[tree.ids[key]]) == tree.expect(key, path, depth, ancestors), key
    assert_matches_oracle(rows)


async def test_move_region_is_undone_with_its_transaction(tree: Tree) -> None:
    before = await read_rows(tree.sessions)
    with pytest.raises(RuntimeError):
        async with db.transaction(tree.sessions) as session:
            await move_region(session, await tree.get(session, "d1"), await tree.get(session, "c2"))
            assert (await fetch_rows(session))[tree.ids["m1"]]["path"] == "p/c2/d1/s1/m1"
            raise RuntimeError("abort after the move")
    assert await read_rows(tree.sessions) == before


async def test_a_second_tree_change_in_the_same_session_sees_the_first(tree: Tree) -> None:
    """Regions loaded before a move and looked up again must not keep their old path/ancestors.

    (Service calls and GraphQL mutations in one request share one session.)"""
    async with db.transaction(tree.sessions) as session:
        street = await region_by_path(session, "p/c1/d1/s1")  # loaded before the move
        assert street is not None
        await move_region(session, await tree.get(session, "d1"), await tree.get(session, "c2"))
        street = await region_by_path(session, "p/c2/d1/s1")
        assert street is not None
        assert (street.path, street.depth, street.city_id) == ("p/c2/d1/s1", 3, tree.ids["c2"])
        await move_region(session, street, await tree.get(session, "d3"))
        s2 = await region_by_path(session, "p/c2/d1/s2")
        tenant = await session.get(Tenant, tree.tenants["p"])
        added = await add_region(session, parent=s2, tenant=tenant, code="new", name="x", tier=M)  # type: ignore[arg-type]
        assert added.path == "p/c2/d1/s2/new"
    rows = await read_rows(tree.sessions)
    assert rows[tree.ids["m1"]]["path"] == "p/c2/d3/s1/m1"
    assert stored(rows[added.id])[2]["city_id"] == tree.ids["c2"]  # type: ignore[index]
    assert_matches_oracle(rows)


@pytest.mark.parametrize(
    ("key", "new_parent", "field"),
    [
        ("d1", "d1", "parent"),  # under itself
        ("c1", "s1", "parent"),  # under a descendant
        ("c1", "m1", "parent"),
        ("s1", "qd", "parent"),  # another tenant's region
        ("s1", "s2", "tier"),  # a sibling of the same tier
        ("d1", "s3", "tier"),  # a district under a street
        ("c1", "c2", "tier"),
        ("c1", "q", "parent"),  # another tenant and the same tier
        ("s1", "d2", "code"),  # d2 already has a street coded s1
    ],
)
async def test_move_region_refusals_change_nothing(tree: Tree, key: str, new_parent: str, field: str) -> None:
    before = await read_rows(tree.sessions)
    async with db.transaction(tree.sessions) as session:
        with pytest.raises(FieldError) as raised:
            await move_region(session, await tree.get(session, key), await tree.get(session, new_parent))
    assert raised.value.field == field
    assert await read_rows(tree.sessions) == before


# --- 3. Random adds and moves against the oracle --------------------------------------------

GOOD_CODES = ("a", "b", "c", "d", "e", "a-1", "x9")
ROOT_TIERS = (P, P, C, D)


@dataclass(frozen=True)
class Node:
    tenant: int
    parent: int | None
    code: str
    tier: Tier


class TreeMachine(RuleBasedStateMachine):
    """Adds and moves (valid and not) on two tenants' trees, in one rolled-back transaction.

    The model keeps only parent, code, tier and tenant; everything else is left to the oracle."""

    loop: ClassVar[asyncio.AbstractEventLoop]
    sessions: ClassVar[async_sessionmaker[AsyncSession]]

    def __init__(self) -> None:
        super().__init__()
        self.session = self.sessions()
        self.tenants: list[Tenant] = []
        self.model: dict[int, Node] = {}
        # Keep every Region object alive, as a session serving a longer unit of work would:
        # the identity map only holds weak references, so this is what makes lookups return
        # objects loaded before a move.
        self.alive: dict[int, Region] = {}

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def teardown(self) -> None:
        async def close() -> None:
            await self.session.rollback()
            await self.session.close()

        self.run(close())

    # helpers

    def pick(self, index: int) -> int:
        ids = sorted(self.model)
        return ids[index % len(ids)]

    def path_of(self, region_id: int) -> str:
        node, codes = self.model[region_id], []
        while True:
            codes.append(node.code)
            if node.parent is None:
                return "/".join(reversed(codes))
            node = self.model[node.parent]

    async def load(self, region_id: int) -> Region:
        """Look a region up by path, as the API does (plain select, identity map and all)."""
        path = self.path_of(region_id)
        region = await region_by_path(self.session, path)
        assert region is not None and region.id == region_id
        assert region.path == path, f"looked up {path!r}, got an object still at {region.path!r}"
        self.alive[region_id] = region
        return region

    def code_taken(self, parent: int, code: str) -> bool:
        return any(n.parent == parent and n.code == code for n in self.model.values())

    def expect_refusal_or_success(self, call: Any, problems: set[str], *, may_refuse: str | None = None) -> Any:
        before = self.run(fetch_rows(self.session))
        try:
            result = self.run(call)
        except FieldError as error:
            assert problems or error.field == may_refuse, f"refused without reason: {error}"
            if problems:
                assert error.field in problems, f"{error} names none of {problems}"
            assert self.run(fetch_rows(self.session)) == before, "a refused change wrote something"
            return None
        assert not problems, f"accepted despite {problems}"
        return result

    # rules

    def parents_for_children(self) -> list[int]:
        return sorted(i for i, n in self.model.items() if n.tier is not Tier.COMMUNITY)

    async def add_checked(self, parent_id: int, tenant: Tenant, code: str, tier: Tier, kind: CommunityKind | None) -> Region:
        return await add_region(
            self.session, parent=await self.load(parent_id), tenant=tenant, code=code, name="x", tier=tier, kind=kind
        )

    def tenant_of(self, region_id: int) -> Tenant:
        return next(t for t in self.tenants if t.id == self.model[region_id].tenant)

    @initialize(
        roots=st.lists(st.sampled_from(ROOT_TIERS), min_size=2, max_size=2),
        children=st.lists(
            st.tuples(st.integers(0, 10_000), st.sampled_from([1, 1, 1, 2, 3]), st.sampled_from(GOOD_CODES), st.booleans()),
            min_size=3,
            max_size=25,
        ),
    )
    def random_tree(self, roots: list[Tier], children: list[tuple[int, int, str, bool]]) -> None:
        async def make() -> None:
            for number, tier in enumerate(roots):
                tenant = Tenant(code=f"t{number}", name=f"T{number}")
                self.session.add(tenant)
                await self.session.flush()
                self.tenants.append(tenant)
                root = await add_region(self.session, parent=None, tenant=tenant, code=tenant.code, name="root", tier=tier)
                self.alive[root.id] = root  # type: ignore[index]
                self.model[root.id] = Node(tenant.id, None, tenant.code, tier)  # type: ignore[arg-type,index]
            for pick, step, code, urban in children:
                candidates = self.parents_for_children()
                parent_id = candidates[pick % len(candidates)]
                node = self.model[parent_id]
                tier = Tier(TIERS[min(RANK[node.tier.value] + step, len(TIERS) - 1)])
                if self.code_taken(parent_id, code):
                    continue
                kind = (CommunityKind.URBAN if urban else CommunityKind.RURAL) if tier is Tier.COMMUNITY else None
                added = await self.add_checked(parent_id, self.tenant_of(parent_id), code, tier, kind)
                self.alive[added.id] = added  # type: ignore[index]
                self.model[added.id] = Node(node.tenant, parent_id, code, tier)  # type: ignore[index]

        self.run(make())

    def _add(self, parent_id: int, tenant: Tenant, code: str, tier: Tier, kind: CommunityKind | None) -> None:
        node = self.model[parent_id]
        problems = set()
        if code not in GOOD_CODES or self.code_taken(parent_id, code):
            problems.add("code")
        if tenant.id != node.tenant:
            problems.add("parent")
        if RANK[tier.value] <= RANK[node.tier.value]:
            problems.add("tier")
        if kind is not None and tier is not Tier.COMMUNITY:
            problems.add("kind")
        added = self.expect_refusal_or_success(self.add_checked(parent_id, tenant, code, tier, kind), problems)
        if added is not None:
            self.model[added.id] = Node(node.tenant, parent_id, code, tier)
            self.alive[added.id] = added

    @rule(parent=st.integers(0, 10_000), step=st.integers(1, 4), code=st.sampled_from(GOOD_CODES), urban=st.booleans())
    def add(self, parent: int, step: int, code: str, urban: bool) -> None:
        """A child of a tier below its parent, same tenant; only the code may clash."""
        candidates = self.parents_for_children()
        parent_id = candidates[parent % len(candidates)]
        tier = Tier(TIERS[min(RANK[self.model[parent_id].tier.value] + step, len(TIERS) - 1)])
        kind = (CommunityKind.URBAN if urban else CommunityKind.RURAL) if tier is Tier.COMMUNITY else None
        self._add(parent_id, self.tenant_of(parent_id), code, tier, kind)

    @rule(
        parent=st.integers(0, 10_000),
        tier=st.sampled_from(list(Tier)),
        code=st.sampled_from((*GOOD_CODES, "A", "a_b", "a/b", "")),
        other_tenant=st.booleans(),
        kind=st.sampled_from([None, CommunityKind.URBAN]),
    )
    def add_anything(self, parent: int, tier: Tier, code: str, other_tenant: bool, kind: CommunityKind | None) -> None:
        """Any parent, tier, code, tenant and kind: the model says whether it must be refused."""
        parent_id = self.pick(parent)
        tenant = next(t for t in self.tenants if (t.id != self.model[parent_id].tenant) == other_tenant)
        self._add(parent_id, tenant, code, tier, kind)

    def _move(self, region_id: int, parent_id: int) -> None:
        node, target = self.model[region_id], self.model[parent_id]
        parents = {i: n.parent for i, n in self.model.items()}
        problems = set()
        if node.tenant != target.tenant or parent_id in descendants(parents, region_id):
            problems.add("parent")
        if RANK[node.tier.value] <= RANK[target.tier.value]:
            problems.add("tier")
        if node.parent == parent_id:
            problems.add("parent")  # a move to where it already lies is refused, naming the parent
        elif self.code_taken(parent_id, node.code):
            problems.add("code")

        async def call() -> Region:
            return await move_region(self.session, await self.load(region_id), await self.load(parent_id))

        moved = self.expect_refusal_or_success(call(), problems)
        if moved is not None:
            assert moved.parent_id == parent_id
            self.model[region_id] = Node(node.tenant, parent_id, node.code, node.tier)

    @rule(region=st.integers(0, 10_000), new_parent=st.integers(0, 10_000))
    def move_anywhere(self, region: int, new_parent: int) -> None:
        self._move(self.pick(region), self.pick(new_parent))

    @rule(region=st.integers(0, 10_000), new_parent=st.integers(0, 10_000))
    def move_to_a_higher_tier(self, region: int, new_parent: int) -> None:
        region_id = self.pick(region)
        node = self.model[region_id]
        candidates = sorted(
            i for i, n in self.model.items() if n.tenant == node.tenant and RANK[n.tier.value] < RANK[node.tier.value]
        )
        if candidates:
            self._move(region_id, candidates[new_parent % len(candidates)])

    @rule(region=st.integers(0, 10_000), new_parent=st.integers(0, 10_000), inner=st.booleans())
    def move_legally(self, region: int, new_parent: int, inner: bool) -> None:
        """A target of the same tenant and a higher tier, not the current parent, no code clash;
        with ``inner``, a region that has children (so a whole subtree moves)."""
        regions = sorted({n.parent for n in self.model.values() if n.parent is not None} if inner else self.model)
        region_id = regions[region % len(regions)] if regions else self.pick(region)
        node = self.model[region_id]
        candidates = sorted(
            i for i, n in self.model.items()
            if n.tenant == node.tenant and RANK[n.tier.value] < RANK[node.tier.value]
            and i != node.parent and not self.code_taken(i, node.code)
        )
        if candidates:
            self._move(region_id, candidates[new_parent % len(candidates)])

    @invariant()
    def stored_tree_agrees_with_the_oracle(self) -> None:
        rows = self.run(fetch_rows(self.session))
        assert set(rows) == set(self.model)
        for region_id, node in self.model.items():
            row = rows[region_id]
            assert (row["tenant_id"], row["parent_id"], row["code"], row["tier"]) == (
                node.tenant, node.parent, node.code, node.tier,
            )
        assert_matches_oracle(rows)
        for region_id, region in self.alive.items():  # what the session shows is what is stored
            loaded = {k: v for k, v in vars(region).items() if k in rows[region_id]}  # expired ones are absent
            assert loaded == {k: rows[region_id][k] for k in loaded}, f"stale object for {rows[region_id]['path']!r}"
        parents = {i: n.parent for i, n in self.model.items()}
        members = self.run(subtree_members(self.session))
        assert members == {region_id: descendants(parents, region_id) for region_id in self.model}


def test_random_adds_and_moves_agree_with_the_oracle(database_url: str) -> None:
    loop = asyncio.new_event_loop()
    engine = db.create_engine(database_url)
    try:
        loop.run_until_complete(create_tables(engine))
        machine = type("TreeMachineOn", (TreeMachine,), {"loop": loop, "sessions": db.session_factory(engine)})
        run_state_machine_as_test(
            machine,
            settings=hypothesis_settings(
                max_examples=40,
                stateful_step_count=25,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
                # the explain phase traces every line (SQLAlchemy, asyncio): minutes per failure
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
            ),
        )
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()


# --- 4. seed_regions -----------------------------------------------------------------------

DECLARATIONS = [  # children before parents on purpose: seed_regions must order them itself
    RegionDecl(path="t/a/b/c", name="C社区", tier=M, kind=CommunityKind.URBAN, resident_population=100, source="doc"),
    RegionDecl(path="t", name="T市", tier=C, source="doc"),
    RegionDecl(path="t/a/b", name="B街道", tier=S, source="doc"),
    RegionDecl(path="t/a", name="A区", tier=D, source="doc"),
    RegionDecl(path="t/z", name="Z区", tier=D, source="doc"),
    RegionDecl(path="t/z/y", name="Y村", tier=M, kind=CommunityKind.RURAL, source="doc"),
]


async def seed(sessions: async_sessionmaker[AsyncSession], declarations: list[RegionDecl]) -> tuple[int, int]:
    async with db.transaction(sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "t"))).first()
        if tenant is None:
            tenant = Tenant(code="t", name="T市")
            session.add(tenant)
            await session.flush()
        return await seed_regions(session, declarations, {"t": tenant})


async def test_seed_regions_adds_parents_first(sessions: async_sessionmaker[AsyncSession]) -> None:
    assert await seed(sessions, DECLARATIONS) == (len(DECLARATIONS), 0)
    rows = await read_rows(sessions)
    by_path = {row["path"]: row for row in rows.values()}
    assert set(by_path) == {d.path for d in DECLARATIONS}
    for decl in DECLARATIONS:
        row = by_path[decl.path]
        assert (row["name"], row["tier"], row["kind"], row["source"], row["resident_population"]) == (
            decl.name, decl.tier, decl.kind, decl.source, decl.resident_population,
        )
    assert by_path["t/a/b/c"]["street_id"] == by_path["t/a/b"]["id"]
    assert by_path["t/z/y"]["street_id"] is None
    assert_matches_oracle(rows)


async def test_seed_regions_is_idempotent_and_keeps_ids(sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed(sessions, DECLARATIONS)
    first = await read_rows(sessions)
    assert await seed(sessions, DECLARATIONS) == (0, 0)
    assert await seed(sessions, DECLARATIONS) == (0, 0)
    assert await read_rows(sessions) == first


async def test_seed_regions_updates_a_changed_name_in_place(sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed(sessions, DECLARATIONS)
    before = await read_rows(sessions)
    renamed = [d.model_copy(update={"name": "新B街道"}) if d.path == "t/a/b" else d for d in DECLARATIONS]
    assert await seed(sessions, renamed) == (0, 1)
    after = await read_rows(sessions)
    assert set(after) == set(before)
    for region_id, row in after.items():
        if row["path"] == "t/a/b":
            assert row["name"] == "新B街道"
            assert {**row, "name": before[region_id]["name"]} == before[region_id]
        else:
            assert row == before[region_id]
    assert await seed(sessions, renamed) == (0, 0)


async def test_seed_regions_adds_only_what_is_new(sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed(sessions, DECLARATIONS[:4])
    before = await read_rows(sessions)
    added, _ = await seed(sessions, DECLARATIONS)
    assert added == 2
    after = await read_rows(sessions)
    assert {i: r["path"] for i, r in before.items()} == {i: after[i]["path"] for i in before}
    assert_matches_oracle(after)


async def test_seed_regions_refuses_a_missing_parent_and_a_changed_tier(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(NotFound) as missing:
        await seed(sessions, [RegionDecl(path="t", name="T", tier=C), RegionDecl(path="t/x/y", name="Y", tier=S)])
    assert missing.value.field == "parent"
    assert await read_rows(sessions) == {}
    await seed(sessions, DECLARATIONS)
    before = await read_rows(sessions)
    retiered = [d.model_copy(update={"tier": S}) if d.path == "t/z" else d for d in DECLARATIONS]
    with pytest.raises(FieldError) as changed:
        await seed(sessions, retiered)
    assert changed.value.field == "tier"
    assert await read_rows(sessions) == before


# --- 5. The built-in plugins' tree ---------------------------------------------------------


async def test_platform_tree_matches_the_plugin_declarations(platform: Any) -> None:
    declared = {d.item.path: d.item for d in platform.registry.regions}
    declared_per_tenant: dict[str, int] = {}
    for path in declared:
        root = path.split("/", 1)[0]
        declared_per_tenant[root] = declared_per_tenant.get(root, 0) + 1
    async with platform.sessions() as session:
        rows = await fetch_rows(session)
        tenants = {t.id: t.code for t in (await session.exec(select(Tenant))).all()}
        per_root = {}
        for code in tenants.values():
            root = await region_by_path(session, code)
            assert root is not None and root.parent_id is None
            per_root[code] = (await session.exec(select(func.count()).select_from(Region).where(subtree(root)))).one()
    assert per_root == declared_per_tenant
    assert len(declared_per_tenant) == 4 and sum(per_root.values()) == len(rows) == len(declared)
    by_path = {row["path"]: row for row in rows.values()}
    assert set(by_path) == set(declared)
    for path, decl in declared.items():
        row = by_path[path]
        assert (row["name"], row["tier"], row["kind"]) == (decl.name, decl.tier, decl.kind), path
        assert tenants[row["tenant_id"]] == path.split("/", 1)[0], path
    assert_matches_oracle(rows)


async def test_platform_communities_point_at_ancestors_of_the_right_tier(platform: Any) -> None:
    async with platform.sessions() as session:
        rows = await fetch_rows(session)
    communities = [row for row in rows.values() if row["tier"] is Tier.COMMUNITY]
    assert communities
    by_path = {r["path"]: r for r in rows.values()}
    for row in communities:
        assert row["community_id"] == row["id"]
        segments = row["path"].split("/")
        on_path = [by_path["/".join(segments[: n + 1])] for n in range(len(segments))]
        assert {c: row[c] for c in COLUMNS} == {
            c: next((r["id"] for r in on_path if f"{r['tier'].value}_id" == c), None) for c in COLUMNS
        }, row["path"]
        for tier, column in zip(TIERS, COLUMNS, strict=True):
            ancestor_id = row[column]
            if ancestor_id is None:
                continue
            ancestor = rows[ancestor_id]
            assert ancestor["tier"].value == tier, (row["path"], column)
            assert ancestor["tenant_id"] == row["tenant_id"]
            assert row["path"] == ancestor["path"] or row["path"].startswith(ancestor["path"] + "/")


async def test_platform_init_twice_adds_and_updates_no_region(platform: Any) -> None:
    async with platform.sessions() as session:
        before = await fetch_rows(session)
    report = await platform.init()
    assert (report.tenants_added, report.regions_added, report.regions_updated) == (0, 0, 0)
    async with platform.sessions() as session:
        assert await fetch_rows(session) == before
