"""bench/dashboard.py works at a tiny size: the official signs in, the GraphQL rollup answers the
district's streets, the dashboard draws its chart and its table shows them (and a 合计 row). No timing
is asserted."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import dashboard


def quiet(*_args):
    pass


def test_the_console_bench_runs_tiny(database_url):
    if dashboard.chromium() is None:
        pytest.skip("no Chromium installed (apt-get install chromium): the console bench needs one")
    pytest.importorskip("playwright")
    arguments = ["--streets", "2", "--communities", "1", "--volunteers", "1", "--rounds", "1", "--warmup", "0"]
    if database_url.startswith("postgresql"):
        arguments += ["--database", database_url]
    result = dashboard.run(dashboard.parser().parse_args(arguments), report=quiet)
    assert result["rows"] == 2 and result["rows_shown"] == 3  # two streets, and the 合计 row
    assert len(result["graphql_ms"]) == len(result["first_paint_ms"]) == len(result["complete_ms"]) == 1
    assert set(result["ratio"]) == {"first_paint", "complete"}
