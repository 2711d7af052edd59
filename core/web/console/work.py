"""The work queue (the cases one can act on now, soonest due first, with the steps one may take)
and an office's overdue list under a region: :mod:`core.cases.queue`, as ``myWork`` and
``overdueCases`` read them."""

import contextlib
from typing import Any

from litestar import Request, get
from litestar.response import Template

from core import clock
from core.access.grants import region_at
from core.cases import queue
from core.models import Case
from core.plugins.registry import Registry
from core.web.console.session import acting
from core.web.console.view import page

PAGE = 50


def describe(registry: Registry, case: Case, state: str | None) -> str | None:
    """A state of the case's type by its zh-CN label (its key where the type no longer declares it)."""
    declared = registry.case_type(case.case_type)
    if declared is None or state is None:
        return state
    with contextlib.suppress(KeyError):
        return declared.item.state(state).label
    return state


def _described(registry: Registry, case: Case) -> dict[str, Any]:
    declared = registry.case_type(case.case_type)
    return {"id": case.id, "type": declared.item.label if declared else case.case_type,
            "state": describe(registry, case, case.state), "due_on": case.due_on,
            "overdue": case.due_on is not None and case.due_on < clock.today(), "region_id": case.region_id}


def _offset(request: Request[Any, Any, Any]) -> int:
    text = request.query_params.get("offset", "0")
    return int(text) if text.isdigit() else 0


@get("/console/work")
async def work_page(request: Request[Any, Any, Any]) -> Template:
    offset = _offset(request)
    async with acting(request) as act:
        registry = act.platform.registry
        items, total = await queue.my_work(act.session, act.who, registry, limit=PAGE, offset=offset)
        rows = [_described(registry, i.case) | {"actions": [a.label for a in i.actions]} for i in items]
        return page(act, "work.html", rows=rows, total=total, offset=offset, page_size=PAGE, title="我的待办",
                    under=None)


@get("/console/work/overdue")
async def overdue_page(request: Request[Any, Any, Any]) -> Template:
    offset = _offset(request)
    async with acting(request) as act:
        registry = act.platform.registry
        place = await region_at(act.session, request.query_params.get("under", ""), act.who, field="under")
        cases, total = await queue.overdue(act.session, act.who, registry, place, limit=PAGE, offset=offset)
        rows = [_described(registry, c) | {"actions": []} for c in cases]
        return page(act, "work.html", rows=rows, total=total, offset=offset, page_size=PAGE,
                    title=f"{place.name}逾期办件", under=place)


HANDLERS = [work_page, overdue_page]
