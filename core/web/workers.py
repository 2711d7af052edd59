"""``wushe serve --workers N``: N worker processes on one port, each listening on a socket of its own.

Under uvicorn's own ``--workers`` all the workers accept from one listening socket, and whichever
wakes first takes every connection waiting (asyncio accepts up to its backlog at a wake-up). Clients
that keep their connections open (a dashboard, a proxy's pool, ``wrk``) then stay where that first
burst put them: bench/workers.py saw 50 connections split 50/0 and 45/5, one worker busy while
the other idled, and the rollup's p99 on 2 workers set by the busy one.

Here each worker binds its own socket with ``SO_REUSEPORT``, and the kernel hands each new connection
to one of the sockets by a hash of its addresses: the connections are spread evenly whatever the
workers are doing. The supervisor (this process) keeps what uvicorn's did:

- it starts the workers (``multiprocessing``'s spawn: each imports the app afresh), and refuses to
  go on if the port is taken (it holds a bound socket of its own, never listening, so that no other
  program takes the port while a worker is replaced);
- a worker that says it is serving within ``start_seconds`` is watched: one that dies, or stops
  answering for ``start_seconds``, is replaced (it is killed first); a worker that exits by itself
  before it ever served (the app cannot start) stops them all, with exit code 3, as a restart would
  fail alike;
- on ``SIGTERM`` or ``SIGINT`` each worker is sent ``SIGTERM`` and shuts down as uvicorn does (no new
  connections; the requests in progress given ``timeout_graceful_shutdown``), and the supervisor
  waits for all of them (killing one still there :data:`STOP_MARGIN_SECONDS` later);
- a worker whose supervisor has gone (killed) stops as on ``SIGTERM``, rather than serve on alone.

A worker that dies takes its socket with it: the connections queued there and not yet accepted are
reset (Linux moves them to the other sockets when ``net.ipv4.tcp_migrate_req = 1``), and until its
replacement listens every new connection goes to the others.
"""

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from uvicorn.config import STARTUP_FAILURE

logger = logging.getLogger("uvicorn.error")

HEARTBEAT_SECONDS = 1.0
"""How often a worker tells the supervisor it is alive (and whether it serves yet)."""

STOP_MARGIN_SECONDS = 5.0
"""How long past ``timeout_graceful_shutdown`` a worker told to stop may take before it is killed."""

SPAWN = multiprocessing.get_context("spawn")


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` with ``SO_REUSEPORT`` (and ``SO_REUSEADDR``), not listening."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _work(config: uvicorn.Config, supervisor: Connection) -> None:  # pragma: no cover (a spawned process)
    """A worker: its own socket, uvicorn's server on it, and a heartbeat to the supervisor."""
    config.configure_logging()
    server = uvicorn.Server(config)

    def beat() -> None:  # at once when it starts serving, else every HEARTBEAT_SECONDS
        said, at = None, 0.0
        try:
            while True:
                if server.started != said or time.monotonic() - at >= HEARTBEAT_SECONDS:
                    said, at = server.started, time.monotonic()
                    supervisor.send(said)
                time.sleep(0.05)
        except OSError:  # the supervisor has gone (killed): stop as on SIGTERM rather than serve on alone
            os.kill(os.getpid(), signal.SIGTERM)

    try:
        sock = reuse_port_socket(config.host, config.port)
    except OSError as error:
        logger.error("%s:%s: %s", config.host, config.port, error.strerror)
        sys.exit(STARTUP_FAILURE)
    threading.Thread(target=beat, daemon=True).start()
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


@dataclass
class Worker:
    process: BaseProcess
    heard: Connection
    started_at: float = field(default_factory=time.monotonic)
    last_heard: float = field(default_factory=time.monotonic)
    serving: bool = False

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def listen(self) -> None:
        """Read what the worker has said since (without waiting)."""
        try:
            while self.heard.poll():
                self.serving = self.heard.recv() or self.serving
                self.last_heard = time.monotonic()
        except (EOFError, OSError):
            pass


class Supervisor:
    """``count`` workers serving ``config`` (uvicorn's, with the app named by its import string)."""

    def __init__(self, config: uvicorn.Config, count: int, start_seconds: float) -> None:
        self.config, self.count, self.start_seconds = config, count, start_seconds
        self.workers: list[Worker] = []
        self.stopping = threading.Event()

    def start_worker(self) -> Worker:
        heard, told = SPAWN.Pipe(duplex=False)
        process = SPAWN.Process(target=_work, args=(self.config, told), name="wushe-worker")
        process.start()
        told.close()
        logger.info("Started worker process [%s]", process.pid)
        return Worker(process, heard)

    def run(self) -> int:
        """Serve until ``SIGTERM`` or ``SIGINT``: 0, or 3 if a worker could not start."""
        hold = reuse_port_socket(self.config.host, self.config.port)  # the port is free (else OSError)
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        code = 0
        try:
            logger.info("Started supervisor process [%s]: %s workers, each on its own socket (SO_REUSEPORT)",
                        os.getpid(), self.count)
            self.workers = [self.start_worker() for _ in range(self.count)]
            while not self.stopping.wait(0.2):
                if not self.watch():
                    code = STARTUP_FAILURE
                    break
        finally:
            self.stop_all()
            hold.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("Stopping supervisor process [%s]", os.getpid())
        return code

    def watch(self) -> bool:
        """Replace the workers that died or hang; False if one could not start at all."""
        for index, worker in enumerate(self.workers):
            worker.listen()
            if not worker.process.is_alive():
                if not worker.serving and (worker.process.exitcode or 0) >= 0:  # not killed: it failed
                    logger.error("Worker process [%s] exited (code %s) before it served: stopping",
                                 worker.pid, worker.process.exitcode)
                    return False
                logger.warning("Worker process [%s] died (code %s): starting another",
                               worker.pid, worker.process.exitcode)
            elif time.monotonic() - (worker.last_heard if worker.serving else worker.started_at) > self.start_seconds:
                logger.warning("Worker process [%s] %s for %s s: killing it and starting another", worker.pid,
                               "did not answer" if worker.serving else "did not start serving", self.start_seconds)
                worker.process.kill()
            else:
                continue
            worker.process.join()
            worker.heard.close()
            if self.stopping.is_set():
                return True
            self.workers[index] = self.start_worker()
        return True

    def stop_all(self) -> None:
        """SIGTERM to each worker; one still running after the grace and STOP_MARGIN_SECONDS more
        (stuck, or still starting: uvicorn's start-up does not heed SIGTERM) is killed."""
        for worker in self.workers:
            if worker.process.is_alive() and worker.pid is not None:
                os.kill(worker.pid, signal.SIGTERM)
        deadline = time.monotonic() + (self.config.timeout_graceful_shutdown or 0) + STOP_MARGIN_SECONDS
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                logger.warning("Worker process [%s] did not stop: killing it", worker.pid)
                worker.process.kill()
                worker.process.join()
            logger.info("Worker process [%s] stopped", worker.pid)

    def _stop(self, sig: int, _frame: FrameType | None) -> None:
        logger.info("Received %s: stopping the workers", signal.Signals(sig).name)
        self.stopping.set()


def reuse_port_supported() -> bool:
    """Whether this system spreads connections over sockets of one port (Linux, the BSDs, macOS)."""
    return hasattr(socket, "SO_REUSEPORT")
