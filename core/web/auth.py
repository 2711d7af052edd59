"""Bearer tokens on HTTP: the middleware that puts the principal of a request's token on it.

A request without an ``Authorization`` header is let through only for the ``login`` mutation,
with an anonymous principal that the access layer grants nothing; anything else without a token,
and every bad token (:mod:`core.access.tokens`), gets 401. A WebSocket handshake without one is let
through as nobody too: its token comes in the ``connection_init`` message, and nothing is served
before it is checked (:mod:`core.web.sockets`).
"""


import logging
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from graphql.language import FieldNode
from litestar.connection import ASGIConnection, Request
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, WebSocketException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Receive, Scope, Send

from core.access.tokens import InvalidToken, RecentTokens, anonymous, principal_for
from core.db import tenancy
from core.web import json_input
from core.web.graphql.session import RequestDatabase

logger = logging.getLogger(__name__)

ANONYMOUS_MUTATIONS = frozenset({"login"})
"""The only root fields a request without a token may ask for (with ``__typename``)."""

ANONYMOUS_BODY_LIMIT = 16 * 1024
"""A login request is small; an anonymous body larger than this is refused unread."""

BAD_TOKEN = "invalid token: expired, revoked or not issued here; sign in again"
"""What every refused token is told, whatever the reason (expired, revoked, forged, malformed)."""

REQUEST_SESSION = "request_session"
"""A route handler ``opt`` key: the handler uses the request's session, on which the token is then
checked (the GraphQL controller); other handlers' tokens are checked on a session of their own."""

NO_TOKEN = "send Authorization: Bearer <token> (sign in with the login mutation or `wushe login`)"


def anonymous_operation(body: bytes) -> bool:
    """Is this GraphQL request (JSON) one operation asking only for ``login``?"""
    try:
        request = json_input.loads(body)  # bounded nesting: json.loads alone overflows the stack
    except ValueError:
        return False
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return False
    try:
        document = parse(request["query"], no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = request.get("operationName")
    if name:
        operations = [o for o in operations if o.name is not None and o.name.value == name]
    if len(operations) != 1 or operations[0].operation != OperationType.MUTATION:
        return False
    selections = operations[0].selection_set.selections
    return all(
        isinstance(s, FieldNode) and (s.name.value in ANONYMOUS_MUTATIONS or s.name.value == "__typename")
        for s in selections
    )


def _login_candidate(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """A small JSON POST without a token: it may be a login; its body decides."""
    if connection.scope["type"] != ScopeType.HTTP or connection.scope.get("method") != "POST":
        return False
    if "authorization" in connection.headers:
        return False
    if connection.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return False
    length = connection.headers.get("content-length", "")
    return length.isascii() and length.isdigit() and int(length) <= ANONYMOUS_BODY_LIMIT


WEBSOCKET_REFUSED = 4403
"""The close code of a WebSocket handshake with a bad token: graphql-transport-ws's for a refused connection."""


def _refused(connection: ASGIConnection[Any, Any, Any, Any], message: str) -> Exception:
    """401 for a request; for a WebSocket handshake, the socket closed with :data:`WEBSOCKET_REFUSED`."""
    if connection.scope["type"] == ScopeType.WEBSOCKET:
        return WebSocketException(detail=message, code=WEBSOCKET_REFUSED)
    return NotAuthorizedException(message)


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """``Authorization: Bearer <token>`` → the principal of an active user, or 401.

    ``request.user`` is the principal and ``request.auth`` the token's claims (None for the
    anonymous login request). For a handler that asks for it (:data:`REQUEST_SESSION`) the token
    is checked on the request's own session (:class:`~core.web.graphql.session.RequestDatabase`),
    which the handler then uses and which is closed here once the response is sent."""

    def __init__(self, app: ASGIApp, **options: Any) -> None:
        super().__init__(app, **options)
        self.tokens = RecentTokens()
        """the claims of the tokens checked lately (one app, one middleware: never shared)"""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _login_candidate(ASGIConnection(scope)):
            # read here, where ``receive`` is at hand; the body stays in the connection state, where
            # authenticate_request and then the GraphQL handler find it
            await Request(scope, receive).body()
        try:
            await super().__call__(scope, receive, send)
        finally:
            database = RequestDatabase.of(scope)
            if database is not None:
                await database.close()

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        platform = connection.app.state.wushe
        header = connection.headers.get("authorization")
        if header is None:
            if _login_candidate(connection) and anonymous_operation(await Request(connection.scope).body()):
                return AuthenticationResult(user=anonymous(), auth=None)
            if connection.scope["type"] == ScopeType.WEBSOCKET:  # its token comes with connection_init (core.web.sockets)
                return AuthenticationResult(user=anonymous(), auth=None)
            raise NotAuthorizedException(NO_TOKEN)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _refused(connection, NO_TOKEN)
        try:
            claims = self.tokens.read(token.strip(), platform.signing_key)
            handler = connection.scope.get("route_handler")
            if connection.scope["type"] == ScopeType.HTTP and handler is not None and handler.opt.get(REQUEST_SESSION):
                database = RequestDatabase.open(connection.scope, platform)
                async with database.lock:
                    principal = await principal_for(database.session, platform.policies, claims)
            else:  # a session for the check alone (a download's handler opens its own, a WebSocket lives long)
                async with platform.session_as(tenancy.NOBODY) as session:
                    principal = await principal_for(session, platform.policies, claims)
        except InvalidToken as error:  # why, for the server's log only: clients learn nothing of it
            logger.warning("bearer token refused: %s", error)
            raise _refused(connection, BAD_TOKEN) from None
        return AuthenticationResult(user=principal, auth=claims)
