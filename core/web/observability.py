"""What an operator watches: a request id on every request, one log line per request, Prometheus
metrics at ``GET /metrics`` and readiness at ``GET /ready`` (docs/operators.md, "Health, readiness,
logs and metrics").

- **Request id**: the client's ``X-Request-ID`` when it is a plain token (letters, digits, ``._-``,
  at most 64), a new one otherwise; sent back in the response's ``X-Request-ID`` and put on every log
  line written while the request runs (:class:`RequestIdFilter`).
- **Log line** (logger ``wushe.access``): method, path, status, milliseconds, the GraphQL operation's
  name and the user's id — never a username, a token, a query's variables or anything a resident
  could be known by.
- **Metrics**, each app its own registry (``wushe serve --workers N`` sums the workers' through
  ``PROMETHEUS_MULTIPROC_DIR``): requests by method, route and status; latency histograms by route;
  GraphQL operations by name (at most :data:`MAX_OPERATION_NAMES` names, the rest counted as
  ``other``) and outcome; the database pool; the summaries' maintenance.
"""

import contextvars
import logging
import os
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from strawberry.extensions import SchemaExtension

from core import clock, migrations
from core.indicators import summary
from core.platform import Platform

REQUEST_ID_HEADER = b"x-request-id"
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_OPERATION_NAMES = 200
"""Distinct GraphQL operation names a worker labels metrics with; any further one counts as ``other``
(a client naming every request afresh must not grow the metrics without end)."""
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNROUTED = "unrouted"

access_log = logging.getLogger("wushe.access")


@dataclass
class RequestRecord:
    """What one request's log line and metrics say, filled in while it runs."""

    request_id: str
    operation: str | None = None
    errors: bool = False


current: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar("wushe_request", default=None)


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        running = current.get()
        record.request_id = running.request_id if running is not None else "-"
        return True


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            text = value.decode("latin-1")
            if _TOKEN.match(text):
                return text
            break
    return secrets.token_hex(16)


class OperationName(SchemaExtension):
    """Tells the request's record the GraphQL operation's name, and whether it answered with errors."""

    def on_operation(self) -> Any:
        yield
        running = current.get()
        if running is not None:
            context = self.execution_context
            running.errors = running.errors or bool(
                context.pre_execution_errors or getattr(context.result, "errors", None)
            )
            try:  # a document that did not parse has no operation: then it is named by none
                running.operation = context.operation_name or context.operation_type.value
            except Exception:
                running.operation = running.operation or "unparsed"


@dataclass
class Metrics:
    """One app's metrics. In a process started with ``PROMETHEUS_MULTIPROC_DIR`` (``wushe serve
    --workers N``) the values go to that folder and a scrape of any worker reads them all."""

    platform: Platform
    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=True))
    operation_names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter("wushe_http_requests", "HTTP requests answered", ("method", "route", "status"), registry=r)
        self.latency = Histogram("wushe_http_request_duration_seconds", "Time to answer a request, by route",
                                 ("method", "route"), buckets=LATENCY_BUCKETS, registry=r)
        self.in_progress = Gauge("wushe_http_requests_in_progress", "Requests being answered", registry=r,
                                 multiprocess_mode="livesum")
        self.operations = Counter("wushe_graphql_operations", "GraphQL operations by name and outcome",
                                  ("operation", "outcome"), registry=r)
        self.pool_in_use = Gauge("wushe_db_pool_checked_out", "Database connections in use by requests",
                                 registry=r, multiprocess_mode="livesum")
        self.pool_size = Gauge("wushe_db_pool_size", "Database connections the pool keeps", registry=r,
                               multiprocess_mode="livesum")
        self.read_pool_in_use = Gauge("wushe_db_read_pool_checked_out", "Read replica connections in use by requests "
                                      "(WUSHE_DATABASE_READ_URL; 0 without one)", registry=r, multiprocess_mode="livesum")
        self.summary_writes = Gauge("wushe_summary_writes", "Summary rewrites by this process's flushes (a total)",
                                    registry=r, multiprocess_mode="livesum")
        self.summary_seconds = Gauge("wushe_summary_write_seconds", "Time this process's flushes spent rewriting "
                                     "summaries (a total)", registry=r, multiprocess_mode="livesum")

    def operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self.operation_names:
            return name
        if len(self.operation_names) < MAX_OPERATION_NAMES:
            self.operation_names.add(name)
            return name
        return "other"

    def observe(self, method: str, route: str, status: int, seconds: float, record: RequestRecord) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        if record.operation is not None:
            outcome = "error" if status >= 400 or record.errors else "ok"
            self.operations.labels(self.operation_label(record.operation), outcome).inc()

    def sample(self) -> None:
        """The pool's and the summaries' current figures (at each scrape)."""
        pool = self.platform.engine.pool
        self.pool_in_use.set(getattr(pool, "checkedout", lambda: 0)())
        self.pool_size.set(getattr(pool, "size", lambda: 1)())
        reader = self.platform.reader
        self.read_pool_in_use.set(getattr(reader.pool, "checkedout", lambda: 0)() if reader is not None else 0)
        maintenance = summary.maintenance_of(self.platform.sessions)
        self.summary_writes.set(maintenance.writes)
        self.summary_seconds.set(maintenance.seconds)

    def exposition(self) -> bytes:
        self.sample()
        if os.environ.get(MULTIPROCESS_ENV):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def _route(scope: Scope) -> str:
    """The route's template (``/exports/forms/{key:str}``), never the path a client typed."""
    handler = scope.get("route_handler")
    if handler is None:
        return UNROUTED
    paths: Iterable[str] = getattr(handler, "paths", ()) or ()
    template = scope.get("path_template")
    return str(template) if template else next(iter(paths), UNROUTED)


