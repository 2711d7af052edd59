"""``wushe serve`` started as the installed executable, for the tests whose process matters: the
workers, the master that restarts them, and the connections each worker holds."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

WUSHE = str(Path(sys.executable).parent / "wushe")

STARTUP_SECONDS = 180
"""How long a server may take to answer /health: workers import the platform each, which on a
loaded CI machine (two CPUs shared by two test processes and a PostgreSQL server) took over 30 s."""


@contextlib.contextmanager
def serving(env: dict[str, str], *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``wushe serve`` started as the installed executable on a free port, once its /health answers:
    its URL and process; stopped after the block."""
    port = free_port()
    # its output goes to a file, read with output_of(): a pipe that nobody reads while the server
    # runs fills after ~200 log lines, and the server then stops in the middle of writing one
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (read after the block, by output_of)
    server = subprocess.Popen([WUSHE, "serve", "--port", str(port), *options], env=env,
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    LOGS[server.pid] = log
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.terminate()
                    server.wait(timeout=30)
                    output = output_of(server)
                    pytest.fail(f"wushe serve {' '.join(options)} did not answer /health "
                                f"(exit code {server.returncode}):\n{output}")
                time.sleep(0.1)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)  # a kept-alive connection left open holds it up to the shutdown grace
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


LOGS: dict[int, IO[str]] = {}
"""The output files of the servers :func:`serving` started, by process id."""


def output_of(server: subprocess.Popen[str]) -> str:
    """What a server started by :func:`serving` has written so far (standard output and error)."""
    log = LOGS[server.pid]
    log.flush()
    log.seek(0)
    return log.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn started for the server ``pid`` (multiprocessing's spawned children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def worker_holding(connection: http.client.HTTPConnection, workers: list[int]) -> int | None:
    """Which of ``workers`` accepted ``connection`` (an open one to 127.0.0.1): the process holding
    the server's end of it, found in /proc (the socket whose peer is this connection's own port)."""
    if connection.sock is None:
        return None
    client_port = connection.sock.getsockname()[1]
    peer = f"0100007F:{client_port:04X}"
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[2] == peer and int(fields[1].split(":")[1], 16) == connection.port:
            inodes.add(f"socket:[{fields[9]}]")
    for pid in workers:
        try:
            held = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        except OSError:
            continue
        if held & inodes:
            return pid
    return None


def connection_to(url: str, worker: int, seconds: float = STARTUP_SECONDS) -> http.client.HTTPConnection:
    """A new connection that ``worker`` accepted: connections are opened (each answering /health
    once) until that worker accepts one. Which worker accepts is the kernel's choice, and a worker
    still starting accepts none, so one that has not within ``seconds`` fails the test. Use it at
    once: an idle connection is closed by the server after 5 s (uvicorn's keep-alive)."""
    host, port = url.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.request("GET", "/health")
        connection.getresponse().read()
        if worker_holding(connection, [worker]) == worker:
            return connection
        connection.close()
        time.sleep(0.01)
    pytest.fail(f"in {seconds} s, no connection reached the worker {worker}")


def one_connection_each(url: str, workers: list[int]) -> dict[int, http.client.HTTPConnection]:
    """A new connection accepted by each of ``workers`` (:func:`connection_to`)."""
    return {worker: connection_to(url, worker) for worker in workers}
