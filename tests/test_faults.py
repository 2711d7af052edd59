"""Faults survived (#15 item 4), each on loopback: PostgreSQL restarted under write load, a worker
killed mid-request, the pool exhausted, a read-only database, a full disk. What a client is told is
core.web.database_faults': 503, a code, Retry-After; never a 500 or a masked "Unexpected error"."""

import asyncio
import contextlib
import http.client
import json
import os
import signal
import socket
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from core.indicators import summary
from core.platform import Platform
from core.testing import platform_wide, settings_for_database
from core.testing.databases import initialise
from core.web.app import create_app
from tests import shell
from tests.cluster import private_cluster
from tests.servers import STARTUP_SECONDS, connection_to, serving, workers_of
from tests.sockets import all_listening, wait_closed

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
CREATE = """mutation($name: String!) { createVolunteer(input: {name: $name, region: "%s"}) {
  result { name } errors { field code } } }""" % COMMUNITY
ME = "{ me { username } }"
FAULT_CODES = {"DATABASE_UNAVAILABLE", "DATABASE_BUSY", "DATABASE_READ_ONLY", "DATABASE_FULL"}


@contextlib.asynccontextmanager
async def platform_on(database_url: str, **changes: Any) -> AsyncIterator[Platform]:
    """An initialised platform in production mode (errors masked as they are in production)."""
    platform = Platform.create(settings_for_database(database_url, env="production", **changes))
    try:
        await initialise(platform)
        await platform.load_signing_key()
        yield platform
    finally:
        await platform.dispose()


def fault(answer: Any) -> str:
    """The code of a database fault's answer (asserting it is one, said as it should be)."""
    assert answer.status_code == 503, (answer.status_code, answer.text)
    assert answer.headers["retry-after"] == "1"
    errors = answer.json()["errors"]
    codes = {error["extensions"]["code"] for error in errors}
    assert len(codes) == 1 and codes <= FAULT_CODES, errors
    assert all(error["extensions"]["retryable"] is True for error in errors)
    assert "Unexpected error" not in answer.text and "Traceback" not in answer.text
    return codes.pop()


async def volunteers_named(platform: Platform, prefix: str) -> list[str]:
    async with platform_wide(platform) as connection:  # every tenant's rows (row-level security)
        rows = await connection.execute(sa.text("SELECT name FROM volunteer WHERE name LIKE :p ORDER BY id"), {"p": f"{prefix}%"})
        return [row[0] for row in rows]


# --- the pool exhausted -------------------------------------------------------------------------


async def test_requests_wait_for_the_pool_then_fail_clearly_and_nothing_hangs(database_url):
    async with platform_on(database_url, database_pool_size=1, database_max_overflow=0,
                           database_pool_timeout=0.5) as platform:
        token = await platform.token_for("admin")
        headers = {"Authorization": f"Bearer {token}"}
        async with AsyncTestClient(app=create_app(platform)) as client:
            assert (await client.post("/graphql", json={"query": ME}, headers=headers)).status_code == 200
            async with platform.engine.connect() as held:  # the pool's one connection, taken
                await held.execute(sa.text("SELECT 1"))
                answers = await asyncio.wait_for(asyncio.gather(*(
                    client.post("/graphql", json={"query": CREATE, "variables": {"name": f"池{i}"}}, headers=headers)
                    for i in range(3))), timeout=120)  # a hang fails here rather than stalling the suite
                assert [fault(answer) for answer in answers] == ["DATABASE_BUSY"] * 3
            answer = await client.post("/graphql", json={"query": CREATE, "variables": {"name": "池后"}}, headers=headers)
            assert answer.status_code == 200 and answer.json()["data"]["createVolunteer"]["result"] == {"name": "池后"}
        assert await volunteers_named(platform, "池") == ["池后"]


# --- a read-only database -----------------------------------------------------------------------


