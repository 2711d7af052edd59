"""``wushe`` commands run inside the test process, answered as a shell would see them.

A command started as a new process spends ~1.5 s importing the platform before it does anything;
the CLI tests run hundreds. :func:`wushe` runs the same Typer app on a thread of its own (the
commands call ``asyncio.run``, which an async test's running loop would refuse) with the given
environment, standard input and captured output, and returns what ``subprocess.run`` would: the
exit status, standard output, and standard error with the traceback of an uncaught exception.
``tests/test_cli.py`` still starts the installed ``wushe`` executable for the commands whose
process matters (``serve`` and ``demo`` when they serve, the entry point itself); a ``serve``
refused for its settings exits before it serves, and runs here.
"""

import contextlib
import os
import subprocess
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from core.cli import app


def wushe(
    *args: str, env: Mapping[str, str] | None = None, input: str | None = None, cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``wushe ARGS`` with ``env`` as the whole environment (``os.environ`` when None), in
    folder ``cwd`` (this one when None)."""
    changes: dict[str, str | None] = {}
    if env is not None:
        changes = {name: None for name in os.environ if name not in env} | dict(env)
    outcome: list[Result] = []

    def invoke() -> None:
        with contextlib.chdir(cwd or Path.cwd()):
            outcome.append(CliRunner().invoke(app, list(args), input=input, env=changes, prog_name="wushe"))

    thread = threading.Thread(target=invoke, name="wushe")
    thread.start()
    thread.join()
    result = outcome[0]
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["wushe", *args], result.exit_code, result.stdout, stderr)
