"""Forms: those in use at a region, each rendered from its JSON Schema and UI hints, submitted as
``submitForm`` submits it (:func:`core.documents.forms.submit`), the server's problems shown beside
their fields (:mod:`core.web.console.form_fields`)."""

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Template

from core.access.grants import region_at, require
from core.documents import forms
from core.documents.rules import enabled_plugins
from core.errors import InvalidInput, Problem
from core.models import Region, Tenant
from core.plugins.declarations import FormDecl
from core.web.console import form_fields
from core.web.console.session import Acting, acting
from core.web.console.view import page


async def _place(act: Acting, path: str) -> Region:
    """The region, if the user may read it and submit forms there (else not found, or forbidden)."""
    place = await region_at(act.session, path, act.who)
    require(act.who, "form", "submit", place)
    return place


async def _offered(act: Acting, place: Region) -> list[FormDecl]:
    """The forms in use at the region that are filled in on their own (not at a case's step)."""
    tenant = await act.session.get(Tenant, place.tenant_id)
    enabled = await enabled_plugins(act.session, tenant) if tenant is not None else set()
    registry = act.platform.registry
    at_steps = {t.form for d in registry.case_types for t in d.item.transitions if t.form}
    return [a.form for a in forms.available_at(registry, place, enabled) if a.form.key not in at_steps]


@get("/console/forms")
async def forms_page(request: Request[Any, Any, Any]) -> Template:
    async with acting(request) as act:
        place = await _place(act, request.query_params.get("region", ""))
        return page(act, "forms.html", region=place, offered=await _offered(act, place))


def _form_page(act: Acting, place: Region, form: FormDecl, data: Any, rows: dict[str, int],
               problems: list[Problem], *, status: int = 200, submitted: Any = None) -> Template:
    items = form_fields.fields(form.json_schema, form.ui, data, rows)
    left = form_fields.place_problems(items, problems)
    return page(act, "form.html", region=place, form=form, items=items, problems=left, submitted=submitted,
                status=status)


@get("/console/forms/{key:str}")
async def form_page(request: Request[Any, Any, Any], key: FromPath[str]) -> Template:
    async with acting(request) as act:
        place = await _place(act, request.query_params.get("region", ""))
        _plugin, form = forms.find(act.platform.registry, key, None)
        return _form_page(act, place, form, None, form_fields.rows_asked(request.query_params.dict()), [])


@post("/console/forms/{key:str}", status_code=200)
async def submit(request: Request[Any, Any, Any], key: FromPath[str]) -> Template:
    """Submit the answers (or, for 添加一行, show the form again with one more row, submitting nothing)."""
    received = await request.form()
    region = str(received.get("region", ""))
    rows = form_fields.rows_asked(received)
    async with acting(request) as act:
        place = await _place(act, region)
        _plugin, form = forms.find(act.platform.registry, key, None)
        data = form_fields.answers(form.json_schema, received)
    if received.get(form_fields.MORE):
        async with acting(request) as act:
            return _form_page(act, place, form, data, rows, [])
    try:
        async with acting(request, write=True) as act:
            row = await forms.submit(act.session, act.who, act.platform.registry, form_key=key, region=region,
                                     data=data, draft=received.get("draft") == "on")
            number = row.id
    except InvalidInput as error:
        async with acting(request) as act:
            return _form_page(act, place, form, data, rows, error.problems, status=400)
    async with acting(request) as act:
        return _form_page(act, place, form, None, {}, [], submitted=number)


HANDLERS = [forms_page, form_page, submit]
