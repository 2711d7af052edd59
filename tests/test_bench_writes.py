"""bench/writes.py runs tiny on each backend: every write succeeds, the summaries stay exact, and a
create keeps them in three statements (four on PostgreSQL, with the regions' lock). Nothing is timed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import writes


async def test_the_writes_bench_runs_tiny_and_keeps_the_summaries_exact(database_url):
    figures = await writes.measure(database_url, rounds=2, seed=1, compare_unqueued=True)
    assert set(figures) == {"{ __typename }", "createVolunteer", "updateVolunteer", "recordService", "create, unqueued"}
    lock = 1 if database_url.startswith("postgresql") else 0
    assert figures["createVolunteer"]["summary_statements"] == 3 + lock
    assert figures["create, unqueued"]["summary_statements"] == 3 + lock  # the same statements, one trip each
    assert figures["{ __typename }"]["summary_statements"] == 0
    assert all(row["p50_ms"] > 0 for row in figures.values())
