"""Settings, read from ``WUSHE_*`` environment variables (or passed in by tests)."""

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///wushe.db"


class Settings(BaseSettings):
    """``WUSHE_DATABASE_URL`` selects the database: a SQLite file by default, or PostgreSQL
    (``postgresql://user@host/db``); the right async driver is chosen from the scheme."""

    model_config = SettingsConfigDict(env_prefix="WUSHE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    env: Literal["development", "production"] = "production"
    secret_key: str | None = Field(
        default=None,
        description="token signing key; when unset, `wushe init` generates one and keeps it in the database",
    )
    token_ttl_seconds: int = Field(default=8 * 3600, gt=0)
    plugins: list[str] | None = Field(
        default=None, description="names of the installed plugins to load; all when unset"
    )
    echo_sql: bool = False

    @property
    def development(self) -> bool:
        return self.env == "development"
