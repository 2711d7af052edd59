"""A nested regions → children → counts query costs the same number of statements at any tree size."""

import contextlib
import re

import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.models import Region, Tenant, Volunteer
from core.services import regions
from core.testing import create_role, graphql, user_with_role
from core.tree.tiers import Tier

NESTED = """
{ region(path: "panjin") {
    counts { communities volunteers socialOrganizations }
    children { name counts { communities volunteers }
      children { name counts { communities volunteers socialWorkers }
        children { name counts { volunteers volunteerTeams communityFunds } } } } } }
"""


@contextlib.contextmanager
def count_statements(engine):
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", record)


async def grow(platform, streets: int, communities: int) -> None:
    """Add regions and volunteers under Panjin: more rows at every level the query touches."""
    async with db.transaction(platform.sessions) as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "panjin"))).one()
        districts = (await session.exec(select(Region).where(Region.tier == Tier.DISTRICT, Region.tenant_id == tenant.id))).all()
        for d in districts:
            for s in range(streets):
                street = await regions.add_region(session, parent=d, tenant=tenant, code=f"x{s}", name=f"测试街道{s}", tier=Tier.STREET)
                for c in range(communities):
                    community = await regions.add_region(
                        session, parent=street, tenant=tenant, code=f"c{c}", name=f"测试社区{c}", tier=Tier.COMMUNITY
                    )
                    session.add(Volunteer(tenant_id=tenant.id, region_id=community.id, name="志愿者"))


async def test_nested_counts_cost_a_bounded_number_of_statements(platform, client, admin_token):
    await graphql(client, NESTED, token=admin_token)  # each counted on its second run (before_and_after_growing)
    with count_statements(platform.engine) as small:
        body = await graphql(client, NESTED, token=admin_token)
    assert "errors" not in body
    assert body["data"]["region"]["counts"]["communities"] == 35

    await grow(platform, streets=4, communities=6)
    await graphql(client, NESTED, token=admin_token)
    with count_statements(platform.engine) as large:
        body = await graphql(client, NESTED, token=admin_token)
    assert "errors" not in body
    assert body["data"]["region"]["counts"] == {"communities": 35 + 4 * 4 * 6, "volunteers": 96, "socialOrganizations": 0}
    assert len(large) == len(small), (len(small), len(large))
    # token → user (1), region (1), then per level: children (1) + counts (1 per tier present)
    assert len(large) <= 2 + 4 + 4, large


def test_statement_budget_is_documented():
    """docs/graphql.md quotes the budget; keep it true."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "graphql.md").read_text(encoding="utf-8")
    assert "at most 10 SQL statements" in text


LEVELS = """
{ region(path: "panjin") {
    counts { communities volunteers socialOrganizations socialWorkers volunteerTeams communityFunds }
    indicators(keys: ["volunteer_share", "active_volunteer_share"]) { key value }
    children { name
      counts { communities volunteers socialOrganizations socialWorkers volunteerTeams communityFunds }
      indicators(keys: ["volunteer_share", "active_volunteer_share"]) { key value }
      children { name
        counts { communities volunteers socialOrganizations socialWorkers volunteerTeams communityFunds }
        indicators(keys: ["volunteer_share", "active_volunteer_share"]) { key value } } } } }
"""
RAW_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?(?:volunteer|social_worker|social_organization|volunteer_team|community_fund)"?\s')


async def before_and_after_growing(platform, client, query: str, token: str):
    """The statements ``query`` runs, before and after :func:`grow` adds regions at every level, and
    the answer after. Each is counted on its second run: the first after growing reads again the
    regions a worker keeps by path (core.access.known_regions), as after any change to the tree."""
    await graphql(client, query, token=token)
    with count_statements(platform.engine) as small:
        before = await graphql(client, query, token=token)
    assert "errors" not in before, before
    await grow(platform, streets=4, communities=6)
    await graphql(client, query, token=token)
    with count_statements(platform.engine) as large:
        after = await graphql(client, query, token=token)
    assert "errors" not in after, after
    return small, large, after


def kept_counts(statements: list[str]) -> list[str]:
    return [s for s in statements if "subtree_summary.community_funds" in s]


async def test_counts_and_indicators_of_a_level_read_the_kept_sums_in_one_statement(platform, client, admin_token):
    """The issue's nested query (region › children › children, counts and two indicators at each): the
    number of statements does not grow with the regions at a level, the counts of a level are one read
    of the kept subtree sums, and no statement counts the element tables."""
    small, large, after = await before_and_after_growing(platform, client, LEVELS, admin_token)
    assert sum(len(d["children"]) for d in after["data"]["region"]["children"]) == 18 + 4 * 4
    assert after["data"]["region"]["counts"]["volunteers"] == 96
    assert len(large) == len(small), (len(small), len(large))
    assert len(kept_counts(large)) == 3, large
    assert [s for s in large if RAW_TABLES.search(s)] == []


async def test_a_partial_viewer_costs_a_bounded_number_of_statements_too(platform, client, admin_token):
    """A viewer who may read volunteers at communities only gets live counts of them (one statement per
    level), the kept sums of the rest: still no more statements for more regions."""
    made = await create_role(client, admin_token, "community_volunteers", "CITY",
                             ["region:read", "indicator:read", "volunteer:read@community", "social_worker:read"], "panjin")
    assert made["errors"] == [], made
    viewer = await user_with_role(platform, client, admin_token, "partial", "panjin", "community_volunteers", "panjin")
    small, large, after = await before_and_after_growing(platform, client, LEVELS, viewer)
    assert after["data"]["region"]["counts"]["volunteers"] == 96
    assert len(large) == len(small), (len(small), len(large))
    assert len(kept_counts(large)) == 3, large
    assert len([s for s in large if RAW_TABLES.search(s)]) == 3, large


README_ROLLUP = """{ rollup(under: "chongqing/qianjiang/zhengyang", by: COMMUNITY, indicators: ["volunteer_share"]) {
  rows { name values { value numerator denominator } targets { key threshold status } }
  total { values { value numerator denominator } } } }"""


async def test_the_readme_rollup_with_its_targets_reads_kinds_and_extra_sums_with_its_rows(platform, client, admin_token):
    """The rows' kinds and the measures beside the indicators' own come with the rollup's one statement:
    the token, the rollup, and the rollup as of the passed deadline, which reads the kept counts of
    that day and checks in the same statement that they are current — 3, not the 11 it took when each
    was read again (the region, read once, is kept: core.access.known_regions). The enabled plugins come with the policy's snapshot, and the recorded
    verdicts, which never change, are read once (the second answer: the first recorded them)."""
    for _ in range(2):  # the verdicts recorded, then read; the counts of the deadline's day kept
        assert "errors" not in await graphql(client, README_ROLLUP, token=admin_token)
    with count_statements(platform.engine) as seen:
        body = await graphql(client, README_ROLLUP, token=admin_token)
    assert "errors" not in body and body["data"]["rollup"]["rows"]
    assert len(seen) == 3, seen
    assert not [s for s in seen if "tenant_plugin" in s or "FROM target_verdict" in s], seen
