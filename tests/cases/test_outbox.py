"""The inbox and the outbox: notifications written with the change, delivered after it by plugins,
never lost when a plugin fails."""

import asyncio
import types

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from core import db, hookimpl
from core.cases import inbox, outbox
from core.cli import app as cli
from core.models import Notification, OutboxMessage, Tenant, User
from core.plugins.manager import create_plugin_manager
from core.testing import add_user

sent: list[dict] = []
behaviour = {"sms": "deliver", "wechat": "off"}


def sms_plugin() -> types.ModuleType:
    """Sends the messages of chongqing; fails or raises when told to."""
    module = types.ModuleType("tests_sms")
    module.PLUGIN_NAME = "sms"

    def deliver_notification(message):
        if message["tenant"] != "chongqing":
            return None
        if behaviour["sms"] == "raise":
            raise RuntimeError("SMS gateway down")
        if behaviour["sms"] == "fail":
            return False
        sent.append({"via": "sms", **message})
        return True

    module.deliver_notification = hookimpl(deliver_notification)
    return module


def wechat_plugin() -> types.ModuleType:
    """An async plugin for hebei, switched on part-way."""
    module = types.ModuleType("tests_wechat")
    module.PLUGIN_NAME = "wechat"

    async def deliver_notification(message):
        await asyncio.sleep(0)
        if message["tenant"] != "hebei" or behaviour["wechat"] == "off":
            return None
        sent.append({"via": "wechat", **message})
        return True

    module.deliver_notification = hookimpl(deliver_notification)
    return module


@pytest.fixture
def extra_plugins():
    sent.clear()
    behaviour.update(sms="deliver", wechat="off")
    return [sms_plugin(), wechat_plugin()]


async def users(platform, *names_and_tenants: tuple[str, str]) -> dict[str, tuple[int, int]]:
    for name, tenant in names_and_tenants:
        await add_user(platform, name, tenant)
    async with platform.sessions() as session:
        rows = (await session.exec(select(User).where(col(User.username).in_([n for n, _ in names_and_tenants])))).all()
    return {u.username: (u.id, u.tenant_id) for u in rows}


async def notify(platform, tenant_id: int, user_ids: list[int], title: str) -> list[int]:
    async with db.transaction(platform.sessions) as session:
        rows = await inbox.notify(session, tenant_id, user_ids, title, "请登录平台查看", case_id=None)
        return [row.id for row in rows]


async def state(platform) -> list[tuple[int, int, str | None, bool]]:
    async with platform.sessions() as session:
        rows = (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
    return [(r.notification_id, r.attempts, r.last_error, r.delivered_at is not None) for r in rows]


async def test_delivery_retries_failures_and_keeps_what_no_plugin_takes(platform):
    people = await users(platform, ("li.a", "chongqing"), ("wang.b", "chongqing"), ("zhao.c", "hebei"))
    (a, cq), (b, _), (c, hb) = people["li.a"], people["wang.b"], people["zhao.c"]
    first = await notify(platform, cq, [a, b, a], "项目申报已受理")  # a named twice: notified once
    third = await notify(platform, hb, [c], "请补正材料")
    assert len(first) == 2 and len(third) == 1

    behaviour["sms"] = "raise"
    counts = await outbox.deliver(platform.sessions, platform.pm, limit=10)
    assert (counts.delivered, counts.failed, counts.untaken) == (0, 2, 1)
    assert await state(platform) == [
        (first[0], 1, "RuntimeError: SMS gateway down", False), (first[1], 1, "RuntimeError: SMS gateway down", False),
        (third[0], 0, None, False)]

    behaviour["sms"] = "fail"
    counts = await outbox.deliver(platform.sessions, platform.pm, limit=10)
    assert (counts.delivered, counts.failed) == (0, 2)
    assert [row[1] for row in await state(platform)] == [2, 2, 0]

    behaviour["sms"] = "deliver"
    counts = await outbox.deliver(platform.sessions, platform.pm, limit=1)  # the limit counts attempts
    assert (counts.delivered, counts.failed) == (1, 0)
    counts = await outbox.deliver(platform.sessions, platform.pm, limit=10)
    assert (counts.delivered, counts.untaken) == (1, 1)
    assert [(m["via"], m["username"], m["tenant"], m["title"]) for m in sent] == [
        ("sms", "li.a", "chongqing", "项目申报已受理"), ("sms", "wang.b", "chongqing", "项目申报已受理")]
    assert {"id", "tenant", "username", "title", "body", "case_id"} <= set(sent[0])
    assert [row[3] for row in await state(platform)] == [True, True, False]
    assert await outbox.pending(platform.sessions) == 1

    behaviour["wechat"] = "on"  # the async plugin takes hebei's message
    counts = await outbox.deliver(platform.sessions, platform.pm, limit=10)
    assert (counts.delivered, counts.failed, counts.untaken) == (1, 0, 0)
    assert sent[-1]["via"] == "wechat" and sent[-1]["username"] == "zhao.c"
    again = await outbox.deliver(platform.sessions, platform.pm, limit=10)
    assert again.attempted == 0 and len(sent) == 3  # nothing sent twice

    # a change rolled back notifies no one
    with pytest.raises(RuntimeError):
        async with db.transaction(platform.sessions) as session:
            await inbox.notify(session, cq, [a], "不会发出", "")
            raise RuntimeError("the change failed")
    assert await outbox.pending(platform.sessions) == 0
    # a user of another tenant is left out: never a message across tenants
    async with db.transaction(platform.sessions) as session:
        rows = await inbox.notify(session, cq, [a, c], "跨租户", "")
    assert [row.user_id for row in rows] == [a]


async def test_without_a_delivery_plugin_messages_wait(platform, settings):
    async with platform.sessions() as session:
        tenant = (await session.exec(select(Tenant).where(Tenant.code == "chongqing"))).one()
    people = await users(platform, ("li.a", "chongqing"))
    await notify(platform, tenant.id, [people["li.a"][0]], "待发送")
    bare = create_plugin_manager(entry_points=False)
    counts = await outbox.deliver(platform.sessions, bare, limit=10)
    assert counts.attempted == 0 and await outbox.pending(platform.sessions) == 1

    # the command runs with the installed plugins only: none delivers, the message stays
    runner = CliRunner()
    done = await asyncio.to_thread(runner.invoke, cli, ["outbox", "deliver", "--limit", "5", "--database", settings.database_url])
    assert done.exit_code == 0, done.output
    assert done.output.strip() == "0 delivered, 0 failed, 0 taken by no plugin, 1 pending"
    async with platform.sessions() as session:
        assert len((await session.exec(select(Notification))).all()) == 1
