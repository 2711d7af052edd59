"""bench/http_stack.py works at a tiny size: both servers start, answer every query without errors
(the bench itself refuses to time a rollup or a nested tree on which they disagree), and the load
generators count answers and bad answers. No timing is asserted."""

import socket
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import pytest
import uvicorn
from litestar import Litestar, post
from litestar.params import Body

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import http_stack


def quiet(*_args):
    pass


def test_the_http_bench_runs_tiny_and_both_servers_agree(database_url):
    args = http_stack.parser().parse_args([
        "--database", database_url, "--scale", "0.01", "--requests", "3", "--warmup", "1",
        "--connections", "2", "--duration", "1", "--rounds", "1",
    ])
    result = http_stack.run(args, report=quiet)

    # measure() compared the answers (rollup rows, every region of the nested tree) before timing
    assert result["sizes"]["rollup_rows"] == 5  # Zhengyang's five communities, as in the README
    assert result["sizes"]["nested_regions"] > 42  # chongqing, its 41 districts, and streets below
    assert set(result["sequential"]) == {"bare_typename", "wushe_typename", "bare_rollup", "wushe_rollup",
                                         "bare_nested", "wushe_nested", "wushe_write"}
    assert all(case["requests"] == 3 for case in result["sequential"].values())
    assert set(result["load"]) == {"bare_typename", "wushe_typename", "bare_rollup", "wushe_rollup"}
    for name, case in result["load"].items():
        assert case["requests"] > 0 and case["bad"] == 0 and case["errors"] == 0, (name, case)
    assert all(mib > 0 for values in result["rss_mib"].values() for mib in values)
    printed = http_stack.table(result)
    assert result["write_floor"]["requests"] == 3 and result["write_floor"]["p50"] > 0
    assert printed.count("\n| ") == 12 and "MiB" in printed  # the header and eleven figures


@post("/ok", status_code=200, sync_to_thread=False)
def ok(data: Annotated[dict[str, str], Body()]) -> dict[str, object]:
    return {"data": {"__typename": "Query"}}


@post("/bad", status_code=200, sync_to_thread=False)
def bad(data: Annotated[dict[str, str], Body()]) -> dict[str, object]:
    return {"data": None, "errors": [{"message": "no"}]}


@pytest.fixture
def little_server(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(Litestar([ok, bad]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield http_stack.Server("little", [], {}, tmp_path / "little.log", port=port)
    server.should_exit = True
    thread.join(10)


@pytest.mark.parametrize("generator", ["python", "wrk"])
def test_the_load_generators_count_answers_and_bad_ones(little_server, tmp_path, generator):
    if generator == "wrk" and not http_stack.shutil.which("wrk"):
        pytest.skip("wrk is not on PATH")
    calls = {"ok": http_stack.Call(little_server, "/ok", b'{"query": "{ __typename }"}'),
             "bad": http_stack.Call(little_server, "/bad", b'{"query": "{ __typename }"}')}
    found = http_stack.under_load(calls, generator, connections=2, seconds=1, rounds=1, folder=tmp_path)
    assert found["ok"]["requests"] > 0 and found["ok"]["bad"] == 0 and found["ok"]["rps"] > 0
    assert found["ok"]["p50"] is not None and found["ok"]["p99"] >= found["ok"]["p50"]
    assert found["bad"]["requests"] > 0 and found["bad"]["bad"] == found["bad"]["requests"]
    assert found["bad"]["rps"] == 0
