"""Panjin City, Liaoning: 盘民发〔2023〕24号《2023年盘锦市民政局“五社联动”工作实施方案》.

Declares the region tree of the plan's attachment, 《五社联动项目开展社区（村）名单》:
盘锦市, its four counties/districts, their streets and towns, and the 35 communities and villages;
the roles of the plan; the per-community yearly targets (三（四）); the service targets, categories
and projects (三（一）至三（三）); the application, expert-pool, scoring, monthly-report and
performance-evaluation forms (三（六）至三（九）); the contractor's eligibility and the checks on the
forms (三（五）2 and after); the plan's numbers as tenant settings; and the procedure itself, the
round of review and each project from application to archive, as case types (``cases``).
"""

from core import (
    CaseTypeDecl,
    CatalogueDecl,
    FormDecl,
    PermissionDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
    hookimpl,
)

from .cases import CASE_TYPES, PERMISSIONS
from .catalogues import CATALOGUES
from .forms import FORMS
from .regions import declarations
from .roles import ROLES
from .rules import RULES
from .settings import SETTINGS
from .targets import TARGETS

__version__ = "0.1.0"


@hookimpl
def plugin_scope() -> str:
    return "panjin"


@hookimpl
def register_regions() -> list[RegionDecl]:
    return declarations()


@hookimpl
def register_permissions() -> list[PermissionDecl]:
    return list(PERMISSIONS)


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
def register_settings() -> list[SettingDecl]:
    return list(SETTINGS)


@hookimpl
def register_case_types() -> list[CaseTypeDecl]:
    return list(CASE_TYPES)
