"""Scalars beyond GraphQL's own: money, in fen (which GraphQL's 32-bit ``Int`` cannot hold) for
input and compatibility, and in yuan (a decimal string with two decimals) for people.

Fields are annotated with the Python type (``Fen``, ``Yuan``); :data:`SCALARS` maps it to its
GraphQL scalar in the schema's configuration."""

from decimal import Decimal
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from core.money import FEN_PER_YUAN, parse_yuan, yuan

Fen = NewType("Fen", int)
Yuan = NewType("Yuan", Decimal)
"""An amount in yuan, exactly two decimals: made from fen with :func:`as_yuan`."""


def as_yuan(fen: int) -> Yuan:
    return Yuan(yuan(int(fen)))


def _yuan_text(value: Any) -> str:
    if not isinstance(value, Decimal):
        raise TypeError(f"a Yuan field resolved to {type(value).__name__}, not a Decimal")
    return str(value)


def _yuan_input(value: Any) -> Yuan:
    """A decimal string with at most two decimals, read exactly (never through a float)."""
    return Yuan(Decimal(parse_yuan(value, "yuan")) / FEN_PER_YUAN)


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
    Yuan: strawberry.scalar(
        name="Yuan",
        description="Money in yuan (元) as a decimal string with two decimals: \"50000.00\" for 5万元, \"0.01\" "
        "for 1 fen. Exact (converted from the stored fen in decimal arithmetic, never a float); as input, "
        "at most two decimals.",
        serialize=_yuan_text,
        parse_value=_yuan_input,
    ),
}
