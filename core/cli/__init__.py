"""The ``wushe`` command. Each module of this package adds its commands to the app of :mod:`.base`:
``platform`` (init, serve, token, demo, plugins, regions, reencrypt), ``migrate`` (upgrade, downgrade,
current, check, history, revision: the schema's migrations), ``users`` (user, login),
``permissions`` (role, assign, unassign, permissions, explain, audit), ``exports``, ``summaries``,
``organizations`` (org add-member, remove-member, members), ``hours`` (record, correct, certificate,
verify: the volunteer-hours ledger), ``outbox`` (outbox deliver),
``procedures`` (the case types, as Markdown), ``recording`` (who may record what, as Markdown) and
``imports`` (import volunteers, organizations, workers and regions; templates) and ``contract`` (schema:
the GraphQL schema clients generate code from) and ``scaffold`` (plugin new: a new plugin's package)."""

from core.cli import (
    contract,
    exports,
    hours,
    imports,
    migrate,
    organizations,
    outbox,
    permissions,
    platform,
    procedures,
    recording,
    scaffold,
    summaries,
    users,
)
from core.cli.base import app

__all__ = ["app", "contract", "exports", "hours", "imports", "main", "migrate", "organizations", "outbox", "permissions", "platform", "procedures",
           "recording", "scaffold", "summaries", "users"]


def main() -> None:
    app()
