"""The upgrade procedure of docs/operators.md ("Upgrading"), its steps as an operator runs them against
a serving platform: a database at the previous release's core head, holding data written through the
API, is migrated by `wushe migrate upgrade` as the owner; `/ready` is red while the schema and the
worker's release disagree (either way round) and green once they agree, without a restart; the data
read afterwards are the same, and the summaries and the schema check. tests/core/test_migrations.py
tests the migrations and the commands themselves."""

import os
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from core.db import tenancy
from core.models import Volunteer
from core.testing import graphql
from tests import shell
from tests.core.test_migrations import CORE_HEAD, RLS_REVISION

DOC = Path(__file__).parent.parent / "docs" / "operators.md"
PREVIOUS_CORE_HEAD = RLS_REVISION
"""The core head of the release before this one (the revision before CORE_HEAD)."""
COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
CREATE = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) { result { id } errors { field message } } }"""
READ = "query($id: ID!) { volunteer(id: $id) { name idNumberMasked idNumber phone } }"


def procedure() -> str:
    return DOC.read_text(encoding="utf-8").split("### The procedure", 1)[1].split("\n## ", 1)[0]


async def ready(client) -> tuple[int, list[str]]:
    answer = await client.get("/ready")
    return answer.status_code, answer.json().get("problems", [])


async def test_the_documented_upgrade_brings_a_previous_release_s_database_to_the_release_with_its_data(
    platform, client, admin_token
):
    steps = procedure()
    for command in ("wushe migrate current", "wushe migrate upgrade", "wushe migrate check", "wushe summaries check",
                    "wushe migrate downgrade REVISION"):
        assert f"`{command}" in steps, f"the upgrade procedure no longer says `{command}`"
    settings = platform.settings
    env = {**os.environ, "WUSHE_DATABASE_URL": settings.database_url,
           "WUSHE_OWNER_DATABASE_URL": settings.owner_database_url or settings.database_url}
    made = await graphql(client, CREATE, {"input": {
        "name": "王芳", "realNameRegistered": True, "registeredOn": "2023-03-05", "idNumber": "11010519491231002X",
        "phone": "13812345678", "region": COMMUNITY}}, token=admin_token)
    assert made["data"]["createVolunteer"]["errors"] == [], made
    volunteer = made["data"]["createVolunteer"]["result"]["id"]
    before = await graphql(client, READ, {"id": volunteer}, token=admin_token)
    assert before["data"]["volunteer"]["idNumber"] == "11010519491231002X"

    # the database as the previous release left it (its rollback: `wushe migrate downgrade REVISION`)
    down = shell.wushe("migrate", "downgrade", PREVIOUS_CORE_HEAD, env=env)
    assert down.returncode == 0, down.stderr
    assert shell.wushe("migrate", "current", env=env).stdout.startswith("state: behind")
    status, problems = await ready(client)  # this release's worker, started early, is kept out of the balancer
    assert status == 503 and problems[0].startswith("migrations: ") and "wushe migrate upgrade" in problems[0], problems

    up = shell.wushe("migrate", "upgrade", env=env)  # as the owner (WUSHE_OWNER_DATABASE_URL)
    assert up.returncode == 0, up.stderr
    assert f"up {CORE_HEAD}" in up.stdout
    assert await ready(client) == (200, [])  # green without a restart
    assert shell.wushe("migrate", "current", env=env).stdout.startswith("state: current")
    assert shell.wushe("migrate", "check", env=env).returncode == 0
    summaries = shell.wushe("summaries", "check", env=env)
    assert summaries.returncode == 0, summaries.stdout + summaries.stderr
    after = await graphql(client, READ, {"id": volunteer}, token=admin_token)
    assert after == before  # the rows and the keys kept: the same answer, decrypted
    if platform.engine.dialect.name == "postgresql":  # the policies back: no scope, no rows
        async with platform.session_as(tenancy.NOBODY) as nobody:
            assert (await nobody.exec(select(Volunteer))).all() == []

    # a worker of the previous release, on the migrated database, holds a revision it does not know
    async with platform.owner_engine() as owner, owner.begin() as connection:  # a head the version table keeps
        head = (await connection.execute(sa.text("SELECT min(version_num) FROM alembic_version"))).scalar_one()
        await connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f0000000000f' "
                                         "WHERE version_num = :head"), {"head": head})
    try:
        status, problems = await ready(client)
        assert status == 503 and "f0000000000f" in problems[0], problems
    finally:
        async with platform.owner_engine() as owner, owner.begin() as connection:
            await connection.execute(sa.text("UPDATE alembic_version SET version_num = :head "
                                             "WHERE version_num = 'f0000000000f'"), {"head": head})
    assert await ready(client) == (200, [])
