"""What every mutation returns: the object, or the problems (naming fields) that stopped it."""

import copy
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.base import StrawberryOptional

from core.errors import FieldError, InvalidInput
from core.web.graphql.errors import camel_path

T = TypeVar("T")


@strawberry.type(description="A problem with one field of a mutation's input; nothing was written.")
class FieldProblem:
    field: str = strawberry.field(description="the input field, in camelCase (dotted when nested)")
    message: str
    code: str


@strawberry.type(description="The result of a mutation: the object, or the problems that stopped it.")
class Payload(Generic[T]):
    result: T | None = None
    errors: list[FieldProblem] = strawberry.field(default_factory=list)


VERBATIM = ("data.", "rules.")
"""Fields under these are JSON keys of form data or rule keys: reported as they are, not camelCased."""


def _problems(error: InvalidInput) -> list[FieldProblem]:
    return [
        FieldProblem(field=p.field if p.field.startswith(VERBATIM) else camel_path(p.field), message=p.message, code=p.code)
        for p in error.problems
    ]


async def mutate(info: strawberry.Info, work: Callable[[], Awaitable[Any]], convert: Any) -> Payload[Any]:
    """Run one write in the request's session: committed when it and the conversion of its result
    succeed, rolled back otherwise. Bad input gives a payload with errors; anything else raises
    (the mutation's field is then ``null`` with the error, see :func:`nullable_fields`), and in both
    cases nothing of this mutation was written."""
    context = info.context
    async with context.lock:
        try:
            result = convert(await work())
            await context.session.commit()
        except (InvalidInput, FieldError) as error:
            await context.session.rollback()
            problems = error if isinstance(error, InvalidInput) else InvalidInput.of(error)
            return Payload(errors=_problems(problems))
        except BaseException:
            await context.session.rollback()
            raise
    return Payload(result=result)


def nullable_fields(root: type) -> type:
    """``root`` (the merged Mutation type) with every field nullable, so that a mutation that fails
    with an error is ``null`` on its own and leaves its siblings' answers standing. Root mutation
    fields run one after the other and each commits on its own: with a non-null field, the error
    of the second nulled the whole ``data``, and the first one's committed write went unreported.
    The fields are copies: the types the core and plugins declared stay as they are."""
    definition = root.__strawberry_definition__  # type: ignore[attr-defined]
    fields = []
    for field in definition.fields:
        if not isinstance(field.type, StrawberryOptional):
            field = copy.copy(field)
            field.type = StrawberryOptional(field.type)
        fields.append(field)
    definition.fields = fields
    return root
