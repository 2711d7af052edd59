"""Validators for Chinese identifiers (resident ID numbers, credit codes, phones), dates and text.

All functions are pure. ``normalize_*`` functions return a canonical string or
raise :class:`InvalidValue` whose ``reason`` is an English sentence suitable for
showing to an operator.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from core import clock
from core.errors import WusheError

__all__ = [
    "CREDIT_CODE_CHARSET",
    "EARLIEST_DATE",
    "CreditCodeFacts",
    "IdNumberFacts",
    "InvalidValue",
    "Sex",
    "age_on",
    "check_one_line",
    "check_past_date",
    "credit_code_check_char",
    "credit_code_facts",
    "id_number_check_digit",
    "id_number_facts",
    "mask_id_number",
    "mask_phone",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_phone",
    "text_problem",
]

Sex = Literal["male", "female"]

_DIGITS = frozenset(string.digits)
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


class InvalidValue(WusheError, ValueError):
    """A value failed validation; ``reason`` says why in one sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Resident ID number (GB 11643-1999, ISO 7064 MOD 11-2) -------------------

_ID_LENGTH = 18
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH = date(1800, 1, 1)  # the standard's own example is born 1880


@dataclass(frozen=True)
class IdNumberFacts:
    """Facts encoded in a valid resident ID number."""

    birth_date: date
    sex: Sex
    division_code: str


def id_number_check_digit(body: str) -> str:
    """Return the check character ('0'-'9' or 'X') for the first 17 digits."""
    if len(body) != _ID_LENGTH - 1 or not _DIGITS.issuperset(body):
        raise ValueError("body must be exactly 17 ASCII digits")
    total = sum(int(char) * weight for char, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str, *, today: date | None = None) -> str:
    """Return the normalised 18-character ID number or raise InvalidValue.

    Surrounding whitespace is stripped and a trailing lowercase 'x' becomes 'X'.
    The birth date must be real, not before 1800-01-01 and not after ``today``.
    """
    number = value.strip()
    if number.endswith("x"):
        number = number[:-1] + "X"
    if len(number) != _ID_LENGTH:
        raise InvalidValue(f"must be {_ID_LENGTH} characters, got {len(number)}")
    for position, char in enumerate(number[:-1], start=1):
        if char not in _DIGITS:
            raise InvalidValue(f"character {position} {char!r} is not a digit")
    if number[-1] not in _DIGITS and number[-1] != "X":
        raise InvalidValue(f"character {_ID_LENGTH} {number[-1]!r} is not a digit or 'X'")

    raw_birth = number[6:14]
    try:
        birth = date(int(raw_birth[:4]), int(raw_birth[4:6]), int(raw_birth[6:]))
    except ValueError:
        raise InvalidValue(f"birth date {raw_birth} is not a real date") from None
    if birth < _EARLIEST_BIRTH:
        raise InvalidValue(f"birth date {raw_birth} is before {_EARLIEST_BIRTH.isoformat()}")
    if birth > (today if today is not None else clock.today()):
        raise InvalidValue(f"birth date {raw_birth} is in the future")

    expected = id_number_check_digit(number[:-1])
    if number[-1] != expected:
        raise InvalidValue(f"check digit should be {expected!r}")
    return number


