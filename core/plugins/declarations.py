"""What plugins declare: plain data that the core checks at start-up and then acts on.

Every ``register_*`` hook returns a list of these. They are pydantic models, so a bad
declaration fails with the field that is wrong; the plugin manager adds the plugin's name.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from core.access.vocabulary import parse_permission
from core.models.region import check_population_year
from core.plugins.formschema import personal_fields
from core.tree.paths import check_path
from core.tree.tiers import CommunityKind, Tier

DIVISION_CODE_PATTERN = r"^\d{6}(?:\d{3}(?:\d{3})?)?$"
_KEY = r"^[a-z][a-z0-9_]*$"
KEY_PATTERN = _KEY
"""What a declared key looks like: snake_case."""


class Declaration(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class RegionDecl(Declaration):
    """One region of the tier tree, named by its full path from the tenant root.

    ``shanhai/donghu/xiyuan/chaoyang`` declares the community ``chaoyang`` under
    ``shanhai/donghu/xiyuan``, which must be declared too (by this plugin or by
    one whose scope contains it). A path of one segment declares a tenant root.
    """

    path: str
    name: str = Field(min_length=1, max_length=100)
    tier: Tier
    kind: CommunityKind | None = None
    resident_population: int | None = Field(default=None, ge=0)
    urban_population: int | None = Field(default=None, ge=0)
    population_year: int | None = Field(
        default=None, description="the census or statistics year of the populations (七普: 2020); 1950 to this year"
    )
    division_code: str | None = Field(
        default=None,
        pattern=DIVISION_CODE_PATTERN,
        description="GB/T 2260 administrative division code (6 digits; 9 or 12 for streets and communities)",
    )
    attributes: dict[str, str | int | bool] = Field(
        default_factory=dict,
        description="facts a document states about the region, e.g. {'joint_point': 3}; keys are snake_case",
    )
    source: str | None = None

    _check_path = field_validator("path")(check_path)
    _check_year = field_validator("population_year")(lambda v: v if v is None else check_population_year(v))

    @property
    def code(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None

    @model_validator(mode="after")
    def _consistent(self) -> "RegionDecl":
        if self.kind is not None and self.tier is not Tier.COMMUNITY:
            raise ValueError("kind (urban/rural) applies to communities only")
        if (
            self.urban_population is not None
            and self.resident_population is not None
            and self.urban_population > self.resident_population
        ):
            raise ValueError("urban_population exceeds resident_population")
        return self


class PermissionDecl(Declaration):
    """A resource the plugin protects, with its actions: what roles' permissions (``resource:action``)
    and case steps may name.

    The vocabulary is the core's resources (declared by the core through the same hook) and every
    plugin's; a resource is declared once, so name a plugin's after it (``xiamen_grant``).
    """

    resource: str = Field(pattern=_KEY, max_length=64)
    actions: tuple[Annotated[str, Field(pattern=_KEY, max_length=64)], ...] = Field(min_length=1)
    description: str = Field(default="", description="what it protects and what each action allows")
    source: str = Field(min_length=1)
    label: str = Field(default="", max_length=100, description="its zh-CN name, as the console shows it")
    action_labels: dict[str, str] = Field(
        default_factory=dict, description="the zh-CN name of each action (by action), as the console shows it")

    @model_validator(mode="after")
    def _labels_of_actions(self) -> "PermissionDecl":
        for action in self.action_labels:
            if action not in self.actions:
                raise ValueError(f"action_labels names {action!r}, which is not one of the actions {self.actions}")
        return self

    @field_validator("actions")
    @classmethod
    def _actions_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for action in value:
            if value.count(action) > 1:
                raise ValueError(f"action {action!r} is listed twice")
        return value


class RoleDecl(Declaration):
    """A role a jurisdiction's documents name, held by users at a region of ``tier``."""

    code: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100)
    tier: Tier
    permissions: tuple[str, ...] = ()
    emergency_powers: bool = Field(
        default=False,
        description="while its area is in emergency mode (应急状态), holders may read and dispatch all "
        "volunteers, teams, organizations and in-kind resources of the area",
    )
    source: str = Field(min_length=1)

    @field_validator("permissions")
    @classmethod
    def _permission_shape(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for permission in value:
            parse_permission(permission)
        return value


class TargetDecl(Declaration):
    """A numeric target of a policy document: ``indicator comparator threshold`` by ``deadline``.

    Where it is judged (:func:`core.documents.targets.role_at`):

    - by default, at its ``scope`` region alone, on that region's whole subtree ("the province's
      total reaches 1,050,000"); a region below sees it only as context, never as its own status;
    - with ``applies_at`` a tier, at every region of that tier inside the scope, each on its own
      subtree ("every district adds 2 sites a year"): a region above them sees how many meet it
      and which do not, a region below sees it as context;
    - ``evaluated_at="per_community"`` is ``applies_at="community"``: every community must meet it.

    ``scope`` defaults to the declaring plugin's scope and may only narrow it. ``locked`` forbids
    plugins further down from weakening it. A target on an indicator measured against a baseline
    (``charity_organizations_growth``: now / the value at a year) names ``baseline_year``, and may
    state the document's own ``baseline`` value at the scope region (an office's value, set with
    ``setBaseline``, wins).
    """

    key: str = Field(pattern=_KEY, max_length=64)
    indicator: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1)
    scope: str | None = None
    evaluated_at: Literal["per_community", "aggregate"] = "aggregate"
    applies_at: Tier | None = Field(
        default=None,
        description="judged at every region of this tier inside the scope, each on its own subtree "
        "('for every street'); None: at the scope region itself (per_community: every community)",
    )
    community_kind: CommunityKind | None = Field(
        default=None, description="only urban (or only rural) communities, e.g. 'urban ≥ 12, rural ≥ 6'"
    )
    comparator: Literal[">=", ">", "<=", "<", "=="]
    threshold: Decimal
    unit: str = ""
    deadline: dt.date | None = None
    yearly: bool = False
    locked: bool = False
    baseline_year: int | None = Field(
        default=None, ge=2000, le=2100, description="the year of the baseline the indicator is measured against"
    )
    baseline: Decimal | None = Field(
        default=None, gt=0, description="the document's own baseline value at the scope region, if it states one"
    )
    source: str = Field(min_length=1)

    _check_scope = field_validator("scope")(lambda v: v if v is None else check_path(v))

    @model_validator(mode="after")
    def _deadline_or_yearly(self) -> "TargetDecl":
        if self.deadline is None and not self.yearly:
            raise ValueError("a target needs a deadline or yearly=True")
        if self.evaluated_at == "per_community" and self.applies_at is not None and self.applies_at is not Tier.COMMUNITY:
            raise ValueError(f"applies_at: a per_community target is judged at every community, "
                             f"not at every {self.applies_at.value}")
        if self.baseline is not None and self.baseline_year is None:
            raise ValueError("baseline: a baseline value needs its baseline_year")
        return self

    @property
    def placement(self) -> Tier | None:
        """The tier of the regions it is judged at inside its scope; None: the scope region itself."""
        return Tier.COMMUNITY if self.evaluated_at == "per_community" else self.applies_at


