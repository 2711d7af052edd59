"""The audit log of the tenant, filtered (action, actor, days) and exported as CSV
(:func:`core.services.administration.audit_events`: ``audit:read`` at the tenant root, as the API)."""

import csv
import datetime as dt
import io
import json
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.response import Template

from core.errors import FieldError
from core.models import AuditEvent
from core.services import administration as admin
from core.web.console.session import Acting, acting
from core.web.console.view import page

PAGE = 100


def _day(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, f"{value!r} is not a day (YYYY-MM-DD)") from None


def _filters(request: Request[Any, Any, Any]) -> dict[str, Any]:
    query = request.query_params
    before = query.get("before") or None
    if before is not None and not before.isdigit():
        raise FieldError("before", f"{before!r} is not an event number")
    return {"tenant": query.get("tenant") or None, "action": query.get("action") or None,
            "actor": query.get("actor") or None, "since": _day(query.get("since"), "since"),
            "until": _day(query.get("until"), "until"), "before": int(before) if before else None}


async def _events(act: Acting, filters: dict[str, Any], limit: int | None) -> list[AuditEvent]:
    return await admin.audit_events(act.session, act.who, limit=limit, **filters)


@get("/console/audit")
async def audit_page(request: Request[Any, Any, Any]) -> Template:
    query = request.query_params
    async with acting(request) as act:
        if act.who.platform_admin and not query.get("tenant"):
            return page(act, "tenants.html", tenants=await admin.tenants(act.session, act.who), next="/console/audit")
        problems: dict[str, str] = {}
        events: list[AuditEvent] = []
        try:
            filters = _filters(request)
            events = await _events(act, filters, PAGE + 1)
        except FieldError as error:
            if error.code in ("forbidden", "not_found"):
                raise
            problems = {error.field: error.message}
        export = urlencode([(k, v) for k, v in query.items() if k != "before" and v])
        return page(act, "audit.html", events=events[:PAGE], more=events[PAGE].id if len(events) > PAGE else None,
                    query=query, problems=problems, export=export, status=400 if problems else 200)


@get("/console/audit.csv")
async def audit_export(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every event the filters select (no page), as CSV in UTF-8 with a BOM (for Excel)."""
    filters = _filters(request) | {"before": None}
    async with acting(request) as act:
        events = await _events(act, filters, None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["编号", "时间", "操作人", "操作", "对象", "之前", "之后"])
    for e in events:
        writer.writerow([e.id, e.at.isoformat(), e.actor, e.action, e.target,
                         json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                         json.dumps(e.after, ensure_ascii=False) if e.after is not None else ""])
    return Response(("\ufeff" + out.getvalue()).encode(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit.csv"', "Cache-Control": "no-store"})


HANDLERS = [audit_page, audit_export]
