"""bench/dashboard.py works at a tiny size: the official signs in, the GraphQL rollup answers the
district's streets, the dashboard paints its chart and its table shows them (and a 合计 row). No timing
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
    this = result["versions"]["this"]
    assert len(result["graphql_ms"]) == len(this["paint"]) == len(this["complete"]) == len(this["cold_paint"]) == 1
    assert this["paint_above_floor"] == [this["paint"][0] - this["floor"][0]]
    assert set(result["ratio"]) == {"this"} and result["ratio"]["this"]["complete"] > 0
