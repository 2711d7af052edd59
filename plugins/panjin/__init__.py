"""Panjin City, Liaoning: 盘民发〔2023〕24号《2023年盘锦市民政局“五社联动”工作实施方案》.

Declares the region tree of the plan's attachment, 《五社联动项目开展社区（村）名单》:
盘锦市, its four counties/districts, their streets and towns, and the 35 communities and villages.
"""

from core import RegionDecl, RoleDecl, hookimpl

from .regions import declarations
from .roles import ROLES

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "panjin"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)
