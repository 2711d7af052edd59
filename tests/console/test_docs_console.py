"""docs/console.md names the console's pages as the app serves them, and the files it says are vendored ship."""

import re
from pathlib import Path

from core.web.console import STATIC

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "console.md").read_text(encoding="utf-8")


def test_every_page_the_doc_names_is_served(app):
    served = {route.path for route in app.routes}
    named = set(re.findall(r"`(/console/[a-z./-]*[a-z]|/)(?:[/A-Z]*)`", DOC))
    assert "/console/roles" in named and "/console/audit.csv" in named
    for path in named:
        assert path in served or f"{path}/{{path:path}}" in served or any(
            p.startswith(path + "/{") for p in served), f"docs/console.md names {path}, which is not served"


def test_the_vendored_scripts_ship_with_their_licences():
    for name in ("htmx.min.js", "htmx.LICENSE.txt", "echarts.min.js", "echarts.LICENSE.txt"):
        assert (STATIC / name).is_file(), name
    assert "htmx" in DOC and "2.0" in DOC and "ECharts 6.1" in DOC