class IndicatorDecl(Declaration):
    """An indicator of a plugin's own: ``numerator / denominator × scale`` over measures.

    ``numerator`` and ``denominator`` name measures of :data:`core.models.summary.MEASURE_LIST`, or
    measures a case type declares (:class:`core.plugins.cases.CaseMeasureDecl`, counts of cases);
    each is summed over a subtree before dividing, so the indicator rolls up like the core's. It is
    yearly when either measure counts what happened in a year. The key must not be a core one. An
    unknown measure fails at start-up, when every case type's measures are known.
    """

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, description="the column header in reports (zh-CN)")
    unit: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    numerator: str
    denominator: str | None = None
    scale: int = Field(default=1, ge=1)
    left_out: str | None = Field(
        default=None,
        description="a measure counting the communities the numerator leaves out for missing data "
        "(e.g. communities_without_population, with numerator registered_volunteers_with_population)",
    )
    left_out_reason: str = ""
    source: str = Field(min_length=1)


RESERVED_ACCOUNTS = ("case:", "fund:", "project:")
"""Ledger accounts the core writes itself (a case's money, a community fund's, a project's grants):
a form's posting names none of them."""

_ACCOUNT_FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class LedgerPostingDecl(Declaration):
    """What a form's submission moves on the one append-only ledger (``ledger_entry``): a form that
    is a spending (a withdrawal from a fund) writes, for each submission that is not a draft, one
    entry in the transaction that stores it, so that a cap reads what was paid
    (:meth:`core.documents.rules.RuleContext.ledger_total`), not what was filed.

    ``account`` names the account, with top-level fields of the form in braces
    (``assistance_fund:{fund_source}:{year}``); the entry sits at the submission's region (one
    office's fund, not its subordinates'). ``amount`` is the top-level integer field (fen) moved;
    ``out`` makes the entry negative (money out of the account, the ledger's sign)."""

    account: str = Field(min_length=1, max_length=100)
    amount: str = Field(pattern=_KEY, max_length=64)
    kind: str = Field(default="spending", pattern=_KEY, max_length=32)
    out: bool = True

    @field_validator("account")
    @classmethod
    def _account(cls, value: str) -> str:
        if value.startswith(RESERVED_ACCOUNTS):
            raise ValueError(f"{value!r}: accounts starting {', '.join(RESERVED_ACCOUNTS)} are the core's own")
        if not re.fullmatch(r"[a-z][a-z0-9_]*:.*", value):
            raise ValueError(f"{value!r}: an account starts with a snake_case name and a colon (assistance_fund:…)")
        if "{" in _ACCOUNT_FIELD.sub("", value) or "}" in _ACCOUNT_FIELD.sub("", value):
            raise ValueError(f"{value!r}: a field in braces is a snake_case top-level field ({{year}})")
        return value

    @property
    def fields(self) -> tuple[str, ...]:
        """The form's fields the account names."""
        return tuple(_ACCOUNT_FIELD.findall(self.account))

    def account_for(self, record: dict[str, Any]) -> str:
        """The account of a submission with ``record`` as its data (a rule reads the same account)."""
        return _ACCOUNT_FIELD.sub(lambda m: str(record.get(m.group(1), "")), self.account)

    def amount_of(self, record: dict[str, Any]) -> int:
        """The signed amount of the entry for ``record`` (0 when the field holds no integer)."""
        value = record.get(self.amount)
        if isinstance(value, bool) or not isinstance(value, int):
            return 0
        return -value if self.out else value


