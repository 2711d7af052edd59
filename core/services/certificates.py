"""Certificates of service (志愿服务证明): issued by the recorder, verifiable by number.

**Who issues, for what.** A user who may record hours at the volunteer's community
(``service_record:create`` there) issues a certificate over a period; it covers the volunteer's
entries in that period that count (none corrected: :func:`core.services.hours.effective`) at the
activities the issuer organizes (:func:`core.services.hours.organized_by`: an organization's members
certify its activities, an office the activities it holds). Whoever organizes records, and
certifies what they recorded; a period without such hours is refused.

**What it says.** The volunteer's name masked (the surname: 王*) and ID number masked as everywhere
(:func:`core.validators.mask_id_number`), the hours and the entries they come from, the activities
served (content), the issuer (the organizations or offices of those activities), the number and the
day of issue. The row keeps all of it as issued: a verification answers from it, never recomputed,
so a later correction of an entry does not change what a certificate said (it may be issued anew).

**The number** is ``<year>-<10 characters>``, drawn at random (50 bits): unique on the platform, and
not to be guessed from another, so that asking for numbers in turn finds nothing.

**Verification** (:func:`verify`) is public: whoever holds a certificate may ask whether its number
was issued, by whom, when, and what it said — only masked data, as printed. The HTTP route that
answers it without a token is rate-limited per client address like every request
(``rate_limit_per_minute``).
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from pydantic import Field, model_validator
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access import audit
from core.access.grants import Principal, get_visible, require
from core.documents.pdf import IssuedDocument
from core.errors import FieldError, InvalidInput
from core.models import Activity, Region, ServiceCertificate, ServiceRecord, SocialOrganization, Volunteer
from core.models.fields import PastDate
from core.services import erasure, hours
from core.services.elements import _validate
from core.validators import mask_name

NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 characters, none to be misread (no 0/O, 1/I)."""
NUMBER_LENGTH = 10
TITLE = "志愿服务证明"
CONTENT_LENGTH = 1000


class CertificateRequest(SQLModel):
    volunteer_id: int
    period_from: PastDate
    period_to: PastDate

    @model_validator(mode="after")
    def _ordered(self) -> "CertificateRequest":
        if self.period_to < self.period_from:
            raise FieldError("period_to", f"is before periodFrom ({self.period_from.isoformat()})")
        return self


class ByNumber(SQLModel):
    number: str = Field(min_length=1, max_length=32)


def new_number(day: dt.date) -> str:
    return f"{day.year}-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))


def _clean(number: str) -> str:
    return number.strip().upper()


@dataclass(frozen=True)
class Covered:
    minutes: int
    entries: int
    content: str
    issuer: str


async def _covered(session: AsyncSession, principal: Principal, valid: CertificateRequest) -> Covered:
    """What the certificate covers: the effective entries of the period at activities the issuer organizes."""
    query = (
        select(ServiceRecord, Activity, Region, SocialOrganization)
        .join(Activity, col(Activity.id) == ServiceRecord.activity_id)
        .join(Region, col(Region.id) == Activity.region_id)
        .outerjoin(SocialOrganization, col(SocialOrganization.id) == Activity.organization_id)
        .where(ServiceRecord.volunteer_id == valid.volunteer_id, hours.effective(), hours.organized_by(principal),
               col(ServiceRecord.served_on) >= valid.period_from, col(ServiceRecord.served_on) <= valid.period_to)
        .order_by(col(ServiceRecord.served_on), col(ServiceRecord.id))
    )
    rows = (await session.exec(query)).all()
    if not rows:
        raise FieldError("period_from", f"the volunteer has no hours from {valid.period_from.isoformat()} to "
                         f"{valid.period_to.isoformat()} at activities you organize")
    titles = list(dict.fromkeys(activity.title for _, activity, _, _ in rows))
    issuers = list(dict.fromkeys(org.name if org is not None else region.name for _, _, region, org in rows))
    content = "、".join(titles)
    if len(content) > CONTENT_LENGTH:
        content = content[:CONTENT_LENGTH - 1] + "…"
    return Covered(minutes=sum(entry.minutes for entry, *_ in rows), entries=len(rows), content=content,
                   issuer="、".join(issuers)[:200])


async def issue(session: AsyncSession, principal: Principal, data: dict[str, Any]) -> ServiceCertificate:
    """Issue a certificate of service for a volunteer over a period (see the module); return it."""
    try:
        valid = _validate(CertificateRequest, data)
        volunteer = await get_visible(session, Volunteer, valid.volunteer_id, principal, field="volunteer_id")
        region = await session.get_one(Region, volunteer.region_id)
        require(principal, "service_record", "create", region, field="volunteer_id")
        await erasure.refuse_if_erased(session, volunteer)
        covered = await _covered(session, principal, valid)
        today = clock.today()
        certificate = ServiceCertificate(
            tenant_id=region.tenant_id, region_id=volunteer.region_id, number=new_number(today),
            volunteer_id=valid.volunteer_id, period_from=valid.period_from, period_to=valid.period_to,
            minutes=covered.minutes, entries=covered.entries, content=covered.content,
            name_masked=mask_name(volunteer.name), id_number_masked=volunteer.id_number_masked,
            issuer=covered.issuer, issued_by=principal.username, issued_on=today,
        )
        session.add(certificate)
        await session.flush()
        await audit.record(session, principal, "service_certificate.issue", f"ServiceCertificate:{certificate.id}",
                           tenant_id=certificate.tenant_id, after={"number": certificate.number})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return certificate


async def verify(session: AsyncSession, number: str) -> ServiceCertificate | None:
    """The certificate issued with ``number`` (spaces and case aside), or None: for anyone (see the module)."""
    try:
        valid = _validate(ByNumber, {"number": number})
    except InvalidInput:
        return None
    query = select(ServiceCertificate).where(ServiceCertificate.number == _clean(valid.number))
    return (await session.exec(query)).first()


async def document(session: AsyncSession, principal: Principal, number: str) -> IssuedDocument:
    """The certificate as its PDF page says it, for a user who may read the volunteer's entries at
    their community (``service_record:read``); NotFound (naming ``number``) otherwise."""
    certificate = (await session.exec(select(ServiceCertificate).where(
        ServiceCertificate.number == _clean(number)))).first()
    if certificate is None or not await _may_read(session, principal, certificate):
        raise InvalidInput.of(FieldError("number", f"no certificate {number!r}", code="not_found"))
    return as_document(certificate)


async def _may_read(session: AsyncSession, principal: Principal, certificate: ServiceCertificate) -> bool:
    region = await session.get(Region, certificate.region_id)
    return region is not None and principal.may("service_record", "read", region)


def hours_text(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    return f"{whole}小时{rest}分钟" if rest else f"{whole}小时"


def as_document(certificate: ServiceCertificate) -> IssuedDocument:
    identity = certificate.name_masked
    if certificate.id_number_masked:
        identity += f"（证件号码 {certificate.id_number_masked}）"
    return IssuedDocument(
        title=TITLE, number=certificate.number, issuer=certificate.issuer, issued_on=certificate.issued_on,
        lines=[
            ("志愿者", identity),
            ("服务期间", f"{certificate.period_from.isoformat()} 至 {certificate.period_to.isoformat()}"),
            ("服务时长", f"{hours_text(certificate.minutes)}（{certificate.entries} 条记录）"),
            ("服务内容", certificate.content),
            ("出具单位", certificate.issuer),
        ],
        notes=[f"凭编号 {certificate.number} 可在平台查验本证明（wushe hours verify，或 GET /verify/service-certificates/编号）。"],
    )

