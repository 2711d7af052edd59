"""Chongqing Municipality: 渝民发〔2022〕7号《重庆市民政局关于创新“五社联动”机制 提升基层治理效能的意见》.

Declares 重庆市 and the districts and counties the opinion is addressed to: the 38 districts and
(autonomous) counties, plus 两江新区, 西部科学城重庆高新区 and 万盛经开区. Nothing below them:
districts declare their own streets and communities in their own plugins (e.g. ``qianjiang``).

Also the opinion's targets (二; district and street plans override them by key), its catalogues
(三（三）、（四）), the demand, resource and project lists (三（六）), the consultation record (三（四）)
and the volunteer-record spot check (三（三）) as forms, and the rules on them; the consultation
procedure itself (raised, deliberated, classified, assigned, resolved, fed back) as a case type,
and the matching of the three lists (三（六）供需对接) as the GraphQL field ``chongqingMatching``.
"""

from core import (
    CaseTypeDecl,
    CatalogueDecl,
    FormDecl,
    GraphQLDecl,
    PermissionDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    TargetDecl,
    hookimpl,
)

from . import cases, catalogues, forms, graphql, rules, targets
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
def register_permissions() -> list[PermissionDecl]:
    return cases.permissions()


@hookimpl
def register_roles() -> list[RoleDecl]:
    return list(ROLES)


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


@hookimpl
def register_graphql() -> list[GraphQLDecl]:
    return [GraphQLDecl(query=graphql.Query)]
