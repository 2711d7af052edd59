"""The core's errors: one base for all of them, and errors that name the field and the reason, in
one shape for the GraphQL API and the CLI."""

from dataclasses import dataclass

from pydantic import ValidationError


class WusheError(Exception):
    """The base of every exception the core defines: ``except WusheError`` catches what the core
    refuses on purpose, and nothing else. Each keeps the builtin base callers relied on before
    (``FieldError`` is a ``ValueError``, ``UnknownUser`` a ``LookupError`` …)."""


class FieldError(WusheError, ValueError):
    """Bad input for one field. Raised by services and by cross-field model validators."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


class NotFound(FieldError):
    """The named object does not exist or lies outside what the principal may see.

    The two cases are deliberately indistinguishable: an error never reveals that a region
    or record exists in another tenant or another subtree."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, message, code="not_found")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    code: str
    rule: str | None = None
    """the key of the plugin's rule that found it (code ``rule``), if one did"""


class InvalidInput(WusheError):
    """One or more problems with the input; nothing has been written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def of(cls, error: FieldError) -> "InvalidInput":
        return cls([Problem(error.field, error.message, error.code)])


def problems_from(error: ValidationError) -> list[Problem]:
    """Translate pydantic's errors into problems naming the field (dotted for nested input)."""
    problems = []
    for item in error.errors():
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            problems.append(Problem(cause.field, cause.message, cause.code))
            continue
        field = ".".join(str(part) for part in item["loc"]) or "input"
        message = item["msg"].removeprefix("Value error, ")
        problems.append(Problem(field, message, item["type"]))
    return problems


class StartupError(WusheError):
    """A plugin cannot be loaded as written. The message names the plugin and the field."""
