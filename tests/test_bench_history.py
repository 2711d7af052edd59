"""bench/history.py works at a tiny scale: as-of counts equal the raw rows, the series equals its
one-year rollups, every case is timed and the table names both goals (no timing is asserted)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import generate
import history
import indicators


def quiet(*_args):
    pass


async def test_the_history_bench_runs_tiny_and_its_answers_agree(database_url):
    platform = await indicators.prepare(database_url, "chongqing", 0.002, 1.0, seed=1, report=quiet)
    try:
        async with platform.engine.connect() as connection:
            days = (await connection.exec_driver_sql(
                "SELECT count(DISTINCT valid_from) FROM volunteer")).scalar_one()
        assert days > 100  # the records began over the years, not all today
        result = await history.measure(platform, reps=2, warmup=0, report=quiet)  # checks the answers first
    finally:
        await platform.dispose()
    assert result["streets"] > 0 and result["years"][-1] == generate.YEAR
    assert set(result["timings"]) == {key for key, _ in history.LINES}
    text = history.table(result, "test")
    assert "goal <= 1.5x" in text and "goal <= 1.2x" in text
