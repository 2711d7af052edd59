"""Start-up problems, collected across every plugin and hook and reported together.

Each names the plugin, the hook with the item's index in what it returned, the field and the reason:
``plugin 'xiamen': register_roles[3].permissions[0]: unknown resource 'volunter'; did you mean 'volunteer'?``.
"""

from typing import Any

from core.errors import StartupError
from core.plugins.registry import Declared

CORE = "core"
"""The name the core's own declarations go by (:mod:`core.plugins.core_plugin`)."""


class Problems:
    """The problems found so far; :meth:`raise_any` raises one StartupError listing them all."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, plugin: str, at: str, reason: str) -> None:
        self.lines.append(f"plugin {plugin!r}: {at}: {reason}")

    def about(self, declared: Declared[Any], field: str | None, reason: str) -> None:
        """A problem with ``field`` of a declared item (the item itself when None)."""
        self.add(declared.plugin, f"{declared.at}.{field}" if field else declared.at, reason)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_any(self) -> None:
        if len(self.lines) == 1:
            raise StartupError(self.lines[0])
        if self.lines:
            listed = "\n".join(f"  {line}" for line in self.lines)
            raise StartupError(f"{len(self.lines)} problems in the plugins' declarations:\n{listed}")


def by_whom(declared: Declared[Any]) -> str:
    """Who declared it, for a message: ``plugin 'a' (register_roles[2])`` or ``the core (…)``."""
    who = "the core" if declared.plugin == CORE else f"plugin {declared.plugin!r}"
    return f"{who} ({declared.at})"
