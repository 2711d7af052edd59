"""The core's test suite runs against the five built-in plugins, whatever else is installed
(see tests/builtin.py)."""

import json
import logging
import os

import pytest

from tests.builtin import BUILT_IN

os.environ["WUSHE_PLUGINS"] = json.dumps(list(BUILT_IN))


@pytest.fixture(autouse=True)
def _logging_switched_on():
    """Each test starts with every logger on. In the full suite (CI, 2026-12-05) tests that read the log
    found nothing — ``core.web.auth``'s warnings and ``wushe.access``'s lines alike — after some earlier
    test in the same worker had switched loggers off (not yet found which: none of ours calls
    ``logging.disable`` or a config that disables existing loggers); a test's log must not depend on the
    tests run before it in its process."""
    logging.disable(logging.NOTSET)
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.disabled = False
