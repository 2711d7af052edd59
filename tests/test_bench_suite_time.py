"""bench/suite_time.py reads pytest's --durations=0 report: sums by phase, database and file, and
compares two reports."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import suite_time

REPORT = """
============================= slowest durations ==============================
2.50s call     tests/test_a.py::test_one[sqlite]
1.25s setup    tests/test_a.py::test_one[postgresql]
0.75s call     tests/test_b.py::test_two[sqlite-{ x }]
0.50s setup    tests/test_b.py::test_three
10 passed, 1 skipped in 3.10s (0:00:03)
"""


def test_the_report_is_summed_by_phase_database_and_file(tmp_path):
    path = tmp_path / "suite.log"
    path.write_text(REPORT, encoding="utf-8")
    rows, wall = suite_time.read(path)
    assert wall == 3.10 and len(rows) == 4
    sums = suite_time.summary(rows)
    assert sums["phase"] == {"call": 3.25, "setup": 1.75}
    assert sums["backend"] == {"sqlite call": 3.25, "postgresql setup": 1.25, "none setup": 0.5}
    assert sums["file"]["tests/test_a.py"] == 3.75
    lines = []
    suite_time.report([path, path], top=2, out=lines.append)
    assert lines[2] == "| wall, s | 3 | 3 |" and "| test-seconds | 5 | 5 |" in lines


def test_a_report_without_durations_is_refused(tmp_path):
    path = tmp_path / "suite.log"
    path.write_text("10 passed in 3.10s\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="--durations=0"):
        suite_time.read(path)
