"""Synthetic demo data (``wushe demo``), kept apart from the runtime code: nothing else imports it
but the CLI."""
