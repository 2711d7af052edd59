"""bench/replica.py works at a tiny size: both platforms answer the query (no timing asserted)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import replica

from core.testing import TEST_DATABASE_ENV


async def test_the_replica_bench_runs_tiny():
    server = os.environ.get(TEST_DATABASE_ENV)
    if not server:
        pytest.skip(f"read replicas are PostgreSQL's: set {TEST_DATABASE_ENV}")
    found = await replica.run(server, rounds=1, requests=2, warmup=1)
    assert [len(values) for values in found.values()] == [1, 1]
    assert all(value > 0 for values in found.values() for value in values)
