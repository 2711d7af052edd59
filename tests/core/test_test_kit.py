"""The test kit's copies of initialised databases (core/testing/databases.py) stand for ``init``: the
template a test gets is keyed by every setting ``init`` reads, and by no other."""

from typing import Any

from core.platform import Platform
from core.testing import settings_for_database
from core.testing.databases import INIT_SETTINGS

WHERE = {"database_url", "owner_database_url", "database_pool_size", "database_max_overflow"}
"""Where the database is and how many connections reach it: the same data whatever they are."""


class Reading:
    """Settings that note each one read."""

    def __init__(self, settings: Any) -> None:
        object.__setattr__(self, "settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self.settings, name)


async def test_init_reads_no_setting_the_templates_are_not_keyed_by(database_url):
    platform = Platform.create(settings_for_database(database_url))
    reading = Reading(platform.settings)
    platform.settings = reading  # type: ignore[assignment]
    try:
        await platform.init()
    finally:
        await platform.dispose()
    assert reading.read & INIT_SETTINGS, "the recording saw none of the keys init stores"
    assert reading.read - WHERE <= INIT_SETTINGS
