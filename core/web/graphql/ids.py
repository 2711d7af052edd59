"""The one parser of the ids clients send: arguments, input references, filters, lists, cursors
(and :func:`stored_id`, the id of a row read from the database).

A row id is a positive 64-bit integer (the ``BIGINT`` of PostgreSQL, the ``INTEGER`` of SQLite),
written in ASCII digits without a sign or leading zeros. ``str.isdigit`` is not enough (it takes
``"²"``, which ``int`` refuses) and ``int`` is too much (it takes ``"٣"``, ``" 7"`` and numbers no
column can hold, which then fail in the driver): both once answered "Unexpected error.".
"""

import re

from core.errors import FieldError

MAX_ID = 2**63 - 1

_ID = re.compile(r"[1-9][0-9]{0,18}")


def parse_id(value: object, field: str) -> int:
    """``value`` as a row id, or a FieldError naming ``field``."""
    text = str(value)
    if _ID.fullmatch(text) and int(text) <= MAX_ID:
        return int(text)
    shown = repr(text if len(text) <= 40 else text[:40] + "…")
    raise FieldError(field, f"{shown} is not an id (ids are whole numbers from 1 to {MAX_ID})")


def parse_optional_id(value: object | None, field: str) -> int | None:
    return None if value is None else parse_id(value, field)
