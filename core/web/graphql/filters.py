"""Filter inputs for the element lists; each turns itself into SQL conditions."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
import strawberry
from sqlmodel import col

from core import models
from core.services import hours
from core.web.graphql import enums
from core.web.graphql.ids import parse_optional_id


def _contains(column: Any, text: str | None) -> list[sa.ColumnElement[bool]]:
    if not text:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [col(column).like(f"%{escaped}%", escape="\\")]


def _equals(column: Any, value: Any) -> list[sa.ColumnElement[bool]]:
    return [] if value is None else [column == value]


@strawberry.input
class OrganizationFilter:
    org_type: enums.OrgType | None = None
    registration: enums.Registration | None = None
    min_grade: int | None = strawberry.field(default=None, description="at least this grade, 1–5")
    on_dishonesty_list: bool | None = None
    name_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.SocialOrganization
        out = _equals(m.org_type, self.org_type) + _equals(m.registration, self.registration)
        out += _equals(m.on_dishonesty_list, self.on_dishonesty_list)
        if self.min_grade is not None:
            out.append(col(m.grade) >= self.min_grade)
        return out + _contains(m.name, self.name_contains)


@strawberry.input
class SocialWorkerFilter:
    certificate_level: enums.CertificateLevel | None = None
    certified: bool | None = strawberry.field(default=None, description="holds any national certificate")
    is_community_worker: bool | None = None
    post: enums.WorkerPost | None = None
    name_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.SocialWorker
        out = _equals(m.certificate_level, self.certificate_level) + _equals(m.post, self.post)
        out += _equals(m.is_community_worker, self.is_community_worker)
        if self.certified is not None:
            none = models.CertificateLevel.NONE
            level = col(m.certificate_level)
            out.append(level != none if self.certified else level == none)
        return out + _contains(m.name, self.name_contains)


@strawberry.input
class VolunteerFilter:
    real_name_registered: bool | None = None
    team_id: strawberry.ID | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    name_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.Volunteer
        out = _equals(m.real_name_registered, self.real_name_registered)
        out += _equals(m.team_id, parse_optional_id(self.team_id, "filter.teamId", "VolunteerTeam"))
        if self.registered_from is not None:
            out.append(col(m.registered_on) >= self.registered_from)
        if self.registered_to is not None:
            out.append(col(m.registered_on) <= self.registered_to)
        return out + _contains(m.name, self.name_contains)


@strawberry.input
class VolunteerTeamFilter:
    name_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        return _contains(models.VolunteerTeam.name, self.name_contains)


@strawberry.input
class DonationFilter:
    fund_id: strawberry.ID | None = None
    form: enums.DonationForm | None = None
    donor_kind: enums.DonorKind | None = None
    donated_from: dt.date | None = None
    donated_to: dt.date | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.Donation
        out = _equals(m.fund_id, parse_optional_id(self.fund_id, "filter.fundId", "CommunityFund")) + _equals(m.form, self.form)
        out += _equals(m.donor_kind, self.donor_kind)
        if self.donated_from is not None:
            out.append(col(m.donated_on) >= self.donated_from)
        if self.donated_to is not None:
            out.append(col(m.donated_on) <= self.donated_to)
        return out


@strawberry.input
class ActivityFilter:
    held_from: dt.date | None = None
    held_to: dt.date | None = None
    category: str | None = None
    organization_id: strawberry.ID | None = None
    title_contains: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.Activity
        out = _equals(m.category, self.category)
        out += _equals(m.organization_id, parse_optional_id(self.organization_id, "filter.organizationId", "SocialOrganization"))
        if self.held_from is not None:
            out.append(col(m.held_on) >= self.held_from)
        if self.held_to is not None:
            out.append(col(m.held_on) <= self.held_to)
        return out + _contains(m.title, self.title_contains)


@strawberry.input
class ServiceRecordFilter:
    volunteer_id: strawberry.ID | None = None
    activity_id: strawberry.ID | None = None
    served_from: dt.date | None = None
    served_to: dt.date | None = None
    counting: bool | None = strawberry.field(default=None, description="true: only the entries that count "
                                             "(not corrected); false: only the corrected ones")

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        m = models.ServiceRecord
        out = _equals(m.volunteer_id, parse_optional_id(self.volunteer_id, "filter.volunteerId", "Volunteer"))
        out += _equals(m.activity_id, parse_optional_id(self.activity_id, "filter.activityId", "Activity"))
        if self.served_from is not None:
            out.append(col(m.served_on) >= self.served_from)
        if self.served_to is not None:
            out.append(col(m.served_on) <= self.served_to)
        if self.counting is not None:
            out.append(hours.effective() if self.counting else ~hours.effective())
        return out


def apply_filter(query: Any, model: Any, flt: Any) -> Any:
    return query if flt is None else query.where(*flt.conditions())
