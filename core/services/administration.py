"""Administering permissions at run time: roles, their policy lines, assignments, explanations.

Every change is one transaction that also bumps the policy version (so every worker reloads)
and appends an audit event with the state before and after. Delegation never escalates
(:mod:`core.access.delegation`): an actor may grant or take away a role, create one, or
change one's permissions only when the actor holds every policy line involved (the role's
emergency powers included), at the region concerned and within the actor's own subtree, by its
ordinary powers: never by powers received through an emergency.

Explanations show only what the asker may see: assignments at regions where it may read
assignments. A user with none of those there is "not found", exactly like one that does not exist.
"""

import datetime as dt
from dataclasses import dataclass, replace

from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access import audit
from core.access.delegation import EMERGENCY_LINES, Held, handed_on, refuse_unless_held
from core.access.grants import Principal, region_at, require
from core.access.policy import Policy, bump_version
from core.access.principal import principal_of
from core.access.vocabulary import PolicyLine, Vocabulary, parse_permission
from core.errors import FieldError, InvalidInput, NotFound, Problem, problems_from
from core.models import AuditEvent, Region, Role, RoleAssignment, RolePermission, Tenant, User
from core.models.base import stored_id
from core.plugins.declarations import RoleDecl
from core.services.roles import add_role
from core.tree.tiers import Tier


async def tenant_root(session: AsyncSession, principal: Principal, tenant_code: str | None) -> tuple[Tenant, Region]:
    """The tenant to administer: the principal's own, or (platform administrators) the one named."""
    if principal.platform_admin:
        if not tenant_code:
            raise FieldError("tenant", "platform administrators name the tenant")
        tenant = (await session.exec(select(Tenant).where(Tenant.code == tenant_code))).first()
    else:
        tenant = await session.get(Tenant, principal.tenant_id) if principal.tenant_id else None
        if tenant is not None and tenant_code and tenant.code != tenant_code:
            tenant = None
    if tenant is None:
        raise NotFound("tenant", f"no tenant {tenant_code!r}")
    root = (await session.exec(select(Region).where(Region.path == tenant.code))).one()
    return tenant, root


async def _tenant_of(session: AsyncSession, place: Region) -> Tenant:
    tenant = await session.get(Tenant, place.tenant_id)
    if tenant is None:
        raise RuntimeError(f"region {place.path!r}: its tenant {place.tenant_id} does not exist")
    return tenant


async def role_named(session: AsyncSession, tenant: Tenant, code: str, field: str = "role") -> Role:
    role = (await session.exec(select(Role).where(Role.tenant_id == tenant.id, Role.code == code))).first()
    if role is None:
        raise NotFound(field, f"no role {code!r} in tenant {tenant.code!r}")
    return role


async def role_lines(session: AsyncSession, role: Role) -> list[PolicyLine]:
    rows = (
        await session.exec(
            select(RolePermission).where(RolePermission.tenant_id == role.tenant_id, RolePermission.role_code == role.code)
        )
    ).all()
    return sorted(PolicyLine(r.tier, r.resource, r.action) for r in rows)


def _parse(permissions: list[str], field: str, vocabulary: Vocabulary | None, *, single: bool = False) -> list[PolicyLine]:
    """The policy lines of ``permissions``, each in the vocabulary (when given); every problem names its
    field (``permissions.2``)."""
    lines: set[PolicyLine] = set()
    problems: list[Problem] = []
    for index, permission in enumerate(permissions):
        try:
            lines.update(vocabulary.lines(permission) if vocabulary is not None else parse_permission(permission))
        except ValueError as error:
            problems.append(Problem(field if single else f"{field}.{index}", str(error), "invalid"))
    if problems:
        raise InvalidInput(problems)
    return sorted(lines)


async def create_role(
    session: AsyncSession, principal: Principal, *, tenant: str | None, code: str, label: str, tier: Tier,
    permissions: list[str], vocabulary: Vocabulary, emergency_powers: bool = False,
) -> Role:
    """A tenant's own role. Needs role:create at the tenant root and every permission it grants; each
    permission names a resource and action of the ``vocabulary`` (the platform's registry's)."""
    try:
        tenant_row, root = await tenant_root(session, principal, tenant)
        require(principal, "role", "create", root, field="tenant")
        lines = _parse(permissions, "permissions", vocabulary)
        try:
            decl = RoleDecl(code=code, label=label, tier=tier, permissions=tuple(permissions),
                            emergency_powers=emergency_powers, source="tenant")
        except ValidationError as error:
            raise InvalidInput(problems_from(error)) from None
        held = [Held(tuple(lines), root)] + ([Held(EMERGENCY_LINES, root, emergency=True)] if emergency_powers else [])
        refuse_unless_held(principal, held, "permissions")
        if (await session.exec(select(Role).where(Role.tenant_id == tenant_row.id, Role.code == code))).first():
            raise FieldError("code", f"role {code!r} already exists in {tenant_row.code!r}", "duplicate")
        role = await add_role(session, tenant_row, decl, "tenant")
        await bump_version(session)
        await audit.record(session, principal, "role.create", f"{tenant_row.code}:{code}", tenant_id=tenant_row.id,
                           after={"label": label, "tier": tier.value, "permissions": [x.notation() for x in lines],
                                  "emergency_powers": emergency_powers})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return role


