"""Certificates of service over HTTP (:mod:`core.services.certificates`).

- ``GET /certificates/service/{number}.pdf``: the certificate's one-page PDF, with the same bearer
  token as ``/graphql`` (a download authenticates as :mod:`core.web.downloads` does); for a user who
  may read the entries of hours at the volunteer's community, 404 otherwise (as if it did not exist).
- ``GET /verify/service-certificates/{number}``: public, no token — whether the number was issued,
  by whom, when, and what it said, masked as printed (``{"number", "issued", "certificate"}``). Like
  every request it counts against ``rate_limit_per_minute`` per client address; a number is drawn
  at random (50 bits), so asking in turn finds nothing.
"""

from typing import Any

import anyio.to_thread
from litestar import Request, Response, Router, get
from litestar.middleware import DefineMiddleware
from litestar.params import FromPath

from core.db import tenancy
from core.documents.pdf import render
from core.errors import InvalidInput
from core.platform import Platform
from core.services import certificates
from core.web.downloads import ExportAuthentication

CERTIFICATES_PATH = "/certificates"
VERIFY_PATH = "/verify"
PUBLIC = "^/verify/"
"""The paths the application's token middleware lets through without a token."""


@get("/service/{name:str}")
async def certificate_pdf(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[Any]:
    platform: Platform = request.app.state.wushe
    try:
        async with platform.session_for(request.user) as session:
            document = await certificates.document(session, request.user, name.removesuffix(".pdf"))
    except InvalidInput as error:
        problem = error.problems[0]
        return Response({"errors": [{"field": problem.field, "message": problem.message, "code": problem.code}]},
                        status_code=404 if problem.code == "not_found" else 400, headers={"Cache-Control": "no-store"})
    content = await anyio.to_thread.run_sync(render, document)
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="service-certificate-{document.number}.pdf"',
        "Cache-Control": "no-store"})


@get("/service-certificates/{number:str}")
async def verify_certificate(request: Request[Any, Any, Any], number: FromPath[str]) -> Response[Any]:
    platform: Platform = request.app.state.wushe
    # anyone may verify a certificate by its number, whichever tenant issued it: read platform-wide on
    # purpose, and only what a verification shows (core.services.certificates.verify)
    async with platform.session_as(tenancy.PLATFORM) as session:
        found = await certificates.verify(session, number)
    shown = None if found is None else {
        "number": found.number, "issuedOn": found.issued_on.isoformat(), "issuer": found.issuer,
        "issuedBy": found.issued_by, "nameMasked": found.name_masked, "idNumberMasked": found.id_number_masked,
        "periodFrom": found.period_from.isoformat(), "periodTo": found.period_to.isoformat(),
        "minutes": found.minutes, "hours": round(found.minutes / 60, 2), "entries": found.entries,
        "content": found.content}
    return Response({"number": number.strip().upper(), "issued": found is not None, "certificate": shown},
                    headers={"Cache-Control": "no-store"})


certificates_router = Router(
    path=CERTIFICATES_PATH, route_handlers=[certificate_pdf],
    middleware=[DefineMiddleware(ExportAuthentication, exclude_http_methods=["OPTIONS"])],
)
verify_router = Router(path=VERIFY_PATH, route_handlers=[verify_certificate])
