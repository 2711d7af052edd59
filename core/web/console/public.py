"""The public disclosure page, no sign-in: ``GET /public/{tenant}`` (``?year=``).

What a tenant's documents require to be made public (:mod:`core.services.disclosure`): the projects
bought (as the case types declare), the community funds' year and the targets' progress. The page
takes no cookie and no token, sets none, has no form (no CSRF surface) and is read in a session
scoped to the one tenant (row-level security on PostgreSQL). It counts against the rate limit like
every request.

Cached: :data:`MAX_AGE` seconds in the worker's response cache (Litestar's, keyed by tenant and
year only, so odd query strings cannot fill it) and ``Cache-Control: public, max-age=…`` for
browsers and proxies. Nothing invalidates it early: a project awarded or a donation made shows
within :data:`MAX_AGE` seconds.
"""

from typing import Annotated, Any

from litestar import MediaType, Request, Router, get
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, Parameter
from litestar.response import Template

from core.db import tenancy
from core.money import yuan_text
from core.platform import Platform
from core.services import disclosure

PUBLIC_PATH = "/public"
UNAUTHENTICATED = f"^{PUBLIC_PATH}/"
MAX_AGE = 300
"""Seconds a public page is served from the cache (and may be kept by a browser or proxy)."""

CONTENT_SECURITY = ("default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; "
                    "form-action 'none'; base-uri 'none'")
"""No script at all, no framing, no form."""


def _key(request: Request[Any, Any, Any]) -> str:
    year = request.query_params.get("year", "")
    return f"wushe-public:{request.path_params['tenant']}:{int(year) if year.isdigit() else ''}"


@get("/{tenant:str}", cache=MAX_AGE, cache_key_builder=_key,
     cache_control=CacheControlHeader(public=True, max_age=MAX_AGE))
async def public_page(request: Request[Any, Any, Any], tenant: FromPath[str],
                      year: Annotated[int | None, Parameter(ge=1900, le=9999)] = None) -> Template:
    platform: Platform = request.app.state.wushe
    async with platform.session_as(tenancy.NOBODY) as session:
        found = await disclosure.find_tenant(session, tenant)
    if found is None or found.id is None:
        raise NotFoundException("no such tenant")
    async with platform.session_as(tenancy.tenant(found.id)) as session:
        shown = await disclosure.disclose(session, platform.registry, found, year)
    return Template("public.html", media_type=MediaType.HTML, context={"d": shown, "yuan": yuan_text})


public_router = Router(
    path=PUBLIC_PATH, route_handlers=[public_page], include_in_schema=False,
    response_headers=[ResponseHeader(name="Content-Security-Policy", value=CONTENT_SECURITY),
                      ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
                      ResponseHeader(name="Referrer-Policy", value="no-referrer")],
)
