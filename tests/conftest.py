"""The core's test suite runs against the five built-in plugins, whatever else is installed
(see tests/builtin.py)."""

import json
import os

from tests.builtin import BUILT_IN

os.environ["WUSHE_PLUGINS"] = json.dumps(list(BUILT_IN))
