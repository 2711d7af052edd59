"""Signing in and out of the console, and the home page: who you are, your roles and what they allow."""

import datetime as dt
from typing import Any

from litestar import MediaType, Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import col, select

from core.access.grants import Principal
from core.access.vocabulary import ANY_TIER
from core.db import tenancy
from core.errors import FieldError
from core.models import Region, Role, Tenant
from core.services import accounts
from core.web.addresses import client_of, proxies_of
from core.web.console.session import SIGN_IN_PATH, Acting, SignInNeeded, acting, platform_of, session_cookie
from core.web.console.view import page, vocabulary


@get(SIGN_IN_PATH, sync_to_thread=False)
def sign_in_page() -> Template:
    return Template("sign_in.html", media_type=MediaType.HTML, context={"errors": {}, "username": ""}, headers={"Cache-Control": "no-store"})


@post(SIGN_IN_PATH, status_code=303)
async def sign_in(request: Request[Any, Any, Any]) -> Any:
    """The username and password, checked as the ``login`` mutation checks them (same throttle)."""
    platform = platform_of(request)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    address = client_of(request, proxies_of(platform.settings))
    ttl = dt.timedelta(seconds=platform.settings.token_ttl_seconds)
    try:
        # a username is looked up whichever tenant it belongs to: platform-wide, for this alone (as ``login``)
        async with platform.session_as(tenancy.NOBODY) as session, session.begin(), tenancy.widened(session):
            issued = await accounts.sign_in(session, username=username, password=password, key=platform.signing_key,
                                            ttl=ttl, throttle=platform.sign_ins, address=address)
    except FieldError as error:
        return Template("sign_in.html", media_type=MediaType.HTML, status_code=400, headers={"Cache-Control": "no-store"},
                        context={"errors": {error.field: error.message}, "username": username})
    redirect = Redirect("/", status_code=303)
    redirect.set_cookie(session_cookie(platform, issued.token, platform.settings.token_ttl_seconds))
    return redirect


@post("/console/sign-out", status_code=303)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    """The token of the console session is revoked (as ``logout``), and its cookie removed."""
    platform = platform_of(request)
    try:
        async with acting(request, write=True) as act:
            await accounts.sign_out(act.session, act.who, act.claims)
    except SignInNeeded:
        pass  # already signed out
    redirect = Redirect(SIGN_IN_PATH, status_code=303)
    redirect.set_cookie(session_cookie(platform, None))
    return redirect


async def _held(act: Acting) -> list[dict[str, Any]]:
    """Each role the user holds, where, and what it allows there (the policy lines, named in zh-CN)."""
    who = act.who
    if who.tenant_id is None or who.policy is None or not who.assignments:
        return []
    roles = {r.code: r for r in (await act.session.exec(
        select(Role).where(Role.tenant_id == who.tenant_id, col(Role.code).in_({a.role for a in who.assignments})))).all()}
    places = {r.id: r for r in (await act.session.exec(
        select(Region).where(col(Region.id).in_({a.region_id for a in who.assignments})))).all()}
    words = vocabulary(act)
    held = []
    for a in who.assignments:
        lines = sorted(who.policy.lines_of(who.tenant_id, a.role), key=lambda line: (line[3], line[4], line[2]))
        held.append({
            "role": roles.get(a.role), "code": a.role, "region": places.get(a.region_id),
            "permissions": [{"resource": words.label(res), "action": words.label(res, act_), "code": f"{res}:{act_}",
                             "tier": "" if tier == ANY_TIER else tier} for _, _, tier, res, act_ in lines],
        })
    return held


async def _tenant(act: Acting, who: Principal) -> Tenant | None:
    return await act.session.get(Tenant, who.tenant_id) if who.tenant_id is not None else None


@get("/")
async def home(request: Request[Any, Any, Any]) -> Template:
    async with acting(request) as act:
        return page(act, "home.html", held=await _held(act), tenant=await _tenant(act, act.who))


HANDLERS = [sign_in_page, sign_in, sign_out, home]
