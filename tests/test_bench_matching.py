"""bench/matching.py works at a tiny scale: the lists load, the run's proposals are the candidate
query's rows (checked before any timing), both cases are timed and the table names both goals (no
timing is asserted)."""

import sys
from pathlib import Path

from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import indicators
import matching as bench


def quiet(*_args):
    pass


def sync(url):
    return make_url(url).set(drivername=make_url(url).get_backend_name()).render_as_string(hide_password=False)


async def test_the_matching_bench_runs_tiny_and_its_answers_agree(database_url):
    platform = await indicators.prepare(database_url, "chongqing", 0.002, 0.01, seed=1, report=quiet)
    try:
        lines = []
        bench.load_lists(database_url, seed=1, report=lines.append)
        bench.load_lists(database_url, seed=1, report=lines.append)
        assert lines[0].startswith("lists loaded") and lines[1] == "reusing the lists in the database"
        result = await bench.measure(platform, reps=2, warmup=0, district="chongqing/wanzhou", report=quiet)
    finally:
        await platform.dispose()
    assert result["demands"] > 0 and result["candidates"] > 0
    assert set(result["timings"]) == {"run", "candidates"}
    text = bench.table(result, "test")
    assert "goal < 2 s" in text and "goal <= 3x" in text
