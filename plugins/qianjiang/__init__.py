"""Zhengyang Street, Qianjiang District, Chongqing: 正阳办事处发〔2022〕95号
《创新“五社联动”机制 提升基层治理效能实施方案》.

Declares 正阳街道 and its five communities (section 二 工作目标), the street's roles (四), its
targets (二、三（三）: those it shares with Chongqing under Chongqing's keys, so they override the
municipal ones here, and its own: volunteer counts per community, the demonstration plan), the
“六送六进” and “五童” catalogues (三（四）、三（五）), the children's individual file (三（五）童伴) and
the rules on the one-time exam allowance (三（三）) and on that file, and the register of the
allowances paid (``allowances``: the plugin's own table, on its migration branch ``qianjiang``). The street sits under
``chongqing/qianjiang`` (黔江区), which the ``chongqing`` plugin declares.
"""

from pathlib import Path

from core import (
    CatalogueDecl,
    FormDecl,
    MigrationsDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    TargetDecl,
    hookimpl,
)

from .allowances import ExamAllowance
from .catalogues import CATALOGUES
from .forms import FORMS
from .regions import declarations
from .roles import ROLES
from .rules import RULES
from .targets import TARGETS

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "chongqing/qianjiang/zhengyang"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)


@hookimpl
def register_targets() -> list[TargetDecl]:
    return list(TARGETS)


@hookimpl
def register_catalogues() -> list[CatalogueDecl]:
    return list(CATALOGUES)


@hookimpl
def register_forms() -> list[FormDecl]:
    return list(FORMS)


@hookimpl
def register_rules() -> list[RuleDecl]:
    return list(RULES)


@hookimpl
def register_migrations() -> MigrationsDecl:
    return MigrationsDecl(branch="qianjiang", versions=Path(__file__).parent / "migrations", tables=(ExamAllowance,))
