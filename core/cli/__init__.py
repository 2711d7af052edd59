"""The ``wushe`` command. Each module of this package adds its commands to the app of :mod:`.base`:
``platform`` (init, serve, token, demo, plugins, regions, reencrypt), ``migrate`` (upgrade, downgrade,
current, check, history, revision: the schema's migrations), ``users`` (user, login),
``permissions`` (role, assign, unassign, permissions, explain, audit), ``exports``, ``summaries``,
``organizations`` (org add-member, remove-member, members), ``hours`` (record, correct, certificate,
verify: the volunteer-hours ledger), ``funds`` (fund donate, grant, statement, receipt, verify: community
funds' money), ``credits`` (the time bank and points: deposit, withdraw, earn, award, exchange, convert,
balance, programmes), ``demands`` (the three lists and matching: demands
add|list|match|proposals|accept|decline|start|feedback|withdraw, resources add, projects add), ``outbox`` (outbox deliver),
``procedures`` (the case types, as Markdown), ``recording`` (who may record what, as Markdown) and
``imports`` (import volunteers, organizations, workers and regions; templates) and ``contract`` (schema:
the GraphQL schema clients generate code from) and ``scaffold`` (plugin new: a new plugin's package)."""

from core.cli import (
    contract,
    credits,
    demands,
    exports,
    funds,
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

__all__ = ["app", "contract", "credits", "demands", "exports", "funds", "hours", "imports", "main", "migrate",
           "organizations", "outbox", "permissions", "platform", "procedures",
           "recording", "scaffold", "summaries", "users"]


def main() -> None:
    app()
