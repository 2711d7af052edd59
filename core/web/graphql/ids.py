"""The one parser of the ids clients send: arguments, input references, filters, lists, cursors
(and :func:`stored_id`, the id of a row read from the database); and the global ids the API gives.

A row id is a positive integer that an id column holds: at most 2,147,483,647, the ``INTEGER`` (32 bits)
of PostgreSQL's id columns (SQLite's hold 64 bits, but a larger id could never name a row on
PostgreSQL, where comparing the column with it fails in the driver), written in ASCII digits
without a sign or leading zeros. ``str.isdigit`` is not enough (it takes
``"²"``, which ``int`` refuses) and ``int`` is too much (it takes ``"٣"``, ``" 7"`` and numbers no
column can hold, which then fail in the driver): both once answered "Unexpected error.".

Every ``id`` the API gives out is a **global id** (the Relay convention, docs/clients.md): the
base64 of ``Type:number`` (``Vm9sdW50ZWVyOjMwNDU=`` is ``Volunteer:3045``), unique across types, so
that a client cache can key every object by its ``id`` alone. Every id argument takes a global id of
the type it names, or the row's number as release 0.1.0 gave it out (``"3045"``).
"""

import base64
import binascii
import re

import strawberry

from core.errors import FieldError

MAX_ID = 2**31 - 1
"""The largest id a row may have: the id columns are ``INTEGER`` (32 bits on PostgreSQL)."""

_ID = re.compile(r"[1-9][0-9]{0,18}")
_TYPE = re.compile(r"[A-Z][A-Za-z0-9]{0,63}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def global_id(kind: str, id_: int) -> strawberry.ID:
    """The global id of row ``id_`` of the GraphQL type ``kind``."""
    return strawberry.ID(base64.b64encode(f"{kind}:{id_}".encode()).decode())


def optional_global_id(kind: str, id_: int | None) -> strawberry.ID | None:
    return None if id_ is None else global_id(kind, id_)


def decode_global_id(value: str) -> tuple[str, str] | None:
    """``(type, number text)`` of a global id as this API writes them, else None."""
    if len(value) > 200 or not _BASE64.fullmatch(value):
        return None
    try:
        text = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeError):
        return None
    kind, colon, number = text.partition(":")
    if not colon or not _TYPE.fullmatch(kind) or base64.b64encode(text.encode()).decode() != value:
        return None
    return kind, number


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _number(text: str) -> int | None:
    return int(text) if _ID.fullmatch(text) and int(text) <= MAX_ID else None


def parse_id(value: object, field: str, kind: str | tuple[str, ...] | None = None) -> int:
    """``value`` as a row id, or a FieldError naming ``field``: a number, or a global id of ``kind``
    (one of the kinds, when several; of any type when None)."""
    text = str(value)
    number = _number(text)
    if number is not None:
        return number
    decoded = decode_global_id(text)
    kinds = (kind,) if isinstance(kind, str) else kind
    number = None if decoded is None else _number(decoded[1])
    if decoded is not None and number is not None:
        if kinds is not None and decoded[0] not in kinds:
            raise FieldError(field, f"{_shown(text)} is the id of a {decoded[0]}, not of a {' or '.join(kinds)}")
        return number
    raise FieldError(field, f"{_shown(text)} is not an id (an id the API gave out, or a whole number from 1 to {MAX_ID})")


def parse_optional_id(value: object | None, field: str, kind: str | tuple[str, ...] | None = None) -> int | None:
    return None if value is None else parse_id(value, field, kind)
