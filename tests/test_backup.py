"""Backup and restore end to end, by the commands of docs/operators.md ("Backup and restore"), read
from the document itself: data loaded through GraphQL on one private PostgreSQL cluster, dumped,
restored on a second, new one, and the platform started there answers the same (tests/cluster.py;
slow: two clusters of the test's own). PostgreSQL only: SQLite's backup is a copy of its file."""

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.fernet import Fernet
from litestar.testing import AsyncTestClient
from sqlmodel import select

from core.config import Settings
from core.db import tenancy
from core.models import Volunteer
from core.platform import Platform
from core.testing import graphql
from core.web.app import create_app
from tests import shell
from tests.cluster import Cluster, private_cluster

DOC = Path(__file__).parent.parent / "docs" / "operators.md"
CLIENTS = ("pg_dump", "pg_dumpall", "pg_restore", "psql", "createdb")
COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
CREATE = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
READ = "query($id: ID!) { volunteer(id: $id) { name idNumberMasked phoneMasked idNumber phone } }"
AUDIT = '{ auditEvents(tenant: "chongqing") { nodes { id actor action target } } }'
ROLES = ("CREATE ROLE wushe_owner LOGIN PASSWORD 'owner-secret'",  # docs/operators.md, "Database roles"
         "CREATE ROLE wushe_app LOGIN PASSWORD 'app-secret'",
         "CREATE DATABASE wushe OWNER wushe_owner")


def documented() -> tuple[list[str], list[str], list[str]]:
    """The section's three blocks of commands: backing up, restoring, checking."""
    section = DOC.read_text(encoding="utf-8").split("### Backup and restore", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 3, "docs/operators.md's backup section: three blocks of commands (back up, restore, check)"
    return [[line.split("  #")[0].strip() for line in block.splitlines() if line.strip()] for block in blocks]


def run(cluster: Cluster, command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """A documented PostgreSQL client command, run against ``cluster`` (PGHOST, PGPORT) with its binaries."""
    program, *args = shlex.split(command)
    assert program in CLIENTS, command
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(cluster.port)}
    done = subprocess.run([str(cluster.bin / program), *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done


def urls(cluster: Cluster) -> dict[str, str]:
    where = f"127.0.0.1:{cluster.port}/wushe"
    return {"WUSHE_DATABASE_URL": f"postgresql://wushe_app:app-secret@{where}",
            "WUSHE_OWNER_DATABASE_URL": f"postgresql://wushe_owner:owner-secret@{where}"}


def settings_of(env: dict[str, str]) -> Settings:
    return Settings(database_url=env["WUSHE_DATABASE_URL"], owner_database_url=env["WUSHE_OWNER_DATABASE_URL"],
                    data_key=env["WUSHE_DATA_KEY"], secret_key=env["WUSHE_SECRET_KEY"],
                    database_pool_size=3, database_max_overflow=2)


async def answers(env: dict[str, str], volunteer: str | None = None) -> tuple[str, dict[str, Any]]:
    """Start the platform on ``env``'s database (loading a volunteer first when ``volunteer`` is None)
    and read through GraphQL: the volunteer in full (a read that is audited) and the audit log."""
    platform = Platform.create(settings_of(env))
    try:
        await platform.load_signing_key()  # the keys checked against the data, the role against the audit log
        async with AsyncTestClient(app=create_app(platform)) as client:
            token = await platform.token_for("admin")
            if volunteer is None:
                body = await graphql(client, CREATE, {"input": {
                    "name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05", "idNumber": ID_NUMBER,
                    "phone": PHONE, "region": COMMUNITY}}, token=token)
                assert body["data"]["createVolunteer"]["errors"] == [], body
                volunteer = body["data"]["createVolunteer"]["result"]["id"]
            read = await graphql(client, READ, {"id": volunteer}, token=token)
            log = await graphql(client, AUDIT, token=token)
        async with platform.session_as(tenancy.NOBODY) as nobody:  # row-level security: no scope, no rows
            assert (await nobody.exec(select(Volunteer))).all() == []
        return volunteer, {"volunteer": read, "audit": log["data"]["auditEvents"]["nodes"]}
    finally:
        await platform.dispose()


@pytest.mark.slow
async def test_a_dump_restored_on_a_new_server_answers_the_same(tmp_path):
    back_up, restore, check = documented()
    keys = {"WUSHE_DATA_KEY": Fernet.generate_key().decode(), "WUSHE_SECRET_KEY": "a-token-key-from-the-secret-store"}
    with private_cluster() as first:
        missing = [program for program in CLIENTS if not (first.bin / program).exists()]
        if missing:
            pytest.skip(f"PostgreSQL's client programs {missing} are not beside its server's in {first.bin}")
        with psycopg.connect(first.url, autocommit=True) as superuser:
            for statement in ROLES:
                superuser.execute(statement)
        before = {**os.environ, **urls(first), **keys}
        initialised = shell.wushe("init", env=before)
        assert initialised.returncode == 0, initialised.stderr
        volunteer, expected = await answers(before)
        assert expected["volunteer"]["data"]["volunteer"]["idNumber"] == ID_NUMBER
        assert {"personal_data.read", "personal_data.id_number_set"} <= {e["action"] for e in expected["audit"]}
        for command in back_up:
            run(first, command, tmp_path)
    assert (tmp_path / "wushe.dump").stat().st_size > 0

    with private_cluster() as second:  # a new server: no roles but postgres, no database
        for command in restore:
            run(second, command, tmp_path)
        after = {**os.environ, **urls(second), **keys}
        assert [shlex.split(c)[:3] for c in check] == [["wushe", "migrate", "current"], ["wushe", "summaries", "check"]]
        current = shell.wushe("migrate", "current", env=after)
        assert current.returncode == 0 and current.stdout.startswith("state: current"), current.stdout + current.stderr
        summaries = shell.wushe("summaries", "check", env=after)
        assert summaries.returncode == 0, summaries.stdout + summaries.stderr

        _, restored = await answers(after, volunteer)
        assert restored["volunteer"] == expected["volunteer"]  # decrypted with the same keys
        read_again = [e for e in restored["audit"] if e not in expected["audit"]]
        assert all(event in restored["audit"] for event in expected["audit"])  # every event kept as it was
        assert [e["action"] for e in read_again] == ["personal_data.read", "personal_data.read"]  # and audited again

        with psycopg.connect(f"postgresql://wushe_owner:owner-secret@127.0.0.1:{second.port}/wushe") as owner:
            function = owner.execute("SELECT pg_get_userbyid(proowner), prosecdef, "
                                     "has_function_privilege('wushe_app', oid, 'EXECUTE'), "
                                     "has_function_privilege('public', oid, 'EXECUTE') "
                                     "FROM pg_proc WHERE proname = 'wushe_principal'").fetchone()
            assert function == ("wushe_owner", True, True, False)
            with pytest.raises(psycopg.errors.RaiseException, match="audit_event is append-only"):
                owner.execute("UPDATE audit_event SET action = action")  # the trigger holds even the owner

        other_key = Settings(**{**settings_of(after).model_dump(), "data_key": Fernet.generate_key().decode()})
        platform = Platform.create(other_key)
        try:
            with pytest.raises(RuntimeError, match="WUSHE_DATA_KEY"):
                await platform.load_signing_key()
        finally:
            await platform.dispose()
