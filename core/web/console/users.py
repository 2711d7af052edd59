"""Users and their role assignments at regions, and "why may this user do this here".

Every read and write is the administration service's (:mod:`core.services.administration`), as the
``assignRole``, ``revokeRole`` and ``explain`` fields of the API call it; a refusal is shown with
its reason beside the form that asked."""

from typing import Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.access.policy import Policy
from core.errors import FieldError, InvalidInput
from core.services import administration as admin
from core.web.console.session import Acting, acting
from core.web.console.view import page, vocabulary


def _tenant(request: Request[Any, Any, Any], form: Any = None) -> str | None:
    value = (form.get("tenant") if form is not None else None) or request.query_params.get("tenant")
    return str(value) if value else None


@get("/console/users")
async def users_page(request: Request[Any, Any, Any]) -> Template:
    tenant = _tenant(request)
    async with acting(request) as act:
        if act.who.platform_admin and tenant is None:
            return page(act, "tenants.html", tenants=await admin.tenants(act.session, act.who), next="/console/users")
        return page(act, "users.html", users=await admin.users_of_tenant(act.session, act.who, tenant), tenant=tenant)


async def _user_page(act: Acting, username: str, tenant: str | None, **extra: Any) -> Template:
    user, held = await admin.holdings(act.session, act.who, _policy(act), username=username, tenant=tenant)
    roles = await admin.roles_of_tenant(act.session, act.who, tenant) if _reads_roles(act) else []
    return page(act, "user.html", user=user, held=held, roles=[r for r, _ in roles], tenant=tenant,
                resources=vocabulary(act).resources, **({"problems": {}, "decision": None} | extra))


def _policy(act: Acting) -> Policy:
    """The policy the principal was loaded with (every signed-in principal has one)."""
    if act.who.policy is None:
        raise RuntimeError(f"the principal {act.who.username!r} was loaded without a policy")
    return act.who.policy


def _reads_roles(act: Acting) -> bool:
    return act.who.platform_admin or bool(act.who.grants("role", "read"))


@get("/console/users/{username:str}")
async def user_page(request: Request[Any, Any, Any], username: FromPath[str]) -> Template:
    async with acting(request) as act:
        return await _user_page(act, username, _tenant(request))


def _problems(error: InvalidInput) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in error.problems:
        out[p.field] = f"{out[p.field]}; {p.message}" if p.field in out else p.message
    return out


@post("/console/users/{username:str}/assignments", status_code=303)
async def assign_or_revoke(request: Request[Any, Any, Any], username: FromPath[str]) -> Template | Redirect:
    """``action=assign`` gives the role at the region; ``action=revoke`` takes it away; then the user's
    page again (the refusal beside the form, 400, when refused)."""
    form = await request.form()
    role, region, tenant = str(form.get("role", "")), str(form.get("region", "")).strip(), _tenant(request, form)
    try:
        async with acting(request, write=True) as act:
            if form.get("action") == "revoke":
                await admin.revoke(act.session, act.who, username=username, role=role, region=region)
            else:
                await admin.assign(act.session, act.who, username=username, role=role, region=region)
    except InvalidInput as error:
        async with acting(request) as act:
            return await _user_page(act, username, tenant, problems=_problems(error), role=role, region=region,
                                    status=400)
    return Redirect(f"/console/users/{quote(username)}" + (f"?tenant={quote(tenant)}" if tenant else ""), status_code=303)


@get("/console/users/{username:str}/why")
async def why(request: Request[Any, Any, Any], username: FromPath[str]) -> Template:
    """The explanation of one decision (``resource``, ``action``, ``region``): the deciding
    assignments, the policy lines and the roles' clauses, or why nothing allows it."""
    query = request.query_params
    resource, _, action = query.get("permission", "").partition(":")
    region = query.get("region", "").strip()
    problems: dict[str, str] = {}
    decision = None
    async with acting(request) as act:
        try:
            decision = await admin.explain(act.session, act.who, _policy(act), username=username, resource=resource,
                                           action=action, region=region)
        except FieldError as error:
            problems = {error.field: error.message}
        return page(act, "_decision.html", decision=decision, problems=problems, resource=resource, action=action,
                    region=region)


HANDLERS = [users_page, user_page, assign_or_revoke, why]
