"""A nested regions → children → counts query costs the same number of statements at any tree size."""

import contextlib

import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.models import Region, Tenant, Volunteer
from core.services import regions
from core.testing import graphql
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
    with count_statements(platform.engine) as small:
        body = await graphql(client, NESTED, token=admin_token)
    assert "errors" not in body
    assert body["data"]["region"]["counts"]["communities"] == 35

    await grow(platform, streets=4, communities=6)
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
