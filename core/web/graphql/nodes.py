"""``node(id:)`` and ``nodes(ids:)``: any record implementing ``Node`` by its global id.

Each type is fetched through exactly the filter of its own query (:data:`FETCHERS`): a record of
another tenant, outside the viewer's grants, or that does not exist is null, the three alike, and
ids are never an oracle. Only the form of an id is an error (not an id, a type that is not a
``Node``), which says nothing of any record.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from sqlmodel import col, select

from core import models
from core.access.grants import visible
from core.cases import inbox
from core.cases.visibility import visible_cases
from core.documents import forms
from core.errors import FieldError
from core.models.base import stored_id
from core.plugins.declarations import GraphQLDecl
from core.services.regions import tenant_root
from core.web.graphql import credits, lists, types
from core.web.graphql.administration import AuditEvent
from core.web.graphql.cases import Case
from core.web.graphql.context import Info
from core.web.graphql.documents import FormSubmission
from core.web.graphql.ids import decode_global_id, parse_id
from core.web.graphql.inbox import Notification
from core.web.graphql.relay import Node

MAX_NODES = 100
"""The most ids one ``nodes`` asks for (a page of a list is at most 500 rows; this is a lookup)."""

Fetch = Callable[[Info, list[int]], Awaitable[dict[int, Any]]]
"""Rows by id, as their GraphQL type: those the viewer may see, through the type's own filter."""


def _visible(model: Any, convert: Callable[[Any], Any]) -> Fetch:
    """The records ``visible`` gives the viewer, the filter of every list and ``one(id:)`` of them."""

    async def fetch(info: Info, ids: list[int]) -> dict[int, Any]:
        rows = await info.context.loaders.by_id(model).load_many(ids)
        return {id_: convert(row) for id_, row in zip(ids, rows, strict=True) if row is not None}

    return fetch


async def _cases(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``case(id:)`` and ``cases``: ``visible_cases`` (an office's, a party's, a public call)."""
    registry = info.context.platform.registry
    query = visible_cases(info.context.who, registry).where(col(models.Case.id).in_(ids))
    return {stored_id(row): Case.of(row, registry) for row in (await info.context.exec(query)).all()}


async def _form_submissions(info: Info, ids: list[int]) -> dict[int, Any]:
    """As the ``formSubmissions`` list: visible, and ``readable`` (a personal-data form only with
    ``personal_data:read_full``, a case's form only for an office reading cases)."""
    who, registry = info.context.who, info.context.platform.registry
    query = visible(models.FormSubmission, who).where(col(models.FormSubmission.id).in_(ids),
                                                       forms.readable(registry, who))
    return {stored_id(row): FormSubmission.of(row) for row in (await info.context.exec(query)).all()}


async def _notifications(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``inbox``: the viewer's own notifications only."""
    async with info.context.lock:
        rows = await inbox.own_among(info.context.session, info.context.who, ids)
    return {stored_id(row): Notification.of(row) for row in rows}


async def _audit_events(info: Info, ids: list[int]) -> dict[int, Any]:
    """As ``auditEvents``: events of the viewer's tenant (any tenant for a platform administrator)
    where the viewer holds ``audit:read`` at the tenant's root."""
    who = info.context.who
    query = select(models.AuditEvent).where(col(models.AuditEvent.id).in_(ids),
                                            col(models.AuditEvent.tenant_id).is_not(None))
    if not who.platform_admin:
        query = query.where(models.AuditEvent.tenant_id == who.tenant_id)
    rows = (await info.context.exec(query)).all()
    allowed: dict[int, bool] = {}
    async with info.context.lock:
        for tenant_id in {row.tenant_id for row in rows if row.tenant_id is not None}:
            root = await tenant_root(info.context.session, tenant_id)
            allowed[tenant_id] = root is not None and who.may("audit", "read", root)
    return {stored_id(row): AuditEvent.of(row) for row in rows if row.tenant_id is not None and allowed[row.tenant_id]}


FETCHERS: dict[str, Fetch] = {
    "Region": _visible(models.Region, types.Region.of),
    "SocialOrganization": _visible(models.SocialOrganization, types.SocialOrganization.of),
    "SocialWorker": _visible(models.SocialWorker, types.SocialWorker.of),
    "Volunteer": _visible(models.Volunteer, types.Volunteer.of),
    "VolunteerTeam": _visible(models.VolunteerTeam, types.VolunteerTeam.of),
    "CommunityFund": _visible(models.CommunityFund, types.CommunityFund.of),
    "Donation": _visible(models.Donation, types.Donation.of),
    "Activity": _visible(models.Activity, types.Activity.of),
    "ServiceRecord": _visible(models.ServiceRecord, types.ServiceRecord.of),
    "Case": _cases,
    "FormSubmission": _form_submissions,
    "Notification": _notifications,
    "AuditEvent": _audit_events,
    "Demand": lists.demands_by_id,
    "MatchProposal": lists.proposals_by_id,
    "ServiceResource": lists.resources_by_id,
    "ServiceProject": lists.projects_by_id,
    "CreditAccount": credits.accounts_by_id,
    "CreditEntry": credits.entries_by_id,
}
"""Every type implementing ``Node``, and how its records are fetched (a test checks none is missing)."""


def _parse(value: str, field: str) -> tuple[str, int]:
    """The type and row of a global id of a ``Node`` type; a FieldError naming ``field`` otherwise."""
    decoded = decode_global_id(str(value))
    if decoded is None:
        shown = str(value)[:40]
        raise FieldError(field, f"{shown!r} is not an id of a Node (give the id field of an object that implements Node)")
    kind = decoded[0]
    if kind not in FETCHERS:
        raise FieldError(field, f"{value!r} is the id of a {kind}, which is not a Node")
    return kind, parse_id(value, field, kind)


async def fetch(info: Info, ids: list[strawberry.ID], field: str) -> list[Any]:
    """The objects of ``ids`` in their order (None where the viewer may not see one), one query a type."""
    wanted = [_parse(value, field) for value in ids]
    by_kind: dict[str, list[int]] = {}
    for kind, number in wanted:
        by_kind.setdefault(kind, []).append(number)
    found = {kind: await FETCHERS[kind](info, sorted(set(numbers))) for kind, numbers in by_kind.items()}
    return [found[kind].get(number) for kind, number in wanted]


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object implementing Node by its global id: null when it does not exist or "
                                  "the viewer may not see it, exactly as its own query would not give it.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return (await fetch(info, [id], "id"))[0]

    @strawberry.field(description=f"Objects by their global ids, in the order asked (null for each one that does not "
                                  f"exist or that the viewer may not see); at most {MAX_NODES} ids.")
    async def nodes(
        self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(description="global ids")]
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise FieldError("ids", f"at most {MAX_NODES} ids at once, not {len(ids)}")
        return await fetch(info, ids, "ids")


PART = GraphQLDecl(query=NodeQuery)
