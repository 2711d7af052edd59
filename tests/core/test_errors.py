"""One error base: every exception class the core defines derives from core.errors.WusheError."""

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import core
from core.access.principal import UnknownUser
from core.errors import FieldError, NotFound, WusheError
from core.personal import DataKeyError
from core.validators import InvalidValue

NOT_YET: set[str] = set()
"""Exception classes that do not derive from WusheError yet: none, and a new one fails the test."""


def _modules() -> Iterator[str]:
    """Every module of core, by dotted name: walked on disk, since some of its packages are namespace
    packages, which ``pkgutil.walk_packages`` does not enter."""
    root = Path(core.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.parent.name in ("migrations", "versions") and (path.name == "env.py" or path.parent.name == "versions"):
            continue  # scripts Alembic runs with its context set up, not modules to import
        parts = path.relative_to(root.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exception_classes() -> Iterator[tuple[str, type[BaseException]]]:
    """Every exception class defined at the top level of a module of core, by dotted name."""
    for name in _modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                yield f"{name}.{cls.__qualname__}", cls


def test_every_exception_the_core_defines_derives_from_the_one_base():
    found = dict(_exception_classes())
    assert {"core.errors.FieldError", "core.access.tokens.InvalidToken", "core.validators.InvalidValue",
            "core.personal.DataKeyError", "core.web.json_input.BadJSON", *NOT_YET} <= set(found)
    assert sorted(name for name, cls in found.items() if not issubclass(cls, WusheError)) == sorted(NOT_YET)


def test_each_keeps_the_builtin_base_its_callers_catch():
    assert issubclass(FieldError, ValueError) and issubclass(NotFound, ValueError)
    assert issubclass(InvalidValue, ValueError)
    assert issubclass(UnknownUser, LookupError)
    assert issubclass(DataKeyError, RuntimeError)