class FormDecl(Declaration):
    """A form: a JSON Schema with zh-CN labels and UI hints, identified by key and version."""

    key: str = Field(pattern=_KEY, max_length=64)
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    json_schema: dict[str, Any]
    ui: dict[str, Any] = Field(default_factory=dict)
    tiers: tuple[Tier, ...] = Field(default=(), description="the tiers it is submitted at; empty: any")
    personal_data: bool = Field(
        default=False, description="holds personal data (e.g. a minor's file): full reads need personal_data:read_full"
    )
    submitters: tuple[str, ...] = Field(
        default=(),
        description="codes of the roles that fill it in (held at a region covering where it is submitted); "
        "empty: anyone with form:submit there",
    )
    ledger: LedgerPostingDecl | None = Field(
        default=None, description="a spending: each submission (not a draft) writes this entry on the ledger"
    )
    source: str = Field(min_length=1)

    @field_validator("json_schema")
    @classmethod
    def _object_schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("type") != "object":
            raise ValueError("the form's JSON Schema must have type 'object'")
        personal_fields(value)  # a misspelt kind of personal field fails at start-up
        return value

    @model_validator(mode="after")
    def _posting_fields(self) -> "FormDecl":
        """A posting's amount is a required integer property of the form, and its account names
        required properties: every submission then has an account and an amount."""
        if self.ledger is None:
            return self
        properties = self.json_schema.get("properties") or {}
        required = set(self.json_schema.get("required") or [])
        for where, name in [("amount", self.ledger.amount), *(("account", f) for f in self.ledger.fields)]:
            if name not in properties or name not in required:
                raise ValueError(f"ledger.{where}: {name!r} is not a required top-level property of the form")
        if (properties[self.ledger.amount] or {}).get("type") != "integer":
            raise ValueError(f"ledger.amount: {self.ledger.amount!r} is not an integer (an amount in fen)")
        return self


