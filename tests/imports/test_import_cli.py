"""wushe import as an operator runs it: exit 1 and the error table for a bad file, the counts
otherwise, --as a user with their permissions, --dry-run, the template."""

import re
import shlex
from pathlib import Path

import openpyxl

from tests import shell
from tests.imports.helpers import VOLUNTEER_HEADER, csv_bytes, id_number, volunteers, xlsx
from tests.test_cli import env, initialised, run  # noqa: F401  (the fixtures)

ROOT = Path(__file__).parents[2]


def test_import_from_the_shell(initialised, tmp_path):
    env = initialised
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([VOLUNTEER_HEADER, *volunteers(2), ("坏", id_number(9)[:-1] + "0", None, "x", "是", None)]))
    result = run("import", "volunteers", str(bad), "--tenant", "chongqing", env=env)
    assert result.returncode == 1
    assert "2 个错误，未导入任何记录" in result.stderr and "校验码错误" in result.stderr
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([VOLUNTEER_HEADER, *volunteers(2)], "gb18030"))
    dry = run("import", "volunteers", str(good), "--tenant", "chongqing", "--dry-run", env=env)
    assert dry.returncode == 0 and "试运行（未保存）志愿者 2 行：新增 2" in dry.stdout
    first = run("import", "volunteers", str(good), "--tenant", "chongqing", "--encoding", "gb18030", env=env)
    assert "已导入志愿者 2 行：新增 2，更新 0，未变 0" in first.stdout, first.stderr
    second = run("import", "volunteers", str(good), "--tenant", "chongqing", env=env)
    assert "已导入志愿者 2 行：新增 0，更新 0，未变 2" in second.stdout
    nobody = run("import", "volunteers", str(good), "--as", "nobody", env=env)
    assert nobody.returncode == 2 and "unknown or inactive user 'nobody'" in nobody.stderr
    template = tmp_path / "t.xlsx"
    made = run("import", "template", "organizations", "-o", str(template), env=env)
    assert made.returncode == 0
    header = next(openpyxl.load_workbook(template, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert header[:3] == ("名称", "组织类型", "登记状态")


def _section(title: str) -> str:
    text = (ROOT / "docs" / "imports.md").read_text(encoding="utf-8")
    return text.split(title, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def _run_example(section: str, env, tmp_path) -> list[str]:
    """Write the section's files, run its commands from their folder, check what each prints (a
    command followed by no output is the refused file: it exits with 1); the files' names."""
    files = re.findall(r"`([\w-]+\.csv)`[^`]*?```csv\n(.*?)```", section, flags=re.S)
    for name, content in files:
        (tmp_path / name).write_text(content, encoding="utf-8")
    consoles = re.findall(r"```console\n(.*?)```", section, flags=re.S)
    for console in consoles:
        lines = console.strip().splitlines()
        for index, line in enumerate(lines):
            if not line.startswith("$ wushe "):
                continue
            expected = lines[index + 1] if index + 1 < len(lines) and not lines[index + 1].startswith("$") else None
            result = shell.wushe(*shlex.split(line[len("$ wushe "):]), env=env, cwd=tmp_path)
            if expected is None:  # the refused file
                assert result.returncode == 1, result.stderr
            else:
                assert result.stdout.strip() == expected, result.stderr
    errors = re.findall(r"```text\n(.*?)```", section, flags=re.S)[0]
    assert (tmp_path / "errors.csv").read_text(encoding="utf-8-sig") == errors
    return [name for name, _ in files]


def test_the_example_in_docs_imports_md(initialised, tmp_path):
    """docs/imports.md, "From the shell": the files, the commands and what they print, as written."""
    assert _run_example(_section("## From the shell"), initialised, tmp_path) == ["volunteers.csv", "bad.csv"]


def test_the_baselines_example_in_docs_imports_md(initialised, tmp_path):
    """docs/imports.md, the baselines' example: the template written, the file stored and unchanged the
    second time, a bad file refused with its errors."""
    section = _section("### Indicators' baselines")
    assert _run_example(section, initialised, tmp_path) == ["baselines.csv", "bad-baselines.csv"]
    template = openpyxl.load_workbook(tmp_path / "import-baselines-template.xlsx", read_only=True)
    assert next(template.worksheets[0].iter_rows(values_only=True)) == ("区域", "指标", "年份", "数值", "来源")
