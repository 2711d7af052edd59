"""社会慈善资源: community funds (社区基金) and donations in money or in kind."""

import datetime as dt
import enum

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from core.errors import FieldError
from core.models.base import enum_column
from core.models.dated import Dated, DatedInput, DatedUpdate, dated_index
from core.models.fields import Fen, LongName, Name, PastDate
from core.models.scoped import TenantRow, distribution_keys


class CommunityFundBase(SQLModel):
    name: LongName
    host_organization_id: int = Field(
        description="the public-fundraising charity that hosts the fund as a special fund",
    )
    established_on: PastDate | None = None


class CommunityFund(CommunityFundBase, TenantRow, Dated, table=True):
    __tablename__ = "community_fund"
    __table_args__ = (dated_index("community_fund"),)


class CommunityFundCreate(CommunityFundBase, DatedInput):
    STATED_FIELD = "established_on"

    region: str = Field(description="path of the street or community the fund serves")


class CommunityFundUpdate(DatedUpdate):
    name: LongName | None = None
    host_organization_id: int | None = None
    established_on: PastDate | None = None
    region: str | None = None


class DonorKind(str, enum.Enum):
    RESIDENT = "resident"  # 居民
    ENTERPRISE = "enterprise"  # 企事业单位
    STATIONED_UNIT = "stationed_unit"  # 驻区单位
    SOCIAL_ORGANIZATION = "social_organization"
    GOVERNMENT = "government"  # 政府购买服务, 福彩公益金
    OTHER = "other"


class DonationForm(str, enum.Enum):
    MONEY = "money"
    IN_KIND = "in_kind"  # 物资, counted at its converted value (物资折算金额)


class DonationBase(SQLModel):
    fund_id: int | None = Field(default=None, index=True)
    donor_name: Name
    donor_kind: DonorKind = Field(sa_type=enum_column(DonorKind))
    form: DonationForm = Field(sa_type=enum_column(DonationForm))
    amount_fen: Fen = Field(default=0, sa_type=sa.BigInteger)
    in_kind_description: str | None = Field(default=None, max_length=500)
    in_kind_value_fen: Fen | None = Field(default=None, sa_type=sa.BigInteger)
    donated_on: PastDate


class Donation(DonationBase, TenantRow, table=True):
    """An entry of the donations ledger: appended, never edited in place."""

    @property
    def value_fen(self) -> int:
        return self.amount_fen if self.form is DonationForm.MONEY else (self.in_kind_value_fen or 0)


class DonationCreate(DonationBase):
    region: str = Field(description="path of the region that receives the donation")

    @model_validator(mode="after")
    def _amounts(self) -> "DonationCreate":
        if self.form is DonationForm.MONEY:
            if self.amount_fen <= 0:
                raise FieldError("amount_fen", "a money donation needs a positive amount in fen")
            if self.in_kind_value_fen is not None or self.in_kind_description:
                raise FieldError("in_kind_value_fen", "a money donation has no in-kind value")
        else:
            if not self.in_kind_description:
                raise FieldError("in_kind_description", "an in-kind donation must say what was given")
            if not self.in_kind_value_fen:
                raise FieldError("in_kind_value_fen", "an in-kind donation needs its converted value in fen")
            if self.amount_fen:
                raise FieldError("amount_fen", "an in-kind donation has no money amount")
        return self


def shown_donor(name: str, kind: DonorKind) -> str:
    """The donor's name as lists and the API show it: a resident's is personal data, shown as the
    first character and one ``*`` per other (张三丰 → 张**); a unit's name is public. The full name
    goes only on the receipt the donor is given."""
    if kind is not DonorKind.RESIDENT:
        return name
    return "*" if len(name) < 2 else name[0] + "*" * (len(name) - 1)


class DonationReceipt(TenantRow, table=True):
    """A donation receipt (捐赠收据) as issued: numbered per tenant and year (``JZ2026-000001``),
    what it says and the PDF given to the donor. One per donation; never changed once issued, but for a
    resident donor's name erased (:mod:`core.services.erasure`)."""

    __tablename__ = "donation_receipt"
    __resource__ = "donation"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "number", name="uq_donation_receipt_number"),
        sa.UniqueConstraint("tenant_id", "year", "sequence", name="uq_donation_receipt_sequence"),
        sa.UniqueConstraint("donation_id", "tenant_id", name="uq_donation_receipt_donation"),
    )

    donation_id: int = Field()
    fund_id: int | None = Field(default=None)
    number: str = Field(max_length=32)
    year: int
    sequence: int
    donor_name: str = Field(max_length=200)
    amount_fen: int = Field(sa_type=sa.BigInteger, description="the donation's value: money, or in kind converted")
    amount_capital: str = Field(max_length=100, description="the amount in capital numerals (大写)")
    fund_name: str = Field(default="", max_length=200)
    host_name: str = Field(default="", max_length=200)
    issued_on: dt.date
    issued_by: str = Field(max_length=64)
    pdf: bytes = Field(sa_type=sa.LargeBinary)


# the keys a Citus cluster needs (docs/distribution.md)
distribution_keys(CommunityFund, host_organization_id="social_organization")
distribution_keys(Donation, fund_id="community_fund")
distribution_keys(DonationReceipt, donation_id="donation", fund_id="community_fund")
