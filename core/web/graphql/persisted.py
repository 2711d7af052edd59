"""Persisted operations (docs/clients.md): operations sent by their SHA-256 hash instead of their
text, and a list of registered operations that a production server may be held to.

- **Automatic persisted queries**, Apollo's protocol: a request carrying
  ``extensions: {persistedQuery: {version: 1, sha256Hash}}`` and no ``query`` runs the document of
  that hash, if the server knows it; otherwise the answer is the error ``PersistedQueryNotFound``
  (code ``PERSISTED_QUERY_NOT_FOUND``) and the client sends the hash with the text, which the server
  checks against the hash and keeps (:class:`Remembered`, ``graphql_cache_mib``) once it validates.
- **Registered operations** (``persisted_operations``): a file of documents by hash, in the format of
  Apollo's persisted query manifest (``wushe operations add`` writes it), each one operation and the
  fragments it uses as graphql-core prints them. Each is parsed and validated against the schema at
  start-up. With ``persisted_operations_only`` every other document is refused (code
  ``OPERATION_NOT_LISTED``), whether sent as text or by hash, in a batch or alone, and nothing is
  remembered. A text is listed when its hash is, or when it is a listed operation written otherwise
  (other spaces, line breaks, commas, comments): the same document once parsed and printed, as a
  generated client's indented strings are (:meth:`Persisted.listed_text`).

The check is a schema extension (:class:`PersistedOperations`), so it sees every operation that
reaches the schema: each operation of a batch, and any other transport. Parsing and validation are
then kept per document text by :mod:`.limits`, as for any document.
"""

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    print_ast,
    validate,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from core.errors import StartupError

MANIFEST_FORMAT = "apollo-persisted-query-manifest"
APQ_VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_LISTED = "OPERATION_NOT_LISTED"
BAD_HASH = "PERSISTED_QUERY_HASH_MISMATCH"
BAD_EXTENSION = "PERSISTED_QUERY_INVALID"

NOT_LISTED_MESSAGE = ("This server runs registered operations only, and this document is not one of them "
                      "(send the text or the SHA-256 hash of an operation in its list).")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Operation:
    """One registered operation: its document as clients send it, by the SHA-256 hash of that text."""

    name: str
    type: str
    """query, mutation or subscription"""
    body: str

    @property
    def id(self) -> str:
        return sha256(self.body)


