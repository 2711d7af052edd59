"""Money as people read it: stored in integer fen (分), shown in yuan (元) with two decimals.

Every amount is kept as an integer number of fen, so that sums are exact; what a user sees (the
GraphQL ``Yuan`` fields, an indicator in money, a report's cell, the CLI) is the same amount in
yuan, converted here and nowhere else, with :class:`~decimal.Decimal` arithmetic, never a float:
1 fen is ``"0.01"``, 5,000,000 fen is ``"50000.00"``. An average (money per fund) is a fraction of
a fen and is rounded to the fen, half to even.

:func:`parse_yuan` reads an amount given in yuan back into fen, refusing more than two decimals
(which would be a fraction of a fen) with an error naming the field.

Indicators in money have the unit :data:`YUAN` (their value is already yuan: fen × 1/100, exact in
fractions); form fields in money are integers of fen marked as
:func:`core.plugins.formschema.fen` marks them (:func:`is_money_field`).
"""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from core.errors import FieldError

BOOKS = ZoneInfo("Asia/Shanghai")
"""The clock the books are kept by: money moved at 01:00 on 1 January, Beijing time, is of the new year."""


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of ``year`` in the books' clock, and of the next."""
    start = dt.datetime(year, 1, 1, tzinfo=BOOKS)
    return start, start.replace(year=year + 1)


YUAN = "yuan"
"""The unit of an indicator whose value is money, in yuan."""
FEN_PER_YUAN = 100
CENT = Decimal("0.01")
EXCEL_FORMAT = "#,##0.00"
"""The number format of a money cell in a workbook."""
FEN_SUFFIXES = ("（分）", "(分)")
"""How a title says its amount is in fen; a report replaces it with （元）."""


def yuan(fen: int | Fraction) -> Decimal:
    """The amount in yuan, with exactly two decimals: ``yuan(1) == Decimal("0.01")``."""
    if isinstance(fen, bool) or not isinstance(fen, int | Fraction):
        raise TypeError(f"an amount in fen is an int or a Fraction, not {type(fen).__name__}")
    if isinstance(fen, int):
        return (Decimal(fen) / FEN_PER_YUAN).quantize(CENT)
    return fraction_yuan(fen / FEN_PER_YUAN)


def fraction_yuan(value: Fraction) -> Decimal:
    """A value already in yuan, given as an exact fraction, rounded to the fen (half to even)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_EVEN)


def yuan_text(fen: int | Fraction) -> str:
    """``"50000.00"``: a decimal string, as the GraphQL API gives money."""
    return str(yuan(fen))


def yuan_words(fen: int | Fraction) -> str:
    """``"50,000.00元"``: an amount in a sentence (a message, a report's target text)."""
    return f"{yuan(fen):,}元"


def parse_yuan(value: Any, field: str) -> int:
    """An amount in yuan (a decimal string such as ``"50000"`` or ``"12.34"``) as integer fen.

    At most two decimals, no exponent, no sign but a leading minus; a FieldError naming ``field``
    otherwise. Conversion is exact: ``"0.1"`` is 10 fen, never 9.999…"""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise FieldError(field, "give the amount in yuan as a decimal string, e.g. \"12.34\"")
    text = value.strip() if isinstance(value, str) else str(value)
    if not text or not all(c.isascii() and (c.isdigit() or c in ".-") for c in text) or text.count(".") > 1 \
            or "-" in text[1:] or text.strip("-.") == "":
        raise FieldError(field, f"{value!r} is not an amount in yuan (digits, at most one point, e.g. \"12.34\")")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FieldError(field, f"{value!r} is not an amount in yuan") from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise FieldError(field, f"{value!r} has more than two decimals: the smallest amount is 0.01 yuan (1 fen)")
    return int(amount * FEN_PER_YUAN)


def is_money_indicator(unit: str) -> bool:
    return unit == YUAN


def value_text(value: Any) -> str | None:
    """An indicator's value (:class:`core.indicators.rollup.Value`) as an exact decimal string,
    computed from its whole-number sums in fractions: money with two decimals, other units to at
    most four (trailing zeros dropped); None when unknown."""
    if value.value is None or value.numerator is None:
        return None
    exact = Fraction(int(value.numerator)) * Fraction(value.indicator.scale)
    if value.denominator is not None:
        exact /= Fraction(int(value.denominator))
    if is_money_indicator(value.indicator.unit):
        return str(fraction_yuan(exact))
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    return format(rounded.normalize(), "f")


def is_money_field(name: str, schema: Mapping[str, Any]) -> bool:
    """Is this form property an amount in fen? An integer made with ``formschema.fen`` (its
    description says 单位：分), titled ``…（分）``, or named ``…_fen``: the three conventions the
    plugins' forms use."""
    if schema.get("type") != "integer":
        return False
    title, description = str(schema.get("title") or ""), str(schema.get("description") or "")
    return name.endswith("_fen") or title.endswith(FEN_SUFFIXES) or "单位：分" in description


def yuan_title(title: str) -> str:
    """A money field's title as a report's header: ``金额（分）`` and ``金额`` both become ``金额（元）``."""
    for suffix in FEN_SUFFIXES:
        title = title.removesuffix(suffix)
    return f"{title}（元）"


CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _capital_group(value: int) -> str:
    """0 < value < 10000 in capitals, a zero between digits written once: 1005 → 壹仟零伍."""
    out, zero = "", False
    for place in (3, 2, 1, 0):
        digit = value // 10**place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += CAPITAL_DIGITS[digit] + _PLACES[place]
    return out


def _capital_integer(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    out, zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        if out and (zero or group < 1000):
            out += "零"
        out += _capital_group(group) + _GROUPS[index]
        zero = False
    return out


def capital_yuan(fen: int) -> str:
    """An amount in Chinese capital numerals (大写), as a receipt writes it: 1234567 fen is
    ``壹万贰仟叁佰肆拾伍元陆角柒分``, 100000 is ``壹仟元整``, 5 is ``伍分``, 0 is ``零元整``.
    Up to 9999万亿 yuan; a negative amount or a fraction of a fen is refused."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"an amount in fen is an int, not {type(fen).__name__}")
    if fen < 0:
        raise ValueError("a capital amount is written for a positive amount")
    whole, jiao, cents = fen // FEN_PER_YUAN, fen // 10 % 10, fen % 10
    if whole >= 10**16:
        raise ValueError("the amount is above 9999万亿元")
    if fen == 0:
        return "零元整"
    out = _capital_integer(whole) + "元" if whole else ""
    if jiao:
        out += CAPITAL_DIGITS[jiao] + "角"
    elif whole and cents:
        out += "零"
    return out + (CAPITAL_DIGITS[cents] + "分" if cents else "整")
