"""Tests for core.validators: ID numbers, credit codes, phones and masks."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    CREDIT_CODE_CHARSET,
    CreditCodeFacts,
    IdNumberFacts,
    InvalidValue,
    age_on,
    credit_code_check_char,
    credit_code_facts,
    id_number_check_digit,
    id_number_facts,
    mask_id_number,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
)

TODAY = date(2024, 6, 30)

# --- Independent reference implementations -------------------------------------
# These use the ISO 7064 formulation (weights as powers of the radix) instead of
# the weight tables in the module, so a typo in either place is caught.

ID_ALPHABET = string.digits + "X"
REFERENCE_CREDIT_CHARSET = "".join(
    char for char in string.digits + string.ascii_uppercase if char not in "IOZSV"
)


def reference_id_check(body: str) -> str:
    """ISO 7064 MOD 11-2: weight of the i-th of 17 digits is 2**(17-i) mod 11."""
    total = sum(int(char) * pow(2, 17 - index, 11) for index, char in enumerate(body))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def reference_credit_check(body: str) -> str:
    """GB 32100-2015: weight of the i-th of 17 characters is 3**i mod 31."""
    total = sum(
        REFERENCE_CREDIT_CHARSET.index(char) * pow(3, index, 31) for index, char in enumerate(body)
    )
    return REFERENCE_CREDIT_CHARSET[-total % 31]


def make_id_number(division: str, birth: date, sequence: str) -> str:
    body = f"{division}{birth:%Y%m%d}{sequence}"
    return body + reference_id_check(body)


def make_credit_code(head: str, division: str, tail: str) -> str:
    body = f"{head}{division}{tail}"
    return body + reference_credit_check(body)


def substitutions(value: str, alphabet: str) -> list[tuple[int, str]]:
    """Every (0-based position, replacement) pair that changes exactly one character."""
    return [
        (position, replacement)
        for position, original in enumerate(value)
        for replacement in alphabet
        if replacement != original
    ]


def substitute(value: str, position: int, replacement: str) -> str:
    return value[:position] + replacement + value[position + 1 :]


def reason_of(func: Callable[..., str], value: str, **kwargs: date) -> str:
    with pytest.raises(InvalidValue) as excinfo:
        func(value, **kwargs)
    return excinfo.value.reason


# --- Resident ID numbers -------------------------------------------------------

PUBLISHED_ID = "11010519491231002X"
PUBLISHED_PRE_1900_ID = "440524188001010014"
PUBLISHED_BAD_ID = "110105194912310021"
VALID_IDS = [
    PUBLISHED_ID,
    make_id_number("500101", date(2000, 2, 29), "123"),
    make_id_number("211102", date(1900, 1, 1), "000"),
]


def test_reference_implementation_agrees_with_published_vectors() -> None:
    assert reference_id_check(PUBLISHED_ID[:17]) == "X"
    assert reference_id_check(PUBLISHED_PRE_1900_ID[:17]) == "4"
    assert reference_id_check(PUBLISHED_BAD_ID[:17]) == "X"


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_id_number_is_returned_unchanged(value: str) -> None:
    assert normalize_id_number(value, today=TODAY) == value
    assert id_number_check_digit(value[:17]) == value[17]


@pytest.mark.parametrize(
    "raw", ["11010519491231002x", "  11010519491231002X\t", "\n11010519491231002x "]
)
def test_id_number_normalises_lowercase_x_and_whitespace(raw: str) -> None:
    assert normalize_id_number(raw, today=TODAY) == PUBLISHED_ID


def test_published_invalid_id_number_names_expected_check_digit() -> None:
    reason = reason_of(normalize_id_number, PUBLISHED_BAD_ID, today=TODAY)
    assert reason == "check digit should be 'X'"


def test_published_1880_vector_is_valid() -> None:
    # The standard's own example is born 1880-01-01: the floor is 1800, not 1900.
    assert normalize_id_number(PUBLISHED_PRE_1900_ID, today=TODAY) == PUBLISHED_PRE_1900_ID


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must be 18 characters, got 0"),
        ("11010519491231002", "must be 18 characters, got 17"),
        ("11010519491231002X0", "must be 18 characters, got 19"),
        ("1101A519491231002X", "character 5 'A' is not a digit"),
        ("X10105194912310021", "character 1 'X' is not a digit"),
        ("1101051949 231002X", "character 11 ' ' is not a digit"),
        ("\uff1110105194912310021", "character 1 '\uff11' is not a digit"),
        ("11010519491231002Y", "character 18 'Y' is not a digit or 'X'"),
        ("110105194913320021", "birth date 19491332 is not a real date"),
        ("110105194902290021", "birth date 19490229 is not a real date"),
        ("110105000001010021", "birth date 00000101 is not a real date"),
        ("110105179912310021", "birth date 17991231 is before 1800-01-01"),
    ],
)
def test_id_number_reasons(value: str, reason: str) -> None:
    assert reason_of(normalize_id_number, value, today=TODAY) == reason


def test_id_number_with_birth_after_today_is_rejected() -> None:
    tomorrow = make_id_number("110105", date(2024, 7, 1), "002")
    reason = reason_of(normalize_id_number, tomorrow, today=TODAY)
    assert reason == "birth date 20240701 is in the future"


def test_id_number_born_today_is_accepted() -> None:
    born_today = make_id_number("110105", TODAY, "002")
    assert normalize_id_number(born_today, today=TODAY) == born_today


def test_id_number_today_defaults_to_the_real_date() -> None:
    far_future = make_id_number("110105", date(2999, 1, 1), "002")
    assert reason_of(normalize_id_number, far_future) == "birth date 29990101 is in the future"
    assert normalize_id_number(PUBLISHED_ID) == PUBLISHED_ID


@pytest.mark.parametrize("value", VALID_IDS)
def test_every_single_substitution_of_an_id_number_is_rejected(value: str) -> None:
    cases = substitutions(value, ID_ALPHABET)
    assert len(cases) == 18 * 10
    for position, replacement in cases:
        altered = substitute(value, position, replacement)
        with pytest.raises(InvalidValue):
            normalize_id_number(altered, today=TODAY)


@pytest.mark.parametrize("value", VALID_IDS)
def test_mod_11_2_checksum_alone_detects_every_digit_substitution(value: str) -> None:
    for position, replacement in substitutions(value[:17], string.digits):
        assert id_number_check_digit(substitute(value[:17], position, replacement)) != value[17]


def test_id_number_facts() -> None:
    assert id_number_facts(PUBLISHED_ID) == IdNumberFacts(
        birth_date=date(1949, 12, 31), sex="female", division_code="110105"
    )
    assert id_number_facts(PUBLISHED_PRE_1900_ID) == IdNumberFacts(
        birth_date=date(1880, 1, 1), sex="male", division_code="440524"
    )


def test_id_number_facts_are_frozen() -> None:
    facts = id_number_facts(PUBLISHED_ID)
    with pytest.raises(AttributeError):
        facts.sex = "male"  # type: ignore[misc]


def test_id_number_check_digit_rejects_bad_body() -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        id_number_check_digit("1101051949123100")
    with pytest.raises(ValueError, match="17 ASCII digits"):
        id_number_check_digit("1101051949123100X")


@st.composite
def valid_id_numbers(draw: st.DrawFn) -> str:
    division = draw(st.text(string.digits, min_size=6, max_size=6))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(string.digits, min_size=3, max_size=3))
    return make_id_number(division, birth, sequence)


@given(
    value=valid_id_numbers(),
    position=st.integers(min_value=0, max_value=17),
    shift=st.integers(min_value=1, max_value=len(ID_ALPHABET) - 1),
)
def test_generated_id_numbers_accepted_and_any_substitution_rejected(
    value: str, position: int, shift: int
) -> None:
    assert normalize_id_number(value, today=TODAY) == value
    assert normalize_id_number(f" {value.lower()} ", today=TODAY) == value

    facts = id_number_facts(value)
    assert facts.birth_date.strftime("%Y%m%d") == value[6:14]
    assert facts.sex == ("male" if int(value[16]) % 2 else "female")
    assert facts.division_code == value[:6]

    original = value[position]
    replacement = ID_ALPHABET[(ID_ALPHABET.index(original) + shift) % len(ID_ALPHABET)]
    with pytest.raises(InvalidValue):
        normalize_id_number(substitute(value, position, replacement), today=TODAY)


# --- Age ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1949, 12, 31), date(1949, 12, 31), 0),
        (date(1949, 12, 31), date(1950, 12, 30), 0),
        (date(1949, 12, 31), date(1950, 12, 31), 1),
        (date(1949, 12, 31), date(2024, 6, 30), 74),
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(2000, 2, 29), date(2020, 2, 29), 20),
    ],
)
def test_age_on(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_age_on_rejects_day_before_birth() -> None:
    with pytest.raises(ValueError, match="before birth"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


# --- Masks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (PUBLISHED_ID, "*****************X"),  # the check character only: see SECURITY.md
        ("440524188001010014", "*****************4"),
        ("500114201506", "***********6"),  # whatever a draft form holds
        ("1", "*"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("023-12345678", "********5678"),
        ("0427-1234567", "********4567"),
        ("12345", "*2345"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


# --- Phones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        (" 138-1234-5678 ", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("86 138 1234 5678", "13812345678"),
        ("023-12345678", "023-12345678"),
        ("010 12345678", "010-12345678"),
        ("02312345678", "023-12345678"),
        ("0427-1234567", "0427-1234567"),
        ("0427 123 4567", "0427-1234567"),
        ("04271234567", "0427-1234567"),
        ("0427-12345678", "0427-12345678"),
    ],
)
def test_normalize_phone(raw: str, canonical: str) -> None:
    assert normalize_phone(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "phone number is empty"),
        ("   ", "phone number is empty"),
        ("+ -", "phone number has no digits"),
        ("138a2345678", "character 'a' is not allowed in a phone number"),
        ("1+3812345678", "character '+' is not allowed in a phone number"),
        ("(023)12345678", "character '(' is not allowed in a phone number"),
        ("\uff113812345678", "character '\uff11' is not allowed in a phone number"),
        ("+1 202 555 0123", "only the +86 country code is accepted"),
        ("1381234567", "mobile number must have 11 digits, got 10"),
        ("138123456789", "mobile number must have 11 digits, got 12"),
        ("+86 138 1234 567", "mobile number must have 11 digits, got 10"),
        ("12812345678", "mobile number must start with 13-19, got 12"),
        ("011-12345678", "area code 011 is not valid"),
        ("0127-1234567", "area code 0127 is not valid"),
        ("023-1234567", "local number after area code 023 must have 8 digits, got 7"),
        ("0427-123456", "local number after area code 0427 must have 7 or 8 digits, got 6"),
        ("023-02345678", "local number 02345678 must not start with 0"),
        ("5551234", "must be a mobile number starting with 1 or a landline starting with 0"),
    ],
)
def test_normalize_phone_reasons(raw: str, reason: str) -> None:
    assert reason_of(normalize_phone, raw) == reason


# --- Unified social credit codes ----------------------------------------------------

PUBLISHED_CODES = ["91512081MA62K0260E", "91110000600037341L"]
PUBLISHED_BAD_CODE = "91350100M000100Y4Z"
ONLY_CHARSET = "(only digits and uppercase letters other than I, O, Z, S, V)"
VALID_CODES = [
    *PUBLISHED_CODES,
    "91350100M000100Y43",
    make_credit_code("51", "500101", "MJP000000"),
    make_credit_code("Y1", "000000", "YYYYYYYYY"),
]


def test_charset_matches_the_standard() -> None:
    assert CREDIT_CODE_CHARSET == REFERENCE_CREDIT_CHARSET
    assert len(CREDIT_CODE_CHARSET) == 31


def test_reference_implementation_agrees_with_published_codes() -> None:
    for code in PUBLISHED_CODES:
        assert reference_credit_check(code[:17]) == code[17]
    assert reference_credit_check(PUBLISHED_BAD_CODE[:17]) == "3"


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_code_is_returned_unchanged(code: str) -> None:
    assert normalize_credit_code(code) == code
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    "raw", ["91512081ma62k0260e", "  91512081MA62K0260E\n", "\t91512081Ma62k0260E "]
)
def test_credit_code_is_uppercased_and_stripped(raw: str) -> None:
    assert normalize_credit_code(raw) == "91512081MA62K0260E"


def test_published_invalid_credit_code_names_expected_check_character() -> None:
    assert reason_of(normalize_credit_code, PUBLISHED_BAD_CODE) == "check character should be '3'"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must be 18 characters, got 0"),
        ("91512081MA62K0260", "must be 18 characters, got 17"),
        ("91512081MA62K0260EE", "must be 18 characters, got 19"),
        ("I1512081MA62K0260E", "character 1 'I' is not allowed (I, O, Z, S and V are never used)"),
        ("9O512081MA62K0260E", "character 2 'O' is not allowed (I, O, Z, S and V are never used)"),
        ("91512081MA62K0S60E", "character 15 'S' is not allowed (I, O, Z, S and V are never used)"),
        ("91512081MA62K026VE", "character 17 'V' is not allowed (I, O, Z, S and V are never used)"),
        (
            "9-512081MA62K0260E",
            "character 2 '-' is not allowed " + ONLY_CHARSET,
        ),
        (
            "91512081M\u00c562K0260E",
            "character 10 '\u00c5' is not allowed " + ONLY_CHARSET,
        ),
        (
            "91A12081MA62K0260E",
            "character 3 'A' is not a digit (positions 3-8 are the administrative division code)",
        ),
        (
            "9151208ZMA62K0260E",
            "character 8 'Z' is not a digit (positions 3-8 are the administrative division code)",
        ),
        ("91512081MA62K0260F", "check character should be 'E'"),
        ("91512081MA62K0260I", "check character should be 'E'"),
    ],
)
def test_credit_code_reasons(value: str, reason: str) -> None:
    assert reason_of(normalize_credit_code, value) == reason


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_single_substitution_of_a_credit_code_is_rejected(code: str) -> None:
    cases = substitutions(code, CREDIT_CODE_CHARSET)
    assert len(cases) == 18 * 30
    for position, replacement in cases:
        with pytest.raises(InvalidValue):
            normalize_credit_code(substitute(code, position, replacement))


@pytest.mark.parametrize("code", VALID_CODES)
def test_mod_31_checksum_alone_detects_every_substitution(code: str) -> None:
    # Holds for positions 3-8 too, independently of the digits-only rule there.
    body, check = code[:17], code[17]
    for position, replacement in substitutions(body, CREDIT_CODE_CHARSET):
        assert credit_code_check_char(substitute(body, position, replacement)) != check
        assert reference_credit_check(substitute(body, position, replacement)) != check


def test_credit_code_check_char_rejects_bad_body() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check_char("91512081MA62K026")
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check_char("91512081MA62K026I")


def test_credit_code_facts() -> None:
    assert credit_code_facts("91512081MA62K0260E") == CreditCodeFacts(
        authority="9", org_type="1", division_code="512081", civil_affairs=False
    )
    civil = make_credit_code("52", "500101", "MJP000000")
    assert credit_code_facts(civil) == CreditCodeFacts(
        authority="5", org_type="2", division_code="500101", civil_affairs=True
    )


@st.composite
def valid_credit_codes(draw: st.DrawFn) -> str:
    charset = st.sampled_from(REFERENCE_CREDIT_CHARSET)
    head = "".join(draw(st.lists(charset, min_size=2, max_size=2)))
    division = draw(st.text(string.digits, min_size=6, max_size=6))
    tail = "".join(draw(st.lists(charset, min_size=9, max_size=9)))
    return make_credit_code(head, division, tail)


@given(
    code=valid_credit_codes(),
    position=st.integers(min_value=0, max_value=17),
    shift=st.integers(min_value=1, max_value=len(REFERENCE_CREDIT_CHARSET) - 1),
)
def test_generated_credit_codes_accepted_and_any_substitution_rejected(
    code: str, position: int, shift: int
) -> None:
    assert normalize_credit_code(code) == code
    assert normalize_credit_code(f" {code.lower()} ") == code

    facts = credit_code_facts(code)
    assert (facts.authority, facts.org_type, facts.division_code) == (code[0], code[1], code[2:8])
    assert facts.civil_affairs is (code[0] == "5")

    charset = REFERENCE_CREDIT_CHARSET
    replacement = charset[(charset.index(code[position]) + shift) % len(charset)]
    with pytest.raises(InvalidValue):
        normalize_credit_code(substitute(code, position, replacement))


def test_invalid_value_is_a_value_error_carrying_its_reason() -> None:
    error = InvalidValue("check digit should be 'X'")
    assert isinstance(error, ValueError)
    assert error.reason == str(error) == "check digit should be 'X'"


# --- Dates and text ---------------------------------------------------------------


def test_past_dates_run_from_1900_to_today() -> None:
    from core.validators import check_past_date

    assert check_past_date(date(1900, 1, 1), today=TODAY) == date(1900, 1, 1)
    assert check_past_date(TODAY, today=TODAY) == TODAY
    with pytest.raises(InvalidValue, match=r"is before 1900-01-01 \(0001-01-01\)"):
        check_past_date(date(1, 1, 1), today=TODAY)
    with pytest.raises(InvalidValue, match=r"is in the future \(9999-12-31; today is 2024-06-30\)"):
        check_past_date(date(9999, 12, 31), today=TODAY)
    with pytest.raises(InvalidValue, match="is in the future"):
        check_past_date(date(2024, 7, 1), today=TODAY)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a\x00b", "control character U+0000 is not allowed in text"),
        ("\x1b[31m", "control character U+001B is not allowed in text"),
        ("a\x7f", "control character U+007F is not allowed in text"),
        ("a\x85", "control character U+0085 is not allowed in text"),
        ("a\ud800", "unpaired surrogate U+D800 is not allowed in text"),
        ("第一行\n第二行\r\n\t缩进", None),
        ("阿依古丽·买买提 😀", None),
    ],
)
def test_text_problems(value: str, problem: str | None) -> None:
    from core.validators import text_problem

    assert text_problem(value) == problem


@given(st.text())
def test_every_string_either_is_storable_or_says_why(value: str) -> None:
    from core.validators import text_problem

    problem = text_problem(value)
    storable = "\x00" not in value and all(not 0xD800 <= ord(c) <= 0xDFFF for c in value)
    assert problem is None or "is not allowed in text" in problem
    assert storable or problem is not None


@pytest.mark.parametrize("value", ["甲\n乙", "甲\t乙", "甲\u2028乙", "甲\u202e乙", "甲\u2067乙", "甲\x00"])
def test_one_line_names_refuse_breaks_and_direction_overrides(value: str) -> None:
    from core.validators import check_one_line

    assert reason_of(check_one_line, value).startswith("must be a single line of text: ")


def test_one_line_names_keep_what_names_use() -> None:
    from core.validators import check_one_line

    assert check_one_line("阿依古丽·买买提") == "阿依古丽·买买提"
    assert check_one_line("Zoë O'Neil-Smith") == "Zoë O'Neil-Smith"
