"""bench/load.py works at a tiny size: both servers start with two workers, the mix's every kind is
sent and answered without an error (the rollup, the region tree, a list, a form, an hour of
service, a case's step), and the rate limit's two stores are compared. No timing is asserted."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import load

pytestmark = [pytest.mark.slow, pytest.mark.once]  # the load test's servers and mix are the subject


def quiet(*_args):
    pass


def test_the_load_test_runs_tiny_and_answers_the_whole_mix_without_errors(database_url):
    args = load.parser().parse_args([
        "--database", database_url, "--scale", "0.01", "--connections", "3", "--duration", "20",
        "--max-requests", "80", "--store-requests", "5",
    ])
    result = load.run(args, report=quiet)

    for name in ("wushe", "bare"):
        server = result["servers"][name]
        assert server["errors"] == 0, server["examples"]
        assert 0 < server["requests"] <= 80 + 3  # bounded: a client checks the count before it sends
    kinds = result["servers"]["wushe"]["kinds"]
    assert set(kinds) == set(load.WEIGHTS)
    assert all(figures["requests"] > 0 for figures in kinds.values()), kinds
    assert set(result["stores"]) == {"database", "memory"}
    printed = load.table(result)
    assert "| throughput, req/s |" in printed and "| transition |" in printed and "error (" not in printed
