"""A case's page: its type, state, region and deadline, its timeline as the reader may see it
(:func:`core.cases.visibility.event_visible`: an office sees every step, a party those meant for
it), and the steps the reader may take now (:func:`core.cases.queue.takeable`). The case's and the
steps' data are not shown here (the API's ``case`` gives them, with their masks)."""

from typing import Any

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template
from sqlmodel import col, select

from core import clock
from core.cases import queue
from core.cases.visibility import event_visible, get_case, party_parts, reads_all
from core.models import CaseEvent, Region
from core.web.console.session import acting
from core.web.console.view import page
from core.web.console.work import describe


@get("/console/cases/{number:int}")
async def case_page(request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
    async with acting(request) as act:
        registry, who = act.platform.registry, act.who
        case = await get_case(act.session, who, registry, number, field="case")
        region = await act.session.get_one(Region, case.region_id)
        declared = registry.case_type(case.case_type)
        decl = declared.item if declared else None
        office = reads_all(who, region)
        parts = set() if office else await party_parts(act.session, who, case)
        events = (await act.session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                         .order_by(col(CaseEvent.id)))).all()
        timeline = []
        for event in events:
            step = decl.transition(event.action) if decl else None
            if event_visible(event, who, parts, office, step, case.state):
                timeline.append({"label": step.label if step else event.action, "at": event.at, "actor": event.actor,
                                 "from": describe(registry, case, event.from_state), "to": describe(registry, case, event.to_state)})
        steps = [] if decl is None or case.terminal else await queue.takeable(
            act.session, who, case, tuple(t for t in decl.transitions if case.state in t.from_states))
        return page(act, "case.html", case=case, region=region, type=decl.label if decl else case.case_type,
                    state=describe(registry, case, case.state), timeline=timeline, steps=steps, today=clock.today(),
                    taken=next((t.label for t in decl.transitions if t.action == request.query_params.get("taken")),
                               None) if decl else None)


HANDLERS = [case_page]
