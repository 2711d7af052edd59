"""The web console: pages for the offices at ``/`` and ``/console/…``, rendered on the server from
Jinja templates, with htmx (vendored in ``static/``) for the parts of a page that change in place.

Every page reads and writes through the same services and access layer as the GraphQL API, as
the principal of the signed-in user (:mod:`core.web.console.session`): it shows nothing the API
would refuse, and allows nothing it would refuse. docs/console.md is the administrators' guide.
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from litestar import MediaType, Request, Response, Router
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.middleware import DefineMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from core.access.vocabulary import TIER_LABELS
from core.errors import FieldError
from core.platform import Platform
from core.web.console import admin_roles, audit_log, case_steps, cases, dashboard, forms, pages, regions, users, work
from core.web.console.session import CONSOLE_PATH, SIGN_IN_PATH, ConsoleCSRF, SignInNeeded, csrf_config

STATIC = Path(__file__).parent / "static"

UNAUTHENTICATED = ["^/$", f"^{CONSOLE_PATH}(/|$)"]
"""The console's paths: the bearer-token middleware leaves them to the console's own session."""

CONTENT_SECURITY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
"""Scripts only from the platform's own files (no inline script, no eval: htmx's ``js:`` values and
trigger filters stay off), no framing (a page of ticks must not be clickjacked), forms posted home.
Inline styles are allowed: ECharts draws its SVG with style attributes."""


STATIC_MAX_AGE = 365 * 24 * 3600
"""A static file's address names its content (``?v=``): a browser keeps it a year without asking again."""


@cache
def static_url(name: str) -> str:
    """The address of a file of ``static/``, versioned by its content: a new release's file is a new
    address, so the year-long cache never serves an old one (and the page waits for no revalidation)."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"{CONSOLE_PATH}/static/{name}?v={digest}"


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = Environment(loader=PackageLoader("core.web.console", "templates"), autoescape=select_autoescape(),
                              trim_blocks=True, lstrip_blocks=True)
    environment.globals["TIER_LABELS"] = TIER_LABELS
    environment.globals["static"] = static_url
    environment.filters["plain_json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True)
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def _sign_in_again(request: Request[Any, Any, Any], _error: SignInNeeded) -> Response[Any]:
    if request.headers.get("hx-request"):  # htmx follows HX-Redirect with a full page load
        return Response("", status_code=401, headers={"HX-Redirect": SIGN_IN_PATH})
    return Redirect(SIGN_IN_PATH, status_code=303)


def _refused(request: Request[Any, Any, Any], error: FieldError) -> Response[Any]:
    """A page the user may not see is not found, as the API says (never whether it exists)."""
    status = 403 if error.code == "forbidden" else 404 if error.code == "not_found" else 400
    return Template("refused.html", media_type=MediaType.HTML, context={"error": error, "status": status}, status_code=status)


def console_router(platform: Platform) -> Router:
    static = create_static_files_router(
        path=f"{CONSOLE_PATH}/static", directories=[STATIC], opt={"exclude_from_csrf": True},
        cache_control=CacheControlHeader(public=True, max_age=STATIC_MAX_AGE, immutable=True),
    )
    return Router(
        path="/",
        route_handlers=[*pages.HANDLERS, *admin_roles.HANDLERS, *users.HANDLERS, *audit_log.HANDLERS,
                        *regions.HANDLERS, *dashboard.HANDLERS, *forms.HANDLERS, *work.HANDLERS, *cases.HANDLERS,
                        *case_steps.HANDLERS, static],
        middleware=[DefineMiddleware(ConsoleCSRF, config=csrf_config(platform))],
        exception_handlers={SignInNeeded: _sign_in_again, FieldError: _refused},
        include_in_schema=False,
        response_headers=[ResponseHeader(name="Content-Security-Policy", value=CONTENT_SECURITY),
                          ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
                          ResponseHeader(name="Referrer-Policy", value="same-origin")],
    )
