"""Settings, read from ``WUSHE_*`` environment variables (or passed in by tests)."""

import ipaddress
import os
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite:///wushe.db"


class Settings(BaseSettings):
    """``WUSHE_DATABASE_URL`` selects the database: a SQLite file by default, or PostgreSQL
    (``postgresql://user@host/db``); the right async driver is chosen from the scheme.
    ``WUSHE_OWNER_DATABASE_URL`` is the owner's connection to the same database, used only by
    ``wushe init`` (tables, triggers, grants to the application's role)."""

    model_config = SettingsConfigDict(env_prefix="WUSHE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    owner_database_url: str | None = Field(
        default=None,
        repr=False,
        description="the database as the owner of its tables, for `wushe init` only (PostgreSQL: the application's "
        "role in database_url then owns nothing and may not rewrite the audit log); database_url when unset",
    )
    database_read_url: str | None = Field(
        default=None,
        repr=False,
        description="PostgreSQL only: a read replica (a streaming standby) of database_url, as the application's role; "
        "GraphQL queries are answered from it through a pool of their own (docs/scaling.md)",
    )
    env: Literal["development", "production"] = "production"
    secret_key: str | None = Field(
        default=None,
        description="token signing key; when unset, `wushe init` generates one and keeps it in the database",
    )
    data_key: str | None = Field(
        default=None,
        repr=False,
        description="key that encrypts ID numbers and phones at rest (32 url-safe base64 bytes, a Fernet key); "
        "when unset, `wushe init` generates one and keeps it in the database",
    )
    data_keys: list[str] = Field(
        default_factory=list,
        repr=False,
        description="more data keys, newest first (a JSON list): the first key (WUSHE_DATA_KEY if set) encrypts, "
        "any of them decrypts; for key rotation",
    )
    index_key: str | None = Field(
        default=None,
        repr=False,
        description="key of the blind index of ID numbers (uniqueness, exact match); the oldest data key when unset",
    )
    token_ttl_seconds: int = Field(default=8 * 3600, gt=0, description="lifetime of tokens from login and `wushe token`")
    service_token_max_days: int = Field(
        default=365, gt=0, description="the longest lifetime an administrator may give a service token"
    )
    plugins: list[str] | None = Field(
        default=None, description="names of the installed plugins to load; all when unset"
    )
    echo_sql: bool = False

    # Serving (docs/operators.md, "Workers, connections and memory")
    workers: int = Field(
        default=1, ge=1,
        description="worker processes `wushe serve` starts (each with its own connections, caches and rate-limit counts)",
    )
    worker_sockets: Literal["own", "shared"] = Field(
        default="own",
        description="with several workers: `own`, each worker listens on a socket of its own (SO_REUSEPORT), the "
        "kernel spreading new connections over them by a hash of their addresses; `shared`, one socket for all, "
        "whichever worker wakes first taking every connection waiting (uvicorn's way)",
    )
    database_pool_size: int = Field(
        default=20, ge=1, description="database connections each worker keeps open once it has opened them"
    )
    database_max_overflow: int = Field(
        default=10, ge=0,
        description="connections a worker may open beyond the pool at busy moments, closed again when returned; "
        "more requests than both wait for a connection",
    )
    database_pool_timeout: float = Field(
        default=30, gt=0,
        description="seconds a request waits for a connection when the pool and the overflow are all taken, then is "
        "answered 503 DATABASE_BUSY",
    )
    sqlite_synchronous: Literal["normal", "full"] = Field(
        default="normal",
        description="SQLite in WAL mode: normal, each commit written to the log and the log synced at checkpoints (the "
        "last commits may be lost to a power cut, never the file), or full, each commit waits for the disk's sync",
    )
    gc_threshold: list[int] = Field(
        default_factory=lambda: [2000, 10, 10],
        description="the garbage collector's thresholds in each worker (Python's gc.set_threshold, a JSON list of "
        "one to three numbers); what start-up built is frozen out of collections in any case",
    )

    # Operations (docs/operators.md, "Health, readiness, logs and metrics")
    log_format: Literal["json", "text"] = Field(
        default="json",
        description="`wushe serve`'s log lines: one JSON object a line (request id, user id, operation, status, time; "
        "never personal data), or plain text for a terminal",
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    metrics: bool = Field(default=True, description="serve Prometheus metrics at GET /metrics")
    metrics_token: str | None = Field(
        default=None, repr=False,
        description="when set, GET /metrics needs `Authorization: Bearer <this>`; when unset, restrict /metrics at the proxy",
    )
    worker_start_seconds: int = Field(
        default=120, ge=1,
        description="how long `wushe serve --workers N` waits for a worker to start answering before it replaces it "
        "(importing the platform takes seconds, more on a loaded machine; uvicorn's own 5 s killed every worker there)",
    )
    shutdown_grace_seconds: int = Field(
        default=30, ge=0,
        description="on SIGTERM, how long `wushe serve` lets requests in progress finish before it closes their connections",
    )

    # GraphQL and HTTP limits (docs/operators.md, SECURITY.md items 7-9)
    graphql_max_depth: int = Field(default=12, gt=0, description="deepest nesting of fields in one operation")
    graphql_max_aliases: int = Field(default=30, ge=0, description="most aliased fields in one document")
    graphql_max_tokens: int = Field(default=5000, gt=0, description="most tokens in one document; the parser stops there")
    graphql_max_cost: int = Field(
        default=2_000_000, gt=0,
        description="highest estimated cost of an operation: 1 a field, a list's contents times its `first` (or 50)",
    )
    graphql_cache_mib: int = Field(
        default=16, ge=0,
        description="memory (MiB, reckoned from the query texts) for the parsed and validated documents each worker keeps, "
        "the least recently used dropped first; 0 parses and validates every request afresh",
    )
    graphql_max_batch: int = Field(
        default=10, ge=0, description="most operations in one batched request (a JSON list); 0 turns batching off"
    )
    persisted_operations: str | None = Field(
        default=None,
        description="a file of registered operations (Apollo's persisted query manifest, JSON; `wushe operations add` "
        "writes it): clients may send an operation's SHA-256 hash instead of its text; checked against the schema at start",
    )
    persisted_operations_only: bool = Field(
        default=False,
        description="run only the operations of persisted_operations, by text or by hash; refuse every other document "
        "(code OPERATION_NOT_LISTED). For production, once the clients' operations are registered",
    )
    max_body_bytes: int = Field(default=1024 * 1024, gt=0, description="largest request body; a bigger one gets 413")
    import_max_bytes: int = Field(
        default=20 * 1024 * 1024, gt=0, description="largest file uploaded to POST /import/{kind}; a bigger one gets 413"
    )
    rate_limit_per_minute: int = Field(
        default=600, ge=0, description="requests a minute from one client address (not /health); 0 turns it off"
    )
    rate_limit_store: Literal["auto", "memory", "database"] = Field(
        default="auto",
        description="where the rate limit counts: `memory`, each worker on its own; `database`, shared by the workers "
        "through PostgreSQL (core.web.shared_rate_limit); `auto`, the database on PostgreSQL with several workers, "
        "memory otherwise",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="IPs or CIDR networks of the reverse proxies whose X-Forwarded-For is believed (a JSON list); none by default",
    )

    # Sign-in throttling (docs/operators.md, "Sign-in throttling")
    sign_in_account_failures: int = Field(
        default=5, gt=0, description="failed sign-ins for one username within the window before it is locked"
    )
    sign_in_address_failures: int = Field(
        default=50, gt=0, description="failed sign-ins from one client address within the window before it is locked"
    )
    sign_in_window_seconds: int = Field(default=3600, gt=0, description="the window failed sign-ins are counted in")
    sign_in_lock_seconds: int = Field(
        default=60, gt=0, description="the first lock; each further lock of the same username or address lasts twice as long"
    )
    sign_in_lock_max_seconds: int = Field(
        default=86400, gt=0,
        description="the longest lock; a username or address this long without a failure or a lock starts afresh",
    )
    sign_in_concurrency: int = Field(
        default_factory=lambda: os.cpu_count() or 1, gt=0,
        description="password checks (argon2) run at once per process; the others wait their turn (one per CPU)",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        try:
            return [str(ipaddress.ip_network(item.strip(), strict=False)) for item in value]
        except ValueError as error:
            raise ValueError(f"trusted_proxies: {error}") from None

    @field_validator("gc_threshold")
    @classmethod
    def _thresholds(cls, value: list[int]) -> list[int]:
        if not 1 <= len(value) <= 3:
            raise ValueError(f"gc_threshold: one to three numbers (as gc.set_threshold takes them), not {len(value)}")
        if value[0] < 1:
            raise ValueError("gc_threshold: the first number must be at least 1 (0 turns automatic collection off)")
        if any(number < 1 for number in value[1:]):
            raise ValueError("gc_threshold: every number must be at least 1")
        return value

    @model_validator(mode="after")
    def _listed_only_with_a_list(self) -> "Settings":
        if self.persisted_operations_only and not self.persisted_operations:
            raise ValueError("persisted_operations_only: name the list of operations in WUSHE_PERSISTED_OPERATIONS")
        return self

    @model_validator(mode="after")
    def _replica_of_postgresql(self) -> "Settings":
        if self.database_read_url is None:
            return self
        try:
            read, primary = make_url(self.database_read_url), make_url(self.database_url)
        except ArgumentError as error:
            raise ValueError(f"database_read_url: not a database URL ({error})") from None
        if read.get_backend_name() != "postgresql" or primary.get_backend_name() != "postgresql":
            raise ValueError("database_read_url: read replicas are for PostgreSQL only: both it and database_url "
                             "must be postgresql://… URLs (SQLite has no replicas; unset it)")
        if read.username != primary.username:
            raise ValueError(f"database_read_url: connect as the application's role, the user of database_url "
                             f"({primary.username!r}), not {read.username!r}: a standby has the primary's roles, and "
                             "that one is checked at start and bound by row-level security")
        if _plain(read) == _plain(primary):
            raise ValueError("database_read_url: it is database_url itself; name a replica (a standby server), "
                             "or unset it to read from the primary")
        return self

    @property
    def development(self) -> bool:
        return self.env == "development"


def _plain(url: URL) -> str:
    """A database URL as one string, the driver left out: ``postgresql+psycopg://`` is ``postgresql://``."""
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=False)