class _Spreads(Visitor):
    """The names of the fragments a node spreads."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.names.append(node.name.value)


def _used_fragments(operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]) -> list[str]:
    """The names of the fragments ``operation`` spreads, directly or through other fragments."""
    used: list[str] = []
    pending: list[OperationDefinitionNode | FragmentDefinitionNode] = [operation]
    while pending:
        spreads = _Spreads()
        visit(pending.pop(), spreads)
        for name in spreads.names:
            if name not in used and name in fragments:
                used.append(name)
                pending.append(fragments[name])
    return sorted(used)


def operations_of(text: str, default_name: str) -> list[Operation]:
    """Each operation of a document as a client sends it: the operation and the fragments it uses,
    printed by graphql-core (as Apollo's manifest generator prints them)."""
    return _printed(parse(text), default_name)


def _printed(document: DocumentNode, default_name: str) -> list[Operation]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    out = []
    for operation in operations:
        used = [fragments[name] for name in _used_fragments(operation, fragments)]
        body = print_ast(DocumentNode(definitions=(operation, *used)))
        name = operation.name.value if operation.name else default_name
        out.append(Operation(name=name, type=operation.operation.value, body=body))
    return out


def read_list(path: Path) -> dict[str, Operation]:
    """The operations of a list file by hash; a StartupError naming the file and the problem."""
    where = f"persisted_operations {str(path)!r}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise StartupError(f"{where}: cannot be read ({error.strerror})") from None
    except ValueError as error:
        raise StartupError(f"{where}: is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or data.get("version") != 1:
        raise StartupError(f'{where}: must be a JSON object with "format": "{MANIFEST_FORMAT}", "version": 1')
    listed: dict[str, Operation] = {}
    for index, entry in enumerate(data.get("operations") or []):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("id", "name", "type", "body")):
            raise StartupError(f"{where}: operation {index} must have the strings id, name, type and body")
        operation = Operation(name=entry["name"], type=entry["type"], body=entry["body"])
        if entry["id"] != operation.id:
            raise StartupError(f"{where}: operation {entry['name']!r}: its id is not the SHA-256 of its body "
                               f"({operation.id})")
        listed[operation.id] = operation
    return listed


def write_list(path: Path, operations: Mapping[str, Operation]) -> None:
    entries = [{"id": op.id, "name": op.name, "type": op.type, "body": op.body}
               for op in sorted(operations.values(), key=lambda op: (op.name, op.id))]
    text = json.dumps({"format": MANIFEST_FORMAT, "version": 1, "operations": entries}, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def problems_of(schema: GraphQLSchema, operation: Operation) -> list[str]:
    """Why ``operation`` does not run on ``schema`` (its parse or validation errors); empty when it does."""
    try:
        document = parse(operation.body)
    except GraphQLError as error:
        return [error.message]
    return [error.message for error in validate(schema, document)]


class Remembered:
    """Documents registered by clients through the protocol, by hash, the least recently used
    dropped first once their text passes ``budget`` bytes (0 keeps none)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.texts: OrderedDict[str, str] = OrderedDict()

    def get(self, hash_: str) -> str | None:
        text = self.texts.get(hash_)
        if text is not None:
            self.texts.move_to_end(hash_)
        return text

    def add(self, hash_: str, text: str) -> None:
        size = len(text.encode("utf-8"))
        if size > self.budget or hash_ in self.texts:
            return
        while self.texts and self.used + size > self.budget:
            _, dropped = self.texts.popitem(last=False)
            self.used -= len(dropped.encode("utf-8"))
        self.texts[hash_] = text
        self.used += size


CANONICAL_KEPT = 4096
"""Texts whose printed form was looked up, kept by hash (two hashes each) so as not to parse them again."""


class Persisted:
    """The persisted operations of one app: the registered list, the remembered ones, the mode."""

    def __init__(self, listed: Mapping[str, Operation], *, only_listed: bool, budget: int, max_tokens: int = 5000) -> None:
        self.listed = dict(listed)
        self.only_listed = only_listed
        self.remembered = Remembered(0 if only_listed else budget)
        self.max_tokens = max_tokens
        self.canonical: OrderedDict[str, bool] = OrderedDict()

    def listed_text(self, text: str) -> bool:
        """Is ``text`` a listed operation: its hash listed, or once parsed and printed (one operation,
        then the fragments it uses by name) a listed body? A text that does not parse is not."""
        hash_ = sha256(text)
        if hash_ in self.listed:
            return True
        found = self.canonical.get(hash_)
        if found is None:
            try:
                document = parse(text, no_location=True, max_tokens=self.max_tokens)
            except GraphQLError:
                return False
            operations = _printed(document, "op")
            found = bool(operations) and all(op.id in self.listed for op in operations)
            self.canonical[hash_] = found
            if len(self.canonical) > CANONICAL_KEPT:
                self.canonical.popitem(last=False)
        else:
            self.canonical.move_to_end(hash_)
        return found

    @classmethod
    def from_settings(cls, settings: Any) -> "Persisted":
        """From ``persisted_operations`` (read, not yet checked: :meth:`check`) and ``persisted_operations_only``."""
        listed = read_list(Path(settings.persisted_operations)) if settings.persisted_operations else {}
        return cls(listed, only_listed=settings.persisted_operations_only,
                   budget=settings.graphql_cache_mib * 1024 * 1024, max_tokens=settings.graphql_max_tokens)

    def check(self, schema: GraphQLSchema) -> None:
        """A StartupError naming the first listed operation that does not run on ``schema``."""
        for operation in self.listed.values():
            found = problems_of(schema, operation)
            if found:
                raise StartupError(f"persisted_operations: operation {operation.name!r} ({operation.id[:12]}…) "
                                   f"does not run on this schema: {'; '.join(found)}")

    def text_of(self, hash_: str) -> str | None:
        operation = self.listed.get(hash_)
        if operation is not None:
            return operation.body
        return None if self.only_listed else self.remembered.get(hash_)

    def fill(self, data: Any) -> Any:
        """A request body (an operation or a batch) with the text of each operation sent by a known
        hash alone put in its ``query`` (so that checks of the whole batch read every document)."""
        for item in data if isinstance(data, list) else [data]:
            hash_ = _requested_hash(item.get("extensions")) if isinstance(item, dict) else None
            if hash_ is not None and item.get("query") is None:
                text = self.text_of(hash_)
                if text is not None:
                    item["query"] = text
        return data


def _requested_hash(extensions: Any) -> str | None:
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if not isinstance(persisted, dict):
        return None
    hash_ = persisted.get("sha256Hash")
    return hash_ if isinstance(hash_, str) else None


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class PersistedOperations(SchemaExtension):
    """Each operation's document: from its hash, checked against its hash, and, when the app serves
    listed operations only, refused unless listed (see the module)."""

    def __init__(self, persisted: Persisted) -> None:
        self.persisted = persisted
        self.remember: str | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        extensions = context.operation_extensions or {}
        if "persistedQuery" in extensions:
            persisted = extensions["persistedQuery"]
            hash_ = _requested_hash(extensions)
            if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
                raise _error(f"extensions.persistedQuery: give version {APQ_VERSION} and sha256Hash", BAD_EXTENSION)
            if hash_ is None or not _HASH.fullmatch(hash_):
                raise _error("extensions.persistedQuery.sha256Hash: 64 lowercase hexadecimal digits, the SHA-256 "
                             "of the document's text", BAD_EXTENSION)
            if query is None:
                query = self.persisted.text_of(hash_)
                if query is None:
                    raise _error("PersistedQueryNotFound", NOT_FOUND)
                context.query = query
            elif sha256(query) != hash_:
                raise _error("provided sha does not match query: extensions.persistedQuery.sha256Hash is not "
                             "the SHA-256 of the query's text", BAD_HASH)
            elif hash_ not in self.persisted.listed and not self.persisted.only_listed:
                self.remember = hash_
        if self.persisted.only_listed and query is not None and not self.persisted.listed_text(query):
            raise _error(NOT_LISTED_MESSAGE, NOT_LISTED)
        yield

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if self.remember is not None and context.query and not context.pre_execution_errors:
            self.persisted.remembered.add(self.remember, context.query)