async def change_permission(
    session: AsyncSession, principal: Principal, *, tenant: str | None, role: str, permission: str, add: bool,
    vocabulary: Vocabulary,
) -> list[PolicyLine]:
    """Add or remove one permission of a role, transactionally (never delete-all-and-reinsert).

    A permission added names a resource and action of the ``vocabulary``; one removed may be outside
    it when the role holds it (a line of a plugin no longer installed). The actor must hold the
    permission and everything the role holds already (a role the actor does not hold entirely is
    not theirs to widen or to narrow)."""
    try:
        tenant_row, root = await tenant_root(session, principal, tenant)
        require(principal, "role", "update", root, field="tenant")
        role_row = await role_named(session, tenant_row, role)
        before = await role_lines(session, role_row)
        held = not add and set(_parse([permission], "permission", None, single=True)) <= set(before)
        lines = _parse([permission], "permission", None if held else vocabulary, single=True)
        refuse_unless_held(principal, [Held(tuple(lines), root)], "permission")
        refuse_unless_held(principal, await handed_on(session, role_row, before, root), "role",
                           f"change {role_row.code!r}, which holds")
        for line in lines:
            existing = (
                await session.exec(
                    select(RolePermission).where(
                        RolePermission.tenant_id == tenant_row.id, RolePermission.role_code == role_row.code,
                        RolePermission.tier == line.tier, RolePermission.resource == line.resource,
                        RolePermission.action == line.action,
                    )
                )
            ).first()
            if add and existing is None:
                session.add(RolePermission(tenant_id=stored_id(tenant_row), role_code=role_row.code, tier=line.tier,
                                           resource=line.resource, action=line.action))
            elif not add and existing is not None:
                await session.delete(existing)
        await session.flush()
        after = await role_lines(session, role_row)
        if after != before:
            await bump_version(session)
            await audit.record(session, principal, "role.permission." + ("add" if add else "remove"),
                               f"{tenant_row.code}:{role_row.code}", tenant_id=tenant_row.id,
                               before={"permissions": [x.notation() for x in before]},
                               after={"permissions": [x.notation() for x in after]})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return after


async def _user(session: AsyncSession, username: str, tenant: Tenant) -> User:
    user = (await session.exec(select(User).where(User.username == username))).first()
    if user is None or user.tenant_id != tenant.id:
        raise NotFound("username", f"no user {username!r} in tenant {tenant.code!r}")
    return user


