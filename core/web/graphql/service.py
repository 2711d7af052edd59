"""Service activities (场次, 人次) and the volunteer-hours ledger (志愿服务记录) through GraphQL.

The types (``Activity``, ``ServiceRecord``) are in :mod:`core.web.graphql.types`, with the lists
that hang off ``Region`` (``activities``, ``serviceRecords``) and ``Volunteer`` (``serviceRecords``,
``serviceHours``); here are the root fields.
"""

import strawberry

from core import models
from core.plugins.declarations import GraphQLDecl
from core.services import elements, hours
from core.web.graphql import inputs
from core.web.graphql.context import Info
from core.web.graphql.fields import create_mutation, node, update_mutation
from core.web.graphql.ids import parse_id
from core.web.graphql.inputs import as_data
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.types import Activity, ServiceRecord


@strawberry.type
class ServiceQuery:
    activity = node(models.Activity, Activity)
    service_record = node(models.ServiceRecord, ServiceRecord)


@strawberry.type
class ServiceMutation:
    create_activity = create_mutation(elements.ACTIVITY, inputs.ActivityInput, Activity)
    update_activity = update_mutation(elements.ACTIVITY, inputs.ActivityPatch, Activity)

    @strawberry.mutation(
        description="Add an entry to the volunteer-hours ledger, at the volunteer's community: by the activity's "
        "organizer (a member of its organization, or the office holding activities at its region) with "
        "service_record:create there. A volunteer's day holds at most 24 hours of entries, none overlapping. "
        "With a requestKey, the same entry sent again is recorded once."
    )
    async def record_service(self, info: Info, input: inputs.ServiceRecordInput) -> Payload[ServiceRecord]:
        return await mutate(
            info, lambda: hours.record(info.context.session, info.context.who, as_data(input)), ServiceRecord.of,
        )

    @strawberry.mutation(
        description="Correct an entry of the ledger with a new entry saying what it should have said (same "
        "volunteer, with a reason): the corrected entry is kept and stops counting. An entry is corrected once; "
        "to correct again, correct the correction."
    )
    async def correct_service_record(
        self, info: Info, id: strawberry.ID, input: inputs.ServiceRecordCorrectionInput
    ) -> Payload[ServiceRecord]:
        async def run() -> models.ServiceRecord:
            data = as_data(input)  # the input's ids first: a bad one is named before the entry is looked up
            return await hours.correct(info.context.session, info.context.who, parse_id(id, "id", "ServiceRecord"), data)

        return await mutate(info, run, ServiceRecord.of)


PART = GraphQLDecl(query=ServiceQuery, mutation=ServiceMutation)
