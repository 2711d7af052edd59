"""Roles as a matrix: for one role of the tenant, every resource × action of the vocabulary × tier,
ticked where the role holds it; a tick or an untick is one ``add``/``remove`` of a permission
(:func:`core.services.administration.change_permission`, as ``addRolePermission`` does it: applied
at once, audited, refused naming why where the administrator does not hold what it hands on)."""

from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from core.access.delegation import Held, handed_on, missing
from core.access.grants import Principal
from core.access.vocabulary import ANY_TIER, PolicyLine, Vocabulary, parse_permission
from core.errors import FieldError, InvalidInput
from core.models import Region, Role
from core.services import administration as admin
from core.tree.tiers import TIER_ORDER
from core.web.console.session import Acting, acting
from core.web.console.view import page, vocabulary

COLUMNS = (ANY_TIER, *(t.value for t in TIER_ORDER))
"""The matrix's columns: any tier (``resource:action``), then each tier (``resource:action@tier``)."""


@dataclass(frozen=True)
class Row:
    resource: str
    action: str
    resource_label: str
    action_label: str
    held: frozenset[str]
    """the columns of :data:`COLUMNS` the role holds"""
    grantable: frozenset[str] = frozenset(COLUMNS)
    """the columns the administrator holds throughout the tenant, and so may grant or take away"""

    def permission(self, column: str) -> str:
        return PolicyLine(column, self.resource, self.action).notation()


def rows(words: Vocabulary, lines: list[PolicyLine], who: Principal | None = None, root: Region | None = None) -> list[Row]:
    """Every resource:action of the vocabulary, and any the role holds outside it (a plugin gone);
    given the administrator and the tenant root, which cells it may change (the delegation limit:
    :func:`core.access.delegation.missing`, the check ``change_permission`` makes)."""
    pairs = [(r, a) for r, actions in words.resources.items() for a in actions]
    pairs += sorted({(x.resource, x.action) for x in lines} - set(pairs))
    held: dict[tuple[str, str], set[str]] = {}
    for line in lines:
        held.setdefault((line.resource, line.action), set()).add(line.tier)

    def grantable(r: str, a: str) -> frozenset[str]:
        if who is None or root is None:
            return frozenset(COLUMNS)
        return frozenset(c for c in COLUMNS if not missing(who, Held((PolicyLine(c, r, a),), root)))

    return [Row(r, a, words.label(r), words.label(r, a), frozenset(held.get((r, a), ())), grantable(r, a))
            for r, a in pairs]


async def _lacking(act: Acting, role: Role, lines: list[PolicyLine], root: Region) -> list[str]:
    """What the role holds that the administrator does not: then the role is not theirs to change."""
    return [x for part in await handed_on(act.session, role, lines, root) for x in missing(act.who, part)]


async def _roles(act: Acting, tenant: str | None) -> list[tuple[Role, list[PolicyLine]]]:
    return await admin.roles_of_tenant(act.session, act.who, tenant)


async def _may_change(act: Acting, tenant: str | None) -> bool:
    _tenant, root = await admin.tenant_root(act.session, act.who, tenant)
    return act.who.may("role", "update", root)


def _tenant_param(request: Request[Any, Any, Any]) -> str | None:
    return request.query_params.get("tenant") or None


@get("/console/roles")
async def roles_page(request: Request[Any, Any, Any]) -> Template:
    tenant = _tenant_param(request)
    async with acting(request) as act:
        if act.who.platform_admin and tenant is None:
            return page(act, "tenants.html", tenants=await admin.tenants(act.session, act.who), next="/console/roles")
        roles = await _roles(act, tenant)
        chosen_code = request.query_params.get("role") or (roles[0][0].code if roles else None)
        chosen = next(((r, lines) for r, lines in roles if r.code == chosen_code), None)
        if chosen_code is not None and chosen is None:
            raise FieldError("role", f"no role {chosen_code!r} in the tenant")
        _tenant, root = await admin.tenant_root(act.session, act.who, tenant)
        lacking = await _lacking(act, *chosen, root) if chosen else []
        return page(act, "roles.html", roles=roles, chosen=chosen, columns=COLUMNS, tenant=tenant, lacking=lacking,
                    rows=rows(vocabulary(act), chosen[1], act.who, root) if chosen else [],
                    may_change=await _may_change(act, tenant) and not lacking)


@post("/console/roles/permission", status_code=200)
async def change(request: Request[Any, Any, Any]) -> Template:
    """Tick (``add=1``) or untick one permission of a role: answers the matrix's row, as it now stands
    (with the reason beside it when refused; 200 either way, so htmx swaps it in)."""
    form = await request.form()
    tenant = str(form.get("tenant", "")) or None
    role, permission, add = str(form.get("role", "")), str(form.get("permission", "")), form.get("add") == "1"
    problem = None
    try:
        async with acting(request, write=True) as act:
            await admin.change_permission(act.session, act.who, tenant=tenant, role=role, permission=permission,
                                          add=add, vocabulary=vocabulary(act))
    except InvalidInput as error:
        problem = "; ".join(p.message for p in error.problems)
    async with acting(request) as act:
        chosen = next(((r, lines) for r, lines in await _roles(act, tenant) if r.code == role), None)
        if chosen is None:
            raise FieldError("role", f"no role {role!r} in the tenant")
        line = _line(permission)
        _tenant, root = await admin.tenant_root(act.session, act.who, tenant)
        row = next(x for x in rows(vocabulary(act), chosen[1], act.who, root)
                   if (x.resource, x.action) == (line.resource, line.action))
        lacking = await _lacking(act, *chosen, root)
        return page(act, "_role_row.html", row=row, chosen=chosen, columns=COLUMNS, tenant=tenant,
                    may_change=await _may_change(act, tenant) and not lacking, problem=problem)


def _line(permission: str) -> PolicyLine:
    try:
        return parse_permission(permission)[0]
    except ValueError as error:
        raise FieldError("permission", str(error)) from None


HANDLERS = [roles_page, change]
