"""Erasing a person's personal data where the law asks for it (个人信息保护法 第四十七条).

Article 47 has the data deleted when the purpose of processing is achieved, cannot be achieved or no
longer needs it; when the service stops or the retention period ends; when the person withdraws
consent; when it was processed unlawfully; and in other cases the law names (:data:`GROUNDS`).

Erasure keeps the row and takes the person out of it (:func:`core.personal.erase`): the ciphertexts,
masks and blind index of the ID number and phone, the birth year and sex drawn from it, the name
and the guardian's details; and the free-text notes of the record's endings. The row stays, ended,
so that every count (of any day) and every ledger entry (service hours) stays what it was. Only an
ended record is erased: a record still counted is ended first (``deregisterVolunteer``,
``endSocialWorkerPost``), so erasure itself changes no count.

The same reaches the people other records name (:data:`HOLDERS`): a demand's resident (name, phone
and the words of their feedback), once the demand is closed or withdrawn — its status, satisfaction
and history (``demand_event``, append-only) stay; and a resident donor's name, on the donation and on
the receipt issued for it (its PDF made again with the name erased, its number still verified) —
the donation's value and its entries on the fund's ledger, which name no donor, stay.

It needs ``personal_data:erase`` at the record's region (the tenant administrator holds it). The
audit log records who erased which record, on which ground, and which fields — never a value; a
:class:`~core.models.PersonalDataErasure` row marks the record, and an erased record is not
edited again (a new registration of the same person is a new record).
"""

import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import personal
from core.access import audit
from core.access.grants import Principal, get_visible, require, resource_of
from core.errors import FieldError, InvalidInput, NotFound
from core.models import (
    Demand,
    Donation,
    DonorKind,
    PersonalDataErasure,
    RecordEnding,
    Region,
    ServiceCertificate,
    SocialWorker,
    Volunteer,
)
from core.models.base import stored_id
from core.models.lists import DemandStatus
from core.services import receipts

RESOURCE, ACTION = "personal_data", "erase"
AUDIT_ACTION = "personal_data.erase"


class Ground(str, enum.Enum):
    """The grounds of 个人信息保护法 第四十七条 第一款."""

    PURPOSE_ENDED = "purpose_ended"
    """(一) 处理目的已实现、无法实现或者为实现处理目的不再必要"""
    SERVICE_ENDED = "service_ended"
    """(二) 个人信息处理者停止提供产品或者服务，或者保存期限已届满"""
    CONSENT_WITHDRAWN = "consent_withdrawn"
    """(三) 个人撤回同意"""
    UNLAWFUL = "unlawful"
    """(四) 个人信息处理者违反法律、行政法规或者违反约定处理个人信息"""
    OTHER_LAW = "other_law"
    """(五) 法律、行政法规规定的其他情形"""


PEOPLE: tuple[type[Any], ...] = (Volunteer, SocialWorker)
"""The records that are a person's."""

HOLDERS: tuple[type[Any], ...] = (*PEOPLE, Demand, Donation)
"""The records that hold a person's data: a person's own, a demand's resident, a resident donor."""

ENDED_DEMAND = (DemandStatus.CLOSED, DemandStatus.WITHDRAWN)


async def erased(session: AsyncSession, model: type[Any], id_: int) -> PersonalDataErasure | None:
    """The erasure of a record, if its personal data was erased."""
    query = select(PersonalDataErasure).where(PersonalDataErasure.record_type == resource_of(model),
                                              PersonalDataErasure.record_id == id_)
    return (await session.exec(query)).first()


async def erasures_of(session: AsyncSession, keys: list[tuple[str, int]]) -> dict[tuple[str, int], PersonalDataErasure]:
    """The erasures of the records ``keys`` (resource, id) that were erased."""
    out: dict[tuple[str, int], PersonalDataErasure] = {}
    by_type: dict[str, set[int]] = {}
    for record_type, record_id in keys:
        by_type.setdefault(record_type, set()).add(record_id)
    for record_type, ids in by_type.items():
        rows = (await session.exec(select(PersonalDataErasure).where(
            PersonalDataErasure.record_type == record_type, col(PersonalDataErasure.record_id).in_(sorted(ids))))).all()
        out.update({(record_type, row.record_id): row for row in rows})
    return out


async def refuse_if_erased(session: AsyncSession, row: Any) -> None:
    """An erased record is kept for the counts only: no change puts personal data back in it. Only a
    row that reads as erased (its name is :data:`core.personal.ERASED_NAME`) costs a statement, to
    look up its erasure: an update of any other record reads nothing more."""
    model = type(row)
    if model in PEOPLE and row.name == personal.ERASED_NAME and await erased(session, model, stored_id(row)) is not None:
        raise FieldError("id", f"the personal data of this {model.__name__} was erased; the record is kept for the "
                         "counts only and is not edited (register the person anew if they come back)",
                         code="erased")


def _erasable(row: Any) -> None:
    """A person's record is erased once ended (no count changes); a demand once closed or withdrawn;
    a donation's donor only when a resident (a unit's name is public)."""
    if isinstance(row, Demand):
        if row.status not in ENDED_DEMAND:
            raise FieldError("id", "the Demand is still open: close it (the resident's feedback) or withdraw it, then "
                             "erase (the record is kept, ended, for the counts)", code="not_ended")
    elif isinstance(row, Donation):
        if row.donor_kind is not DonorKind.RESIDENT:
            raise FieldError("id", f"the donor is no resident ({row.donor_kind.value}): a unit's name is no personal "
                             "data; only a resident donor's name is erased", code="not_personal")
    elif row.valid_to is None:
        raise FieldError("id", f"the {type(row).__name__} still counts: end it first, then erase (the record is "
                         "kept, ended, for the counts and the ledgers)", code="not_ended")


async def erase(session: AsyncSession, principal: Principal, model: type[Any], id_: int, ground: Ground) -> Any:
    """Erase the personal data of the visible, ended record ``id_`` of ``model``; return the row."""
    if model not in HOLDERS:
        raise ValueError(f"{model.__name__} holds no person's data")
    try:
        row: Any = await get_visible(session, model, id_, principal)
        region = await session.get(Region, row.region_id)
        if region is None:
            raise NotFound("id", f"no {model.__name__} with id {id_}")
        require(principal, RESOURCE, ACTION, region, field="id")
        done = await erased(session, model, id_)
        if done is not None:
            raise FieldError("id", f"its personal data was erased already ({done.at:%Y-%m-%d})", code="already_erased")
        _erasable(row)
        fields = personal.erase(row)
        session.add(row)
        await session.exec(sa.update(RecordEnding).where(
            col(RecordEnding.record_type) == resource_of(model), col(RecordEnding.record_id) == stored_id(row))
            .values(note=None).execution_options(synchronize_session=False))
        if model is Volunteer:  # the certificates of service issued keep no mask of the person either
            await session.exec(sa.update(ServiceCertificate).where(col(ServiceCertificate.volunteer_id) == stored_id(row))
                               .values(name_masked="***", id_number_masked=None).execution_options(synchronize_session=False))
        if model is Donation:  # the receipt issued says the donor: it now says the name was erased
            await receipts.erase_donor(session, row)
        session.add(PersonalDataErasure(tenant_id=row.tenant_id, record_type=resource_of(model),
                                        record_id=stored_id(row), ground=ground.value, erased_by=principal.username))
        await session.flush()
        await audit.record(session, principal, AUDIT_ACTION, f"{model.__name__}:{row.id}", tenant_id=row.tenant_id,
                           after={"ground": ground.value, "fields": fields})
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row