@contextlib.asynccontextmanager
async def read_only(platform: Platform, database_url: str) -> AsyncIterator[Platform]:
    """The platform's database, read-only from now on: PostgreSQL's ``default_transaction_read_only``
    on the database (as a read replica or a database set aside refuses writes), or the SQLite file
    opened read-only."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        async with platform.owner_engine() as owner, owner.connect() as connection:
            await connection.execute(sa.text(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on'))
            await connection.commit()
        await platform.engine.dispose()  # the setting applies to new connections
        yield platform
        return
    changed = platform.settings.model_copy(update={"database_url": f"sqlite:///file:{url.database}?mode=ro&uri=true"})
    reader = Platform.create(changed)
    try:
        await reader.load_signing_key()
        yield reader
    finally:
        await reader.dispose()


async def test_a_read_only_database_answers_writes_clearly_and_reads_as_before(database_url):
    async with platform_on(database_url) as platform:
        token = await platform.token_for("admin")
        headers = {"Authorization": f"Bearer {token}"}
        async with read_only(platform, database_url) as reader, AsyncTestClient(app=create_app(reader)) as client:
            answer = await client.post("/graphql", json={"query": CREATE, "variables": {"name": "只读"}}, headers=headers)
            assert fault(answer) == "DATABASE_READ_ONLY"
            assert answer.json()["data"] == {"createVolunteer": None}
            assert "accepts no writes" in answer.json()["errors"][0]["message"]
            answer = await client.post("/graphql", json={"query": ME}, headers=headers)
            assert answer.status_code == 200 and answer.json() == {"data": {"me": {"username": "admin"}}}
        assert await volunteers_named(platform, "只读") == []


async def test_a_full_disk_answers_writes_clearly(tmp_path):
    """SQLite stands in for the disk: its file may not grow past the pages it has (``max_page_count``),
    which SQLite answers as it answers a full disk."""
    async with platform_on(f"sqlite:///{tmp_path / 'full.db'}") as platform:
        token = await platform.token_for("admin")
        headers = {"Authorization": f"Bearer {token}"}

        def no_growth(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()

        await platform.engine.dispose()
        sa.event.listen(platform.engine.sync_engine, "connect", no_growth)
        async with AsyncTestClient(app=create_app(platform)) as client:
            codes = set()
            for n in range(200):  # until the pages the file has are filled
                answer = await client.post("/graphql", json={"query": CREATE, "variables": {"name": f"满{n}"}},
                                           headers=headers)
                if answer.status_code != 200:
                    codes.add(fault(answer))
                    break
            assert codes == {"DATABASE_FULL"}
            assert "disk is full" in answer.json()["errors"][0]["message"]
            assert (await client.post("/graphql", json={"query": ME}, headers=headers)).status_code == 200
        stored = await volunteers_named(platform, "满")
        assert stored == [f"满{i}" for i in range(n)]  # each acknowledged write kept, the refused one not


# --- PostgreSQL restarted under write load ------------------------------------------------------


@pytest.mark.slow
async def test_postgresql_restarted_under_write_load_loses_nothing_and_the_server_recovers_by_itself():
    writers, before, after = 4, 5, 5
    """four writers; each writes ``before`` volunteers, then the server is restarted under them,
    then each must write ``after`` more (the app reconnecting by itself)."""
    with private_cluster() as cluster:
        url = cluster.database(f"wt_{uuid.uuid4().hex[:12]}")
        async with platform_on(url, database_pool_size=4, database_max_overflow=2) as platform:
            token = await platform.token_for("admin")
            headers = {"Authorization": f"Bearer {token}"}
            acknowledged: list[str] = []
            unsure: list[str] = []  # answered DATABASE_UNAVAILABLE: lost with its transaction, or (cut during
            # its commit) written; the client cannot know, and must read before it writes it again
            faults: list[str] = []
            restarted = asyncio.Event()

            async def write(client: AsyncTestClient[Any], number: int) -> None:
                done_after = 0
                for attempt in range(100_000):
                    if restarted.is_set() and done_after >= after:
                        return
                    if not restarted.is_set() and len([n for n in acknowledged if n.startswith(f"重启{number}-")]) >= before:
                        await asyncio.sleep(0.05)  # waits for the restart, still writing now and then
                    name = f"重启{number}-{attempt}"
                    answer = await client.post("/graphql", json={"query": CREATE, "variables": {"name": name}},
                                               headers=headers)
                    if answer.status_code == 200:
                        body = answer.json()
                        assert body["data"]["createVolunteer"]["result"] == {"name": name}, body
                        acknowledged.append(name)
                        done_after += restarted.is_set()
                        continue
                    code = fault(answer)
                    faults.append(code)
                    if code == "DATABASE_UNAVAILABLE":
                        unsure.append(name)
                    await asyncio.sleep(0.05)

            async with AsyncTestClient(app=create_app(platform)) as client:
                tasks = [asyncio.create_task(write(client, number)) for number in range(writers)]
                while len(acknowledged) < writers * before:
                    await asyncio.sleep(0.05)
                    assert not any(task.done() for task in tasks), [task.exception() for task in tasks if task.done()]
                await asyncio.to_thread(cluster.restart, "immediate")  # a crash: every connection cut
                restarted.set()
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=STARTUP_SECONDS)  # recovered, by itself

            assert faults and set(faults) <= {"DATABASE_UNAVAILABLE"}, faults
            stored = await volunteers_named(platform, "重启")
            assert len(stored) == len(set(stored))
            assert set(acknowledged) <= set(stored), "an acknowledged write was lost"
            assert set(stored) - set(acknowledged) <= set(unsure), "a write refused before it ran was kept"
            async with platform_wide(platform) as connection:  # as the application's role, every tenant
                assert await connection.run_sync(lambda c: summary.differences(c, None)) == []


# --- a worker killed mid-request ----------------------------------------------------------------


def post(connection: http.client.HTTPConnection, token: str, query: str = ME) -> int:
    connection.request("POST", "/graphql", body=json.dumps({"query": query}),
                       headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    answer = connection.getresponse()
    answer.read()
    return answer.status


@pytest.mark.slow
def test_a_worker_killed_mid_request_is_replaced_and_the_other_keeps_serving(platform, database_url, app_database_url):
    """On a database initialised as ``platform`` gets it (the copy of what ``wushe init`` makes)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers are served on PostgreSQL (WUSHE_TEST_DATABASE_URL)")
    env = {**os.environ, "WUSHE_DATABASE_URL": app_database_url, "WUSHE_OWNER_DATABASE_URL": database_url,
           "WUSHE_DATABASE_POOL_SIZE": "3", "WUSHE_DATABASE_MAX_OVERFLOW": "2", "WUSHE_SHUTDOWN_GRACE_SECONDS": "5"}
    token = shell.wushe("token", "admin", env=env).stdout.strip().splitlines()[-1]
    with serving(env, "--workers", "2") as (url, server):
        port = int(url.rsplit(":", 1)[1])
        held = all_listening(server.pid, port)  # each on its own socket: both started
        doomed, survivor = workers_of(server.pid)
        # the doomed worker is in the middle of a request: its headers and half its body have arrived
        victim = connection_to(url, doomed)
        body = json.dumps({"query": CREATE, "variables": {"name": "半途"}}).encode()
        victim.putrequest("POST", "/graphql")
        for name, value in (("Content-Type", "application/json"), ("Authorization", f"Bearer {token}"),
                            ("Content-Length", str(len(body)))):
            victim.putheader(name, value)
        victim.endheaders(body[: len(body) // 2])
        os.kill(doomed, signal.SIGKILL)
        wait_closed(held[doomed], port)  # its listening socket: a connection queued there until then is reset
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError, socket.timeout)):
            victim.getresponse()
        victim.close()

        # the other worker answers throughout, and the master starts a new worker in the dead one's place
        other = connection_to(url, survivor)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert post(other, token) == 200
            now = workers_of(server.pid)
            if len(now) == 2 and doomed not in now and survivor in now:
                break
            assert time.monotonic() < deadline, f"no worker replaced {doomed}: {now}"
            time.sleep(0.2)
        other.close()
        (replacement,) = set(now) - {survivor}
        for worker in (replacement, survivor):  # the new worker answers once it has started
            connection = connection_to(url, worker)
            assert post(connection, token) == 200
            connection.close()
    with psycopg.connect(database_url) as connection:  # the request cut in half wrote nothing
        assert connection.execute("SELECT count(*) FROM volunteer WHERE name = '半途'").fetchone() == (0,)