class Observed:
    """ASGI middleware, outermost: the request id, the timing, the log line and the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        record = RequestRecord(request_id_of(scope))
        token = current.set(record)
        started = time.perf_counter()
        status = 500
        header = (REQUEST_ID_HEADER, record.request_id.encode("ascii"))

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        if self.metrics is not None:
            self.metrics.in_progress.inc()
        try:
            with clock.one_day():
                await self.app(scope, receive, sending)
        except Exception as error:  # answered further out (Litestar's handlers): its status, if it has one
            status = getattr(error, "status_code", 500)
            raise
        finally:
            seconds = time.perf_counter() - started
            route = _route(scope)
            if self.metrics is not None:
                self.metrics.in_progress.dec()
                self.metrics.observe(scope["method"], route, status, seconds, record)
            principal = scope.get("user")
            access_log.info(
                "%s %s %s %.1fms", scope["method"], scope["path"], status, seconds * 1000,
                extra={"method": scope["method"], "path": scope["path"], "route": route, "status": status,
                       "duration_ms": round(seconds * 1000, 2), "operation": record.operation,
                       "user_id": getattr(principal, "user_id", None)},
            )
            current.reset(token)


def metrics_handler(platform: Platform, metrics: Metrics) -> Any:
    token = platform.settings.metrics_token

    @get("/metrics", exclude_from_auth=True, sync_to_thread=False, include_in_schema=False)
    def serve_metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
        if token is not None and not secrets.compare_digest(
            request.headers.get("authorization", ""), f"Bearer {token}"
        ):
            return Response(b"metrics need the metrics token\n", status_code=401, media_type="text/plain")
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return serve_metrics


async def readiness(platform: Platform) -> list[str]:
    """What keeps the platform from answering: the database unreachable, or its schema not at this
    release's heads (empty: ready). Read on a connection of the platform's own pools."""
    engine = platform.keeper or platform.engine
    try:
        async with engine.connect() as connection:
            status = await connection.run_sync(migrations.status, platform.branches)
    except Exception as error:  # any failure to reach the database: named, not raised
        return [f"database: cannot be reached ({type(error).__name__})"]
    problem = status.problem(migrations.where(platform.settings.database_url))
    return [f"migrations: {problem}"] if problem else []


def ready_handler(platform: Platform) -> Any:
    @get("/ready", exclude_from_auth=True, include_in_schema=False)
    async def ready() -> Response[dict[str, Any]]:
        problems = await readiness(platform)
        if problems:
            return Response({"status": "not ready", "problems": problems}, status_code=503)
        return Response({"status": "ready"})

    return ready


JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def log_config(settings: Any) -> dict[str, Any]:
    """The logging of ``wushe serve`` (uvicorn's ``log_config``): every line on standard error, one
    JSON object a line (``log_format = "json"``) or text (also in development mode unless
    ``log_format`` is set), each with the running request's id;
    uvicorn's own access lines left out (``wushe.access`` writes one per request)."""
    json_lines = settings.log_format == "json"
    if settings.development and "log_format" not in settings.model_fields_set:
        json_lines = False  # `wushe demo` and `serve --dev` talk to a person at a terminal
    formatter: dict[str, Any] = (
        {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_FIELDS, "timestamp": False}
        if json_lines else {"format": TEXT_FORMAT}
    )
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "wushe",
               "filters": ["request_id"]}
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"wushe": formatter},
        "handlers": {"wushe": handler},
        "root": {"handlers": ["wushe"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": ["wushe"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