async def assign(session: AsyncSession, principal: Principal, *, username: str, role: str, region: str) -> RoleAssignment:
    """Give ``username`` the role at ``region`` (covering its subtree).

    Whether the role may be granted is decided before the user is looked up, so a refusal does
    not depend on who exists."""
    try:
        place = await region_at(session, region, principal)
        require(principal, "assignment", "create", place)
        tenant = await _tenant_of(session, place)
        role_row = await role_named(session, tenant, role)
        if role_row.tier is not place.tier:
            raise FieldError("region", f"role {role!r} is held at a {role_row.tier.value}, not at a {place.tier.value}")
        refuse_unless_held(principal, await handed_on(session, role_row, await role_lines(session, role_row), place), "role")
        user = await _user(session, username, tenant)
        found = (
            await session.exec(
                select(RoleAssignment).where(RoleAssignment.user_id == user.id, RoleAssignment.role_id == role_row.id,
                                             RoleAssignment.region_id == place.id)
            )
        ).first()
        if found is not None:
            raise FieldError("role", f"{username!r} already holds {role!r} at {place.path!r}", "duplicate")
        row = RoleAssignment(tenant_id=stored_id(tenant), user_id=stored_id(user), role_id=stored_id(role_row), region_id=stored_id(place),
                             granted_by=principal.user_id)
        session.add(row)
        await session.flush()
        await audit.record(session, principal, "assignment.create", f"{username}:{role}@{place.path}",
                           tenant_id=tenant.id, after={"user": username, "role": role, "region": place.path})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def revoke(session: AsyncSession, principal: Principal, *, username: str, role: str, region: str) -> None:
    """Take the role held at ``region`` away from ``username``: needs what granting it needs."""
    try:
        place = await region_at(session, region, principal)
        require(principal, "assignment", "delete", place)
        tenant = await _tenant_of(session, place)
        role_row = await role_named(session, tenant, role)
        refuse_unless_held(principal, await handed_on(session, role_row, await role_lines(session, role_row), place),
                           "role", "take away")
        row = (
            await session.exec(
                select(RoleAssignment)
                .join(User, col(RoleAssignment.user_id) == User.id)
                .where(User.username == username, User.tenant_id == tenant.id, RoleAssignment.role_id == role_row.id,
                       RoleAssignment.region_id == place.id)
            )
        ).first()
        if row is None:  # the same answer whether the user does not exist or does not hold it here
            raise NotFound("role", f"{username!r} does not hold {role!r} at {place.path!r}")
        await session.delete(row)
        await session.flush()
        await audit.record(session, principal, "assignment.delete", f"{username}:{role}@{place.path}",
                           tenant_id=tenant.id, before={"user": username, "role": role, "region": place.path})
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def _subject_seen_by(
    session: AsyncSession, principal: Principal, policy: Policy, username: str, tenant: Tenant
) -> Principal:
    """``username`` with only the assignments ``principal`` may see: those at regions where it may
    read assignments. Someone with none is not found, like someone who does not exist, unless the
    principal reads the assignments of the whole tenant (then it sees users with no role too)."""
    subject = await principal_of(session, await _user(session, username, tenant), policy)
    if principal.platform_admin:
        return subject
    ids = {a.region_id for a in subject.assignments}
    regions = {r.id: r for r in (await session.exec(select(Region).where(col(Region.id).in_(ids)))).all()} if ids else {}
    seen = tuple(a for a in subject.assignments if principal.may("assignment", "read", regions[a.region_id]))
    if not seen:
        root = (await session.exec(select(Region).where(Region.path == tenant.code))).one()
        if not principal.may("assignment", "read", root):
            raise NotFound("username", f"no user {username!r} in tenant {tenant.code!r}")
    return replace(subject, assignments=seen, emergencies=(), _grants={})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    assignments: list[str]
    policy_lines: list[str]
    roles: list[str]
    """The roles of ``assignments``, as ``code label — source``: the document clauses they rest on."""


async def _described(session: AsyncSession, tenant: Tenant, codes: list[str]) -> list[str]:
    """``street_office 乡镇（街道） — 渝民发〔2022〕7号 三（四）…`` for each role code, in order, once."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    rows = (await session.exec(select(Role).where(Role.tenant_id == stored_id(tenant),
                                                  col(Role.code).in_(wanted)))).all()
    by_code = {r.code: r for r in rows}
    return [f"{code} {by_code[code].label}" + (f" — {by_code[code].source}" if by_code[code].source else "")
            for code in wanted if code in by_code]


async def explain(
    session: AsyncSession, principal: Principal, policy: Policy, *, username: str, resource: str, action: str, region: str
) -> Decision:
    """Why may (or may not) ``username`` do ``action`` on ``resource`` at ``region``?"""
    place = await region_at(session, region, principal)
    require(principal, "assignment", "read", place)
    tenant = await _tenant_of(session, place)
    subject = await _subject_seen_by(session, principal, policy, username, tenant)
    covering = [a for a in subject.assignments if a.covers(place)]
    if not covering:
        held = ", ".join(f"{a.role}@{a.path}" for a in subject.assignments) or "none"
        return Decision(False, f"no assignment of {username!r} covers {place.path!r} (holds: {held})", [], [], [])
    deciding, lines = [], []
    for a in covering:
        for line in policy.lines_of(stored_id(tenant), a.role):
            _, role, tier, res, act = line
            if res == resource and act == action and tier in ("*", place.tier.value):
                deciding.append(f"{a.role}@{a.path}")
                lines.append(f"p, {tenant.code}, {role}, {tier}, {res}, {act}")
    if deciding:
        described = await _described(session, tenant, [d.split("@", 1)[0] for d in deciding])
        return Decision(True, f"{username!r} may {action} {resource} at {place.path!r}", deciding, lines, described)
    roles = ", ".join(sorted({a.role for a in covering}))
    return Decision(
        False,
        f"the roles covering {place.path!r} ({roles}) have no policy line allowing {resource}:{action} at a {place.tier.value}",
        [f"{a.role}@{a.path}" for a in covering],
        [],
        await _described(session, tenant, [a.role for a in covering]),
    )


async def effective_permissions(
    session: AsyncSession, principal: Principal, policy: Policy, *, username: str, region: str
) -> list[str]:
    """Every ``resource:action`` the user may perform on something at ``region``."""
    place = await region_at(session, region, principal)
    require(principal, "assignment", "read", place)
    tenant = await _tenant_of(session, place)
    subject = await _subject_seen_by(session, principal, policy, username, tenant)
    found = set()
    for a in subject.assignments:
        if not a.covers(place):
            continue
        for _, _, tier, resource, action in policy.lines_of(stored_id(tenant), a.role):
            if tier in ("*", place.tier.value):
                found.add(f"{resource}:{action}")
    return sorted(found)


async def roles_of_tenant(session: AsyncSession, principal: Principal, tenant: str | None) -> list[tuple[Role, list[PolicyLine]]]:
    tenant_row, _root = await tenant_root(session, principal, tenant)
    if not principal.platform_admin and not principal.grants("role", "read"):
        raise FieldError("tenant", "you may not read roles", "forbidden")
    roles = (await session.exec(select(Role).where(Role.tenant_id == tenant_row.id).order_by(col(Role.code)))).all()
    return [(r, await role_lines(session, r)) for r in roles]


@dataclass(frozen=True)
class Holding:
    """A role a user holds at a region, as an administrator's page lists it."""

    role: str
    role_label: str
    path: str
    region_name: str


