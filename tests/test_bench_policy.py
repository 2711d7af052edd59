"""bench/policy_reload.py works at a tiny scale: both loads hold the same lines and decide alike
(checked before any timing), and the table names both loads and the goal (no timing is asserted)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import policy_reload as bench


def test_the_policy_reload_bench_runs_tiny_and_both_loads_agree():
    lines = []
    results = bench.run([200, 400], reps=1, add_policies=True, report=lines.append)
    assert [row["lines"] for row in results.values()] == [200, 400]
    assert lines[0].startswith("| lines | adapter |") and "goal: at most 2x" in lines[-1]


def test_the_bench_stops_when_the_loads_disagree():
    lines = bench.lines_of(200)
    other = bench.by_add_policies(lines[:-1])
    with pytest.raises(SystemExit, match="different lines"):
        bench.agree(lines, bench.Policy(lines, version=1).enforcer, other)
