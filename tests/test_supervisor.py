"""core.web.workers: the workers of ``wushe serve --workers N``, each listening on a socket of its own
(SO_REUSEPORT), started, replaced and stopped by the supervisor. A small app (tests/serving_app.py)
answers with its worker's process id; everything on loopback."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port, workers_of
from tests.sockets import all_listening, wait_closed

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="SO_REUSEPORT")]

ROOT = Path(__file__).parents[1]
SUPERVISE = """import sys
from uvicorn import Config
from core.web.workers import Supervisor
config = Config("tests.serving_app:app", host="127.0.0.1", port=int(sys.argv[1]), timeout_graceful_shutdown=3)
sys.exit(Supervisor(config, 2, float(sys.argv[2])).run())
"""


@contextmanager
def supervisor(start_seconds: float = 60, **env: str) -> Iterator[tuple[subprocess.Popen[str], int, Path]]:
    """The supervisor of two workers of the small app on a free port: its process, the port, its log."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log"
        with log.open("w") as out:
            process = subprocess.Popen([sys.executable, "-c", SUPERVISE, str(port), str(start_seconds)], cwd=ROOT,
                                       env={**os.environ, "PYTHONPATH": str(ROOT), **env}, stdout=out,
                                       stderr=subprocess.STDOUT, text=True)
        try:
            yield process, port, log
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def answering(port: int, seconds: float = 60) -> set[int]:
    """The workers that answered 20 new connections, once the port answers at all."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return {int(httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text) for _ in range(20)}
        except httpx.TransportError:
            assert time.monotonic() < deadline, "nothing answered"
            time.sleep(0.1)


def test_each_worker_listens_on_a_socket_of_its_own_and_both_answer():
    with supervisor() as (process, port, _):
        held = all_listening(process.pid, port)
        answered = answering(port)
        assert len(held) == 2 and all(len(sockets) == 1 for sockets in held.values()), held
        first, second = held.values()
        assert first != second  # under uvicorn's --workers both hold the one socket
        assert answered == set(held), "the kernel spreads 20 new connections over both sockets"


def test_a_killed_worker_is_replaced_and_the_other_answers_meanwhile():
    with supervisor() as (process, port, log):
        held = all_listening(process.pid, port)
        doomed, survivor = workers_of(process.pid)
        os.kill(doomed, signal.SIGKILL)
        wait_closed(held[doomed], port)  # a connection queued at its socket until then is reset (core.web.workers)
        deadline = time.monotonic() + 60
        while True:
            # the dead worker's socket is gone with it: every new connection reaches the survivor
            answered = answering(port)
            assert doomed not in answered
            now = workers_of(process.pid)
            assert survivor in now
            if len(now) == 2 and doomed not in now and answered == set(now):
                break
            assert time.monotonic() < deadline, (now, answered)
            time.sleep(0.2)
        assert f"Worker process [{doomed}] died (code -9): starting another" in log.read_text()


def test_sigterm_lets_the_request_in_progress_finish_then_stops_every_worker():
    with supervisor() as (process, port, _):
        all_listening(process.pid, port)
        started = workers_of(process.pid)
        answer: list[httpx.Response] = []
        slow = threading.Thread(target=lambda: answer.append(httpx.get(f"http://127.0.0.1:{port}/slow", timeout=30)))
        slow.start()
        time.sleep(0.3)  # it has arrived, and is a second from its answer
        process.send_signal(signal.SIGTERM)
        slow.join(30)
        assert answer and answer[0].status_code == 200
        assert process.wait(30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in started)


def test_a_worker_that_cannot_start_stops_the_supervisor_with_code_3():
    with supervisor(SERVING_APP_START="fail") as (process, _, log):
        assert process.wait(60) == 3
        assert "before it served: stopping" in log.read_text()


def test_a_worker_that_never_starts_serving_is_replaced_after_the_start_seconds():
    with supervisor(start_seconds=2, SERVING_APP_START="hang") as (process, _, log):
        deadline = time.monotonic() + 60
        while log.read_text().count("Started worker process") < 3:  # the two, then a replacement
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "did not start serving for 2.0 s: killing it and starting another" in log.read_text()
        assert process.poll() is None


def test_a_taken_port_is_refused_at_once():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-c", SUPERVISE, str(port), "60"], cwd=ROOT, capture_output=True,
                                text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode != 0
    assert "Address already in use" in result.stderr


def test_a_worker_still_starting_is_killed_when_the_supervisor_stops():
    with supervisor(SERVING_APP_START="hang") as (process, _, log):
        deadline = time.monotonic() + 60
        while log.read_text().count("Waiting for application startup") < 2:  # both in the app's start-up
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        started = workers_of(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0  # the grace (3 s) and the margin, not for ever
        assert "did not stop: killing it" in log.read_text()
        assert not any(Path(f"/proc/{pid}").exists() for pid in started)


def test_the_workers_stop_when_their_supervisor_is_killed():
    with supervisor() as (process, port, _):
        started = list(all_listening(process.pid, port))
        process.kill()
        process.wait()
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{pid}").exists() for pid in started):  # not left serving alone
            assert time.monotonic() < deadline, started
            time.sleep(0.1)
