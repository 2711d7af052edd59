"""``wushe plugin new NAME``: a new region plugin as a package that installs, loads and passes its
own tests, for an author to grow from (docs/plugins.md, "A plugin in three files")."""

import re
from pathlib import Path
from typing import Annotated

import typer

from core.cli.base import app, fail, out

plugin_app = typer.Typer(help="Tools for plugin authors.", no_args_is_help=True)
app.add_typer(plugin_app, name="plugin")

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
RESERVED = {"core", "wushe", "test"}

PYPROJECT = '''[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "wushe-{name}"
version = "0.1.0"
description = "{label}: a region plugin of wushe (五社联动)"
requires-python = ">=3.11"
dependencies = ["wushe"]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-asyncio>=0.24", "httpx>=0.27"]

[project.entry-points."wushe.plugins"]
{name} = "wushe_{name}"

[tool.setuptools.packages.find]
include = ["wushe_{name}*"]

# What the platform's fixtures need (core.testing, installed with wushe): async tests without
# markers, one event loop per test.
[tool.pytest.ini_options]
testpaths = ["tests"]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
filterwarnings = [
    "error::pytest.PytestUnraisableExceptionWarning",
    # strawberry.litestar's controller relies on Litestar's inferred dependencies (upstream, not wushe's)
    "ignore:.*Inferred dependency field:DeprecationWarning",
]
'''

INIT = '''"""{label}: the regions, roles and targets of its documents (wushe plugin).

Every declaration names its source: the document and clause it comes from."""

from core import RegionDecl, RoleDecl, TargetDecl, Tier, hookimpl

SOURCE = "{source}"


@hookimpl
def plugin_scope():
    return "{name}"


@hookimpl
def register_regions():
    return [
        RegionDecl(path="{name}", name="{label}", tier=Tier.{tier}, source=SOURCE),
    ]


@hookimpl
def register_roles():
    return [
        RoleDecl(code="{name}_office", label="{label}民政部门", tier=Tier.{tier},
                 permissions=("region:read", "volunteer:read", "indicator:read", "target:read"), source=SOURCE),
    ]


@hookimpl
def register_targets():
    return [
        TargetDecl(key="{name}_volunteer_share", indicator="volunteer_share", label="注册志愿者占常住人口比例",
                   comparator=">=", threshold="0.15", yearly=True, source=SOURCE),
    ]
'''

TEST = '''"""The plugin as the platform loads it: its region, its role and its target, through GraphQL."""

import pytest

import wushe_{name}
from core.testing import graphql


@pytest.fixture
def extra_plugins():
    return [wushe_{name}]


async def test_the_region_is_declared(client, admin_token):
    body = await graphql(client, '{{ region(path: "{name}") {{ name tier }} }}', token=admin_token)
    assert body == {{"data": {{"region": {{"name": "{label}", "tier": "{tier}"}}}}}}


async def test_the_target_is_in_force_at_the_region(client, admin_token):
    body = await graphql(client, '{{ region(path: "{name}") {{ targetStatus {{ key }} }} }}', token=admin_token)
    assert "errors" not in body, body
    assert "{name}_volunteer_share" in [t["key"] for t in body["data"]["region"]["targetStatus"]]
'''

README = '''# wushe-{name}

{label}: a region plugin of wushe (五社联动), made by `wushe plugin new {name}`.

```sh
pip install -e ".[test]"      # beside wushe
wushe plugins                 # lists {name}
python -m pytest              # the plugin's tests, on a fresh database each
```

Grow it from the declarations in `wushe_{name}/__init__.py`; the hooks and what the core checks at
start-up are in wushe's docs/plugins.md.
'''

TIERS = ("province", "city", "district", "street")


@plugin_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="the plugin's name and its tenant's code: lower case, e.g. xiamen")],
    label: Annotated[str, typer.Option("--label", help="the region's name, e.g. 厦门市")] = "",
    tier: Annotated[str, typer.Option("--tier", help="the tier of the tenant's root region")] = "city",
    source: Annotated[str, typer.Option("--source", help="the document the declarations come from")] = "",
    directory: Annotated[Path, typer.Option("--directory", "-d", help="where to make the package's folder")] = Path("."),
) -> None:
    """Make a new region plugin: a package with a region, a role, a target and tests that pass."""
    if not NAME.match(name) or name in RESERVED:
        fail(f"name: {name!r} must be 2–31 lower-case letters, digits or _, starting with a letter, "
             f"and not one of {', '.join(sorted(RESERVED))}")
    if tier not in TIERS:
        fail(f"--tier: {tier!r} is not a tier a tenant's root may have ({', '.join(TIERS)})")
    folder = directory / f"wushe-{name}"
    if folder.exists():
        fail(f"--directory: {folder} exists already; nothing was written")
    values = {"name": name, "label": label or name, "tier": tier.upper(),
              "source": source or f"{label or name}的政策文件（请写明文号和条款）"}
    files = {
        folder / "pyproject.toml": PYPROJECT,
        folder / "README.md": README,
        folder / f"wushe_{name}" / "__init__.py": INIT,
        folder / "tests" / f"test_{name}.py": TEST,
    }
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    out.print(f"made {folder}: cd {folder} && pip install -e \".[test]\" && python -m pytest", highlight=False,
              markup=False)
