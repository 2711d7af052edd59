"""Cursor pagination over any visible query: ordered by id, ``first`` and ``after``."""

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


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A page of results; pass pageInfo.endCursor as `after` for the next page.")
class Connection(Generic[T]):
    nodes: list[T]
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
    if after is not None:
        query = query.where(col(model.id) > decode_cursor(after))
    rows = list((await info.context.exec(query.order_by(col(model.id)).limit(first + 1))).all())
    more = len(rows) > first
    rows = rows[:first]
    end = encode_cursor(rows[-1].id) if rows else None
    return Connection(
        nodes=[convert(row) for row in rows],
        page_info=PageInfo(has_next_page=more, end_cursor=end),
        _count=count,
    )
