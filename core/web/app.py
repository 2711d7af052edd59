"""The web application: Litestar serving the GraphQL API at ``/graphql``.

``create_app()`` is a factory: every call builds its own platform (plugins, engine) and its own
schema object (extensions, limits, configuration), so tests and workers never share state; only the
GraphQL types converted from the same plugins' contributions, never changed once built, are shared
by a process's apps (:func:`core.web.graphql.schema.converted`).
"""

import gc
import inspect
import logging
from collections.abc import Callable
from types import MappingProxyType
from typing import Any, ClassVar

import psycopg
import sqlalchemy as sa
from litestar import Litestar, Request, Response, get
from litestar.background_tasks import BackgroundTasks
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.exceptions import HTTPException as LitestarHTTPException
from litestar.middleware import DefineMiddleware
from litestar.types import Scope
from strawberry.extensions import MaskErrors
from strawberry.http.base import (
    HTTPException,  # cross_web.HTTPException, or its older home in strawberry
)
from strawberry.litestar import make_graphql_controller

from core import db
from core.indicators import snapshots
from core.platform import Platform
from core.web import database_faults, json_input, json_output
from core.web.addresses import client_of, proxies_of
from core.web.auth import REQUEST_SESSION, BearerTokenMiddleware
from core.web.certificates import PUBLIC, certificates_router, verify_router
from core.web.console import UNAUTHENTICATED, console_router, template_config
from core.web.console.public import UNAUTHENTICATED as PUBLIC_PAGES
from core.web.console.public import public_router
from core.web.downloads import exports_router
from core.web.graphql.errors import expected
from core.web.graphql.limits import Limits, schema_extensions
from core.web.graphql.password_checks import OnePasswordCheck, refuse_batch
from core.web.graphql.persisted import Persisted, PersistedOperations
from core.web.graphql.reads import only_queries, read_from_replica
from core.web.graphql.schema import build_schema
from core.web.imports import imports_router
from core.web.observability import Metrics, Observed, OperationName, metrics_handler, ready_handler
from core.web.rate_limit import RateLimit
from core.web.shared_rate_limit import SharedRateLimit
from core.web.sockets import PROTOCOLS, Subscriptions, context_for

GRAPHQL_PATH = "/graphql"

logger = logging.getLogger(__name__)


def new_response() -> Response[Any]:
    """The response a GraphQL request's resolvers may set headers and cookies on (as Strawberry's)."""
    return Response({}, background=BackgroundTasks([]))


@get("/health", exclude_from_auth=True, sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


async def log_unexpected(error: BaseException, scope: Scope) -> None:
    """A 500 is logged with its traceback (Litestar logs nothing outside debug mode); a refusal
    (400, 401, 413, 429 …) is not: what refuses it logs one line where the reason matters; a
    database fault (a 503) is one line too."""
    if isinstance(error, LitestarHTTPException | HTTPException) and error.status_code < 500:
        return
    fault = database_faults.fault_of(error)
    if fault is not None:
        logger.warning("database fault %s answering %s %s: %s", fault.code, scope.get("method", scope["type"]),
                       scope.get("path"), type(error).__name__)
        return
    logger.error("unexpected error answering %s %s", scope.get("method", scope["type"]), scope.get("path"), exc_info=error)


def database_faulted(response_data: Any) -> bool:
    """Whether a GraphQL answer (or a batch's) carries an error of a database fault."""
    answers = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") in database_faults.CODES
        for answer in answers if isinstance(answer, dict) for error in answer.get("errors") or ()
    )


