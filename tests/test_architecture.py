"""The architecture, enforced: the layers of docs/architecture.md (import-linter contracts in
pyproject.toml), no import cycle in core or the plugins, and no import hidden inside a function."""

import ast
import pathlib
import sys

import grimp
from importlinter.cli import lint_imports

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_the_layer_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == 0, capsys.readouterr().out


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph("core", "plugins", cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" → ".join((importer, *back)))
    assert cycles == []


def _imports_in_functions(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: in {function.name}()")
    return found


def test_no_import_is_hidden_inside_a_function():
    """A function-level import hides a cycle or a layer crossed upwards; break it instead."""
    found = [line for path in sorted((ROOT / "core").rglob("*.py")) for line in _imports_in_functions(path)]
    assert found == []


def test_the_checks_see_a_cycle_and_a_hidden_import(tmp_path):
    """The tests above can fail: a two-module cycle is found, and so is an import in a function."""
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("def later():\n    from cyclic import a\n")


    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclic", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert graph.find_shortest_chain(importer="cyclic.b", imported="cyclic.a") == ("cyclic.b", "cyclic.a")
    assert graph.find_shortest_chain(importer="cyclic.a", imported="cyclic.b") == ("cyclic.a", "cyclic.b")
    hidden = ast.parse((package / "b.py").read_text())
    assert any(isinstance(n, ast.ImportFrom) for f in ast.walk(hidden) if isinstance(f, ast.FunctionDef)
               for n in ast.walk(f))


def _maintenance_sessions(path: pathlib.Path) -> list[str]:
    """Uses of ``….sessions``, the platform's maintenance sessions, which work platform-wide."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "sessions"]


PLATFORM_WIDE_IN_THE_WEB = {"core/web/observability.py"}
"""Web modules that use the maintenance sessions on purpose: the summaries' upkeep, for the metrics."""


def test_the_web_tier_opens_no_platform_wide_session_by_default():
    """Row-level security (core.db.tenancy): a request's sessions work for its principal
    (``platform.session_for``, ``sessions_for``) or say whom they work for (``platform.session_as``);
    the maintenance sessions of ``platform.sessions`` see every tenant's rows."""
    found = [line for path in sorted((ROOT / "core" / "web").rglob("*.py")) for line in _maintenance_sessions(path)
             if str(path.relative_to(ROOT)) not in PLATFORM_WIDE_IN_THE_WEB]
    assert found == []
    assert _maintenance_sessions(ROOT / "core" / "web" / "observability.py") != []  # the check sees a use
