"""Tianjin Municipality: 津民函〔2023〕20号《天津市民政局关于创建“五社联动”示范项目的通知》.

Declares 天津市, its 16 districts (附件1, the quota table) and the 11 streets/towns with their
24 communities/villages that are city–district joint creation points (附件2).
"""

from core import RegionDecl, RoleDecl, hookimpl

from .regions import declarations
from .roles import ROLES

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "tianjin"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)
