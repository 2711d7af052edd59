"""Regions: the tree picker the forms use, the list of one's regions, and a region's page
(its dashboard, :mod:`core.web.console.dashboard`). A region the user may not read is not found,
however its path is typed into the address bar (:func:`core.access.grants.region_at`)."""

from typing import Any

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template
from sqlmodel import col, select

from core.access.grants import region_at, visible
from core.models import Region
from core.web.console.session import Acting, acting
from core.web.console.view import page


async def tops(act: Acting) -> list[Region]:
    """Where the user's tree starts: the regions of their assignments (a platform administrator's:
    every tenant's root)."""
    if act.who.platform_admin:
        query = select(Region).where(col(Region.parent_id).is_(None))
    else:
        ids = {a.region_id for a in act.who.assignments}
        if not ids:
            return []
        query = visible(Region, act.who).where(col(Region.id).in_(ids))
    return list((await act.session.exec(query.order_by(col(Region.path)))).all())


async def children(act: Acting, place: Region) -> list[Region]:
    query = visible(Region, act.who).where(Region.parent_id == place.id)
    return list((await act.session.exec(query.order_by(col(Region.position), col(Region.path)))).all())


@get("/console/regions/picker")
async def picker(request: Request[Any, Any, Any]) -> Template:
    """One level of the tree for the region field ``for``: the user's regions, or the children of ``at``."""
    field = request.query_params.get("for", "region")
    at = request.query_params.get("at")
    async with acting(request) as act:
        if at:
            place = await region_at(act.session, at, act.who)
            items, parent = await children(act, place), place
        else:
            items, parent = await tops(act), None
        return page(act, "_picker.html", items=items, parent=parent, field=field)


@get("/console/regions")
async def regions_page(request: Request[Any, Any, Any]) -> Template:
    async with acting(request) as act:
        return page(act, "regions.html", regions=await tops(act))


HANDLERS = [picker, regions_page]


def region_handler(render: Any) -> Any:
    """``GET /console/regions/{path}``: the region at ``path`` if the user may read it (else 404), rendered by ``render``."""

    @get("/console/regions/{path:path}")
    async def region_page(request: Request[Any, Any, Any], path: FromPath[str]) -> Template:
        async with acting(request) as act:
            place = await region_at(act.session, path, act.who)
            return await render(act, place, request)

    return region_page
