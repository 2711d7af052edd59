"""The inbox through GraphQL: one's own notifications only; another's are "not found"."""

from sqlmodel import col, select

from core import db
from core.cases import inbox
from core.models import User
from core.testing import add_user, graphql
from core.web.graphql.ids import global_id

INBOX = "query($u: Boolean!) { inbox(unreadOnly: $u, first: 10) { unreadCount notifications { id title read caseId } } }"
READ = """mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { result { id read } errors { field message code } } }"""


async def test_each_user_reads_and_marks_only_their_own(platform, client):
    await add_user(platform, "li.a", "chongqing")
    await add_user(platform, "wang.b", "chongqing")
    async with db.transaction(platform.sessions) as session:
        found = (await session.exec(select(User).where(col(User.username).in_(["li.a", "wang.b"])))).all()
        ids = {u.username: u.id for u in found}
        tenant_id = found[0].tenant_id
        first = await inbox.notify(session, tenant_id, [ids["li.a"]], "初审通过", "")
        second = await inbox.notify(session, tenant_id, [ids["li.a"], ids["wang.b"]], "请补正材料", "十个工作日内")
    mine = [global_id("Notification", first[0].id), global_id("Notification", second[0].id)]
    theirs = global_id("Notification", second[1].id)
    a, b = await platform.token_for("li.a"), await platform.token_for("wang.b")

    body = await graphql(client, INBOX, {"u": False}, token=a)
    assert body["data"]["inbox"] == {"unreadCount": 2, "notifications": [
        {"id": mine[1], "title": "请补正材料", "read": False, "caseId": None},
        {"id": mine[0], "title": "初审通过", "read": False, "caseId": None}]}

    marked = await graphql(client, READ, {"ids": [mine[0]]}, token=a)
    assert marked["data"]["markNotificationsRead"] == {"result": [{"id": mine[0], "read": True}], "errors": []}
    unread = await graphql(client, INBOX, {"u": True}, token=a)
    assert unread["data"]["inbox"]["unreadCount"] == 1
    assert [n["id"] for n in unread["data"]["inbox"]["notifications"]] == [mine[1]]

    # someone else's notification, and one that does not exist, get the same answer; nothing is marked
    for attempt in ([theirs], [mine[1], theirs], ["999999"]):
        refused = await graphql(client, READ, {"ids": attempt}, token=a)
        problem = refused["data"]["markNotificationsRead"]["errors"][0]
        assert (problem["field"], problem["code"]) == ("ids", "not_found")
    assert (await graphql(client, INBOX, {"u": True}, token=a))["data"]["inbox"]["unreadCount"] == 1
    others = await graphql(client, INBOX, {"u": False}, token=b)
    assert others["data"]["inbox"]["unreadCount"] == 1
    assert [n["id"] for n in others["data"]["inbox"]["notifications"]] == [theirs]
    again = await graphql(client, READ, {"ids": [mine[0]]}, token=a)  # marking twice is harmless
    assert again["data"]["markNotificationsRead"]["errors"] == []
    admin = await graphql(client, INBOX, {"u": False}, token=await platform.token_for("admin"))
    assert admin["data"]["inbox"] == {"unreadCount": 0, "notifications": []}
