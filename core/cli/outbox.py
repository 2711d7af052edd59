"""The outbox from the shell: outbox deliver (hand pending notifications to the delivery plugins)."""

from typing import Annotated

import typer

from core.cases import outbox
from core.cli.base import DatabaseOption, app, open_platform, out, run, settings_for

outbox_app = typer.Typer(help="Notifications waiting to leave the platform (SMS, WeChat …).", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")


@outbox_app.command("deliver")
def deliver(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="stop after this many delivery attempts")] = 100,
    database: DatabaseOption = None,
) -> None:
    """Hand pending messages, oldest first, to the delivery plugins (deliver_notification); each in its
    own transaction. Failed ones are kept and tried again next time."""
    platform = open_platform(settings_for(database))

    async def work() -> tuple[outbox.DeliveryCounts, int]:
        try:
            counts = await outbox.deliver(platform.sessions, platform.pm, limit)
            return counts, await outbox.pending(platform.sessions)
        finally:
            await platform.dispose()

    counts, left = run(work)
    out.print(f"{counts.delivered} delivered, {counts.failed} failed, {counts.untaken} taken by no plugin, "
              f"{left} pending", highlight=False)
