"""docs/procedures.md is what `wushe procedures` prints for the built-in plugins, so the list of
steps and who may take them that users read is the one the platform runs."""

import os
from pathlib import Path

from tests.test_cli import run

DOC = Path(__file__).parents[2] / "docs" / "procedures.md"


def test_the_procedures_doc_is_what_the_command_prints():
    done = run("procedures", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout == DOC.read_text(encoding="utf-8"), "docs/procedures.md is stale: wushe procedures > docs/procedures.md"
    for key in ("panjin_round", "panjin_application", "tianjin_creation_point", "chongqing_consultation"):
        assert f"## `{key}`" in done.stdout


def test_one_plugin_and_an_unknown_one():
    done = run("procedures", "--plugin", "tianjin", env=dict(os.environ))
    assert done.returncode == 0 and "panjin_round" not in done.stdout and "tianjin_creation_point" in done.stdout
    done = run("procedures", "--plugin", "no_such_plugin", env=dict(os.environ))
    assert done.returncode == 2 and "plugin: no installed plugin 'no_such_plugin'" in done.stderr