def id_number_facts(value: str) -> IdNumberFacts:
    """Extract birth date, sex and division code from a normalised ID number."""
    return IdNumberFacts(
        birth_date=date(int(value[6:10]), int(value[10:12]), int(value[12:14])),
        sex="male" if int(value[16]) % 2 else "female",
        division_code=value[:6],
    )


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on ``day`` (a 29 February birthday counts from 1 March)."""
    if day < birth:
        raise ValueError(f"day {day.isoformat()} is before birth {birth.isoformat()}")
    had_birthday = (day.month, day.day) >= (birth.month, birth.day)
    return day.year - birth.year - (0 if had_birthday else 1)


def mask_id_number(value: str) -> str:
    """Keep only the last character (the check character) and mask the rest with '*'.

    The birth year and sex are kept beside the mask, and the division code is close to the
    region a record sits in; a mask showing the division and sequence digits (``110105********002X``)
    left 34 birth dates to try. This one leaves about 16,600 (365 days × 500 sequence
    numbers of the sex ÷ 11 check characters), more than a phone's mask leaves (10,000).
    """
    if len(value) < 2:
        return "*" * len(value)
    return "*" * (len(value) - 1) + value[-1]


def mask_name(value: str) -> str:
    """Keep the first character of a name (a Chinese surname, mostly) and mask the rest: 王芳 → 王*,
    欧阳娜娜 → 欧***. A one-character name is masked entirely."""
    value = value.strip()
    if len(value) < 2:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 1)


# --- Phone numbers ------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_AREA_CODE = re.compile(r"0(?:10|2[0-9]|[3-9][0-9]{2})")


def mask_phone(value: str) -> str:
    """Mask a phone number: ``138****5678`` for 11 characters, else keep the last 4.

    Values of 4 characters or fewer are masked entirely.
    """
    if len(value) == 11:
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


def normalize_phone(value: str) -> str:
    """Return ``13812345678`` for mobiles or ``023-12345678`` for landlines.

    Mobiles may carry a ``+86``/``86`` prefix; spaces and dashes are ignored.
    Landlines need an area code (010, 02x or a 4-digit 0xxx code) and a
    7- or 8-digit local number (8 digits after a 3-digit area code).
    """
    text = value.strip()
    if not text:
        raise InvalidValue("phone number is empty")
    for index, char in enumerate(text):
        if not (char in _DIGITS or char.isspace() or char == "-" or (char == "+" and index == 0)):
            raise InvalidValue(f"character {char!r} is not allowed in a phone number")
    if not _DIGITS.intersection(text):
        raise InvalidValue("phone number has no digits")
    groups = [group for group in _SEPARATORS.split(text.removeprefix("+")) if group]
    digits = "".join(groups)

    if text.startswith("+"):
        if not digits.startswith("86"):
            raise InvalidValue("only the +86 country code is accepted")
        return _normalize_mobile(digits[2:])
    if digits.startswith("86") and len(digits) == 13:
        return _normalize_mobile(digits[2:])
    if digits.startswith("1"):
        return _normalize_mobile(digits)
    if digits.startswith("0"):
        return _normalize_landline(groups)
    raise InvalidValue("must be a mobile number starting with 1 or a landline starting with 0")


def _normalize_mobile(digits: str) -> str:
    if len(digits) != 11:
        raise InvalidValue(f"mobile number must have 11 digits, got {len(digits)}")
    if not _MOBILE.fullmatch(digits):
        raise InvalidValue(f"mobile number must start with 13-19, got {digits[:2]}")
    return digits


def _normalize_landline(groups: list[str]) -> str:
    if len(groups) > 1:
        area, local = groups[0], "".join(groups[1:])
    else:
        digits = groups[0]
        split = 3 if digits[1:2] in ("1", "2") else 4
        area, local = digits[:split], digits[split:]
    if not _AREA_CODE.fullmatch(area):
        raise InvalidValue(f"area code {area} is not valid")
    allowed = (8,) if len(area) == 3 else (7, 8)
    if len(local) not in allowed:
        expected = " or ".join(str(n) for n in allowed)
        raise InvalidValue(
            f"local number after area code {area} must have {expected} digits, got {len(local)}"
        )
    if local[0] == "0":
        raise InvalidValue(f"local number {local} must not start with 0")
    return f"{area}-{local}"


# --- Unified social credit code (GB 32100-2015, MOD 31) ---------------------

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_LENGTH = 18
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_CHARSET)}
_CREDIT_EXCLUDED = frozenset("IOZSV")
_DIVISION_POSITIONS = range(3, 9)


@dataclass(frozen=True)
class CreditCodeFacts:
    """Facts encoded in a valid unified social credit code."""

    authority: str
    org_type: str
    division_code: str
    civil_affairs: bool


def credit_code_check_char(body: str) -> str:
    """Return the check character for the first 17 characters of a credit code."""
    if len(body) != _CREDIT_LENGTH - 1 or not set(body) <= _CREDIT_VALUES.keys():
        raise ValueError("body must be exactly 17 characters from the credit code charset")
    total = sum(
        _CREDIT_VALUES[char] * weight for char, weight in zip(body, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    """Return the upper-cased 18-character credit code or raise InvalidValue."""
    code = value.strip().translate(_ASCII_UPPER)
    if len(code) != _CREDIT_LENGTH:
        raise InvalidValue(f"must be {_CREDIT_LENGTH} characters, got {len(code)}")
    for position, char in enumerate(code[:-1], start=1):
        if position in _DIVISION_POSITIONS:
            if char not in _DIGITS:
                raise InvalidValue(
                    f"character {position} {char!r} is not a digit "
                    "(positions 3-8 are the administrative division code)"
                )
        elif char in _CREDIT_EXCLUDED:
            raise InvalidValue(
                f"character {position} {char!r} is not allowed (I, O, Z, S and V are never used)"
            )
        elif char not in _CREDIT_VALUES:
            raise InvalidValue(
                f"character {position} {char!r} is not allowed "
                "(only digits and uppercase letters other than I, O, Z, S, V)"
            )
    expected = credit_code_check_char(code[:-1])
    if code[-1] != expected:
        raise InvalidValue(f"check character should be {expected!r}")
    return code


def credit_code_facts(value: str) -> CreditCodeFacts:
    """Extract authority, organisation type and division from a normalised code."""
    return CreditCodeFacts(
        authority=value[0],
        org_type=value[1],
        division_code=value[2:8],
        civil_affairs=value[0] == "5",
    )


# --- Dates --------------------------------------------------------------------

EARLIEST_DATE = date(1900, 1, 1)
"""No record of this platform (registration, founding, activity, service, donation, consent) is older."""


def check_past_date(value: date, *, today: date | None = None) -> date:
    """Return ``value``, a day something happened on: from 1900-01-01 to ``today``, or raise InvalidValue.

    Registrations, foundings, activities held, service given, donations and consents are all
    recorded after the fact; a date in the future or before 1900 is a typing error (9999-12-31,
    0001-01-01), and would put the record in a year no report shows.
    """
    if value < EARLIEST_DATE:
        raise InvalidValue(f"is before {EARLIEST_DATE.isoformat()} ({value.isoformat()})")
    latest = today if today is not None else clock.today()
    if value > latest:
        raise InvalidValue(f"is in the future ({value.isoformat()}; today is {latest.isoformat()})")
    return value


# --- Text ---------------------------------------------------------------------

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters other than tab, line feed and carriage return, and unpaired surrogates."""

_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Also line breaks, tabs and the bidirectional overrides that make a name display as another."""


def _describe(char: str) -> str:
    kind = {"Cs": "unpaired surrogate", "Cc": "control character"}.get(unicodedata.category(char), "character")
    return f"{kind} U+{ord(char):04X}"


def text_problem(value: str) -> str | None:
    """Why ``value`` is not storable text, or None.

    NUL cannot be stored in PostgreSQL (text or jsonb), an unpaired surrogate cannot be encoded
    as UTF-8, and the other control characters (U+0001-U+001F but tab, line feed and carriage
    return; U+007F-U+009F) have no place in what a person types and break Excel exports.
    """
    found = _NOT_TEXT.search(value)
    return None if found is None else f"{_describe(found.group())} is not allowed in text"


def check_one_line(value: str) -> str:
    """Return ``value``, a single-line name, or raise InvalidValue: no control characters at all
    (tab and line breaks included), no line or paragraph separators, no direction overrides."""
    found = _NOT_ONE_LINE.search(value)
    if found is not None:
        raise InvalidValue(f"must be a single line of text: {_describe(found.group())} is not allowed")
    return value
