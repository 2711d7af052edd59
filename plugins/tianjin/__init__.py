"""Tianjin Municipality: 津民函〔2023〕20号《天津市民政局关于创建“五社联动”示范项目的通知》.

Declares 天津市, its 16 districts (附件1, the quota table) and the 11 streets/towns with their
24 communities/villages that are city–district joint creation points (附件2, each street with its
序号 as ``attributes["joint_point"]``); the creation targets and quotas (二、三、附件1), the creation
record and evaluation forms (三、五（三）), the catalogues of 三, the rules of the creation
standards and the creation points as cases (二、三、五（三）: designation, tasks, evaluations, closing) and the
indicators counting them live, on which the targets of 二 and 附件1 are judged.
"""

from core import (
    CaseTypeDecl,
    CatalogueDecl,
    FormDecl,
    IndicatorDecl,
    PermissionDecl,
    RegionAttributeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    TargetDecl,
    hookimpl,
)

from . import attributes, cases, catalogues, forms, indicators, rules, targets
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
def register_region_attributes() -> list[RegionAttributeDecl]:
    return attributes.declarations()


@hookimpl
def register_permissions() -> list[PermissionDecl]:
    return list(cases.PERMISSIONS)


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)


@hookimpl
def register_indicators() -> list[IndicatorDecl]:
    return indicators.declarations()


@hookimpl
def register_targets() -> list[TargetDecl]:
    return targets.declarations()


@hookimpl
def register_forms() -> list[FormDecl]:
    return forms.declarations()


@hookimpl
def register_catalogues() -> list[CatalogueDecl]:
    return catalogues.declarations()


@hookimpl
def register_rules() -> list[RuleDecl]:
    return rules.declarations()


@hookimpl
def register_case_types() -> list[CaseTypeDecl]:
    return cases.declarations()
