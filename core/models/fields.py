"""Validated field types shared by the Create/Update models of the five elements."""

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from core import validators


def _credit_code(value: str) -> str:
    return validators.normalize_credit_code(value)


def _id_number(value: str) -> str:
    return validators.normalize_id_number(value)


def _phone(value: str) -> str:
    return validators.normalize_phone(value)


def _one_line(value: str) -> str:
    return validators.check_one_line(value)


def _past_date(value: dt.date) -> dt.date:
    return validators.check_past_date(value)


ONE_LINE = AfterValidator(_one_line)
"""Refuses a line break or control character inside the text."""


def line(max_length: int) -> StringConstraints:
    """Stripped, 1 to ``max_length`` characters: with :data:`ONE_LINE`, a single line of text
    (``Annotated[str, line(100), ONE_LINE]``; names, titles, relations)."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


CreditCode = Annotated[str, AfterValidator(_credit_code)]
"""统一社会信用代码, GB 32100-2015 (check character verified)."""

IdNumber = Annotated[str, AfterValidator(_id_number)]
"""公民身份号码, GB 11643-1999 (check digit and birth date verified)."""

Phone = Annotated[str, AfterValidator(_phone)]

Name = Annotated[str, line(100), ONE_LINE]
LongName = Annotated[str, line(200), ONE_LINE]
PastDate = Annotated[dt.date, AfterValidator(_past_date)]
"""A day something happened on (registered, founded, held, served, donated): 1900-01-01 to today."""
MAX_FEN = 10**12
"""The most one entry may carry: 10^12 fen (¥10,000,000,000). Money columns and every sum of them
are 64-bit (``BIGINT``): more than nine million entries of the maximum fit in one sum."""

MAX_COUNT = 10**9
"""The largest count one entry may carry (people served, staff): it fits a 32-bit column; the
summaries that add such counts up are 64-bit."""

Fen = Annotated[int, Field(ge=0, le=MAX_FEN, description="money in integer fen (分); ¥1 = 100; at most 10^12")]
"""Money. Table models give the column ``sa_type=sa.BigInteger`` (a test checks every ``*_fen``)."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
