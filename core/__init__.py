"""wushe core: the five elements on a tier tree, plugins, permissions and the GraphQL API.

Plugin authors import only from here::

    from core import hookimpl, RegionDecl, Tier
"""

from core.plugins.cases import (
    START,
    CaseMeasureDecl,
    CaseTypeDecl,
    DeadlineDecl,
    DisclosedFieldDecl,
    DisclosureDecl,
    GuardDecl,
    PartDecl,
    StateDecl,
    TransitionDecl,
)
from core.plugins.declarations import (
    CatalogueDecl,
    CatalogueItem,
    Fault,
    FormDecl,
    GraphQLDecl,
    IndicatorDecl,
    LedgerPostingDecl,
    PermissionDecl,
    RegionAttributeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
)
from core.plugins.hookspecs import hookimpl
from core.plugins.migrations import MigrationsDecl
from core.plugins.programmes import ConversionDecl, ProgrammeDecl
from core.tree.tiers import CommunityKind, Tier

__version__ = "0.1.0"

__all__ = [
    "START",
    "CaseMeasureDecl",
    "CaseTypeDecl",
    "CatalogueDecl",
    "CatalogueItem",
    "CommunityKind",
    "ConversionDecl",
    "DeadlineDecl",
    "DisclosedFieldDecl",
    "DisclosureDecl",
    "Fault",
    "FormDecl",
    "GraphQLDecl",
    "GuardDecl",
    "IndicatorDecl",
    "LedgerPostingDecl",
    "MigrationsDecl",
    "PartDecl",
    "PermissionDecl",
    "ProgrammeDecl",
    "RegionAttributeDecl",
    "RegionDecl",
    "RoleDecl",
    "RuleDecl",
    "SettingDecl",
    "StateDecl",
    "TargetDecl",
    "Tier",
    "TransitionDecl",
    "hookimpl",
]
