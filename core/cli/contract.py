"""The API as a contract with its clients (docs/clients.md): ``wushe schema`` prints the GraphQL
schema (SDL) that clients generate code from; ``wushe operations add|list`` keeps the registered
operations a production server may be held to."""

from pathlib import Path
from typing import Annotated

import typer
from graphql import GraphQLError

from core.cli.base import app, fail, installed_registry, out
from core.config import Settings
from core.errors import StartupError
from core.web.graphql.persisted import Operation, operations_of, problems_of, read_list, write_list
from core.web.graphql.schema import build_schema, sdl


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the SDL to this file instead of printing it")
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL) of the core and the installed plugins (WUSHE_PLUGINS: all when unset).

    Introspection is off in production: this is how a client gets the schema. The repository keeps the
    schema of every bundled plugin in schema/schema.graphql (`wushe schema -o schema/schema.graphql`)."""
    text = sdl(installed_registry())
    if output is None:
        print(text, end="")
        return
    output.write_text(text, encoding="utf-8")
    out.print(f"wrote the schema to {output}", highlight=False)


operations_app = typer.Typer(
    help="The registered operations a server may be held to (WUSHE_PERSISTED_OPERATIONS, docs/clients.md).",
    no_args_is_help=True,
)
app.add_typer(operations_app, name="operations")

ListOption = Annotated[
    Path | None,
    typer.Option("--list", "-l", help="the list file (default: WUSHE_PERSISTED_OPERATIONS)"),
]


def _list_path(given: Path | None) -> Path:
    configured = Settings().persisted_operations
    path = given or (Path(configured) if configured else None)
    if path is None:
        fail("name the list of operations: --list FILE, or WUSHE_PERSISTED_OPERATIONS")
    return path


@operations_app.command("add")
def add_operations(
    files: Annotated[list[Path], typer.Argument(help="GraphQL documents (.graphql): each operation with its fragments")],
    list_file: ListOption = None,
) -> None:
    """Add each operation of FILES to the list (created if missing), checked against the schema of the
    installed plugins; an operation of the same text is kept once. Restart the servers to serve it."""
    path = _list_path(list_file)
    try:
        listed = read_list(path) if path.exists() else {}
    except StartupError as error:
        fail(str(error))
    schema = build_schema(installed_registry())._schema
    added: list[Operation] = []
    for file in files:
        try:
            operations = operations_of(file.read_text(encoding="utf-8"), file.stem)
        except OSError as error:
            fail(f"{file}: cannot be read ({error.strerror})")
        except GraphQLError as error:
            fail(f"{file}: {error.message}")
        if not operations:
            fail(f"{file}: holds no operation")
        for operation in operations:
            found = problems_of(schema, operation)
            if found:
                fail(f"{file}: operation {operation.name!r} does not run on this schema: {'; '.join(found)}")
            added.append(operation)
    for operation in added:
        listed[operation.id] = operation
    write_list(path, listed)
    for operation in added:
        out.print(f"{operation.type} {operation.name} {operation.id}", highlight=False)
    out.print(f"{path}: {len(listed)} operations", highlight=False)


@operations_app.command("list")
def list_operations(list_file: ListOption = None) -> None:
    """Print the listed operations: type, name and SHA-256 hash."""
    path = _list_path(list_file)
    try:
        listed = read_list(path)
    except StartupError as error:
        fail(str(error))
    for operation in sorted(listed.values(), key=lambda op: (op.name, op.id)):
        out.print(f"{operation.type} {operation.name} {operation.id}", highlight=False)
