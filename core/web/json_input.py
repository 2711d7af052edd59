"""JSON from clients, checked before anything recurses into it.

A request body must be UTF-8, nest at most :data:`MAX_DEPTH` arrays and objects, and hold no
text that no database column can store: the NUL character (PostgreSQL's ``text`` and ``jsonb``
refuse it) and lone surrogates (``"\\ud800"``: not Unicode, so not encodable as UTF-8). The
nesting is measured on the text, in linear time and without recursion, before ``json.loads``
(whose decoder recurses, and overflows Python's stack some thousand levels down).
"""

import json
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from core.errors import WusheError

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects in a request body (the request itself, ``variables``
and an input object inside them take three levels)."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SUSPECT = re.compile(r"\\u(?:0000|d[89a-f])", re.I)
"""Escapes that may stand for a NUL or a surrogate: only then is the decoded value walked."""


class BadJSON(json.JSONDecodeError, WusheError):
    """A body that is not UTF-8, nests too deeply, or holds text no column can store.

    A ``JSONDecodeError``, so that whatever refuses malformed JSON refuses this too."""

    def __init__(self, reason: str, document: str = "") -> None:
        super().__init__(reason, document, 0)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def depth(text: str) -> int:
    """How deeply arrays and objects nest in the JSON ``text`` (strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored, if it cannot."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which no text field can hold"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (\\ud800-\\udfff without its pair), which is not Unicode"
    return None


def _strings(value: Any) -> Iterator[tuple[str, str, bool]]:
    """Every string in ``value``: its dotted path, the text, and whether it is a key (then the path
    is its object's). Iterative; the depth is bounded anyway."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item, False
        elif isinstance(item, dict):
            for key, inner in item.items():
                yield where, key, True
                stack.append((f"{where}.{key}" if where else key, inner))
        elif isinstance(item, list):
            stack.extend((f"{where}.{index}" if where else str(index), inner) for index, inner in enumerate(item))


def check_text(value: Any) -> None:
    """Refuse (:class:`BadJSON`) a key or string of ``value`` that no column can store, naming where."""
    for where, text, key in _strings(value):
        reason = unstorable(text)
        if reason:
            place = where or "the body"
            raise BadJSON(f"{place}: a key {reason}" if key else f"{place}: {reason}")


def loads(data: str | bytes) -> Any:
    """``json.loads`` for a client's body: :class:`BadJSON` (or ``JSONDecodeError``) if refused."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadJSON(f"The body is not valid UTF-8 (byte {error.start}); send JSON encoded as UTF-8.") from None
    nesting = depth(data)
    if nesting > MAX_DEPTH:
        raise BadJSON(f"The body nests arrays and objects {nesting} levels deep; at most {MAX_DEPTH} are allowed.")
    value = json.loads(data)
    if _SUSPECT.search(data):
        check_text(value)
    return value
