"""Scalars beyond GraphQL's own: money, which its 32-bit ``Int`` cannot hold.

Fields are annotated with the Python type (``Fen``); :data:`SCALARS` maps it to its GraphQL
scalar in the schema's configuration."""

from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

Fen = NewType("Fen", int)


def _whole_number(value: Any) -> int:
    """A JSON number without a fraction (as GraphQL's ``Int`` reads one); the range is checked
    by the models, so that an amount too large is a field error naming the field."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number of fen is expected")
    return value


SCALARS: dict[object, ScalarDefinition] = {
    Fen: strawberry.scalar(
        name="Fen",
        description="Money in integer fen (分; ¥1 = 100), from 0 to 10^12 per entry: a JSON number, exact "
        "(below 2^53), where `Int` would stop at 2^31 − 1. Sums of it are 64-bit.",
        serialize=int,
        parse_value=_whole_number,
    ),
}
