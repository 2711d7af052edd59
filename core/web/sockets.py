"""WebSockets at ``/graphql``: subscriptions over graphql-transport-ws, authorised as every request is.

**The token.** A browser cannot put an ``Authorization`` header on a WebSocket handshake, so the
handshake may come without one (the authentication middleware lets a WebSocket through then, as
nobody); the client sends its bearer token in the ``connection_init`` message's payload instead,
``{"authorization": "Bearer <token>"}`` (graphql-ws's ``connectionParams``). It is checked exactly
as a request's header is (:func:`core.access.tokens.principal_for`: signature, expiry, revocation,
the user active) before ``connection_ack``; a bad or missing token closes the socket with 4403
(``Forbidden``). A non-browser client may send the header on the handshake instead: the middleware
checks it (a bad one is refused at the handshake) and ``connection_init`` may then carry nothing.

**Each operation** gets a context of its own (:class:`OperationContexts`), and each event a session,
DataLoaders and a principal of its own, checked against the token again
(:func:`core.web.graphql.subscriptions.fresh`). Only subscriptions are served: queries and mutations
go by HTTP ``POST`` (where the rate limit, the body limit and the session per request apply), and one
sent over the socket is answered with an error. The legacy ``graphql-ws`` protocol is not offered.
"""

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from graphql import GraphQLError, parse
from graphql import OperationType as GraphQLOperationType
from graphql.utilities import get_operation_ast
from litestar.enums import ScopeType
from litestar.types import Scope
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from core.access import tokens
from core.db import tenancy
from core.platform import Platform
from core.web.auth import BAD_TOKEN
from core.web.graphql.context import Context, get_context
from core.web.graphql.dataloaders import Loaders
from core.web.graphql.session import RequestDatabase, RequestSession
from core.web.graphql.subscriptions import SocketContext

logger = logging.getLogger(__name__)

PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
"""The one subprotocol offered: graphql-transport-ws (the graphql-ws library's)."""

MAX_TOKENS = 5000
"""Tokens read to tell a query from a subscription when the schema names no limit (the limits apply after)."""

NO_TOKEN = "send the bearer token in connection_init: {\"authorization\": \"Bearer <token>\"}"


async def context_for(scope: Scope) -> AsyncIterator[Context]:
    """Litestar dependency: a request's context (:func:`core.web.graphql.context.get_context`), or for
    a WebSocket the connection's :class:`SocketContext`, with the claims of a token the handshake
    carried (none when the token comes with ``connection_init``)."""
    if scope["type"] != ScopeType.WEBSOCKET:
        async with asynccontextmanager(get_context)(scope) as context:
            yield context
        return
    platform: Platform = scope["litestar_app"].state.wushe
    principal = scope.get("user")
    database = RequestDatabase(platform.session_for(principal))
    request = RequestSession(platform=platform, principal=principal, session=database.session, lock=database.lock)
    context = SocketContext(platform=platform, principal=principal, session=database.session, lock=database.lock,
                            loaders=Loaders(request), claims=scope.get("auth"), database=database)
    try:
        yield context
    finally:
        await context.close()


def _token(params: dict[str, Any]) -> str | None:
    """The bearer token of a ``connection_init`` payload (``authorization``: ``Bearer <token>`` or the token)."""
    given = params.get("authorization", params.get("Authorization"))
    if given is None:
        return None
    if not isinstance(given, str):
        raise ConnectionRejectionError({"message": NO_TOKEN})
    scheme, _, token = given.strip().partition(" ")
    if not token:
        return scheme
    if scheme.lower() != "bearer" or not token.strip():
        raise ConnectionRejectionError({"message": NO_TOKEN})
    return token.strip()


async def authenticate(context: SocketContext) -> None:
    """Check the token of ``connection_init`` (or the handshake's) as a request's is; reject otherwise."""
    token = _token(context.connection_params or {})
    if token is None:
        if context.claims is None:
            raise ConnectionRejectionError({"message": NO_TOKEN})
        return
    platform = context.platform
    try:
        claims = tokens.read_token(token, platform.signing_key)
        async with platform.session_as(tenancy.NOBODY) as session:
            principal = await tokens.principal_for(session, platform.policies, claims)
    except tokens.InvalidToken as error:  # why, for the server's log only
        logger.warning("bearer token refused on a WebSocket: %s", error)
        raise ConnectionRejectionError({"message": BAD_TOKEN}) from None
    context.claims, context.principal = claims, principal


class OperationContexts:
    """The schema as a WebSocket handler sees it: each operation runs on a context of its own (a copy
    of the connection's, :meth:`SocketContext.for_operation`, closed when the operation ends), and only
    a subscription runs at all."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)

    async def stream(self, query: str | None, *, context_value: Any = None, **options: Any) -> Any:
        limit = context_value.platform.settings.graphql_max_tokens if isinstance(context_value, SocketContext) else None
        if _not_a_subscription(query, options.get("operation_name"), limit or MAX_TOKENS):
            return _refused()
        context = context_value.for_operation() if isinstance(context_value, SocketContext) else context_value
        results = await self._schema.stream(query, context_value=context,
                                            allowed_operation_types=(OperationType.SUBSCRIPTION,), **options)
        return _closing(results, context)


NOT_A_SUBSCRIPTION = "only subscriptions are served over the WebSocket: send queries and mutations by HTTP POST"


def _not_a_subscription(query: str | None, operation_name: str | None, max_tokens: int) -> bool:
    """Is ``query`` well formed, with its operation a query or a mutation? (Anything else is the schema's to refuse.)"""
    if not query:
        return False
    try:
        document = parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return False
    operation = get_operation_ast(document, operation_name)
    return operation is not None and operation.operation is not GraphQLOperationType.SUBSCRIPTION


async def _refused() -> AsyncIterator[Any]:
    """What the handler sends as an ``error`` message for the operation (it is a pre-execution error)."""
    yield PreExecutionError(data=None, errors=[GraphQLError(NOT_A_SUBSCRIPTION, extensions={"code": "BAD_REQUEST"})])


async def _closing(results: Any, context: Any) -> AsyncIterator[Any]:
    try:
        async for result in results:
            yield result
    finally:
        await results.aclose()
        if isinstance(context, SocketContext):
            await context.close()


class SubscriptionHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws with a context per operation and subscriptions only (:class:`OperationContexts`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = OperationContexts(self.schema)  # type: ignore[assignment]


class Subscriptions:
    """Mixed into the GraphQL controller: how its WebSockets are authenticated and handled."""

    graphql_transport_ws_handler_class: Callable[..., Any] = SubscriptionHandler

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        if not isinstance(context, SocketContext):
            raise ConnectionRejectionError({"message": NO_TOKEN})
        await authenticate(context)
        return UNSET
