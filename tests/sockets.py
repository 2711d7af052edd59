"""The listening sockets of ``wushe serve``'s workers, read in /proc (Linux): which worker holds
which socket on a port, and when a killed worker's sockets are closed."""

import os
import time
from pathlib import Path

from tests.servers import STARTUP_SECONDS, workers_of


def listening(port: int) -> set[str]:
    """The inodes of the sockets listening on ``port`` on loopback (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port:
            found.add(fields[9])
    return found


def sockets_of(pid: int) -> set[str]:
    """The inodes of the sockets the process ``pid`` holds (none once it has exited)."""
    held = set()
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return held
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            held.add(target[8:-1])
    return held


def own_listening_sockets(pid: int, port: int) -> dict[int, set[str]]:
    """The listening sockets on ``port`` that each worker of the server ``pid`` holds."""
    return {worker: sockets_of(worker) & listening(port) for worker in workers_of(pid)}


def all_listening(pid: int, port: int, seconds: float = STARTUP_SECONDS) -> dict[int, set[str]]:
    """:func:`own_listening_sockets` once every worker listens (a worker starts after the first answers)."""
    deadline = time.monotonic() + seconds
    while True:
        held = own_listening_sockets(pid, port)
        if held and all(held.values()):
            return held
        assert time.monotonic() < deadline, f"not every worker listens on {port}: {held}"
        time.sleep(0.1)


def wait_closed(held: set[str], port: int, seconds: float = 30) -> None:
    """Until none of the listening sockets ``held`` (a killed worker's) listens on ``port``, as the
    kernel's table of sockets says. The process's descriptors in /proc are not asked: unreadable while
    it exits, they would answer "none" before its sockets are closed, and a connection queued at one
    until then is reset (a failure of test_faults under CI's load, 2026-12-06)."""
    deadline = time.monotonic() + seconds
    while listening(port) & held:
        assert time.monotonic() < deadline, f"the sockets {held} still listen on {port}"
        time.sleep(0.02)