class GraphQLDecl(Declaration):
    """Strawberry types to merge into the schema: extra Query and Mutation fields, extra types."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    query: type | None = None
    mutation: type | None = None
    types: tuple[type, ...] = ()


class CatalogueItem(Declaration):
    """One entry of a catalogue: a service category, a service project, an action of a series."""

    code: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=200)
    description: str = ""
    purchasable: bool = Field(default=True, description="may be bought as a government-purchased service")
    parent: str | None = Field(default=None, description="the code of the item this one belongs to")
    source: str | None = None


class CatalogueDecl(Declaration):
    """A named list a document defines (服务类别, 服务项目, 六送六进 …), attachable to projects and activities."""

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=200)
    items: tuple[CatalogueItem, ...] = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> "CatalogueDecl":
        codes = [item.code for item in self.items]
        for code in codes:
            if codes.count(code) > 1:
                raise ValueError(f"item code {code!r} appears twice")
        for item in self.items:
            if item.parent is not None and item.parent not in codes:
                raise ValueError(f"item {item.code!r}: parent {item.parent!r} is not an item of this catalogue")
        return self


FIELD_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
"""A field a rule declares it judges: property names joined by dots (``guardian.name``)."""

FAULT_PATH = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
"""A field a failed check names: property names and array indices joined by dots (``items.2.amount_fen``)."""


def _field_path(value: str) -> str:
    if not FIELD_PATH.fullmatch(value):
        raise ValueError(f"{value!r} is not a dotted path of property names (child.id_number); "
                         "a check names an array item's field itself, with a Fault")
    return value


@dataclass(frozen=True)
class Fault:
    """What a rule's check returns to fail on one field: ``field`` is the field's dotted path in the
    record (``guardian.name``; an array item by its index, ``items.2.amount_fen``), ``message`` what
    is wrong there. A check may return one Fault or a list of them (an empty list passes)."""

    field: str
    message: str

    def __post_init__(self) -> None:
        if not isinstance(self.field, str) or not FAULT_PATH.fullmatch(self.field):
            raise ValueError(f"Fault.field {self.field!r} is not a dotted path of names and indices (items.2.amount_fen)")
        if not isinstance(self.message, str) or not self.message.strip():
            raise ValueError("Fault.message must say what is wrong")


class RuleDecl(Declaration):
    """A check a document imposes, run against a record on request.

    ``subject`` names what it checks: a core element (``social_organization``, ``social_worker``,
    ``volunteer`` …) or a form's submissions (``form:<key>``). ``check(record, context)`` receives
    the record as a dict and a :class:`core.documents.rules.RuleContext`, and returns True when the record
    passes, False to fail with ``message``, a string to fail with that more precise message, or a
    :class:`Fault` (or a list of them) to fail naming the exact field. It may be ``async def``.
    ``fields`` are the record's fields the rule judges (``("guardian.name",)``): a failure that
    names no field of its own is reported at each of them, and start-up checks that the subject has
    them. A rule that names no field is reported as ``rules.<key>``. ``advisory`` rules are
    reported but do not make the record fail (e.g. "5A organizations have priority").
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1)
    subject: str = Field(pattern=r"^(?:[a-z][a-z0-9_]*|form:[a-z][a-z0-9_]*)$")
    message: str = Field(min_length=1)
    check: Callable[..., Any]
    fields: tuple[Annotated[str, AfterValidator(_field_path)], ...] = Field(
        default=(), description="the record's fields it judges, dotted (child.id_number): where a failure is reported"
    )
    advisory: bool = False
    source: str = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _fields_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("a field is named twice")
        return value


class SettingDecl(Declaration):
    """A tenant setting a plugin offers, with its default (e.g. time-bank points cross-recognition)."""

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1)
    kind: Literal["bool", "int", "decimal", "text"]
    default: bool | int | Decimal | str
    description: str = ""
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _default_matches(self) -> "SettingDecl":
        kinds: dict[str, type | tuple[type, ...]] = {"bool": bool, "int": int, "decimal": (Decimal, int), "text": str}
        expected = kinds[self.kind]
        if not isinstance(self.default, expected) or (self.kind == "int" and isinstance(self.default, bool)):
            raise ValueError(f"default {self.default!r} is not a {self.kind}")
        return self


