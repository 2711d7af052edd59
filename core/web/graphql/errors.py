"""Turning the core's field errors into GraphQL errors that name the argument and carry a code,
and logging errors by what they are: a client's mistake is one line, a fault a traceback."""

import copy
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from core.errors import FieldError, InvalidInput
from core.web.database_faults import fault_of


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def camel_path(field: str) -> str:
    return ".".join(to_camel(part) for part in field.split("."))


def graphql_error(error: GraphQLError) -> GraphQLError:
    """Rewrite an error raised from a FieldError/InvalidInput: message, code and field; or from a
    database fault (:mod:`core.web.database_faults`): its message and code, and ``retryable``."""
    original = error.original_error
    fault = fault_of(original)
    if fault is not None:
        return GraphQLError(fault.message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, original_error=original,
                            extensions={"code": fault.code, "retryable": True})
    if isinstance(original, InvalidInput):
        original = FieldError(original.problems[0].field, original.problems[0].message, original.problems[0].code)
    if not isinstance(original, FieldError):
        return error
    field = camel_path(original.field)
    return GraphQLError(
        f"{field}: {original.message}",
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions={"code": original.code.upper(), "field": field},
    )


def expected(error: GraphQLError) -> bool:
    """Errors the API raises on purpose: validation, field errors. Everything else is masked in production."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | FieldError | InvalidInput) or fault_of(original) is not None


class FieldErrors(SchemaExtension):
    """Every resolver may raise FieldError; clients get ``{message, extensions: {code, field}}``."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [graphql_error(error) for error in result.errors]


logger = logging.getLogger(__name__)

LOGGED_MESSAGE = 300
"""Characters of a client error's message that reach the log (the rest is the client's own text)."""


def log_line(error: GraphQLError) -> str:
    """One line for an expected error: its code, where, and what (shortened, on one line)."""
    original = error.original_error
    if isinstance(original, InvalidInput):
        code = original.problems[0].code
    elif isinstance(original, FieldError):
        code = original.code
    else:
        code = str((error.extensions or {}).get("code") or "graphql")
    where = ".".join(str(part) for part in error.path or ()) or "document"
    message = " ".join(error.message.split())
    if len(message) > LOGGED_MESSAGE:
        message = message[:LOGGED_MESSAGE] + "…"
    return f"client error {code.upper()} at {where}: {message}"


class Schema(strawberry.Schema):
    """Strawberry's schema, logging expected errors (:func:`expected`: validation, field errors, not
    found, refusals) as one line at INFO, without a traceback: a not-found used to write 33 lines,
    and an enumeration filled the disk. Unexpected errors are still logged with their traceback.

    ``plugin_fields`` names the plugin that declared each root field a plugin added
    (:func:`core.web.graphql.schema.plugin_fields`), so that a resolver can tell where its plugin applies."""

    plugin_fields: dict[tuple[str, str], str] = {}  # noqa: RUF012 - replaced whole on each schema, never mutated

    def served_with(self, extensions: Iterable[Any]) -> "Schema":
        """This schema's types served with ``extensions`` and a configuration of its own: a shallow
        copy, sharing the converted GraphQL types (never changed once built), with the extensions
        (factories, each request gets new ones) and the configuration (an app sets its batching on
        it) of the copy alone. What converting takes (~0.15 s, :func:`core.web.graphql.schema.converted`)
        is then paid once per process, not once per app."""
        served = copy.copy(self)
        served.extensions = tuple(extensions)
        served.config = copy.copy(self.config)
        return served

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            fault = fault_of(error.original_error)
            if fault is not None:  # the database's fault, not the request's: one line, no traceback
                where = ".".join(str(part) for part in error.path or ()) or "document"
                logger.warning("database fault %s at %s: %s", fault.code, where, type(error.original_error).__name__)
            elif expected(error):
                logger.info(log_line(error))
            else:
                StrawberryLogger.error(error, execution_context)
