"""Mutations that end records and erase personal data (:mod:`core.services.endings`,
:mod:`core.services.erasure`): named as the domain names them, each with its own reasons.

- ``deregisterVolunteer`` (a volunteer leaves: 注销志愿者注册), ``deregisterOrganization`` (注销登记 /
  撤销备案), ``endSocialWorkerPost`` (a worker leaves the post), ``dissolveVolunteerTeam``,
  ``closeCommunityFund``: ``(id, reason, on, note)``, the record returned with ``validTo`` and ``ending``;
- ``eraseVolunteerPersonalData``, ``eraseSocialWorkerPersonalData`` and ``eraseDonorPersonalData`` (a
  resident donor's name, by the donation's id): ``(id, ground)``; ``eraseDemandPersonalData`` is with
  the lists (:mod:`core.web.graphql.lists`).

None deletes a row; bad input is a payload error naming the field, and nothing is written.
"""

import datetime as dt
import enum
from typing import Annotated, Any

import strawberry

from core import models
from core.plugins.declarations import GraphQLDecl
from core.services import endings, erasure
from core.web.graphql import types
from core.web.graphql.context import Info
from core.web.graphql.ids import parse_id
from core.web.graphql.payloads import Payload, mutate

ReasonEnum = Any
"""An enum made at import from a kind's vocabulary (:data:`core.services.endings.KINDS`)."""


def _reasons(kind: str, name: str, description: str) -> ReasonEnum:
    """The GraphQL enum of the reasons of ``kind``: MOVED_AWAY … OTHER, their values the keys."""
    vocabulary = endings.KINDS[kind].reasons
    members = {key.upper(): key for key in vocabulary}
    labels = "; ".join(f"{key.upper()} {label}" for key, label in vocabulary.items())
    reasons: Any = enum.Enum(name, members, type=str)  # type: ignore[misc]
    return strawberry.enum(reasons, description=f"{description}: {labels}")


VolunteerLeavingReason = _reasons("volunteer", "VolunteerLeavingReason", "why a volunteer left")
OrganizationDeregistrationReason = _reasons(
    "social_organization", "OrganizationDeregistrationReason",
    "why an organization was deregistered (FILING_WITHDRAWN for a filed one, REGISTRATION_REVOKED for a registered one)")
SocialWorkerLeavingReason = _reasons("social_worker", "SocialWorkerLeavingReason", "why a social worker left the post")
TeamDissolutionReason = _reasons("volunteer_team", "TeamDissolutionReason", "why a volunteer team was dissolved")
FundClosingReason = _reasons("community_fund", "FundClosingReason", "why a community fund was closed")

strawberry.enum(erasure.Ground, name="ErasureGround", description=(
    "the grounds of 个人信息保护法 第四十七条: PURPOSE_ENDED (一) 处理目的已实现、无法实现或者不再必要; "
    "SERVICE_ENDED (二) 停止提供服务或保存期限届满; CONSENT_WITHDRAWN (三) 个人撤回同意; UNLAWFUL (四) 违法或违约处理; "
    "OTHER_LAW (五) 法律、行政法规规定的其他情形"))

ON = strawberry.argument(description="the first day it no longer counts (today when left out); not in the future, "
                                     "not before its validFrom")
NOTE = strawberry.argument(description="free text, at most 500 characters; needed when the reason is OTHER")


def _ending(model: type[Any], out: Any, reason_type: ReasonEnum, description: str) -> Any:
    kind = out.__strawberry_definition__.name  # a global id must be of the record's own type

    async def resolve(info: Info, id: strawberry.ID, reason: Any, on: dt.date | None = None,
                      note: str | None = None) -> Any:
        async def work() -> Any:
            return await endings.end(info.context.session, info.context.who, model, parse_id(id, "id", kind),
                                     reason=reason.value, on=on, note=note)

        return await mutate(info, work, out.of)

    resolve.__annotations__ = {"info": Info, "id": strawberry.ID, "reason": reason_type,
                               "on": Annotated[dt.date | None, ON], "note": Annotated[str | None, NOTE],
                               "return": Payload[out]}
    return strawberry.mutation(resolver=resolve, description=description)


ERASES = ("Erase the personal data of an ended {name} (name, ID number, phone and what is drawn from them): the "
          "record stays, ended, for the counts and the ledgers.")


def _erasing(model: type[Any], out: Any, what: str = ERASES) -> Any:
    kind = out.__strawberry_definition__.name

    async def resolve(info: Info, id: strawberry.ID, ground: erasure.Ground) -> Any:
        async def work() -> Any:
            return await erasure.erase(info.context.session, info.context.who, model, parse_id(id, "id", kind), ground)

        return await mutate(info, work, out.of)

    resolve.__annotations__ = {"info": Info, "id": strawberry.ID, "ground": erasure.Ground, "return": Payload[out]}
    return strawberry.mutation(resolver=resolve, description=(
        f"{what.format(name=model.__name__)} Needs personal_data:erase at its region; audited without the values."))


ENDS = "Nothing is deleted: the record stays, counted on the days before; needs update on it at its region."


@strawberry.type
class EndingMutation:
    deregister_volunteer = _ending(models.Volunteer, types.Volunteer, VolunteerLeavingReason,
                                   f"A volunteer leaves (注销志愿者注册): ends the record on a day, for a reason. {ENDS}")
    deregister_organization = _ending(models.SocialOrganization, types.SocialOrganization,
                                      OrganizationDeregistrationReason,
                                      f"An organization is deregistered (注销登记, 撤销备案). {ENDS} Refused while it "
                                      "hosts community funds still open.")
    end_social_worker_post = _ending(models.SocialWorker, types.SocialWorker, SocialWorkerLeavingReason,
                                     f"A social worker leaves the post (离职, 调离, 退休 …). {ENDS}")
    dissolve_volunteer_team = _ending(models.VolunteerTeam, types.VolunteerTeam, TeamDissolutionReason,
                                      f"A volunteer team is dissolved. {ENDS}")
    close_community_fund = _ending(models.CommunityFund, types.CommunityFund, FundClosingReason,
                                   f"A community fund is closed. {ENDS} Its donations stay in the ledger.")
    erase_volunteer_personal_data = _erasing(models.Volunteer, types.Volunteer)
    erase_social_worker_personal_data = _erasing(models.SocialWorker, types.SocialWorker)
    erase_donor_personal_data = _erasing(models.Donation, types.Donation, (
        "Erase a resident donor's name (id: the donation's) from the donation and the receipt issued for it (made "
        "again, its number still verified): the donation's value and the fund's ledger stay."))


PART = GraphQLDecl(mutation=EndingMutation)
