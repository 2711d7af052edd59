"""正阳街道的一次性职业津贴发放登记：正阳办事处发〔2022〕95号 三（三）.

"支持驻站社工参加全国社会工作者职业水平考试并为获得资格证的人才发放一次性职业津贴": the street
pays a station social worker who passes the national exam an allowance, once. No core table holds
what was paid to whom; this register does, one row per worker (the allowance is one-time: the
unique worker is the rule), with the certificate it rewarded, the day it was paid and the amount
(the plan sets none: what the street paid). :func:`record_allowance` writes a row after the
eligibility rule (``qianjiang_exam_allowance_eligibility``) passed.

The table is the plugin's own, on its migration branch ``qianjiang`` (``migrations/`` beside this
module; docs/plugins.md "Tables and migrations").
"""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import FieldError
from core.models import Region, SocialWorker
from core.models.scoped import distribution_keys

from .rules import STREET, exam_allowance_eligibility


class ExamAllowance(SQLModel, table=True):
    """一次性职业津贴: one paid allowance."""

    __tablename__ = "qianjiang_exam_allowance"
    __table_args__ = (sa.UniqueConstraint("social_worker_id", "tenant_id", name="uq_qianjiang_exam_allowance_worker"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    social_worker_id: int = Field(description="once per worker (the unique constraint)")
    certificate_level: str = Field(max_length=32, description="the certificate it rewarded: assistant, intermediate, senior")
    paid_on: dt.date
    amount_fen: int | None = Field(default=None, sa_type=sa.BigInteger, description="what was paid, in fen")
    recorded_by: str = Field(max_length=64)
    recorded_at: dt.datetime = Field(
        default_factory=lambda: dt.datetime.now(dt.UTC), sa_type=sa.DateTime(timezone=True), nullable=False
    )


# distributed by tenant like core's tables (docs/distribution.md): the keys a Citus cluster needs
distribution_keys(ExamAllowance, social_worker_id="social_worker")


async def record_allowance(
    session: AsyncSession, worker_id: int, *, paid_on: dt.date, amount_fen: int | None, recorded_by: str,
) -> ExamAllowance:
    """Register the allowance paid to a station social worker of the street; a worker who is not
    eligible, or was paid it already, is refused with ``social_worker`` as the field."""
    worker = await session.get(SocialWorker, worker_id)
    if worker is None:
        raise FieldError("social_worker", f"no social worker {worker_id}")
    region = await session.get_one(Region, worker.region_id)
    if not (region.path == STREET or region.path.startswith(STREET + "/")):
        raise FieldError("social_worker", "一次性职业津贴由正阳街道发放；该社工不在正阳街道")
    verdict = exam_allowance_eligibility({**worker.model_dump(), "region": region.path}, None)
    if verdict is not True:
        raise FieldError("social_worker", str(verdict))
    paid = (await session.exec(select(ExamAllowance).where(ExamAllowance.social_worker_id == worker_id))).first()
    if paid is not None:
        raise FieldError("social_worker", f"一次性职业津贴已于{paid.paid_on.isoformat()}发放，不再发放")
    if amount_fen is not None and amount_fen <= 0:
        raise FieldError("amount_fen", "must be positive")
    row = ExamAllowance(tenant_id=worker.tenant_id, social_worker_id=worker_id, paid_on=paid_on,
                        certificate_level=worker.certificate_level.value, amount_fen=amount_fen, recorded_by=recorded_by)
    session.add(row)
    await session.flush()
    return row
