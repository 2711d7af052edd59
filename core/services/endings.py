"""Ending a dated record: a volunteer leaves, an organization is deregistered (注销), a social worker
leaves the post, a team dissolves, a community fund closes. Never a deletion.

Ending sets the record's ``valid_to`` to the day it ended: from that day it no longer counts, and
every count as of a day before still counts it (:mod:`core.indicators.history`); its ledgers
(service records, donations) stay as they were. The summaries follow in the same transaction (the
flush rewrites the record's region, :mod:`core.indicators.summary`). The reason is one of the
vocabulary of the record's kind (:data:`KINDS`), with a note in free text (needed for ``other``),
kept in a :class:`~core.models.RecordEnding` row; the audit log records who ended what, when and
why (the reason's key, never the note, which may name people and can be erased later).

The permission is the one that already lets a user set ``valid_to`` through an update: ``update``
on the record's resource at its region. Refused, each naming the field: a day in the future, a day
before the record began counting (``valid_from``), a record already ended, a reason not of its
kind, ``other`` without a note, and a day that would leave entries after it (a volunteer's service
records, a fund's donations) or a fund without its host.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access import audit
from core.access.grants import Principal, get_visible, resource_of
from core.errors import FieldError, InvalidInput
from core.models import (
    CommunityFund,
    Donation,
    RecordEnding,
    Registration,
    ServiceRecord,
    SocialOrganization,
    SocialWorker,
    Volunteer,
    VolunteerTeam,
)
from core.models.base import stored_id
from core.models.ending import NOTE_MAX
from core.models.scoped import TenantRow

OTHER = "other"

Check = Callable[[AsyncSession, Any, dt.date, str], Awaitable[None]]


@dataclass(frozen=True)
class Kind:
    """How one kind of record ends: its audit action, the words for it, and its reasons."""

    model: type[TenantRow]
    action: str
    """the audit action, e.g. ``volunteer.leave``"""
    ended: str
    """what an ended one did, for messages: "left", "was deregistered" …"""
    reasons: dict[str, str]
    """key → zh-CN label; ``other`` last"""
    checks: tuple[Check, ...] = field(default=())


async def _no_service_after(session: AsyncSession, row: Any, day: dt.date, _reason: str) -> None:
    last = (await session.exec(select(sa.func.max(ServiceRecord.served_on)).where(
        ServiceRecord.volunteer_id == row.id, col(ServiceRecord.served_on) >= day))).one()
    if last is not None:
        raise FieldError("on", f"the volunteer has service records on or after {day.isoformat()} (the last on "
                         f"{last.isoformat()}): the day they left is after their last service", code="conflict")


async def _no_donation_after(session: AsyncSession, row: Any, day: dt.date, _reason: str) -> None:
    last = (await session.exec(select(sa.func.max(Donation.donated_on)).where(
        Donation.fund_id == row.id, col(Donation.donated_on) >= day))).one()
    if last is not None:
        raise FieldError("on", f"the fund received donations on or after {day.isoformat()} (the last on "
                         f"{last.isoformat()}): it closes after its last donation", code="conflict")


async def _no_open_funds(session: AsyncSession, row: Any, _day: dt.date, _reason: str) -> None:
    hosted = (await session.exec(select(CommunityFund.id).where(
        CommunityFund.host_organization_id == row.id, col(CommunityFund.valid_to).is_(None))
        .order_by(col(CommunityFund.id)))).all()
    if hosted:
        ids = ", ".join(str(i) for i in hosted)
        raise FieldError("id", f"the organization hosts community funds still open ({ids}): close them, or give "
                         "them another host, first", code="conflict")


async def _registration_fits(session: AsyncSession, row: Any, _day: dt.date, reason: str) -> None:
    if reason == "filing_withdrawn" and row.registration is not Registration.FILED:
        raise FieldError("reason", "filing_withdrawn (撤销备案) is for a filed organization; this one is registered")
    if reason == "registration_revoked" and row.registration is not Registration.REGISTERED:
        raise FieldError("reason", "registration_revoked (撤销登记) is for a registered organization; this one is filed")


KINDS: dict[str, Kind] = {
    "volunteer": Kind(Volunteer, "volunteer.leave", "left", {
        "withdrew": "本人申请注销",
        "moved_away": "迁出本地",
        "inactive": "长期未参加志愿服务",
        "disqualified": "违反规定被取消注册",
        "deceased": "死亡",
        OTHER: "其他",
    }, (_no_service_after,)),
    "social_organization": Kind(SocialOrganization, "social_organization.deregister", "was deregistered", {
        "dissolved": "自行解散",
        "purpose_achieved": "完成章程规定的宗旨",
        "merged_or_split": "分立、合并",
        "registration_revoked": "被撤销登记",
        "filing_withdrawn": "撤销备案",
        OTHER: "其他",
    }, (_registration_fits, _no_open_funds)),
    "social_worker": Kind(SocialWorker, "social_worker.leave", "left the post", {
        "resigned": "辞职",
        "transferred": "调离",
        "contract_ended": "服务合同期满",
        "retired": "退休",
        "deceased": "死亡",
        OTHER: "其他",
    }),
    "volunteer_team": Kind(VolunteerTeam, "volunteer_team.dissolve", "was dissolved", {
        "dissolved": "解散",
        "merged": "并入其他队伍",
        "inactive": "长期无活动",
        "organization_ended": "所属组织注销",
        OTHER: "其他",
    }),
    "community_fund": Kind(CommunityFund, "community_fund.close", "was closed", {
        "purpose_achieved": "设立目的已实现",
        "funds_exhausted": "资金使用完毕",
        "agreement_ended": "与慈善组织的专项基金协议终止",
        "merged": "并入其他基金",
        OTHER: "其他",
    }, (_no_donation_after,)),
}
"""Every kind of dated record, by its resource, with how it ends."""


def kind_of(model: type[TenantRow]) -> Kind:
    return KINDS[resource_of(model)]


def _note(reason: str, note: str | None) -> str | None:
    text = (note or "").strip() or None
    if reason == OTHER and text is None:
        raise FieldError("note", "say what the reason is (the reason is other)", code="required")
    if text is not None and len(text) > NOTE_MAX:
        raise FieldError("note", f"at most {NOTE_MAX} characters")
    return text


async def end(
    session: AsyncSession, principal: Principal, model: type[TenantRow], id_: int, *, reason: str,
    on: dt.date | None = None, note: str | None = None,
) -> Any:
    """End the visible record ``id_`` of ``model`` on the day ``on`` (today when left out), for
    ``reason``; return it. One transaction with the caller's: the record, its ending, the summaries
    and the audit event, or nothing."""
    kind = kind_of(model)
    try:
        if reason not in kind.reasons:
            raise FieldError("reason", f"one of {', '.join(kind.reasons)}")
        text = _note(reason, note)
        today = clock.today()
        day = on or today
        if day > today:
            raise FieldError("on", f"is in the future (today is {today.isoformat()})")
        row: Any = await get_visible(session, model, id_, principal, action="update")
        if row.valid_to is not None:
            raise FieldError("id", f"this {model.__name__} {kind.ended} on {row.valid_to.isoformat()} already",
                             code="already_ended")
        if day < row.valid_from:
            raise FieldError("on", f"is before the record began counting ({row.valid_from.isoformat()})")
        for check in kind.checks:
            await check(session, row, day, reason)
        row.valid_to = day
        session.add(row)
        session.add(RecordEnding(tenant_id=row.tenant_id, record_type=resource_of(model), record_id=stored_id(row),
                                 ended_on=day, reason=reason, note=text, recorded_by=principal.username))
        await session.flush()
        await audit.record(session, principal, kind.action, f"{model.__name__}:{row.id}", tenant_id=row.tenant_id,
                           before={"valid_to": None}, after={"valid_to": day.isoformat(), "reason": reason})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def latest(session: AsyncSession, keys: list[tuple[str, int]]) -> dict[tuple[str, int], RecordEnding]:
    """The latest ending of each (record type, id), for those that have one."""
    out: dict[tuple[str, int], RecordEnding] = {}
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in keys:
        by_type.setdefault(record_type, []).append(record_id)
    for record_type, ids in by_type.items():
        rows = (await session.exec(select(RecordEnding).where(
            RecordEnding.record_type == record_type, col(RecordEnding.record_id).in_(sorted(set(ids))))
            .order_by(col(RecordEnding.id)))).all()
        for ending in rows:
            out[(record_type, ending.record_id)] = ending  # the later one wins
    return out


def label(record_type: str, reason: str) -> str:
    """The zh-CN label of a reason (the key itself for one no longer in the vocabulary)."""
    kind = KINDS.get(record_type)
    return kind.reasons.get(reason, reason) if kind else reason
