"""Benchmark: a real user's sign-in while one address floods wrong logins (issue #9, break 6).

Starts `wushe serve` (production mode) on a fresh database on loopback, adds a user, then, side
by side in one run:

- baseline: the real user signs in ``--logins`` times from 127.0.0.1, nothing else running;
- flood: another process sends up to ``--flood`` wrong logins from 127.0.0.2, ``--concurrency``
  at a time, guessing the real user's password and other usernames' (every other request), while
  the real user signs in ``--logins`` times again.

It prints the real sign-in's median and 90th percentile in both phases, their ratio, and what the
flood's requests got (wrong password, locked, busy, rate-limited). The real user's address is never
locked, so every real sign-in must succeed.

    python bench/login.py                              # SQLite file in a temporary folder
    python bench/login.py --postgres postgresql://postgres@127.0.0.1:5432/test
    python bench/login.py --flood 3000 --concurrency 64 --rate-limit 0   # no rate limit: the throttle alone
"""

import argparse
import asyncio
import collections
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from core import db
from core.config import Settings
from core.platform import Platform
from core.services import accounts

PASSWORD = "Zq7-correct-horse"
USER = "real.user"
LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"""
WUSHE = str(Path(sys.executable).parent / "wushe")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def prepare(url: str) -> None:
    platform = Platform.create(Settings(database_url=url))
    try:
        await platform.init()
        async with db.transaction(platform.sessions) as session:
            await accounts.create_user(session, accounts.OPERATOR, username=USER, tenant="panjin", password=PASSWORD)
    finally:
        await platform.dispose()


def serve(url: str, port: int, rate_limit: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WUSHE_DATABASE_URL": url, "WUSHE_RATE_LIMIT_PER_MINUTE": str(rate_limit)}
    server = subprocess.Popen(
        [WUSHE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 seconds")


async def real_logins(base: str, count: int) -> list[float]:
    """``count`` sequential sign-ins of the real user from 127.0.0.1: seconds each."""
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.1")
    timings = []
    async with httpx.AsyncClient(base_url=base, transport=transport, timeout=120) as client:
        for _ in range(count):
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": USER, "p": PASSWORD}})
            timings.append(time.perf_counter() - started)
            answer = response.json()["data"]["login"]
            if not answer["token"]:
                raise SystemExit(f"the real user's sign-in failed: {answer}")
    return timings


def flood(base: str, total: int, concurrency: int, started: object, stop: object, results: object) -> None:
    """In a process of its own: wrong logins from 127.0.0.2 until ``total`` are sent or ``stop`` is set."""

    async def run() -> collections.Counter[str]:
        outcomes: collections.Counter[str] = collections.Counter()
        sent = 0
        transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2", limits=httpx.Limits(max_connections=concurrency))
        async with httpx.AsyncClient(base_url=base, transport=transport, timeout=120) as client:

            async def one() -> None:
                nonlocal sent
                while sent < total and not stop.is_set():  # type: ignore[attr-defined]
                    sent += 1
                    username = USER if sent % 2 else f"guess{sent % 97}"
                    variables = {"u": username, "p": f"Wrong-{uuid.uuid4().hex[:12]}"}
                    try:
                        response = await client.post("/graphql", json={"query": LOGIN, "variables": variables})
                    except httpx.HTTPError as error:
                        outcomes[type(error).__name__] += 1
                        continue
                    started.set()  # type: ignore[attr-defined]
                    if response.status_code != 200:
                        outcomes[f"HTTP {response.status_code}"] += 1
                        continue
                    errors = response.json()["data"]["login"]["errors"]
                    outcomes[errors[0]["code"] if errors else "signed in (!)"] += 1

            await asyncio.gather(*(one() for _ in range(concurrency)))
        outcomes["sent"] = sent
        return outcomes

    results.update(asyncio.run(run()))  # type: ignore[attr-defined]


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a fresh schema is made and dropped)")
    parser.add_argument("--logins", type=int, default=15, help="real sign-ins per phase")
    parser.add_argument("--flood", type=int, default=2000, help="most wrong logins the flood sends")
    parser.add_argument("--concurrency", type=int, default=32, help="the flood's requests in flight at once")
    parser.add_argument("--rate-limit", type=int, default=Settings.model_fields["rate_limit_per_minute"].default,
                        help="WUSHE_RATE_LIMIT_PER_MINUTE of the server (0: off, to measure the throttle alone)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            from core.testing import postgres_database

            schemas = postgres_database(args.postgres)
            url = next(schemas)
        else:
            url = f"sqlite:///{Path(folder) / 'login.db'}"
        try:
            asyncio.run(prepare(url))
            port = free_port()
            server = serve(url, port, args.rate_limit)
            base = f"http://127.0.0.1:{port}"
            try:
                asyncio.run(real_logins(base, 2))  # warm up
                baseline = asyncio.run(real_logins(base, args.logins))
                context = multiprocessing.get_context("spawn")
                with context.Manager() as manager:
                    started, stop, results = manager.Event(), manager.Event(), manager.dict()
                    flooder = context.Process(
                        target=flood, args=(base, args.flood, args.concurrency, started, stop, results)
                    )
                    flooder.start()
                    started.wait(60)
                    during = asyncio.run(real_logins(base, args.logins))
                    still_flooding = flooder.is_alive()
                    stop.set()
                    flooder.join()
                    outcomes = dict(results)
            finally:
                server.terminate()
                server.wait(30)
        finally:
            if args.postgres:
                next(schemas, None)

    (b50, b90), (f50, f90) = summary(baseline), summary(during)
    backend = "postgresql" if args.postgres else "sqlite"
    print(f"login under a flood of wrong logins from one address ({backend}, {os.cpu_count()} CPUs, "
          f"flood concurrency {args.concurrency}, rate limit {args.rate_limit or 'off'}/min)")
    print(f"{'':24}{'median':>10}{'p90':>10}")
    print(f"{'real login, no flood':24}{b50 * 1000:>8.0f}ms{b90 * 1000:>8.0f}ms")
    print(f"{'real login, flood':24}{f50 * 1000:>8.0f}ms{f90 * 1000:>8.0f}ms")
    print(f"ratio (flood / no flood): median {f50 / b50:.2f}, p90 {f90 / b90:.2f}")
    print(f"flood: {outcomes.pop('sent', '?')} sent, " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))
          + ("" if still_flooding else "  (the flood ended before the real sign-ins did)"))


if __name__ == "__main__":
    main()
