"""At most one password check per request: one ``login`` or ``changePassword``, never more.

Each is an argon2 check (a good fraction of a CPU second) and a guess; aliases
(``a: login(…) b: login(…)``), fragments that repeat them, several operations in one document
and batched requests would otherwise buy many for the price of one request. A document that asks
for more than one is refused at validation, before anything runs (:class:`OnePasswordCheck`);
a batch whose operations together ask for more than one is refused with 400 before any of them
runs (:func:`refuse_batch`).
"""

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    parse,
)
from strawberry.extensions import SchemaExtension
from strawberry.http.base import HTTPException

PASSWORD_FIELDS = frozenset({"login", "changePassword"})
"""Root mutation fields that check a password."""

TOO_MANY = (
    "A request may check at most one password: this one asks for more than one login or changePassword "
    "(aliases, repeated fragments, several operations and batched operations all count). Send one."
)


def password_checks(document: DocumentNode) -> int:
    """How many password fields the document's operations ask for, every spread of a fragment
    counted (at most 2: more makes no difference). Fragments are visited once each at most per
    path, and a fragment spreading itself is not followed (validation reports it)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    memo: dict[str, int] = {}

    def count(selection_set: SelectionSetNode, active: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += selection.name.value in PASSWORD_FIELDS
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set, active)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in active:
                    continue
                if name not in memo:
                    memo[name] = count(fragment.selection_set, active | {name})
                total += memo[name]
            if total > 1:
                return 2
        return total

    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total = min(2, total + count(definition.selection_set, frozenset()))
    return total




class OnePasswordRule(ValidationRule):
    """A document asking for more than one password check is invalid."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        if password_checks(context.document) > 1:
            context.report_error(GraphQLError(TOO_MANY, extensions={"code": "TOO_MANY_PASSWORD_CHECKS", "limit": 1}))


class OnePasswordCheck(SchemaExtension):
    """Refuse, at validation, a document asking for more than one password check. The rule is
    the same class on every request, so that a validated document is kept (:mod:`.limits`)."""

    def on_operation(self) -> Iterator[None]:
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, OnePasswordRule)
        yield


def refuse_batch(data: Any, *, max_tokens: int) -> None:
    """Raise 400 if the operations of a batch (a JSON list) ask for more than one password check
    together. Documents that do not parse are left to the GraphQL layer, which reports them."""
    if not isinstance(data, list) or len(data) < 2:
        return
    total = 0
    for item in data:
        query = item.get("query") if isinstance(item, dict) else None
        if not isinstance(query, str) or not any(name in query for name in PASSWORD_FIELDS):
            continue
        try:
            document = parse(query, no_location=True, max_tokens=max_tokens)
        except GraphQLError:
            continue
        total += password_checks(document)
        if total > 1:
            raise HTTPException(400, TOO_MANY)
