"""Turning the core's field errors into GraphQL errors that name the argument and carry a code."""

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from core.errors import FieldError, InvalidInput


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def camel_path(field: str) -> str:
    return ".".join(to_camel(part) for part in field.split("."))


def graphql_error(error: GraphQLError) -> GraphQLError:
    """Rewrite an error raised from a FieldError/InvalidInput: message, code and field."""
    original = error.original_error
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
    return original is None or isinstance(original, GraphQLError | FieldError | InvalidInput)


class FieldErrors(SchemaExtension):
    """Every resolver may raise FieldError; clients get ``{message, extensions: {code, field}}``."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [graphql_error(error) for error in result.errors]
