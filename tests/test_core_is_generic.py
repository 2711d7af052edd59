"""`core/` names no jurisdiction: the five plugins register exactly as a third party's would."""

import re
from pathlib import Path

CORE = Path(__file__).parents[1] / "core"
NAMES = re.compile(r"panjin|qianjiang|zhengyang|tianjin|hebei|chongqing|盘锦|黔江|正阳|天津|河北|重庆", re.IGNORECASE)


def test_no_core_file_names_a_jurisdiction():
    found = [f"{path.relative_to(CORE.parent)}:{number}: {line.strip()}"
             for path in sorted(CORE.rglob("*")) if path.is_file() and path.suffix in {".py", ".conf", ".md", ".toml"}
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if NAMES.search(line)]
    assert found == []