def database_unavailable(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """A database fault outside the GraphQL resolvers (the token check, a download): ``503`` with its
    code and ``Retry-After``; any other database error is the ``500`` it was."""
    fault = database_faults.fault_of(error)
    if fault is None:
        return Response({"status_code": 500, "detail": "Internal Server Error"}, status_code=500)
    return Response({"errors": [{"message": fault.message, "extensions": {"code": fault.code, "retryable": True}}]},
                    status_code=database_faults.STATUS,
                    headers={"Retry-After": str(database_faults.RETRY_AFTER_SECONDS)})


_frozen = False


def collect_garbage(settings: Any) -> None:
    """Once start-up is done: the garbage collector's thresholds (``gc_threshold``), and, once per
    process, every object start-up left (~170,000: the schema, the plugins, the models) moved out
    of the collector's sight (``gc.freeze``), so that a collection no longer walks them all; a
    large response's full collections did (issue 17, docs/operators.md)."""
    global _frozen
    gc.set_threshold(*settings.gc_threshold)
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


def rate_limit(settings: Any) -> RateLimit:
    """``rate_limit_per_minute`` requests a minute per client (see :func:`core.web.addresses.client_key`); not
    ``/health``: counted in memory, or shared by the workers in the database (``rate_limit_store``)."""
    proxies = proxies_of(settings)

    def identify(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        return client_of(connection, proxies)

    if shared_rate_limit(settings):
        return SharedRateLimit(settings.rate_limit_per_minute, identify, settings.database_url, settings.workers)
    return RateLimit(settings.rate_limit_per_minute, identify)


def shared_rate_limit(settings: Any) -> bool:
    """Whether the workers share the rate limit's counts in the database: ``rate_limit_store`` says
    so, or leaves it to the setup (``auto``: several workers on PostgreSQL; an in-memory SQLite
    database has no other connection to count on)."""
    if settings.rate_limit_store == "auto":
        return bool(settings.workers > 1 and settings.database_url.startswith("postgresql"))
    return bool(settings.rate_limit_store == "database" and not db.in_memory(settings.database_url))


def create_app(platform: Platform | None = None) -> Litestar:
    platform = platform or Platform.create()
    settings = platform.settings
    development = settings.development
    persisted = Persisted.from_settings(settings)
    limits = Limits(settings)
    replica = platform.reads is not None
    extensions: list[Any] = [
        lambda: PersistedOperations(persisted), *schema_extensions(settings, limits), OnePasswordCheck, OperationName
    ]
    if not development:
        extensions.append(lambda: MaskErrors(should_mask_error=lambda error: not expected(error)))
    schema = build_schema(platform.registry, extensions=extensions)
    persisted.check(schema._schema)
    # The schema's configuration is this app's own (build_schema's copy); the batching setting is read per request.
    schema.config.batching_config = (
        {"max_operations": settings.graphql_max_batch} if settings.graphql_max_batch else None
    )
    controller = make_graphql_controller(
        schema,
        path=GRAPHQL_PATH,
        graphql_ide="graphiql" if development else None,
        allow_queries_via_get=False,
        context_getter=context_for,
        subscription_protocols=PROTOCOLS,
    )

    # make_graphql_controller builds the controller class at run time: mypy takes no variable as a base
    class GraphQLController(Subscriptions, controller):  # type: ignore[valid-type,misc]
        opt = MappingProxyType({REQUEST_SESSION: True})  # the token is checked on the session the resolvers use
        # Strawberry makes the response its resolvers may add headers to in a worker thread, a thread
        # hop on every request for a constructor call
        dependencies: ClassVar[dict[str, Provide | Callable[..., Any]]] = {
            **controller.dependencies, "response": Provide(new_response, sync_to_thread=False)
        }

        async def execute_operation(self, request: Any, request_adapter: Any, request_data: Any, context: Any,
                                    root_value: Any, sub_response: Any) -> Any:
            """A request of queries only is read from the replica, when there is one (:mod:`core.web.graphql.reads`)."""
            if replica and request_adapter.method == "POST" and only_queries(
                    request_data if isinstance(request_data, list) else [request_data],
                    limits.documents, settings.graphql_max_tokens):
                await read_from_replica(request.scope, context)
            return await super().execute_operation(request, request_adapter, request_data, context, root_value,
                                                   sub_response)

        def create_response(self, response_data: Any, sub_response: Response[bytes]) -> Response[bytes]:
            """``503`` and ``Retry-After`` when the database failed the request (:mod:`core.web.database_faults`)."""
            response: Response[bytes] = super().create_response(response_data, sub_response)
            if database_faulted(response_data):
                response.status_code = database_faults.STATUS
                response.headers["Retry-After"] = str(database_faults.RETRY_AFTER_SECONDS)
            return response

        def encode_json(self, data: object) -> bytes:
            """msgspec's encoder, UTF-8 unescaped (:mod:`core.web.json_output`)."""
            return json_output.encode(data)

        def decode_json(self, data: str | bytes) -> object:
            """UTF-8, bounded nesting, storable text (:mod:`core.web.json_input`); WebSocket messages too."""
            return json_input.loads(data)

        def parse_json(self, data: str | bytes) -> Any:
            """A body refused by :func:`decode_json`, or such as ``[1]`` or ``null`` (which Strawberry
            answers with a 500), gets a 400 saying why."""
            try:
                value = self.decode_json(data)
            except json_input.BadJSON as error:
                raise HTTPException(400, error.reason) from None
            except ValueError:
                raise HTTPException(400, "Unable to parse request body as JSON") from None
            if isinstance(value, dict) or (
                isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
            ):
                persisted.fill(value)  # the text of an operation sent by its hash, for the checks below
                refuse_batch(value, max_tokens=settings.graphql_max_tokens)  # before any operation runs
                return value
            raise HTTPException(400, "The body must be a JSON object, or a non-empty list of them (a batch).")

    async def on_startup(app: Litestar) -> None:
        await platform.load_signing_key()
        results: list[Any] = []
        platform.pm.hook.startup.call_historic(kwargs={"app": app}, result_callback=results.append)
        for result in results:
            if inspect.isawaitable(result):
                await result
        collect_garbage(settings)

    limiter = rate_limit(settings) if settings.rate_limit_per_minute else None

    async def on_shutdown(app: Litestar) -> None:
        await platform.dispose()
        if limiter is not None:
            await limiter.close()

    async def keep_snapshots(_request: Any) -> None:
        """Counts as of past days computed for this request are kept with the platform's keeper, an
        engine whose connections the requests' sessions never hold."""
        snapshots.set_engine(platform.keeper)

    metrics = Metrics(platform) if settings.metrics else None
    middleware: list[Callable[..., Any] | DefineMiddleware] = [DefineMiddleware(Observed, metrics=metrics)]
    if limiter is not None:
        middleware.append(limiter)  # before the token: a flood is refused before any token is checked
    handlers: list[Any] = [GraphQLController, health, ready_handler(platform), exports_router, certificates_router,
                           verify_router, imports_router(settings), console_router(platform), public_router]
    if metrics is not None:
        handlers.append(metrics_handler(platform, metrics))
    app = Litestar(
        route_handlers=handlers,
        middleware=[
            *middleware,  # first: the request id and timing, then the rate limit
            DefineMiddleware(
                BearerTokenMiddleware,
                exclude=["^/health$", "^/ready$", "^/metrics$", PUBLIC, PUBLIC_PAGES, *UNAUTHENTICATED],  # the console: its cookie
                exclude_http_methods=["OPTIONS", "GET"] if development else ["OPTIONS"],
            )
        ],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        before_request=keep_snapshots,
        after_exception=[log_unexpected],
        exception_handlers={sa.exc.SQLAlchemyError: database_unavailable, psycopg.Error: database_unavailable},
        debug=False,
        logging_config=None,  # the server's (`wushe serve`: core.web.observability.log_config), not Litestar's own
        request_max_body_size=settings.max_body_bytes,
        template_config=template_config(),
    )
    app.state.wushe = platform
    return app
