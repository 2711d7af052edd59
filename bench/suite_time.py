"""Where the test suite's time goes, read from pytest's ``--durations=0`` report.

    WUSHE_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m pytest -n auto -q --durations=0 > /tmp/suite.log
    python bench/suite_time.py /tmp/suite.log [--top 20]

It sums the seconds of every test's set-up, call and tear-down, by phase and database (the ``[sqlite…]``
or ``[postgresql…]`` of a test's id; "none" for a test that takes no database), lists the files and the
tests that take most, and compares two reports when given two (before, after). The sum is
test-seconds: the wall time is about that divided by the workers (``-n auto``: one per core).
"""

import argparse
import collections
import re
import sys
from pathlib import Path

LINE = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S.*)$")
TOTAL = re.compile(r"(\d+) passed.* in ([\d.]+)s")


def read(path: Path) -> tuple[list[tuple[float, str, str]], float | None]:
    rows, wall = [], None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = LINE.match(line)
        if found:
            rows.append((float(found[1]), found[2], found[3].strip()))
        elif total := TOTAL.search(line):
            wall = float(total[2])
    if not rows:
        raise SystemExit(f"{path}: no --durations=0 lines (run pytest with --durations=0)")
    return rows, wall


def backend(test_id: str) -> str:
    parameters = test_id.partition("[")[2]
    return next((name for name in ("postgresql", "sqlite") if parameters.startswith(name)
                 or f"-{name}" in parameters), "none")


def summary(rows: list[tuple[float, str, str]]) -> dict[str, collections.Counter[str]]:
    out: dict[str, collections.Counter[str]] = {k: collections.Counter() for k in ("phase", "backend", "file", "test")}
    for seconds, phase, test_id in rows:
        out["phase"][phase] += seconds
        out["backend"][f"{backend(test_id)} {phase}"] += seconds
        out["file"][test_id.split("::")[0]] += seconds
        out["test"][test_id] += seconds
    return out


def report(paths: list[Path], top: int, out=print) -> None:
    read_ = [read(path) for path in paths]
    sums = [summary(rows) for rows, _ in read_]
    names = [path.name for path in paths]
    out("| | " + " | ".join(names) + " |")
    out("|---|" + "---|" * len(names))
    out("| wall, s | " + " | ".join(f"{wall:,.0f}" if wall else "?" for _, wall in read_) + " |")
    out("| test-seconds | " + " | ".join(f"{sum(s['phase'].values()):,.0f}" for s in sums) + " |")
    for key in ("setup", "call", "teardown"):
        out(f"| {key} | " + " | ".join(f"{s['phase'][key]:,.0f}" for s in sums) + " |")
    for key in sorted({k for s in sums for k in s["backend"]}):
        out(f"| {key} | " + " | ".join(f"{s['backend'][key]:,.0f}" for s in sums) + " |")
    last = sums[-1]
    out(f"\nfiles taking most ({names[-1]}):")
    for name, seconds in last["file"].most_common(top):
        out(f"{seconds:8.1f}  {name}")
    out(f"\ntests taking most ({names[-1]}):")
    for name, seconds in last["test"].most_common(top):
        out(f"{seconds:8.1f}  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", type=Path, nargs="+", help="pytest output with --durations=0 (one, or before and after)")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    report(args.reports, args.top)


if __name__ == "__main__":
    main(sys.argv[1:])
