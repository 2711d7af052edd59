"""Read replicas against a real streaming standby (``pg_basebackup -R`` of a private cluster,
tests/cluster.py): a query is answered by the standby, a mutation by the primary, and the standby's
sessions keep to the principal's tenant. Slow (two clusters of its own): ``-m slow``."""

import asyncio
import time

import psycopg
import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url
from sqlmodel import select

from core.access import tokens
from core.db import tenancy
from core.models import Region
from core.platform import Platform
from core.testing import activity, graphql, settings_for_database, user_with_role
from core.web.app import create_app
from tests.cluster import private_cluster, standby_of

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
ACTIVITY = "query($id: ID!) { activity(id: $id) { title } }"
CAUGHT_UP_SECONDS = 30


async def found(client: AsyncTestClient, token: str, held: str) -> bool:
    """Whether the activity ``held`` is there to read (else the API's NOT_FOUND, and nothing else)."""
    body = await graphql(client, ACTIVITY, {"id": held}, token=token)
    if body["data"]["activity"] is not None:
        assert "errors" not in body, body
        return True
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], body
    return False


async def until_found(client: AsyncTestClient, token: str, held: str) -> None:
    deadline = time.monotonic() + CAUGHT_UP_SECONDS
    while not await found(client, token, held):
        assert time.monotonic() < deadline, f"the standby did not replay {held} within {CAUGHT_UP_SECONDS} s"
        await asyncio.sleep(0.1)


@pytest.mark.slow
async def test_a_streaming_standby_answers_the_queries_and_the_primary_the_mutations():
    with private_cluster() as cluster:
        url = cluster.database("wushe")
        first = Platform.create(settings_for_database(url))  # the application's role made, the schema migrated
        try:
            await first.init()
        finally:
            await first.dispose()
        with standby_of(cluster) as standby:
            primary = make_url(settings_for_database(url).database_url)
            replica = primary.set(port=standby.port).render_as_string(hide_password=False)
            platform = Platform.create(settings_for_database(url, env="production", database_read_url=replica))
            try:
                await platform.load_signing_key()
                async with platform.reads_for(None) as on_replica, platform.session_as(tenancy.NOBODY) as on_primary:
                    assert (await on_replica.exec(sa.text("SELECT pg_is_in_recovery()"))).scalar_one() is True
                    assert (await on_primary.exec(sa.text("SELECT pg_is_in_recovery()"))).scalar_one() is False

                async with AsyncTestClient(app=create_app(platform)) as client:
                    admin = await platform.token_for("admin")
                    token = await user_with_role(platform, client, admin, "standby_reader", "chongqing",
                                                 "tenant_admin", "chongqing")
                    replayed = await activity(client, token, COMMUNITY)  # a mutation: the primary
                    await until_found(client, token, replayed)  # read from the standby once replayed

                    with psycopg.connect(standby.url, autocommit=True) as superuser:
                        superuser.execute("SELECT pg_wal_replay_pause()")
                        held = await activity(client, token, COMMUNITY)  # written while the standby waits
                        # the primary has it; the query, answered by the paused standby, does not yet
                        assert not await found(client, token, held)
                        assert await found(client, token, replayed)
                        superuser.execute("SELECT pg_wal_replay_resume()")
                    await until_found(client, token, held)

                    claims = tokens.read_token(token, platform.signing_key)
                    async with platform.session_as(tenancy.NOBODY) as checking:
                        principal = await tokens.principal_for(checking, platform.policies, claims)
                    async with platform.reads_for(principal) as session:  # the tenant's scope on the standby
                        regions = (await session.exec(select(Region))).all()
                        assert regions and {r.tenant_id for r in regions} == {principal.tenant_id}
                    async with platform.reads_for(None) as nobody:
                        assert (await nobody.exec(select(Region))).all() == []
            finally:
                await platform.dispose()
