"""Hebei Province: 冀民〔2021〕79号《关于创新“五社联动”机制 助推基层治理体系和治理能力现代化建设的意见》
(河北省民政厅、中共河北省委组织部、中共河北省委政法委员会).

Declares 河北省 and the addressees of the opinion: the 11 prefecture-level cities, 定州市 and
辛集市 (各市（含定州、辛集市）), and 雄安新区; no region below them yet. Also the province's targets
for the end of the 14th Five-Year Plan (二), the activity series and platforms (三（二）、（三）), the
time-bank points cross-recognition setting with its programme and rates (三（三）), the ≤ 2% cap on social-assistance funds used to
buy services (四（二）) and the Hebei Charity Award nomination form (四（三）).
"""

from core import (
    CatalogueDecl,
    ConversionDecl,
    FormDecl,
    ProgrammeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
    hookimpl,
)

from . import catalogues, forms, programmes, rules, settings, targets
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
def register_settings() -> list[SettingDecl]:
    return settings.declarations()


@hookimpl
def register_programmes() -> list[ProgrammeDecl]:
    return programmes.programmes()


@hookimpl
def register_conversions() -> list[ConversionDecl]:
    return programmes.conversions()
