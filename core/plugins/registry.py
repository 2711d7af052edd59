"""What the installed plugins declared, checked, as one :class:`Registry` the rest of the core reads."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from core.access.vocabulary import Vocabulary
from core.plugins.cases import CaseTypeDecl
from core.plugins.declarations import (
    CatalogueDecl,
    FormDecl,
    GraphQLDecl,
    IndicatorDecl,
    PermissionDecl,
    RegionAttributeDecl,
    RegionDecl,
    RoleDecl,
    RuleDecl,
    SettingDecl,
    TargetDecl,
)
from core.plugins.programmes import ConversionDecl, ProgrammeDecl
from core.tree.paths import within

T = TypeVar("T")


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    scope: str | None
    hooks: tuple[str, ...]

    @property
    def tenant_code(self) -> str | None:
        return self.scope.split("/", 1)[0] if self.scope else None

    def covers(self, path: str) -> bool:
        """True when ``path`` lies in this plugin's scope (a scope-less plugin covers all)."""
        return within(path, self.scope) if self.scope else True


@dataclass(frozen=True)
class Declared(Generic[T]):
    plugin: str
    item: T
    at: str = ""
    """where it was declared: the hook and the item's index in what it returned (``register_roles[3]``)"""


@dataclass
class Registry:
    """Everything the installed plugins declared, checked, in a stable order."""

    plugins: dict[str, PluginInfo] = field(default_factory=dict)
    permissions: list[Declared[PermissionDecl]] = field(default_factory=list)
    """the core's resources (declared by ``core``, first) and every plugin's"""
    regions: list[Declared[RegionDecl]] = field(default_factory=list)
    region_attributes: list[Declared[RegionAttributeDecl]] = field(default_factory=list)
    roles: list[Declared[RoleDecl]] = field(default_factory=list)
    targets: list[Declared[TargetDecl]] = field(default_factory=list)
    indicators: list[Declared[IndicatorDecl]] = field(default_factory=list)
    forms: list[Declared[FormDecl]] = field(default_factory=list)
    catalogues: list[Declared[CatalogueDecl]] = field(default_factory=list)
    rules: list[Declared[RuleDecl]] = field(default_factory=list)
    settings: list[Declared[SettingDecl]] = field(default_factory=list)
    graphql: list[Declared[GraphQLDecl]] = field(default_factory=list)
    case_types: list[Declared[CaseTypeDecl]] = field(default_factory=list)
    programmes: list[Declared[ProgrammeDecl]] = field(default_factory=list)
    """the time bank and points programmes: the core's (declared by ``core``, first) and every plugin's"""
    conversions: list[Declared[ConversionDecl]] = field(default_factory=list)

    def vocabulary(self) -> Vocabulary:
        """The resources and actions a permission may name: the core's and every plugin's."""
        resources: dict[str, tuple[str, ...]] = {}
        labels: dict[str, str] = {}
        for declared in self.permissions:
            item = declared.item
            if item.resource in resources:
                continue  # declared twice: refused at start-up
            resources[item.resource] = item.actions
            if item.label:
                labels[item.resource] = item.label
            labels.update({f"{item.resource}:{action}": label for action, label in item.action_labels.items()})
        return Vocabulary(resources, labels)

    def case_type(self, key: str) -> "Declared[CaseTypeDecl] | None":
        for declared in self.case_types:
            if declared.item.key == key:
                return declared
        return None

    def attributes_at(self, path: str, enabled: set[str] | None = None) -> dict[str, Declared[RegionAttributeDecl]]:
        """The attributes declared for the region at ``path`` by key (whatever its tier): those of
        the plugins whose scope covers it (and, given ``enabled``, that are enabled in its tenant)."""
        return {
            d.item.key: d for d in self.region_attributes
            if self.plugins[d.plugin].covers(path) and (enabled is None or d.plugin in enabled)
        }

    def tenant_roots(self) -> list[Declared[RegionDecl]]:
        return [d for d in self.regions if d.item.parent_path is None]

    def plugins_of_tenant(self, tenant_code: str) -> list[PluginInfo]:
        return [p for p in self.plugins.values() if p.tenant_code == tenant_code]
