"""Every setting an operator can give is in docs/operators.md's table, with its default."""

import json
import re
from pathlib import Path

from core.config import Settings

TABLE = Path(__file__).parent.parent / "docs" / "operators.md"


def _rows() -> dict[str, str]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `WUSHE_([A-Z_]+)` \| (.*?) \|", line)
        if match:
            rows[match.group(1).lower()] = match.group(2)
    return rows


def test_every_setting_is_in_the_operators_table():
    rows = _rows()
    missing = sorted(set(Settings.model_fields) - set(rows))
    assert missing == [], f"settings missing from docs/operators.md's table: {missing}"
    unknown = sorted(set(rows) - set(Settings.model_fields) - {"today"})  # WUSHE_TODAY is read by core.clock
    assert unknown == [], f"docs/operators.md's table names settings that do not exist: {unknown}"


def test_the_table_gives_the_plain_defaults():
    rows = _rows()
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, bool | int) or (isinstance(default, str) and default):
            shown = json.dumps(default) if isinstance(default, bool) else str(default)
            assert rows[name] == f"`{shown}`", f"WUSHE_{name.upper()}: the table says {rows[name]}, the default is {shown}"
