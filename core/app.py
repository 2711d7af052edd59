"""The web application: Litestar serving the GraphQL API at ``/graphql``.

``create_app()`` is a factory: every call builds its own platform (plugins, engine, schema),
so tests and workers never share state.
"""

import inspect
from typing import Any

from litestar import Litestar, get
from litestar.middleware import DefineMiddleware
from strawberry.extensions import MaskErrors
from strawberry.litestar import make_graphql_controller

from core.auth import BearerTokenMiddleware
from core.graphql.context import get_context
from core.graphql.errors import expected
from core.graphql.schema import build_schema
from core.platform import Platform

GRAPHQL_PATH = "/graphql"


@get("/health", exclude_from_auth=True, sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


def create_app(platform: Platform | None = None) -> Litestar:
    platform = platform or Platform.create()
    development = platform.settings.development
    extensions: list[Any] = [] if development else [MaskErrors(should_mask_error=lambda error: not expected(error))]
    schema = build_schema(platform.registry, extensions=extensions)
    graphql = make_graphql_controller(
        schema,
        path=GRAPHQL_PATH,
        graphql_ide="graphiql" if development else None,
        allow_queries_via_get=False,
        context_getter=get_context,
    )

    async def on_startup(app: Litestar) -> None:
        await platform.load_signing_key()
        results: list[Any] = []
        platform.pm.hook.startup.call_historic(kwargs={"app": app}, result_callback=results.append)
        for result in results:
            if inspect.isawaitable(result):
                await result

    async def on_shutdown(app: Litestar) -> None:
        await platform.dispose()

    app = Litestar(
        route_handlers=[graphql, health],
        middleware=[
            DefineMiddleware(
                BearerTokenMiddleware,
                exclude=["^/health$"],
                exclude_http_methods=["OPTIONS", "GET"] if development else ["OPTIONS"],
            )
        ],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        debug=False,
    )
    app.state.wushe = platform
    return app
