"""A region's page: where it sits, its children (drill down by tier)."""

from typing import Any

from litestar import Request
from litestar.response import Template
from sqlmodel import col

from core.access.grants import visible
from core.models import Region
from core.web.console.regions import children, region_handler
from core.web.console.session import Acting
from core.web.console.view import page


async def ancestors(act: Acting, place: Region) -> list[Region]:
    """The region's ancestors the user may read, top first (the breadcrumb)."""
    parts = place.path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    if not paths:
        return []
    rows = (await act.session.exec(visible(Region, act.who).where(col(Region.path).in_(paths)))).all()
    return sorted(rows, key=lambda r: r.depth)


async def render(act: Acting, place: Region, request: Request[Any, Any, Any]) -> Template:
    return page(act, "region.html", region=place, trail=await ancestors(act, place), children=await children(act, place))


HANDLERS = [region_handler(render)]

