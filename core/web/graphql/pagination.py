"""Cursor pagination over any visible query: ordered by id, ``first`` and ``after``; connections as
Relay has them (``edges { cursor node }``, ``pageInfo``) beside ``nodes`` and ``totalCount``."""

import base64
import binascii
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
import strawberry
from sqlmodel import col

from core.errors import FieldError
from core.web.graphql.context import Info
from core.web.graphql.ids import parse_id

T = TypeVar("T")

MAX_PAGE = 500


@strawberry.type(description="Where a page stands in its list (the Relay convention).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="whether rows come after this page")
    end_cursor: str | None = strawberry.field(description="the last row's cursor: pass it as `after` for the next page")
    start_cursor: str | None = strawberry.field(default=None, description="the first row's cursor")
    _before: strawberry.Private[Any] = None

    @strawberry.field(description="whether rows come before this page: those up to `after` (one small query, "
                                  "only when asked); lists page forwards only, so false without `after`")
    async def has_previous_page(self, info: Info) -> bool:
        if self._before is None:
            return False
        return (await info.context.exec(self._before)).first() is not None


@strawberry.type(description="A row of a page and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="pass it as `after` for the rows after this one")
    node: T


@strawberry.type(description="A page of results; pass pageInfo.endCursor as `after` for the next page.")
class Connection(Generic[T]):
    nodes: list[T]
    edges: list[Edge[T]] = strawberry.field(description="the same rows as nodes, each with its cursor (for Relay clients)")
    page_info: PageInfo
    _count: strawberry.Private[Any]

    @strawberry.field(description="How many results there are in all (one extra count query).")
    async def total_count(self, info: Info) -> int:
        return int((await info.context.exec(self._count)).one()[0])


def encode_cursor(id_: int) -> str:
    return base64.urlsafe_b64encode(f"id:{id_}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "id":
            raise ValueError(kind)
        return parse_id(value, "after")
    except (ValueError, binascii.Error, UnicodeError) as error:  # FieldError is a ValueError too
        raise FieldError("after", "is not a cursor this API gave out") from error


async def paginate(
    info: Info, query: Any, model: Any, convert: Any, *, first: int, after: str | None
) -> Connection[Any]:
    """Run ``query`` (already filtered by the access layer) one page at a time."""
    if not 0 < first <= MAX_PAGE:
        raise FieldError("first", f"must be between 1 and {MAX_PAGE}")
    count = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    before = None
    if after is not None:
        start = decode_cursor(after)
        before = query.order_by(None).where(col(model.id) <= start).limit(1)
        query = query.where(col(model.id) > start)
    rows = list((await info.context.exec(query.order_by(col(model.id)).limit(first + 1))).all())
    more = len(rows) > first
    rows = rows[:first]
    nodes = [convert(row) for row in rows]
    cursors = [encode_cursor(row.id) for row in rows]
    return Connection(
        nodes=nodes,
        edges=[Edge(cursor=cursor, node=node) for cursor, node in zip(cursors, nodes, strict=True)],
        page_info=PageInfo(has_next_page=more, end_cursor=cursors[-1] if cursors else None,
                           start_cursor=cursors[0] if cursors else None, _before=before),
        _count=count,
    )
