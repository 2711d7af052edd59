"""``wushe serve`` started as the installed executable, for the tests whose process matters: the
workers, the master that restarts them, and the connections each worker holds."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

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
    server = subprocess.Popen([WUSHE, "serve", "--port", str(port), *options], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
                    output = server.communicate(timeout=30)[0]
                    pytest.fail(f"wushe serve {' '.join(options)} did not answer /health "
                                f"(exit code {server.returncode}):\n{output}")
                time.sleep(0.1)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


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


def one_connection_each(url: str, workers: list[int], tries: int = 200) -> dict[int, http.client.HTTPConnection]:
    """A kept-alive connection accepted by each of ``workers``: new connections are opened (each
    answering /health once) until every worker has accepted one. Which worker accepts a connection
    is the kernel's choice, so a worker that never does within ``tries`` connections fails the test."""
    host, port = url.removeprefix("http://").split(":")
    held: dict[int, http.client.HTTPConnection] = {}
    for _ in range(tries):
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.request("GET", "/health")
        connection.getresponse().read()
        pid = worker_holding(connection, workers)
        if pid is not None and pid not in held:
            held[pid] = connection
        else:
            connection.close()
        if len(held) == len(workers):
            return held
    for connection in held.values():
        connection.close()
    pytest.fail(f"{tries} connections reached only the workers {sorted(held)} of {sorted(workers)}")
