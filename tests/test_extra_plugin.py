"""The core's suite passes with another plugin installed beside the five built-ins: a region plugin
with its own tenant, permissions, role, form and procedure, and a feature plugin (no scope) with a
rule and a setting, installed through an entry point (a distribution on ``PYTHONPATH``), as a
jurisdiction's package would be after ``pip install``."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
WUSHE = str(Path(sys.executable).parent / "wushe")

PROBE = '''
from core import (START, CaseTypeDecl, FormDecl, PermissionDecl, RegionDecl, RoleDecl, StateDecl, Tier,
                  TransitionDecl, hookimpl)
from core.plugins import formschema as fs

SOURCE = "探针文件 第一条"


@hookimpl
def plugin_scope():
    return "probe"


@hookimpl
def register_regions():
    return [RegionDecl(path="probe", name="探针市", tier=Tier.CITY, source=SOURCE),
            RegionDecl(path="probe/east", name="东区", tier=Tier.DISTRICT, source=SOURCE)]


@hookimpl
def register_permissions():
    return [PermissionDecl(resource="probe_grant", actions=("apply", "decide"), source=SOURCE)]


@hookimpl
def register_roles():
    return [RoleDecl(code="probe_office", label="探针办", tier=Tier.DISTRICT, source=SOURCE,
                     permissions=("region:read", "probe_grant:decide"))]


@hookimpl
def register_forms():
    schema = fs.form("探针申请", {"name": fs.text("名称"), "phone": fs.phone("联系电话")})
    return [FormDecl(key="probe_application", version=1, title="探针申请", json_schema=schema, source=SOURCE)]


@hookimpl
def register_case_types():
    return [CaseTypeDecl(
        key="probe_grant", label="探针资助", tiers=(Tier.DISTRICT,), source=SOURCE,
        states=(StateDecl(key="open", label="已申请"), StateDecl(key="done", label="已决定", terminal=True)),
        transitions=(
            TransitionDecl(action="apply", label="申请", from_states=(START,), to="open",
                           permission="probe_grant:apply", source=SOURCE),
            TransitionDecl(action="decide", label="决定", from_states=("open",), to="done",
                           permission="probe_grant:decide", source=SOURCE),
        ))]
'''

FEATURE = '''
from core import RuleDecl, SettingDecl, hookimpl

SOURCE = "探针文件 第二条"


@hookimpl
def register_rules():
    return [RuleDecl(key="probe_named", label="有姓名", subject="volunteer", message="缺姓名", source=SOURCE,
                     check=lambda record, context: bool(record.get("name")))]


@hookimpl
def register_settings():
    return [SettingDecl(key="probe_flag", label="探针开关", kind="bool", default=False, source=SOURCE)]
'''

SUBSET = [
    "tests/core/test_plugins.py",
    "tests/core/test_startup_checks.py",
    "tests/cases/test_procedures_doc.py",
    "tests/test_cli.py::test_plugins_lists_version_scope_and_hooks",
    "tests/core/test_region_attributes.py::test_the_five_plugins_declare_every_attribute_their_regions_carry",
    "tests/graphql/test_bad_input.py::test_the_id_cases_cover_every_id_input_of_the_schema",
]
"""The tests that knew the installed plugins: their tenants, their procedures, the schema they make."""


def install(site: Path) -> None:
    """``wushe_probe`` with two entry points, as ``pip install`` leaves it (a dist-info beside the package)."""
    package = site / "wushe_probe"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PROBE, encoding="utf-8")
    (package / "feature.py").write_text(FEATURE, encoding="utf-8")
    dist = site / "wushe_probe-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wushe-probe\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[wushe.plugins]\nprobe = wushe_probe\nprobe_feature = wushe_probe.feature\n", encoding="utf-8")


def test_the_core_suite_passes_with_another_plugin_installed(tmp_path):
    site = tmp_path / "site"
    install(site)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTEST_") and k not in ("WUSHE_PLUGINS", "WUSHE_TEST_DATABASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))

    listed = subprocess.run([WUSHE, "plugins", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0, listed.stderr
    names = {p["name"] for p in json.loads(listed.stdout)}
    assert {"probe", "probe_feature", "chongqing", "panjin"} <= names  # installed, and loaded when not told otherwise

    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
                          str(tmp_path / "inner"), *SUBSET], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=1200)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
