"""Paths in the tier tree: region codes, materialized paths, and which path lies inside which.

A region's path is its ancestors' codes and its own, joined by ``/`` (``province/district/street``).
Everything that asks "is this under that" asks :func:`within`, in Python, or filters on the
materialized path columns in SQL.
"""

import re

CODE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""A region code: lowercase ASCII letters and digits, words joined by single hyphens."""


_CODE = re.compile(CODE_PATTERN)


def check_path(path: str) -> str:
    """Return ``path`` if every segment is a valid region code, else raise ValueError."""
    if not path:
        raise ValueError("must not be empty")
    for segment in path.split("/"):
        if not _CODE.fullmatch(segment):
            raise ValueError(
                f"segment {segment!r} is not a region code "
                "(lowercase ASCII letters and digits, joined by single hyphens)"
            )
    return path


def within(path: str, ancestor: str) -> bool:
    """True when ``path`` is ``ancestor`` or lies below it."""
    return path == ancestor or path.startswith(ancestor + "/")
