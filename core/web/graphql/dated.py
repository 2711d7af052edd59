"""The GraphQL side of records that end: the ``DatedRecord`` and ``PersonRecord`` interfaces that the
five dated elements implement (:mod:`core.web.graphql.types`), and why a record ended or was erased."""

import datetime as dt
from typing import Any

import strawberry

from core import models
from core.access.grants import resource_of
from core.services import endings
from core.web.graphql.context import Info


@strawberry.type(description="Why and from when a record no longer counts: a volunteer who left, an organization "
                              "deregistered (注销), a worker who left the post, a team dissolved, a fund closed.")
class Ending:
    on: dt.date = strawberry.field(description="the first day the record no longer counts (its validTo)")
    reason: str = strawberry.field(description="the reason's key, e.g. moved_away (the enum of the mutation that "
                                               "ended it, in lower case)")
    reason_label: str = strawberry.field(description="the reason in zh-CN, e.g. 迁出本地")
    note: str | None = strawberry.field(description="free text (null once the person's data was erased)")
    recorded_by: str = strawberry.field(description="the user who ended it")
    at: dt.datetime = strawberry.field(description="when it was recorded")

    @classmethod
    def of(cls, row: models.RecordEnding) -> "Ending":
        return cls(on=row.ended_on, reason=row.reason, reason_label=endings.label(row.record_type, row.reason),
                   note=row.note, recorded_by=row.recorded_by, at=row.at)


@strawberry.interface(description="A record that counts from one day (validFrom) and may end on another (validTo), "
                                  "never deleted: counts as of a day count it when validFrom ≤ day < validTo.")
class DatedRecord:
    valid_from: dt.date = strawberry.field(description="the first day the record counts")
    valid_to: dt.date | None = strawberry.field(
        description="the day it ended (it no longer counts from then); null while it lasts")
    row: strawberry.Private[Any]

    @strawberry.field(description="Why it ended, while it is ended (its latest ending); null while it lasts, and for "
                                  "an end set through an update (validTo) without a reason.")
    async def ending(self, info: Info) -> Ending | None:
        if self.row.valid_to is None:
            return None
        row = await info.context.loaders.endings.load((resource_of(type(self.row)), self.row.id))
        return Ending.of(row) if row is not None and row.ended_on == self.row.valid_to else None


@strawberry.type(description="A person's record whose personal data was erased (个人信息保护法 第四十七条).")
class Erasure:
    ground: str = strawberry.field(description="the ground of article 47, e.g. consent_withdrawn")
    erased_by: str
    at: dt.datetime


@strawberry.interface(description="A record that is a person's (a volunteer, a social worker): its personal data may "
                                  "be erased, the record kept, ended, for the counts and the ledgers.")
class PersonRecord:
    row: strawberry.Private[Any]

    @strawberry.field(description="When and why its personal data was erased; null while it is held.")
    async def erasure(self, info: Info) -> Erasure | None:
        row = await info.context.loaders.erasures.load((resource_of(type(self.row)), self.row.id))
        return Erasure(ground=row.ground, erased_by=row.erased_by, at=row.at) if row is not None else None
