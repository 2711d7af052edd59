"""The ``wushe`` command. Each module of this package adds its commands to the app of :mod:`.base`:
``platform`` (init, serve, token, demo, plugins, regions, reencrypt), ``users`` (user, login),
``permissions`` (role, assign, unassign, permissions, explain, audit), ``exports`` and ``summaries``."""

from core.cli import exports, permissions, platform, summaries, users
from core.cli.base import app

__all__ = ["app", "exports", "main", "permissions", "platform", "summaries", "users"]


def main() -> None:
    app()
