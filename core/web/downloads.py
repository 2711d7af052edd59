"""Downloads of the reports in :mod:`core.indicators.reports`: ``GET /exports/rollup.{csv,xlsx}`` and
``GET /exports/targets.{csv,xlsx}``, with the same bearer token as ``/graphql``; and a form's
submissions, ``GET /exports/forms/{key}.xlsx?under=<region path>`` (:mod:`core.documents.exports`:
personal fields masked unless the reader holds ``personal_data:read_full`` at a submission's
region, or ``masked=true`` asks for the masks anyway), streamed from a temporary file.

Query parameters: ``under``, ``by``, ``indicators`` (comma-separated keys), ``year``, ``kind``
and ``targets`` (``true`` adds the target columns) for the rollup, or ``years`` (comma-separated,
e.g. ``2023,2024,2025``: one group of columns per year, instead of ``year`` and ``targets``) or ``months``
(comma-separated, e.g. ``2025-01,2025-02``: one group of columns per month, instead of ``years``); ``region`` and
``year`` for the targets. Bad input (a NUL character in any parameter too) gets ``400`` with ``{"errors": [{"field", "message", "code"}]}``; a
region the principal may not see gets ``404`` (as if it did not exist, like the GraphQL API);
a visible region without ``indicator:read`` (or ``target:read``) there gets ``403``; no token
or a bad one gets ``401``.
"""

import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import IO, Any

import anyio.to_thread
from litestar import Request, Response, Router, get
from litestar.datastructures import MultiDict
from litestar.middleware import DefineMiddleware
from litestar.params import FromPath
from litestar.response import Stream
from litestar.types import Receive, Scope, Send
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.documents import exports as form_exports
from core.errors import FieldError
from core.indicators import reports
from core.platform import Platform
from core.plugins.registry import Registry
from core.services import receipts
from core.web.auth import BearerTokenMiddleware
from core.web.json_input import unstorable

EXPORTS_PATH = "/exports"

STATUS = {"not_found": 404, "forbidden": 403}

BuildReport = Callable[[AsyncSession, Principal, Registry, MultiDict[Any]], Awaitable[reports.Report]]
"""Builds a report in a session, as the request's principal, from its query parameters."""


class ExportAuthentication(BearerTokenMiddleware):
    """The bearer token, for every method: the application's own authentication lets ``GET``
    through in development mode (for GraphiQL), never a download. Once is enough: when it has
    already put a principal in the scope, nothing is checked twice."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("user") is not None:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _flag(value: str | None, field: str) -> bool:
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise FieldError(field, f"{value!r} is not true or false")


def _problem(error: FieldError) -> Response[Any]:
    return Response(
        {"errors": [{"field": error.field, "message": error.message, "code": error.code}]},
        status_code=STATUS.get(error.code, 400),
        headers={"Cache-Control": "no-store"},
    )


def _check_text(request: Request[Any, Any, Any]) -> None:
    """Every query parameter is text a database can take: no NUL, no lone surrogate."""
    for name, value in request.query_params.multi_items():
        if reason := unstorable(name):
            raise FieldError("query", f"a parameter's name {reason}")
        if reason := unstorable(value):
            raise FieldError(name, reason)


async def _download(request: Request[Principal, Any, Any], build: BuildReport) -> Response[Any]:
    platform: Platform = request.app.state.wushe
    fmt = request.url.path.rsplit(".", 1)[-1]
    try:
        _check_text(request)
        async with platform.session_for(request.user) as session:
            report = await build(session, request.user, platform.registry, request.query_params)
        content = await anyio.to_thread.run_sync(reports.render, report, fmt)
    except FieldError as error:
        return _problem(error)
    return Response(
        content,
        media_type=reports.CONTENT_TYPES[fmt],
        headers={"Content-Disposition": report.content_disposition(fmt), "Cache-Control": "no-store"},
    )


async def _rollup(session: AsyncSession, who: Principal, registry: Registry, query: MultiDict[Any]) -> reports.Report:
    return await reports.rollup_report(
        session, who, registry, under=query.get("under"), by=query.get("by"), indicators=",".join(query.getall("indicators", [])),
        year=query.get("year"), kind=query.get("kind"), targets=_flag(query.get("targets"), "targets"),
        years=",".join(query.getall("years", [])) or None, months=",".join(query.getall("months", [])) or None,
    )


async def _targets(session: AsyncSession, who: Principal, registry: Registry, query: MultiDict[Any]) -> reports.Report:
    return await reports.targets_report(session, who, registry, region=query.get("region"), year=query.get("year"))


@get(["/rollup.csv", "/rollup.xlsx"])
async def rollup_download(request: Request[Any, Any, Any]) -> Response[Any]:
    """Every region of tier ``by`` under ``under`` with the ``indicators``, and a 合计 row."""
    return await _download(request, _rollup)


@get(["/targets.csv", "/targets.xlsx"])
async def targets_download(request: Request[Any, Any, Any]) -> Response[Any]:
    """The targets in force at ``region``, evaluated in ``year``."""
    return await _download(request, _targets)


SPOOL = 8 * 1024 * 1024
"""A form's workbook stays in memory up to this size, then goes to a temporary file."""
CHUNK = 64 * 1024


async def _chunks(spool: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        spool.seek(0)
        while chunk := await anyio.to_thread.run_sync(spool.read, CHUNK):
            yield chunk
    finally:
        spool.close()


@get("/forms/{name:str}")
async def form_download(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[Any] | Stream:
    """The submissions of form ``{key}`` under ``under`` the reader sees, one row each, as XLSX."""
    platform: Platform = request.app.state.wushe
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 (closed by _chunks or below)
    try:
        if not name.endswith(".xlsx"):
            raise FieldError("format", f"{name!r}: forms are exported as .xlsx (/exports/forms/<key>.xlsx)")
        _check_text(request)
        query = request.query_params
        async with platform.session_for(request.user) as session:
            plan = await form_exports.prepare(session, request.user, platform.registry, key=name.removesuffix(".xlsx"),
                                              under=query.get("under"), masked=_flag(query.get("masked"), "masked"))
            await form_exports.write_xlsx(session, request.user, platform.registry, plan, spool)
    except FieldError as error:
        spool.close()
        return _problem(error)
    except BaseException:
        spool.close()
        raise
    return Stream(
        _chunks(spool),
        media_type=reports.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": plan.content_disposition(), "Cache-Control": "no-store"},
    )


@get("/receipts/{name:str}")
async def receipt_download(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[Any]:
    """A donation receipt's PDF as issued (``/exports/receipts/<number>.pdf``), to whoever may read
    its donation (:func:`core.services.receipts.by_number`)."""
    platform: Platform = request.app.state.wushe
    try:
        if not name.endswith(".pdf"):
            raise FieldError("format", f"{name!r}: a receipt is downloaded as .pdf (/exports/receipts/<number>.pdf)")
        if reason := unstorable(name):
            raise FieldError("number", reason)
        async with platform.session_for(request.user) as session:
            receipt = await receipts.by_number(session, request.user, name.removesuffix(".pdf"))
    except FieldError as error:
        return _problem(error)
    return Response(receipt.pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{receipt.number}.pdf"', "Cache-Control": "no-store"})


exports_router = Router(
    path=EXPORTS_PATH,
    route_handlers=[rollup_download, targets_download, form_download, receipt_download],
    middleware=[DefineMiddleware(ExportAuthentication, exclude_http_methods=["OPTIONS"])],
)
