"""Spot checks (抽查) of the volunteer-hours ledger and its certificates of service.

A civil-affairs user holding ``service_record:inspect`` at a district or street (the plugins grant
it to their civil-affairs roles) opens a spot check of that subtree: a random sample of the entries
that count (listed where their volunteers live) and of the certificates issued there is drawn once
and kept. For each sampled item a finding is recorded once — confirmed, or not confirmed with the
reason — by whoever may inspect at the check's region; the findings are kept and listed with it.
"""

from typing import Any

import sqlalchemy as sa
from pydantic import Field, model_validator
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access import audit
from core.access.grants import Principal, get_visible, region_at, require, visible
from core.errors import FieldError, InvalidInput, NotFound
from core.models import Finding, Region, ServiceCertificate, ServiceRecord, SpotCheck, SpotCheckItem, Volunteer
from core.models.base import utcnow
from core.services import hours
from core.services.elements import _validate
from core.services.regions import subtree
from core.tree.tiers import Tier

MAX_SAMPLE = 200
"""The most entries (and the most certificates) one spot check samples."""
TIERS = (Tier.PROVINCE, Tier.CITY, Tier.DISTRICT, Tier.STREET)
ACTION = "inspect"


class SpotCheckRequest(SQLModel):
    region: str
    entries: int = Field(default=10, ge=0, le=MAX_SAMPLE)
    certificates: int = Field(default=5, ge=0, le=MAX_SAMPLE)
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _something(self) -> "SpotCheckRequest":
        if self.entries == 0 and self.certificates == 0:
            raise FieldError("entries", "a spot check samples at least one entry or certificate")
        return self


class FindingInput(SQLModel):
    finding: Finding
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _reasoned(self) -> "FindingInput":
        self.reason = (self.reason or "").strip() or None
        if self.finding is Finding.NOT_CONFIRMED and self.reason is None:
            raise FieldError("reason", "say why the item is not confirmed")
        return self


async def open_check(session: AsyncSession, principal: Principal, data: dict[str, Any]) -> SpotCheck:
    """Open a spot check at a district or street and draw its sample (see the module); return it."""
    try:
        valid = _validate(SpotCheckRequest, data)
        region = await region_at(session, valid.region, principal)
        require(principal, "service_record", ACTION, region)
        if region.tier not in TIERS:
            raise FieldError("region", f"a spot check covers a district or street (or above), not a {region.tier.value}")
        # the grant covers the region, so its whole subtree: sample there, whatever the tiers of the rows
        entries = (await session.exec(
            select(ServiceRecord).join(Volunteer, col(Volunteer.id) == ServiceRecord.volunteer_id)
            .join(Region, col(Region.id) == Volunteer.region_id).where(subtree(region), hours.effective())
            .order_by(sa.func.random()).limit(valid.entries))).all() if valid.entries else []
        certificates = (await session.exec(
            select(ServiceCertificate).join(Region, col(Region.id) == ServiceCertificate.region_id)
            .where(subtree(region)).order_by(sa.func.random()).limit(valid.certificates))).all() \
            if valid.certificates else []
        if not entries and not certificates:
            raise FieldError("region", f"nothing to check at {region.path!r}: no entries of hours, no certificates")
        if region.id is None:
            raise NotFound("region", f"{region.path!r} is not stored yet")
        check = SpotCheck(tenant_id=region.tenant_id, region_id=region.id, opened_by=principal.username,
                          opened_on=clock.today(), note=valid.note)
        session.add(check)
        await session.flush()
        if check.id is None:
            raise NotFound("region", "the spot check was not stored")
        session.add_all([SpotCheckItem(tenant_id=check.tenant_id, spot_check_id=check.id, service_record_id=e.id)
                         for e in entries])
        session.add_all([SpotCheckItem(tenant_id=check.tenant_id, spot_check_id=check.id, certificate_id=c.id)
                         for c in certificates])
        await session.flush()
        await audit.record(session, principal, "spot_check.open", f"SpotCheck:{check.id}", tenant_id=check.tenant_id,
                           after={"entries": len(entries), "certificates": len(certificates)})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return check


async def record_finding(session: AsyncSession, principal: Principal, item_id: int, data: dict[str, Any]) -> SpotCheckItem:
    """Record the finding on a sampled item, once; return the item."""
    try:
        valid = _validate(FindingInput, data)
        item = await session.get(SpotCheckItem, item_id)
        if item is None:
            raise NotFound("id", f"no spot-check item with id {item_id}")
        await get_visible(session, SpotCheck, item.spot_check_id, principal, field="id", action=ACTION)
        done = await session.exec(
            sa.update(SpotCheckItem).where(col(SpotCheckItem.id) == item_id, col(SpotCheckItem.finding).is_(None))
            .values(finding=valid.finding, reason=valid.reason, checked_by=principal.username, checked_at=utcnow())
            .execution_options(synchronize_session=False))
        if done.rowcount != 1:
            raise FieldError("id", "a finding was recorded on this item already; findings are kept as given",
                             code="conflict")
        await session.refresh(item)
        await audit.record(session, principal, "spot_check.finding", f"SpotCheckItem:{item.id}",
                           tenant_id=item.tenant_id, after={"finding": valid.finding.value})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return item


async def items_of(session: AsyncSession, check_ids: list[int]) -> dict[int, list[SpotCheckItem]]:
    """The sampled items of spot checks already read through the access layer, by check."""
    rows = (await session.exec(select(SpotCheckItem).where(col(SpotCheckItem.spot_check_id).in_(check_ids))
                               .order_by(col(SpotCheckItem.id)))).all()
    out: dict[int, list[SpotCheckItem]] = {id_: [] for id_ in check_ids}
    for row in rows:
        out[row.spot_check_id].append(row)
    return out


async def checks_at(session: AsyncSession, principal: Principal, path: str) -> list[SpotCheck]:
    """The spot checks opened in the subtree of ``path`` that the principal may inspect, newest first."""
    region: Region = await region_at(session, path, principal)
    query = visible(SpotCheck, principal, ACTION).where(subtree(region)).order_by(col(SpotCheck.id).desc())
    return list((await session.exec(query)).all())
