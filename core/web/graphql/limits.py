"""Limits on what one GraphQL request may ask for (SECURITY.md items 7 and 8).

:func:`schema_extensions` gives the extensions ``create_app`` adds to the schema, built once per
schema and settings (:class:`Limits`). A document is parsed and validated once per query text and
kept (:class:`DocumentCache`, ``graphql_cache_mib``); its cost, which may depend on the
variables, is checked on every request:

- **cost** (:class:`QueryLimits`): every field costs 1; a field with a ``first`` argument (a
  connection) multiplies the cost of its contents by ``first`` (its default when absent), and a
  list field outside a connection by :data:`DEFAULT_PAGE` (50), or by the length of the list it is
  asked to return one item per (:data:`SIZED_BY`: ``indicators(keys: [...])``); nested lists multiply. An
  operation over ``graphql_max_cost`` is refused with a validation error naming both numbers.
- **depth** and **aliases**: Strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter``. Both
  walk the document with fragments expanded, path by path: a few dozen fragments each spreading
  the next one twice would keep them busy for hours, and a spread of an unknown fragment makes
  the depth limiter raise ``KeyError``. They therefore run only on documents that a linear,
  memoised pass has found sound: every spread names a fragment of the document, no fragment
  spreads itself, nesting (fields and fragments) at most :data:`NESTING_FACTOR` times the depth
  limit, cost within the limit. Otherwise the error is already reported, by the GraphQL spec's
  own rules (unknown fragment, fragment cycle) or by :class:`QueryLimits`.
- **tokens**: the parser stops at ``graphql_max_tokens`` (as Strawberry's ``MaxTokensLimiter``).
- **values**: lists and input objects written in the document nest at most
  :data:`core.web.json_input.MAX_DEPTH` levels, like the JSON of a request body
  (:class:`ValueNesting`).
- in production: no introspection (graphql-core's ``NoSchemaIntrospectionCustomRule``, as
  Strawberry's ``DisableIntrospection``), and no "Did you mean …?" in
  error messages (:class:`HideSuggestions`); error masking is added by ``create_app``.
"""

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NoSchemaIntrospectionCustomRule,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_introspection_type,
    is_list_type,
)
from strawberry.extensions import (
    MaxAliasesLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document

from core.web.json_input import MAX_DEPTH as MAX_VALUE_DEPTH

DEFAULT_PAGE = 50
"""What a list without a ``first`` argument is taken to hold (the API's default page size)."""

SIZED_BY = frozenset({"keys"})
"""List arguments that give the length of the list a field returns (one value per key asked)."""

NESTING_FACTOR = 4
"""Fields, inline fragments and fragment spreads may nest this many times the depth limit."""

_CAP = 10**15  # costs are kept below this, so that a hostile document gives a readable number

_SUGGESTION = re.compile(r"\s*Did you mean\b.*$", re.S)


def strip_suggestion(message: str) -> str:
    """``"Cannot query field 'nme' on type 'Region'. Did you mean 'name'?"`` without the question."""
    return _SUGGESTION.sub("", message)


class HideSuggestions(SchemaExtension):
    """Remove "Did you mean …?" from every error message, so that clients cannot probe the schema.

    graphql-core adds suggestions to unknown fields, arguments, types, enum values and input
    fields, at validation and when variables are coerced; Strawberry's ``disable_field_suggestions``
    covers only unknown fields, and graphql-core's ``hide_suggestions`` only exists from 3.3."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if "Did you mean" in error.message:
                error.message = strip_suggestion(error.message)


@dataclass
class Analysis:
    """What one linear pass over a document found."""

    costs: dict[str, int] = field(default_factory=dict)
    """each operation's estimated cost, by name (``anonymous`` when it has none)"""
    nesting: int = 0
    """the deepest nesting of fields, inline fragments and fragment spreads"""
    sound: bool = True
    """every spread names a fragment of the document, and no fragment spreads itself"""
    cut: bool = False
    """the pass stopped descending because the nesting went past the limit"""
    read_variables: bool = False
    """a cost read a variable (``first: $n``): the analysis holds for these variables only"""


class _Analyser:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None, nesting_limit: int
    ) -> None:
        self.schema = schema
        self.document = document
        self.variables = variables if isinstance(variables, dict) else {}
        self.nesting_limit = nesting_limit
        self.fragments = {
            d.name.value: d for d in self.document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.result = Analysis()
        self.defaults: dict[str, Any] = {}
        self.memo: dict[tuple[str, bool], tuple[int, int]] = {}
        self.active: set[str] = set()

    def run(self) -> Analysis:
        try:
            for definition in self.document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    self.operation(definition)
        except RecursionError:  # only when the depth limit is set very high
            self.result.cut = True
        return self.result

    def operation(self, node: OperationDefinitionNode) -> None:
        self.defaults = {
            v.variable.name.value: v.default_value for v in node.variable_definitions or () if v.default_value
        }
        self.memo = {}  # fragment costs depend on the operation's variable defaults
        root = self.schema.get_root_type(node.operation)
        cost, height = self.selection_set(node.selection_set, root, False, 1)
        name = node.name.value if node.name else "anonymous"
        self.result.costs[name] = max(cost, self.result.costs.get(name, 0))
        self.result.nesting = max(self.result.nesting, height)

    def selection_set(
        self, node: SelectionSetNode, parent: Any, in_connection: bool, level: int
    ) -> tuple[int, int]:
        """The cost and the height of a selection set on ``parent`` (None when unknown)."""
        if level > self.nesting_limit:
            self.result.cut = True
            return 0, 0
        cost = height = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                c, h = self.field(selection, parent, in_connection, level)
            elif isinstance(selection, InlineFragmentNode):
                type_ = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                c, h = self.selection_set(selection.selection_set, type_, in_connection, level + 1)
                h += 1
            elif isinstance(selection, FragmentSpreadNode):
                c, h = self.spread(selection, in_connection, level)
            else:  # pragma: no cover - graphql-core has no other selection
                continue
            cost = min(cost + c, _CAP)
            height = max(height, h)
        return cost, height

    def spread(self, node: FragmentSpreadNode, in_connection: bool, level: int) -> tuple[int, int]:
        name = node.name.value
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            self.result.sound = False  # KnownFragmentNamesRule / NoFragmentCyclesRule report it
            return 0, 0
        key = (name, in_connection)
        if key not in self.memo:
            self.active.add(name)
            try:
                type_ = self.schema.get_type(fragment.type_condition.name.value)
                self.memo[key] = self.selection_set(fragment.selection_set, type_, in_connection, level + 1)
            finally:
                self.active.discard(name)
        cost, height = self.memo[key]
        return cost, height + 1

    def field(self, node: FieldNode, parent: Any, in_connection: bool, level: int) -> tuple[int, int]:
        if node.selection_set is None:
            return 1, 1
        name = node.name.value
        definition = None
        if (
            isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
            and not is_introspection_type(parent)
            and not name.startswith("__")
        ):  # introspection counts 1 a field, lists or not: GraphiQL's own query stays cheap
            definition = parent.fields.get(name)
        multiplier, connection, child = 1, False, None
        if definition is not None:
            child = get_named_type(definition.type)
            if "first" in definition.args:
                multiplier, connection = self.first(node, definition), True
            elif is_list_type(get_nullable_type(definition.type)) and not in_connection:
                multiplier = self.sized(node) or DEFAULT_PAGE
        cost, height = self.selection_set(node.selection_set, child, connection, level + 1)
        return min(1 + multiplier * cost, _CAP), height + 1

    def sized(self, node: FieldNode) -> int | None:
        """The length of a :data:`SIZED_BY` list argument (literal or variable), if one is given."""
        for argument in node.arguments or ():
            if argument.name.value not in SIZED_BY:
                continue
            value: Any = argument.value
            if isinstance(value, VariableNode):
                self.result.read_variables = True
                value = self.variables.get(value.name.value, self.defaults.get(value.name.value))
            if isinstance(value, ListValueNode):
                return max(1, len(value.values))
            if isinstance(value, list):
                return max(1, len(value))
        return None

    def first(self, node: FieldNode, definition: Any) -> int:
        """The page size a connection field is asked for: the argument, its variable, or the default."""
        value: Any = None
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = argument.value
        if isinstance(value, VariableNode):
            self.result.read_variables = True
            name = value.name.value
            value = self.variables.get(name, self.defaults.get(name))
        if isinstance(value, IntValueNode):
            value = int(value.value)
        if value is None:
            value = definition.args["first"].default_value
        if not isinstance(value, int) or isinstance(value, bool):
            return DEFAULT_PAGE
        return max(1, min(value, _CAP))


class ValueNesting(ValidationRule):
    """Lists and input objects in the document nest at most :data:`MAX_VALUE_DEPTH` levels, the
    limit the JSON of a body has: a JSON argument is walked recursively (coerced, validated
    against a form's schema) wherever it was written."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.depth = 0
        self.reported = False

    def enter(self, node: Any, *_: Any) -> None:
        if not isinstance(node, ObjectValueNode | ListValueNode):
            return
        self.depth += 1
        if self.depth > MAX_VALUE_DEPTH and not self.reported:
            self.reported = True
            self.report_error(
                GraphQLError(
                    f"Argument values nest lists and objects more than {MAX_VALUE_DEPTH} levels deep; "
                    f"at most {MAX_VALUE_DEPTH} are allowed.",
                    node,
                    extensions={"code": "VALUE_TOO_DEEP", "limit": MAX_VALUE_DEPTH},
                )
            )

    def leave(self, node: Any, *_: Any) -> None:
        if isinstance(node, ObjectValueNode | ListValueNode):
            self.depth -= 1


def analyse(context: ValidationContext, variables: dict[str, Any] | None, max_depth: int) -> Analysis:
    """Cost and nesting of every operation of the context's document, in time linear in its size."""
    return analyse_document(context.schema, context.document, variables, max_depth)


def analyse_document(
    schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None, max_depth: int
) -> Analysis:
    return _Analyser(schema, document, variables, NESTING_FACTOR * max_depth).run()


BYTES_PER_TOKEN = 800
"""What a parsed document takes in memory, a token of it (its tokens, nodes and locations): at most
~620 bytes over the shapes of documents measured (tests/graphql/test_limits.py)."""

BYTES_PER_CHARACTER = 12
"""What its text takes, a character (up to four bytes in the query and in each copy of a string)."""

BYTES_PER_DOCUMENT = 4096
"""What a kept document takes besides (the entry, the cache's own structures)."""


def reckoned_size(query: str, document: DocumentNode) -> int:
    """The memory a parsed document is reckoned to take, at most (see :data:`BYTES_PER_TOKEN`)."""
    tokens = 0
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        tokens += 1
        token = token.next
    return BYTES_PER_TOKEN * tokens + BYTES_PER_CHARACTER * len(query) + BYTES_PER_DOCUMENT


@dataclass
class Checked:
    """A valid document as parsed, and what validating it found (shared by every request sending it)."""

    document: DocumentNode
    size: int
    """the memory it is reckoned to take (:func:`reckoned_size`)"""
    analysis: Analysis | None = None
    """its cost and nesting, when they read no variable (else computed for each request)"""
    errors: dict[bool, tuple[tuple[type[ASTValidationRule], ...], list[GraphQLError]]] = field(default_factory=dict)
    """the validation errors with and without the depth and alias limiters, and the rules that found them"""


class DocumentCache:
    """Parsed documents and their validation by query text, the least recently used dropped first,
    their reckoned memory (:attr:`Checked.size`) within ``budget`` bytes; a budget of 0 keeps none.
    A document that does not validate is not kept (:meth:`drop`): only what clients send on
    purpose stays, not what fuzzers and attackers do."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[str, Checked] = OrderedDict()

    def get(self, query: str) -> Checked | None:
        entry = self.entries.get(query)
        if entry is not None:
            self.entries.move_to_end(query)
        return entry

    def add(self, query: str, document: DocumentNode) -> Checked:
        """The entry for ``document``, kept if it fits the budget (the oldest dropped to make room)."""
        if self.budget <= 0:
            return Checked(document, 0)
        entry = Checked(document, reckoned_size(query, document))
        if entry.size > self.budget:
            return entry
        self.drop(query)
        while self.entries and self.used + entry.size > self.budget:
            _, dropped = self.entries.popitem(last=False)
            self.used -= dropped.size
        self.entries[query] = entry
        self.used += entry.size
        return entry

    def drop(self, query: str) -> None:
        dropped = self.entries.pop(query, None)
        if dropped is not None:
            self.used -= dropped.size


class Limits:
    """The limits of one schema served with one set of settings, built once: the rules, the cost
    and depth figures, and the cache of checked documents. :class:`QueryLimits` applies them to
    each request."""

    def __init__(self, settings: Any) -> None:
        self.max_depth: int = settings.graphql_max_depth
        self.max_cost: int = settings.graphql_max_cost
        self.max_tokens: int = settings.graphql_max_tokens
        self.rules: tuple[type[ASTValidationRule], ...] = (ValueNesting,)
        if not settings.development:
            self.rules += (NoSchemaIntrospectionCustomRule,)
        self.guarded: tuple[type[ASTValidationRule], ...] = (
            *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
            *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        )
        self.documents = DocumentCache(settings.graphql_cache_mib * 1024 * 1024)

    def analysis(self, entry: Checked, schema: GraphQLSchema, variables: dict[str, Any] | None) -> Analysis:
        if entry.analysis is not None:
            return entry.analysis
        analysis = analyse_document(schema, entry.document, variables, self.max_depth)
        if not analysis.read_variables:
            entry.analysis = analysis
        return analysis

    def problems(self, analysis: Analysis) -> list[GraphQLError]:
        """The cost and nesting errors of a document (none for a safe one)."""
        errors: list[GraphQLError] = []
        if analysis.cut:
            limit = NESTING_FACTOR * self.max_depth
            errors.append(
                GraphQLError(
                    f"Query is nested too deeply: fields and fragments may nest at most {limit} levels.",
                    extensions={"code": "QUERY_TOO_DEEP", "limit": limit},
                )
            )
        for name, cost in analysis.costs.items():
            if cost > self.max_cost:
                shown = f"more than {_CAP}" if cost >= _CAP else str(cost)
                errors.append(
                    GraphQLError(
                        f"Query '{name}' is too costly: its estimated cost is {shown}, over the limit of "
                        f"{self.max_cost}. Ask for fewer items (`first`) or fewer nested lists.",
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": min(cost, _CAP), "limit": self.max_cost},
                    )
                )
        return errors

    def safe(self, analysis: Analysis) -> bool:
        """May the depth and alias limiters walk this document (see the module)?"""
        return analysis.sound and not analysis.cut and all(cost <= self.max_cost for cost in analysis.costs.values())

    def validate(
        self, entry: Checked, schema: GraphQLSchema, rules: tuple[type[ASTValidationRule], ...], safe: bool
    ) -> list[GraphQLError]:
        """The document's validation errors under ``rules`` and the limits' own (the depth and
        alias limiters only when ``safe``), validated once for as long as the entry is kept."""
        rules = (*rules, *self.rules, *(self.guarded if safe else ()))
        found = entry.errors.get(safe)
        if found is None or found[0] != rules:
            found = rules, validate_document(schema, entry.document, rules)
            entry.errors[safe] = found
        return found[1]


class QueryLimits(SchemaExtension):
    """The limits (:class:`Limits`) on one request: the parser's token limit, then the document
    parsed and validated once per text (:class:`DocumentCache`); its cost for this request's
    variables (a cost refused is reported first), and the depth and alias limiters behind the
    guard (see the module)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.entry: Checked | None = None

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.limits.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if context.graphql_document is None and query:
            self.entry = self.limits.documents.get(query)
            if self.entry is not None:
                context.graphql_document = self.entry.document
        yield
        if self.entry is None and query and context.graphql_document is not None:
            self.entry = self.limits.documents.add(query, context.graphql_document)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        entry = self.entry
        if entry is None and context.graphql_document is not None:  # a document not parsed here: not kept
            entry = Checked(context.graphql_document, 0)
        if entry is None or context.pre_execution_errors is not None:  # nothing to validate, or done
            yield
            return
        schema = context.schema._schema
        analysis = self.limits.analysis(entry, schema, context.variables)
        safe = self.limits.safe(analysis)
        errors = self.limits.validate(entry, schema, tuple(context.validation_rules), safe)
        if errors and context.query:
            self.limits.documents.drop(context.query)
        context.pre_execution_errors = [*([] if safe else self.limits.problems(analysis)), *errors]
        yield


def schema_extensions(
    settings: Any, limits: Limits | None = None
) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """The limits for a schema served with ``settings`` (``limits``, else made here), as factories
    (one extension per request)."""
    limits = limits or Limits(settings)
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [lambda: QueryLimits(limits)]
    if not settings.development:
        extensions.append(HideSuggestions)
    return extensions
