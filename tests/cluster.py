"""A throwaway PostgreSQL cluster of a test's own (initdb, pg_ctl) on a free loopback port, for the
faults no test may cause on the shared server (restarting it under load), and for a streaming standby
of it (:func:`standby_of`, the read replica's tests).

The binaries are looked for in ``WUSHE_TEST_POSTGRES_BIN``, else the newest
``/usr/lib/postgresql/*/bin`` (Debian's layout), else on PATH; :func:`private_cluster` skips the
test, saying why, when there are none. PostgreSQL refuses to run as root: as root the cluster is
run as the ``postgres`` user (``runuser``)."""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port

BIN_ENV = "WUSHE_TEST_POSTGRES_BIN"


def binaries() -> Path | None:
    given = os.environ.get(BIN_ENV)
    if given:
        return Path(given) if (Path(given) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A running cluster: ``url`` connects as its superuser ``postgres`` (no password, loopback only)."""

    def __init__(self, folder: Path, bin: Path, user: str | None) -> None:
        self.folder, self.bin, self.user = folder, bin, user
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.folder / "log"
            raise RuntimeError(f"{program} {' '.join(args)}: {done.stderr or done.stdout}\n"
                               f"{log.read_text() if log.exists() else ''}")

    def init(self) -> None:
        self.run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60 "
                   "-c shared_buffers=32MB -c fsync=off")
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "immediate") -> None:
        """Stop (``immediate``: as a crash, every connection cut, recovery from the WAL at start) and start again."""
        self.stop(mode)
        self.start()

    def database(self, name: str) -> str:
        """A new database on the cluster: its URL, as the superuser (the tests' owner)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def standby_of(primary: Cluster) -> Iterator[Cluster]:
    """A streaming standby of the running ``primary``, started on a port of its own: a copy made with
    ``pg_basebackup -R`` (a fast checkpoint first, not a spread one of minutes; ``-R`` writes ``primary_conninfo`` and ``standby.signal``), replaying the
    primary's WAL as it comes and answering reads (hot standby, PostgreSQL's default)."""
    folder = primary.folder / "standby"
    folder.mkdir()
    if primary.user:
        shutil.chown(folder, primary.user)
    standby = Cluster(folder, primary.bin, primary.user)
    standby.run("pg_basebackup", "-D", str(folder / "data"), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync",
                "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres")
    standby.start()
    try:
        yield standby
    finally:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            standby.stop("immediate")


@contextlib.contextmanager
def private_cluster() -> Iterator[Cluster]:
    bin = binaries()
    if bin is None:
        pytest.skip(f"no PostgreSQL server binaries (initdb, pg_ctl): install them or set {BIN_ENV}")
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            pytest.skip("running as root, and there is no `postgres` user to run a private cluster as")
    folder = Path(tempfile.mkdtemp(prefix="wushe-cluster-"))
    if user:
        shutil.chown(folder, user)
    cluster = Cluster(folder, bin, user)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