async def users_of_tenant(
    session: AsyncSession, principal: Principal, tenant: str | None
) -> list[tuple[User, list[Holding]]]:
    """The users of a tenant with the assignments the principal may see (those at regions where it
    may read assignments), by username. As :func:`explain` sees them: whoever reads the assignments
    of the whole tenant sees every user, those with no role too; anyone else only the users holding
    a role where it may read assignments; without ``assignment:read`` anywhere, nobody."""
    tenant_row, root = await tenant_root(session, principal, tenant)
    everyone = principal.may("assignment", "read", root)
    if not everyone and not principal.grants("assignment", "read"):
        raise FieldError("tenant", "you may not read role assignments", "forbidden")
    users = (await session.exec(select(User).where(User.tenant_id == tenant_row.id).order_by(col(User.username)))).all()
    rows = (
        await session.exec(
            select(RoleAssignment, Role, Region)
            .join(Role, col(Role.id) == RoleAssignment.role_id)
            .join(Region, col(Region.id) == RoleAssignment.region_id)
            .where(RoleAssignment.tenant_id == tenant_row.id)
            .order_by(col(Region.path), col(Role.code))
        )
    ).all()
    held: dict[int, list[Holding]] = {}
    for assignment, role, place in rows:
        if principal.may("assignment", "read", place):
            held.setdefault(assignment.user_id, []).append(Holding(role.code, role.label, place.path, place.name))
    return [(user, held.get(stored_id(user), [])) for user in users if everyone or stored_id(user) in held]


async def holdings(
    session: AsyncSession, principal: Principal, policy: Policy, *, username: str, tenant: str | None
) -> tuple[User, list[Holding]]:
    """One user of the tenant and the assignments the principal may see (:func:`users_of_tenant`'s
    rule); not found, like someone who does not exist, where it sees none."""
    tenant_row, _root = await tenant_root(session, principal, tenant)
    user = await _user(session, username, tenant_row)
    subject = await _subject_seen_by(session, principal, policy, username, tenant_row)
    codes = {a.role for a in subject.assignments}
    labels = {r.code: r.label for r in (await session.exec(
        select(Role).where(Role.tenant_id == tenant_row.id, col(Role.code).in_(codes)))).all()} if codes else {}
    ids = {a.region_id for a in subject.assignments}
    names = {r.id: r.name for r in (await session.exec(select(Region).where(col(Region.id).in_(ids)))).all()} if ids else {}
    return user, [Holding(a.role, labels.get(a.role, a.role), a.path, names.get(a.region_id, a.path))
                  for a in subject.assignments]


async def tenants(session: AsyncSession, principal: Principal) -> list[Tenant]:
    """The tenants a principal administers: every one for the platform administrator, else its own."""
    if principal.platform_admin:
        return list((await session.exec(select(Tenant).order_by(col(Tenant.code)))).all())
    own = await session.get(Tenant, principal.tenant_id) if principal.tenant_id is not None else None
    return [own] if own is not None else []


async def audit_events(
    session: AsyncSession, principal: Principal, *, tenant: str | None, action: str | None = None,
    actor: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
    before: int | None = None, limit: int | None = 100,
) -> list[AuditEvent]:
    """The tenant's audit log, newest first, as ``auditEvents`` reads it (``audit:read`` at the tenant
    root): ``action`` a prefix (``role.``), ``actor`` a username, ``since``/``until`` days (UTC,
    both included), ``before`` an event id (the next page); ``limit`` None for all (an export)."""
    tenant_row, root = await tenant_root(session, principal, tenant)
    require(principal, "audit", "read", root, field="tenant")
    query = select(AuditEvent).where(AuditEvent.tenant_id == tenant_row.id)
    if action:
        query = query.where(col(AuditEvent.action).startswith(action))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until is not None:
        query = query.where(col(AuditEvent.at) < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC))
    if before is not None:
        query = query.where(col(AuditEvent.id) < before)
    query = query.order_by(col(AuditEvent.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return list((await session.exec(query)).all())
