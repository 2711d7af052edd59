"""Validated field types shared by the Create/Update models of the five elements."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from core import validators


def _credit_code(value: str) -> str:
    return validators.normalize_credit_code(value)


def _id_number(value: str) -> str:
    return validators.normalize_id_number(value)


def _phone(value: str) -> str:
    return validators.normalize_phone(value)


CreditCode = Annotated[str, AfterValidator(_credit_code)]
"""统一社会信用代码, GB 32100-2015 (check character verified)."""

IdNumber = Annotated[str, AfterValidator(_id_number)]
"""公民身份号码, GB 11643-1999 (check digit and birth date verified)."""

Phone = Annotated[str, AfterValidator(_phone)]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
LongName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Fen = Annotated[int, Field(ge=0, description="money in integer fen (分); ¥1 = 100")]
Count = Annotated[int, Field(ge=0)]
