"""Chongqing Municipality: 渝民发〔2022〕7号《重庆市民政局关于创新“五社联动”机制 提升基层治理效能的意见》.

Declares 重庆市 and the districts and counties the opinion is addressed to: the 38 districts and
(autonomous) counties, plus 两江新区, 西部科学城重庆高新区 and 万盛经开区. Nothing below them:
districts declare their own streets and communities in their own plugins (e.g. ``qianjiang``).
"""

from core import RegionDecl, RoleDecl, hookimpl

from .regions import declarations
from .roles import ROLES

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "chongqing"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)
