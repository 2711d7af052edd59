"""Taking a case's step from the console: ``/console/cases/{number}/steps/{action}``.

Only a step the reader may take now is offered, by the same rules as the ``transition`` mutation
(:func:`core.cases.queue.takeable`: the case's state, the permission at its region or a part in
it); any other is "not found", as a case one may not see is. The step's form (a declared form, or
the step's JSON Schema) is rendered by :mod:`core.web.console.form_fields`; the answers are taken
by the case engine exactly as the mutation takes them (:meth:`core.cases.engine.CaseEngine.transition`,
with the case's version read when the form was shown: a step someone else took meanwhile is
refused), so every check, guard, effect and the step's event on the append-only timeline (the
API's record of who took which step, when) are the same. Refusals are shown beside their fields.
"""

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.cases import queue
from core.cases.visibility import get_case
from core.documents import forms
from core.errors import FieldError, InvalidInput, NotFound, Problem
from core.models import Case, Region
from core.plugins.cases import TransitionDecl
from core.web.console import form_fields
from core.web.console.session import Acting, acting
from core.web.console.view import page

VERSION = "_version"


async def _step(act: Acting, number: int, action: str) -> tuple[Case, Region, TransitionDecl]:
    """The case and the step, if the reader may take it now (else not found)."""
    registry = act.platform.registry
    case = await get_case(act.session, act.who, registry, number, field="case")
    declared = registry.case_type(case.case_type)
    step = declared.item.transition(action) if declared is not None and not case.terminal else None
    if step is None or case.state not in step.from_states or step not in await queue.takeable(
            act.session, act.who, case, (step,)):
        raise NotFound("action", f"no step {action!r} you may take on case {number} now")
    return case, await act.session.get_one(Region, case.region_id), step


def _schema(act: Acting, step: TransitionDecl) -> tuple[dict[str, Any], dict[str, Any]]:
    if step.form is not None:
        _plugin, form = forms.find(act.platform.registry, step.form, None)
        return form.json_schema, form.ui
    return step.schema_ or {"type": "object", "properties": {}}, {}


def _page(act: Acting, case: Case, region: Region, step: TransitionDecl, version: int, data: Any,
          rows: dict[str, int], problems: list[Problem], status: int = 200) -> Template:
    schema, ui = _schema(act, step)
    items = form_fields.fields(schema, ui, data, rows)
    left = form_fields.place_problems(items, problems)
    return page(act, "case_step.html", case=case, region=region, step=step, items=items, problems=left,
                version=version, status=status)


@get("/console/cases/{number:int}/steps/{action:str}")
async def step_page(request: Request[Any, Any, Any], number: FromPath[int], action: FromPath[str]) -> Template:
    async with acting(request) as act:
        case, region, step = await _step(act, number, action)
        return _page(act, case, region, step, case.version, None, form_fields.rows_asked(request.query_params.dict()), [])


@post("/console/cases/{number:int}/steps/{action:str}", status_code=200)
async def take_step(request: Request[Any, Any, Any], number: FromPath[int], action: FromPath[str]) -> Any:
    received = await request.form()
    rows = form_fields.rows_asked(received)
    version = str(received.get(VERSION, ""))
    async with acting(request) as act:
        case, region, step = await _step(act, number, action)
        data = form_fields.answers(_schema(act, step)[0], received)
    if received.get(form_fields.MORE):
        async with acting(request) as act:
            return _page(act, case, region, step, case.version, data, rows, [])
    try:
        async with acting(request, write=True) as act:
            await act.platform.cases.transition(act.session, act.who, action=action, case_id=number, data=data,
                                                version=int(version) if version.isdigit() else None)
    except (InvalidInput, FieldError) as error:
        problems = error.problems if isinstance(error, InvalidInput) else [Problem(error.field, error.message, error.code)]
        async with acting(request) as act:
            case, region, step = await _step(act, number, action)
            return _page(act, case, region, step, int(version) if version.isdigit() else case.version, data, rows,
                         problems, status=409 if any(p.code == "conflict" for p in problems) else 400)
    return Redirect(f"/console/cases/{number}?taken={action}", status_code=303)


HANDLERS = [step_page, take_step]
