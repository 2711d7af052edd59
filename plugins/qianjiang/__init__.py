"""Zhengyang Street, Qianjiang District, Chongqing: 正阳办事处发〔2022〕95号
《创新“五社联动”机制 提升基层治理效能实施方案》.

Declares 正阳街道 and its five communities (section 二 工作目标). The street sits under
``chongqing/qianjiang`` (黔江区), which the ``chongqing`` plugin declares.
"""

from core import RegionDecl, RoleDecl, hookimpl

from .regions import declarations
from .roles import ROLES

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
