"""bench/imports.py works at a tiny scale: both imports store the same rows, audited, with summaries
equal to a recomputation (measure() checks it before it reports; no timing is asserted)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
import imports as bench  # bench/imports.py


def test_the_same_seed_gives_the_same_volunteers():
    places = ["a/b/c", "a/b/d"]
    assert bench.volunteers(50, places, 1) == bench.volunteers(50, places, 1)
    assert bench.volunteers(50, places, 1) != bench.volunteers(50, places, 2)
    assert len({row[1] for row in bench.volunteers(3000, places, 1)}) == 3000


async def test_the_imports_bench_runs_tiny(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        urls = (database_url, f"sqlite:///{tmp_path / 'rows.db'}")
        result = await bench.measure(urls, 30, 1, tmp_path, lambda _line: None)
    else:
        other = bench.new_schema(database_url)
        try:
            result = await bench.measure((database_url, other), 30, 1, tmp_path, lambda _line: None)
        finally:
            bench.drop_schema(other)
    assert result["rows"] == 30 and result["ratio"] > 0
    assert "| SQLite | 30 |" in bench.table(result, "SQLite")
