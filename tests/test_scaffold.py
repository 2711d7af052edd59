"""``wushe plugin new``: a package that loads beside the built-ins and passes its own tests."""

import os
import subprocess
import sys

from tests.shell import wushe


def test_a_new_plugin_passes_its_own_tests(tmp_path):
    made = wushe("plugin", "new", "xiamen", "--label", "厦门市", "--source", "厦民〔2024〕1号", "-d", str(tmp_path))
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "wushe-xiamen"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "README.md", "pyproject.toml", "tests/test_xiamen.py", "wushe_xiamen/__init__.py"]
    assert 'xiamen = "wushe_xiamen"' in (folder / "pyproject.toml").read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(folder), "WUSHE_TEST_DATABASE_URL": ""}  # its own tests, on SQLite
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                            cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "2 passed" in summary and "warning" not in summary, result.stdout  # its pytest block is enough


def test_a_bad_name_or_an_existing_folder_is_refused_and_nothing_written(tmp_path):
    bad = wushe("plugin", "new", "Xia-men", "-d", str(tmp_path))
    assert bad.returncode != 0 and "name: 'Xia-men' must be" in bad.stderr
    tier = wushe("plugin", "new", "xiamen", "--tier", "community", "-d", str(tmp_path))
    assert tier.returncode != 0 and "--tier: 'community' is not a tier" in tier.stderr
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "wushe-xiamen").mkdir()
    again = wushe("plugin", "new", "xiamen", "-d", str(tmp_path))
    assert again.returncode != 0 and "exists already; nothing was written" in again.stderr
    assert list((tmp_path / "wushe-xiamen").iterdir()) == []


def test_the_pytest_block_in_the_docs_is_the_one_the_scaffold_writes(tmp_path):
    import tomllib
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
    shown = tomllib.loads(text.split("```toml\n[tool.pytest.ini_options]", 1)[1].split("```", 1)[0].join(
        ["[tool.pytest.ini_options]", ""]))
    assert wushe("plugin", "new", "xiamen", "-d", str(tmp_path)).returncode == 0
    made = tomllib.loads((tmp_path / "wushe-xiamen" / "pyproject.toml").read_text(encoding="utf-8"))
    assert shown["tool"]["pytest"]["ini_options"] == made["tool"]["pytest"]["ini_options"]