# --- region attributes (designations and facts a document states about a region) ------------------

ATTRIBUTE_KINDS: dict[str, type | tuple[type, ...]] = {"bool": bool, "int": int, "text": str, "date": str}
"""How each kind is stored in ``Region.attributes`` (JSON): a date as its ISO text ``YYYY-MM-DD``."""


class RegionAttributeDecl(Declaration):
    """A fact or designation a plugin's document states about regions, settable on them.

    ``Region.attributes`` holds only declared keys: a region's declared attributes (``RegionDecl``)
    are checked against these at start-up, and an office's changes (``updateRegion``) against them
    at run time, so a misspelt key or a value of the wrong kind is refused naming
    ``attributes.<key>``. It applies in the declaring plugin's scope, at ``tiers``; ``allowed``
    lists the only values it may take, ``minimum``/``maximum`` bound an int (or a date, as ISO text).
    """

    key: str = Field(pattern=_KEY, max_length=64)
    label: str = Field(min_length=1, max_length=100, description="zh-CN, as reports and forms show it")
    kind: Literal["bool", "int", "text", "date"]
    tiers: tuple[Tier, ...] = Field(min_length=1, description="the tiers of the regions it may be set on")
    allowed: tuple[bool | int | str, ...] = Field(default=(), description="the only values it may take; empty: any")
    minimum: int | dt.date | None = None
    maximum: int | dt.date | None = None
    description: str = ""
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "RegionAttributeDecl":
        if self.kind in ("bool", "text") and (self.minimum is not None or self.maximum is not None):
            raise ValueError(f"minimum/maximum apply to int and date attributes, not {self.kind}")
        for bound in (self.minimum, self.maximum):
            if bound is not None and self.kind == "int" and not _is_int(bound):
                raise ValueError(f"bound {bound!r} is not an int")
            if bound is not None and self.kind == "date" and not isinstance(bound, dt.date):
                raise ValueError(f"bound {bound!r} is not a date")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:  # type: ignore[operator]
            raise ValueError(f"minimum {self.minimum} exceeds maximum {self.maximum}")
        for value in self.allowed:
            self.check(value)  # an allowed value of the wrong kind, or out of bounds, fails here
        if len(set(map(repr, self.allowed))) != len(self.allowed):
            raise ValueError("allowed lists a value twice")
        if len(set(self.tiers)) != len(self.tiers):
            raise ValueError("tiers lists a tier twice")
        return self

    def check(self, value: Any) -> bool | int | str:
        """``value`` as stored, or ValueError saying why it is not one this attribute takes."""
        if self.kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        if not isinstance(value, ATTRIBUTE_KINDS[self.kind]) or (self.kind == "int" and not _is_int(value)):
            raise ValueError(f"must be {_KIND_WORDS[self.kind]}, got {value!r}")
        stored: bool | int | str = cast(bool | int | str, value)
        compared: Any = value
        if isinstance(value, str) and self.kind == "text":
            if not value.strip():
                raise ValueError("must not be blank")
            if len(value) > 200:
                raise ValueError(f"must be at most 200 characters, got {len(value)}")
        if isinstance(value, str) and self.kind == "date":
            try:
                compared = dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"must be a date YYYY-MM-DD, got {value!r}") from None
            stored = compared.isoformat()
        if self.minimum is not None and compared < self.minimum:
            raise ValueError(f"must be at least {self.minimum}, got {stored}")
        if self.maximum is not None and compared > self.maximum:
            raise ValueError(f"must be at most {self.maximum}, got {stored}")
        if self.allowed and stored not in self.allowed:
            raise ValueError(f"must be one of {', '.join(map(str, self.allowed))}, got {stored!r}")
        return stored

    def applies_to(self, tier: Tier) -> bool:
        return tier in self.tiers


_KIND_WORDS = {"bool": "true or false", "int": "a whole number", "text": "text", "date": "a date YYYY-MM-DD"}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
