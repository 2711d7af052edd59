"""bench/write_floor.py: a create's own statements are captured by trip and replayed as real creates
that keep the summaries true. No timing is asserted."""

import sys
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import generate
import http_stack
import write_floor

from core.indicators import summary
from core.models import Region
from core.tree.tiers import Tier


def volunteers(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM volunteer").scalar_one()


async def test_a_replayed_create_writes_a_row_and_keeps_the_summaries_true(platform, database_url):
    url, owner = platform.settings.database_url, platform.settings.owner_database_url
    async with platform.sessions() as session:
        community = (await session.exec(select(Region.path).where(Region.tier == Tier.COMMUNITY)
                                        .order_by(col(Region.path)))).first()
    token = await platform.token_for("admin")
    engine = sa.create_engine(generate.sync_url(database_url))  # the owner's: every tenant's rows
    try:
        before = volunteers(engine)
        captured = await write_floor.capture(url, owner, token, http_stack.WRITE,
                                             http_stack.write_input({"write_at": community}))

        # the token's check, then the create's own trips: the INSERT alone, the rest with COMMIT
        assert captured.table == "volunteer"
        (check, _parameters), = captured.first
        assert "wushe_principal" in check or "FROM app_user" in check
        insert, rest = captured.trips
        assert len(insert) == 1 and insert[0][0].startswith("INSERT INTO volunteer")
        assert rest[-1] == ("COMMIT", None)
        assert any("subtree_summary" in sql for sql, _ in rest)
        assert volunteers(engine) == before + 2  # the warming create and the captured one
        # a replay names its own row where the captured statements named the captured one
        renamed = [write_floor._with_row(statement, "volunteer", captured.row_id, -1) for statement in rest]
        changed = [new for old, new in zip(rest, renamed, strict=True) if old != new]
        assert len(changed) == 1 and "FROM volunteer" in changed[0][0] and "-1" in str(changed[0][1])

        figures = write_floor.replay(url, captured, 3)

        assert figures["requests"] == 3 and figures["p50"] > 0
        assert volunteers(engine) == before + 5  # each replay a new row
        with engine.connect() as connection:
            assert summary.differences(connection) == []  # its share added, as the platform's own write
    finally:
        engine.dispose()
