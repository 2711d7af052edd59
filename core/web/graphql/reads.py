"""GraphQL queries answered by the read replica (``database_read_url``; docs/scaling.md).

A request whose operations are all queries (one, or every one of a batch) is read from the replica:
once its token has been checked on the primary (revocation, a new user, a changed role count at
once, whatever the replica's lag), the request's session moves to a session on the replica for the
same principal (:meth:`core.platform.Platform.reads_for`), whose transactions set the same scope
(the tenant, or platform-wide) transaction-locally, so row-level security holds it as on the primary.
Mutations, subscriptions and anything that does not parse stay on the primary; so does what a query
writes (the audit of a full personal value, a target's verdict, a past day's counts), which the
platform writes with sessions and engines of the primary's.
"""

from collections.abc import Iterable
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationType, parse
from graphql.utilities import get_operation_ast

from core.web.graphql.context import Context
from core.web.graphql.limits import DocumentCache
from core.web.graphql.session import RequestDatabase


def _document(query: str, documents: DocumentCache, max_tokens: int) -> DocumentNode | None:
    kept = documents.get(query)  # what the limits parsed and validated before (no second parse)
    if kept is not None:
        return kept.document
    try:
        return parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return None


def only_queries(operations: Iterable[Any], documents: DocumentCache, max_tokens: int) -> bool:
    """Whether every operation of a request (strawberry's ``GraphQLRequestData``) is a query; a
    document that does not parse, or names no operation it has, is not."""
    found = False
    for operation in operations:
        query = getattr(operation, "query", None)
        if not isinstance(query, str):
            return False
        document = _document(query, documents, max_tokens)
        chosen = get_operation_ast(document, operation.operation_name) if document is not None else None
        if chosen is None or chosen.operation is not OperationType.QUERY:
            return False
        found = True
    return found


async def read_from_replica(scope: Any, context: Context) -> bool:
    """Move the request's session to the replica, for its principal; False (and nothing moved) when
    there is no replica or the request has no session of the token check's."""
    database = RequestDatabase.of(scope)
    if context.platform.reads is None or database is None or context.principal is None:
        return False
    replica = context.platform.reads_for(context.principal)
    await database.move_to(replica)
    context.session = replica
    context.loaders.request.session = replica
    return True
