"""Donation receipts (捐赠收据): issued once per donation to a fund, by the fund's host.

A receipt is numbered in its tenant and year, ``JZ2026-000001`` onwards, in the order issued; it
says the donor (in full: the receipt is the donor's), the amount in figures and in capital
numerals (大写), the form (money, or goods at their converted value), the fund, its host and the
day. What it says and its PDF (:mod:`core.documents.pdf`) are stored as issued: asking again
returns the same receipt, and anyone who may read the donation can verify a number.

Issuing needs ``donation:create`` at the donation's region (whoever records donations there);
reading or verifying one, ``donation:read`` there.
"""

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import clock
from core.access.grants import Principal, get_visible, require
from core.documents.pdf import IssuedDocument, render
from core.errors import FieldError, InvalidInput, NotFound
from core.models import CommunityFund, Donation, DonationForm, DonationReceipt, Region, SocialOrganization, Tenant
from core.models.base import stored_id
from core.money import capital_yuan, yuan_words

PREFIX = "JZ"
TITLE = "捐赠收据"
ATTEMPTS = 5


def number_of(year: int, sequence: int) -> str:
    return f"{PREFIX}{year}-{sequence:06d}"


async def _existing(session: AsyncSession, donation_id: int) -> DonationReceipt | None:
    query = select(DonationReceipt).where(DonationReceipt.donation_id == donation_id)
    return (await session.exec(query.execution_options(populate_existing=True))).first()


def document(receipt: DonationReceipt, donation: Donation) -> IssuedDocument:
    form = "货币" if donation.form is DonationForm.MONEY else f"物资（{donation.in_kind_description}，折算金额）"
    return IssuedDocument(
        title=TITLE,
        number=receipt.number,
        lines=(
            ("捐赠人", receipt.donor_name),
            ("金额（小写）", f"¥{yuan_words(receipt.amount_fen)}"),
            ("金额（大写）", f"人民币{receipt.amount_capital}"),
            ("捐赠形式", form),
            ("受赠基金", receipt.fund_name),
            ("基金托管方", receipt.host_name),
            ("捐赠日期", donation.donated_on.strftime("%Y年%m月%d日")),
        ),
        issuer=receipt.host_name,
        issued_on=receipt.issued_on,
        notes=(f"凭编号 {receipt.number} 可向平台核验本收据。",),
    )


async def issue(session: AsyncSession, principal: Principal, donation_id: int) -> DonationReceipt:
    """The donation's receipt: issued now, or the one issued before."""
    try:
        donation = await get_visible(session, Donation, donation_id, principal, field="donation_id")
        region = await session.get(Region, donation.region_id)
        if region is None:
            raise NotFound("donation_id", f"no Donation with id {donation_id}")
        require(principal, "donation", "create", region, field="donation_id")
        existing = await _existing(session, donation_id)
        if existing is not None:
            return existing
        fund = await session.get(CommunityFund, donation.fund_id) if donation.fund_id is not None else None
        if fund is None:
            raise FieldError("donation_id", "a receipt is issued for a donation to a community fund, by its host")
        host = await session.get(SocialOrganization, fund.host_organization_id)
        for _ in range(ATTEMPTS):
            receipt = await _numbered(session, principal, donation, fund, host)
            try:
                async with session.begin_nested():
                    session.add(receipt)
                    await session.flush()
                return receipt
            except sa.exc.IntegrityError:
                existing = await _existing(session, donation_id)
                if existing is not None:  # issued meanwhile by another request
                    return existing
        raise FieldError("donation_id", "receipts were being numbered by other requests: try again", code="conflict")
    except FieldError as error:
        raise InvalidInput.of(error) from error


async def _numbered(session: AsyncSession, principal: Principal, donation: Donation, fund: CommunityFund,
                    host: SocialOrganization | None) -> DonationReceipt:
    today = clock.today()
    last = (await session.exec(select(sa.func.max(DonationReceipt.sequence)).where(
        DonationReceipt.tenant_id == donation.tenant_id, DonationReceipt.year == today.year))).one()
    sequence = int(last or 0) + 1
    amount = donation.value_fen
    receipt = DonationReceipt(
        tenant_id=donation.tenant_id, region_id=donation.region_id, donation_id=stored_id(donation), fund_id=fund.id,
        number=number_of(today.year, sequence), year=today.year, sequence=sequence, donor_name=donation.donor_name,
        amount_fen=amount, amount_capital=capital_yuan(amount), fund_name=fund.name,
        host_name=host.name if host is not None else "", issued_on=today, issued_by=principal.username, pdf=b"",
    )
    receipt.pdf = render(document(receipt, donation))
    return receipt


async def erase_donor(session: AsyncSession, donation: Donation) -> None:
    """The receipt of a donation whose donor's name was erased: it says so, and its PDF is made again
    (the erasure's own transaction; the number, amount and day stay as issued)."""
    receipt = await _existing(session, stored_id(donation))
    if receipt is None:
        return
    receipt.donor_name = donation.donor_name
    receipt.pdf = render(document(receipt, donation))
    session.add(receipt)


async def by_number(session: AsyncSession, principal: Principal, number: str, tenant: str | None = None) -> DonationReceipt:
    """The receipt issued with ``number``, if the principal may read its donation; NotFound naming
    ``number`` otherwise (a number never issued, or one of a donation out of the reader's sight).
    Numbers are a tenant's own: a reader of several tenants (the platform administrator) names the
    ``tenant`` (its code) when the number was issued in more than one."""
    text = (number or "").strip().upper()
    query = select(DonationReceipt).where(DonationReceipt.number == text)
    if principal.tenant_id is not None:
        query = query.where(DonationReceipt.tenant_id == principal.tenant_id)
    if tenant is not None:
        query = query.join(Tenant, col(Tenant.id) == DonationReceipt.tenant_id).where(Tenant.code == tenant.strip())
    found = []
    for receipt in (await session.exec(query.order_by(col(DonationReceipt.id)))).all():
        region = await session.get(Region, receipt.region_id)
        if region is not None and principal.may("donation", "read", region):
            found.append(receipt)
    if not found:
        raise NotFound("number", f"no receipt numbered {number!r}")
    if len(found) > 1:
        raise FieldError("tenant", f"{text} was issued in {len(found)} tenants: name the tenant", code="required")
    return found[0]
