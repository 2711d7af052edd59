"""Hebei Province: 冀民〔2021〕79号《关于创新“五社联动”机制 助推基层治理体系和治理能力现代化建设的意见》
(河北省民政厅、中共河北省委组织部、中共河北省委政法委员会).

Declares 河北省 and the addressees of the opinion: the 11 prefecture-level cities, 定州市 and
辛集市 (各市（含定州、辛集市）), and 雄安新区. Nothing below them yet.
"""

from core import RegionDecl, RoleDecl, hookimpl

from .regions import declarations
from .roles import ROLES

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "hebei"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)
