"""The API as a contract with its clients: ``wushe schema`` prints the GraphQL schema (SDL) that
clients generate code from (docs/clients.md)."""

from pathlib import Path
from typing import Annotated

import typer

from core.cli.base import app, installed_registry, out
from core.web.graphql.schema import sdl


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
