"""Bulk import over HTTP: ``POST /import/{kind}`` (a multipart upload, field ``file``) and
``GET /import/{kind}/template.xlsx``, with the same bearer token as ``/graphql``.

The upload is imported as the token's user, with their permissions, exactly as ``wushe import``
does (:func:`core.imports.run`): ``200`` with ``{"rows", "created", "updated", "unchanged",
"dryRun", "errors": []}`` when it is stored; ``422`` with every bad row in ``errors``
(``{"row", "column", "reason"}``, reasons in Chinese) and nothing stored; ``400`` for a request
that is not an upload of a readable .xlsx or .csv; ``413`` for a file over ``import_max_bytes``
(20 MB unless configured); ``404`` for an unknown kind; ``401`` without a valid token.

Query parameters: ``tenant`` (the tenant's code: a platform administrator must give it; a user's
is their own), ``dryRun=true`` (check and count, store nothing), ``encoding`` (of a CSV file).
The file is read and parsed in a worker thread; checking and writing run in the request.
"""

from typing import Any

import anyio.to_thread
from litestar import Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import DefineMiddleware
from litestar.params import FromPath

from core import imports
from core.config import Settings
from core.imports import templates
from core.imports.loader import Result
from core.platform import Platform
from core.web.downloads import ExportAuthentication
from core.web.json_input import unstorable

IMPORT_PATH = "/import"
FILE_FIELD = "file"
_NO_STORE = {"Cache-Control": "no-store"}


def _errors(status: int, reason: str) -> Response[Any]:
    return Response({"errors": [{"row": None, "column": "", "reason": reason}]}, status_code=status, headers=_NO_STORE)


def _flag(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    return None


def _body(result: Result, dry_run: bool) -> dict[str, Any]:
    return {**result.counts(), "dryRun": dry_run, "errors": [e.as_dict() for e in result.errors]}


@post("/{kind:str}", status_code=200)
async def upload(request: Request[Any, Any, Any], kind: FromPath[str]) -> Response[Any]:
    """Import the uploaded file as the token's user: all of its rows, or none."""
    platform: Platform = request.app.state.wushe
    limit = platform.settings.import_max_bytes
    if kind not in imports.ALL_KINDS:
        return _errors(404, f"没有“{kind}”这种导入；可导入：{'、'.join(imports.ALL_KINDS)}")
    for name, value in request.query_params.items():
        if unstorable(name) or unstorable(value):
            return _errors(400, f"参数 {name!r} 含有不可用的字符")
    dry_run = _flag(request.query_params.get("dryRun"))
    if dry_run is None:
        return _errors(400, "dryRun 应为 true 或 false")
    try:
        form = await request.form()
    except RequestEntityTooLarge:
        return _errors(413, f"文件超过 {limit / (1024 * 1024):g} MB 的上限：请拆成几个文件分批导入")
    except ClientException as error:
        return _errors(400, f"请求不是可读的 multipart/form-data 上传（{error.detail}）")
    upload_file = form.get(FILE_FIELD)
    if not isinstance(upload_file, UploadFile):
        return _errors(400, f"请用 multipart/form-data 上传文件，字段名为 {FILE_FIELD}")
    data = await upload_file.read()
    prepared = await anyio.to_thread.run_sync(
        lambda: imports.prepare(kind, data, filename=upload_file.filename or "upload",
                                encoding=request.query_params.get("encoding") or None))
    if prepared.unreadable is not None:
        return _errors(400, prepared.unreadable.reason)
    result = await imports.store(platform.sessions_for(request.user), request.user, prepared, tenant=request.query_params.get("tenant"),
                                 dry_run=dry_run, registry=platform.registry)
    return Response(_body(result, dry_run), status_code=422 if result.errors else 200, headers=_NO_STORE)


@get("/{kind:str}/template.xlsx")
async def template(kind: FromPath[str]) -> Response[Any]:
    """The template workbook of ``kind``: its headers, and a sheet saying what each column takes."""
    found = imports.ALL_KINDS.get(kind)
    if found is None:
        return _errors(404, f"没有“{kind}”这种导入；可导入：{'、'.join(imports.ALL_KINDS)}")
    content = await anyio.to_thread.run_sync(templates.workbook, found)
    return Response(content, media_type=templates.CONTENT_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{templates.filename(found)}"', **_NO_STORE})


def imports_router(settings: Settings) -> Router:
    """The routes, with the upload limit of ``settings`` (``import_max_bytes``) in place of the
    application's smaller one for every other body."""
    return Router(
        path=IMPORT_PATH,
        route_handlers=[upload, template],
        middleware=[DefineMiddleware(ExportAuthentication, exclude_http_methods=["OPTIONS"])],
        request_max_body_size=settings.import_max_bytes,
    )
