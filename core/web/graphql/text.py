"""Every string a client sends is checked once, before any resolver runs: storable text only.

A NUL (U+0000) cannot be stored by PostgreSQL (text or jsonb) and an unpaired surrogate cannot
be encoded as UTF-8: either one in a name, a filter, a path or form data once failed in the
driver, as "Unexpected error.". The other control characters are refused with them (see
:func:`core.validators.text_problem`); tab, line feed and carriage return stay allowed here, for
descriptions and form texts, and single-line names refuse them in their own field type.

:class:`StorableText` walks the arguments of every field of the operation (literal or from
variables, coerced as the resolvers will get them), into input objects, lists and JSON values,
keys included. So every current and future string argument is covered, a plugin's too. A bad
value refuses the whole request before anything runs, with errors that name the argument
(dotted into input objects and JSON: ``input.name``, ``data.venue``) like the field errors do.
"""

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLInputType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    Visitor,
    get_nullable_type,
    get_operation_ast,
    is_input_object_type,
    is_list_type,
    visit,
)
from graphql.execution import ExecutionResult
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_variable_values,
)
from strawberry.extensions import SchemaExtension

from core.validators import text_problem

MAX_PROBLEMS = 10


def _values(value: Any, type_: GraphQLInputType | None, path: str) -> Iterator[tuple[str, Any]]:
    """Every string in a coerced argument value (JSON keys too, as ``(path, key)``), with its path.

    Iterative, so that JSON nested however deep cannot exhaust the stack."""
    stack: list[tuple[Any, GraphQLInputType | None, str]] = [(value, type_, path)]
    while stack:
        value, type_, path = stack.pop()
        if value is None or value is Undefined:
            continue
        kind = get_nullable_type(type_) if type_ is not None else None
        if isinstance(value, str):
            yield path, value
        elif kind is not None and is_input_object_type(kind) and isinstance(value, dict):
            stack.extend((value[name], field.type, f"{path}.{name}") for name, field in kind.fields.items() if name in value)
        elif isinstance(value, dict):  # a JSON object: its keys are data too
            for key, item in value.items():
                if isinstance(key, str):
                    yield path, key
                stack.append((item, None, f"{path}.{key}"))
        elif isinstance(value, list | tuple):
            inner = kind.of_type if kind is not None and is_list_type(kind) else None
            stack.extend((item, inner, path) for item in value)


class _Arguments(Visitor):
    def __init__(self, type_info: TypeInfo, variables: VariableValues, problems: list[GraphQLError]) -> None:
        super().__init__()
        self.type_info, self.variables, self.problems = type_info, variables, problems

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        field: GraphQLField | None = self.type_info.get_field_def()
        if field is None or not node.arguments or len(self.problems) >= MAX_PROBLEMS:
            return None
        try:
            arguments = get_argument_values(field, node, self.variables)
        except GraphQLError:
            return None  # execution reports it
        for name, value in arguments.items():
            for path, text in _values(value, field.args[name].type, name):
                problem = text_problem(text)
                if problem is not None and len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(
                        GraphQLError(f"{path}: {problem}", node, extensions={"code": "INVALID", "field": path})
                    )
        return None


def text_problems(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    """The strings of the operation's arguments that are not storable text, as errors naming them."""
    return _walked(schema, document, operation_name, variables) or []


def _walked(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> list[GraphQLError] | None:
    """:func:`text_problems`, or None when nothing was walked (no such operation, or variables that
    do not coerce: execution reports them)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return None
    problems: list[GraphQLError] = []
    definitions: list[OperationDefinitionNode | FragmentDefinitionNode] = [operation]
    definitions += [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    for definition in definitions:
        type_info = TypeInfo(schema)
        visit(definition, TypeInfoVisitor(type_info, _Arguments(type_info, coerced, problems)))
    return problems


def _plain(value: Any) -> bool:
    """Whether every string in a variables' JSON value (keys too) is storable text. Iterative."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if text_problem(value) is not None:
                return False
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and text_problem(key) is not None:
                    return False
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return True


def _defaults(operation: OperationDefinitionNode) -> Iterator[str]:
    """The strings of the operation's variables' default values (literals a request may fall back on)."""
    stack: list[Any] = [d.default_value for d in operation.variable_definitions or () if d.default_value is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, StringValueNode):
            yield node.value
        elif isinstance(node, ListValueNode):
            stack.extend(node.values)
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                yield field.name.value
                stack.append(field.value)


class Clean:
    """The operations whose literal strings were found clean, by document: a parsed document is kept
    and sent again by :mod:`core.web.graphql.limits`, so each is walked once. Afterwards only the
    request's variables are read, string by string, as sent (every string an argument gets from a
    variable comes from them; scalars make numbers and dates, not strings); the operation is walked
    again, for errors that name the argument, only when one of them is not storable text. Each entry
    holds its document, so that its ``id`` is not reused while it is kept; the least recently used
    dropped past ``size``. An operation with problems, whose variables did not coerce (nothing was
    walked) or with a default value that is not storable text, is not kept."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[int, str | None], DocumentNode] = OrderedDict()

    def problems(self, schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                 variables: dict[str, Any] | None) -> list[GraphQLError]:
        key = (id(document), operation_name)
        if self.entries.get(key) is document:
            self.entries.move_to_end(key)
            if _plain(variables or {}):
                return []
            return text_problems(schema, document, operation_name, variables)
        problems = _walked(schema, document, operation_name, variables)
        if problems is None:
            return []
        operation = get_operation_ast(document, operation_name)
        if not problems and operation is not None and all(text_problem(d) is None for d in _defaults(operation)):
            self.entries[key] = document
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return problems


class StorableText(SchemaExtension):
    """Refuses an operation with a string argument that is not storable text (see the module)."""

    def __init__(self, clean: Clean | None = None) -> None:
        self.clean = clean or Clean(size=0)

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            problems = self.clean.problems(context.schema._schema, context.graphql_document, context.operation_name,
                                           context.variables)
            if problems:
                context.result = ExecutionResult(data=None, errors=problems)
        yield
