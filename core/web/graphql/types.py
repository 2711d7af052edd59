"""GraphQL object types of the core: the tier tree's ``Region`` and every record hanging off it.
Resolvers read through the access layer only."""

import datetime as dt
from typing import Annotated, Any, Optional

import strawberry
from sqlmodel import col
from strawberry.scalars import JSON
from strawberry.types.base import get_object_definition

from core import models
from core.access.grants import visible
from core.errors import FieldError
from core.indicators.counts import COUNTED
from core.models.base import stored_id
from core.models.charity import shown_donor
from core.personal import ERASED_NAME, FullRead, keyring_of
from core.services.regions import subtree
from core.tree.tiers import CommunityKind
from core.tree.tiers import Tier as CoreTier
from core.web.graphql import enums, prefetch
from core.web.graphql.context import Info
from core.web.graphql.dated import DatedRecord, PersonRecord
from core.web.graphql.errors import to_camel
from core.web.graphql.filters import (
    ActivityFilter,
    DonationFilter,
    OrganizationFilter,
    ServiceRecordFilter,
    SocialWorkerFilter,
    VolunteerFilter,
    VolunteerTeamFilter,
    apply_filter,
)
from core.web.graphql.ids import optional_global_id
from core.web.graphql.indicator_values import (
    IndicatorValue,
    TargetStatus,
    region_indicators,
    region_indicators_loaded,
    region_targets,
)
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.relay import Node, id_of
from core.web.graphql.scalars import Fen, Yuan, as_yuan
from core.web.graphql.series import MONTHS_HELP, YEARS_HELP, IndicatorYear, region_indicator_series

PAGE = 50


@strawberry.type(description="How many communities, and records of each element not ended (validTo null), lie in "
                              "a region's subtree: those the viewer may see.")
class ElementCounts:
    communities: int
    social_organizations: int
    social_workers: int
    volunteers: int
    volunteer_teams: int
    community_funds: int

    @classmethod
    def of(cls, counts: dict[str, int]) -> "ElementCounts":
        return cls(**{name: counts.get(name, 0) for name in COUNTED})


async def _region_of(info: Info, region_id: int) -> "Region | None":
    row = await info.context.loaders.by_id(models.Region).load(region_id)
    return Region.of(row) if row else None


@strawberry.type(description="A node of the tier tree: province, city, district, street or community.")
class Region(Node):
    name: str
    code: str
    path: str
    tier: enums.Tier
    kind: enums.CommunityKind | None
    resident_population: int | None
    urban_population: int | None
    population_year: int | None = strawberry.field(description="the census or statistics year of the populations")
    division_code: str | None = strawberry.field(description="GB/T 2260 administrative division code")
    attributes: JSON = strawberry.field(description="facts the region's plugin declares, e.g. {joint_point: 3}")
    source: str | None = strawberry.field(description="the document (and clause) the region comes from")
    row: strawberry.Private[models.Region]

    @classmethod
    def of(cls, row: models.Region) -> "Region":
        return cls(
            id=id_of(cls, row),
            name=row.name,
            code=row.code,
            path=row.path,
            tier=row.tier,
            kind=row.kind,
            resident_population=row.resident_population,
            urban_population=row.urban_population,
            population_year=row.population_year,
            division_code=row.division_code,
            attributes=JSON(row.attributes or {}),
            source=row.source,
            row=row,
        )

    @strawberry.field(description="The parent region, if the viewer may see it.")
    async def parent(self, info: Info) -> "Region | None":
        return await _region_of(info, self.row.parent_id) if self.row.parent_id else None

    @strawberry.field(description="The regions directly below, ordered by path.")
    async def children(self, info: Info) -> list["Region"]:
        rows = await info.context.loaders.children.load(stored_id(self.row))
        await prefetch.level(info, rows)
        return [Region.of(r) for r in rows]

    @strawberry.field(description="Counts of the communities and of the records not ended in this subtree: the kept "
                                  "subtree sums where the viewer may see the whole subtree, else what it may see.")
    def counts(self, info: Info) -> ElementCounts:
        loaded = info.context.loaders.counts.cache_map.get(self.row)
        if loaded is not None and loaded.done() and loaded.exception() is None:
            return ElementCounts.of(loaded.result())  # loaded with its level (prefetch): no await
        return self._counts(info)  # type: ignore[return-value]  # an awaitable: GraphQL awaits it

    async def _counts(self, info: Info) -> ElementCounts:
        return ElementCounts.of(await info.context.loaders.counts.load(self.row))

    @strawberry.field(description="Indicators on this subtree, summed in SQL (all of them when keys is left out); "
                                  "with kind, only the communities of that kind count.")
    def indicators(
        self, info: Info, keys: list[str] | None = None, year: int | None = None,
        kind: enums.CommunityKind | None = None,
        as_of: Annotated[dt.date | None, strawberry.argument(
            description="count what existed on this past day (its year for yearly indicators)")] = None,
    ) -> list[IndicatorValue]:
        loaded = region_indicators_loaded(info, self.row, keys, year, kind and CommunityKind(kind), as_of)
        if loaded is not None:  # loaded with its level (prefetch): no await
            return loaded
        return region_indicators(info, self.row, keys, year, kind, as_of)  # type: ignore[return-value]

    @strawberry.field(description="Indicators on this subtree for several years: each year's stock counts as of "
                                  "31 December (today for the current year), yearly ones over the year; or for "
                                  "several months (months instead of years): each month's stock counts as of its "
                                  "last day, yearly ones over that month alone.")
    async def indicator_series(
        self, info: Info,
        years: Annotated[list[int] | None, strawberry.argument(description=YEARS_HELP)] = None,
        keys: list[str] | None = None, kind: enums.CommunityKind | None = None,
        months: Annotated[list[str] | None, strawberry.argument(description=MONTHS_HELP)] = None,
    ) -> list[IndicatorYear]:
        return await region_indicator_series(info, self.row, keys, years, kind, months)

    @strawberry.field(description="The targets in force here, evaluated on live data: value, met, days left; "
                                  "per-community targets with the communities that do not meet them. A deadline "
                                  "that has passed is judged on the data of its day, and answered with the verdict "
                                  "recorded when it was first judged (judgedOn).")
    async def target_status(
        self, info: Info, year: int | None = None,
        as_of: Annotated[dt.date | None, strawberry.argument(
            description="the picture as it stood on this past day: its data, and the deadlines passed by then")] = None,
    ) -> list[TargetStatus]:
        return await region_targets(info, self.row, year, as_of=as_of)

    @strawberry.field(description="Regions below this one, optionally of one tier.")
    async def descendants(
        self,
        info: Info,
        tier: enums.Tier | None = None,
        first: int = PAGE,
        after: str | None = None,
    ) -> Connection["Region"]:
        query = visible(models.Region, info.context.who).where(
            subtree(self.row), col(models.Region.id) != self.row.id
        )
        if tier is not None:
            query = query.where(models.Region.tier == CoreTier(tier))
        return await paginate(info, query, models.Region, Region.of, first=first, after=after)

    @strawberry.field(description="The community's profile (communities only).")
    async def profile(self, info: Info) -> "CommunityProfile | None":
        query = visible(models.CommunityProfile, info.context.who).where(
            models.CommunityProfile.region_id == self.row.id
        )
        row = (await info.context.exec(query)).first()
        return CommunityProfile.of(row) if row else None

    async def _list(
        self, info: Info, model: Any, convert: Any, flt: Any, first: int, after: str | None
    ) -> Connection[Any]:
        query = apply_filter(visible(model, info.context.who).where(subtree(self.row)), model, flt)
        return await paginate(info, query, model, convert, first=first, after=after)

    @strawberry.field(description="Social organizations in this subtree.")
    async def social_organizations(
        self, info: Info, filter: OrganizationFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["SocialOrganization"]:
        return await self._list(info, models.SocialOrganization, SocialOrganization.of, filter, first, after)

    @strawberry.field(description="Social workers posted in this subtree.")
    async def social_workers(
        self, info: Info, filter: SocialWorkerFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["SocialWorker"]:
        return await self._list(info, models.SocialWorker, SocialWorker.of, filter, first, after)

    @strawberry.field(description="Volunteers living in this subtree.")
    async def volunteers(
        self, info: Info, filter: VolunteerFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["Volunteer"]:
        return await self._list(info, models.Volunteer, Volunteer.of, filter, first, after)

    @strawberry.field(description="Volunteer teams serving this subtree.")
    async def volunteer_teams(
        self, info: Info, filter: VolunteerTeamFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["VolunteerTeam"]:
        return await self._list(info, models.VolunteerTeam, VolunteerTeam.of, filter, first, after)

    @strawberry.field(description="Community funds in this subtree.")
    async def community_funds(
        self, info: Info, first: int = PAGE, after: str | None = None
    ) -> Connection["CommunityFund"]:
        return await self._list(info, models.CommunityFund, CommunityFund.of, None, first, after)

    @strawberry.field(description="Donations received in this subtree (the donations ledger).")
    async def donations(
        self, info: Info, filter: DonationFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["Donation"]:
        return await self._list(info, models.Donation, Donation.of, filter, first, after)

    @strawberry.field(description="Service activities held in this subtree (场次, with the people served).")
    async def activities(
        self, info: Info, filter: ActivityFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["Activity"]:
        return await self._list(info, models.Activity, Activity.of, filter, first, after)

    @strawberry.field(description="Volunteer-hours ledger entries of the volunteers living in this subtree.")
    async def service_records(
        self, info: Info, filter: ServiceRecordFilter | None = None, first: int = PAGE, after: str | None = None
    ) -> Connection["ServiceRecord"]:
        return await self._list(info, models.ServiceRecord, ServiceRecord.of, filter, first, after)


@strawberry.interface(description="Any record of tenant data: its id and the region it belongs to.")
class Record(Node):
    """Fields every element has: its global id, and the region it belongs to. ``of(row)`` copies
    the row's columns that the type declares; the row stays private for the resolvers."""

    row: strawberry.Private[Any]

    @classmethod
    def of(cls, row: Any) -> Any:
        names = [f.python_name for f in get_object_definition(cls, strict=True).fields if f.python_name != "id"]
        columns = {name: getattr(row, name) for name in names if name in type(row).model_fields}
        return cls(id=id_of(cls, row), row=row, **columns)

    @strawberry.field(description="The region the record belongs to.")
    async def region(self, info: Info) -> Region | None:
        return await _region_of(info, self.row.region_id)


FULL_ID_NUMBER = (
    "The full ID number: only with the permission personal_data:read_full at the record's region, and "
    "every read is written to the audit log first. Without the permission: null, with a FORBIDDEN error."
)
FULL_PHONE = FULL_ID_NUMBER.replace("ID number", "phone number")


async def _full_value(info: Info, row: Any, name: str) -> str | None:
    """The clear value of a sealed field, if the principal may read it in full; audited (the full
    reads of one request are checked, and the allowed ones audited, together: ``loaders.full_reads``)."""
    token = getattr(row, f"{name}_encrypted")
    if not token:  # none, or erased (core.personal.erase)
        return None
    context = info.context
    field = to_camel(name)
    read = FullRead(type(row).__name__, row.id, field, row.tenant_id, row.region_id)
    if not await context.loaders.full_reads.load(read):
        raise FieldError(
            name, f"needs the permission personal_data:read_full at the record's region (ask for {field}Masked)",
            code="forbidden",
        )
    return keyring_of(context.session).decrypt(token)


async def _organization(info: Info, id_: int | None) -> "SocialOrganization | None":
    if id_ is None:
        return None
    row = await info.context.loaders.by_id(models.SocialOrganization).load(id_)
    return SocialOrganization.of(row) if row else None


@strawberry.type(description="社会组织")
class SocialOrganization(Record, DatedRecord):
    name: str
    org_type: enums.OrgType
    registration: enums.Registration
    credit_code: str | None
    grade: int | None = strawberry.field(description="evaluation grade: 1 for 1A … 5 for 5A")
    full_time_staff: int
    has_party_organization: bool
    public_fundraising: bool
    charity_focus: bool
    on_dishonesty_list: bool
    has_administrative_penalty: bool
    established_on: dt.date | None

    @strawberry.field(description="e.g. 5A")
    def grade_label(self) -> str | None:
        return f"{self.grade}A" if self.grade else None

    @strawberry.field(description="The users who act for the organization (its staff on the platform), by username.")
    async def members(self, info: Info) -> list["OrganizationMember"]:
        return [OrganizationMember.of(member, user) for member, user in await info.context.loaders.members.load(self.row.id)]

    @strawberry.field(description="Sanctions recorded on the organization by cases (a bar, a recovery …), newest first.")
    async def sanctions(self, info: Info, in_force_on: dt.date | None = None) -> list["Sanction"]:
        rows = await info.context.loaders.sanctions.load(self.row.id)
        return [Sanction.of(row) for row in rows if in_force_on is None or Sanction.in_force(row, in_force_on)]


@strawberry.type(description="A user who acts for a social organization.")
class OrganizationMember:
    username: str
    display_name: str
    added_at: dt.datetime

    @classmethod
    def of(cls, member: models.OrganizationMember, user: models.User) -> "OrganizationMember":
        return cls(username=user.username, display_name=user.display_name, added_at=member.added_at)


@strawberry.type(description="A sanction on an organization, recorded by a case: guards of later cases read it.")
class Sanction:
    id: strawberry.ID
    kind: str = strawberry.field(description="e.g. bar (barred from applying), recovery, notice")
    starts_on: dt.date
    ends_on: dt.date | None = strawberry.field(description="the last day in force; null: no end")
    reason: str
    source: str = strawberry.field(description="the document's clause")
    case_id: strawberry.ID | None
    recorded_by: str
    at: dt.datetime

    @staticmethod
    def in_force(row: models.Sanction, day: dt.date) -> bool:
        return row.starts_on <= day and (row.ends_on is None or day <= row.ends_on)

    @classmethod
    def of(cls, row: models.Sanction) -> "Sanction":
        return cls(id=id_of(cls, row), kind=row.kind, starts_on=row.starts_on, ends_on=row.ends_on,
                   reason=row.reason, source=row.source, case_id=optional_global_id("Case", row.case_id),
                   recorded_by=row.recorded_by, at=row.at)


@strawberry.type(description="社会工作者. ID number and phone: masked for everyone, in full only with personal_data:read_full.")
class SocialWorker(Record, DatedRecord, PersonRecord):
    name: str
    certificate_level: enums.CertificateLevel
    post: enums.WorkerPost
    is_community_worker: bool
    is_full_time: bool
    id_number_masked: str = strawberry.field(description="e.g. *****************X (the check character only)")
    phone_masked: str | None = strawberry.field(description="e.g. 138****5678")
    sex: str = strawberry.field(description="male or female, from the ID number")

    @strawberry.field(description=FULL_ID_NUMBER)
    async def id_number(self, info: Info) -> str | None:
        return await _full_value(info, self.row, "id_number")

    @strawberry.field(description=FULL_PHONE)
    async def phone(self, info: Info) -> str | None:
        return await _full_value(info, self.row, "phone")

    @strawberry.field(description="The employing organization (a social work agency), if any.")
    async def organization(self, info: Info) -> SocialOrganization | None:
        return await _organization(info, self.row.organization_id)


@strawberry.type(description="志愿服务队")
class VolunteerTeam(Record, DatedRecord):
    name: str
    established_on: dt.date | None

    @strawberry.field(description="The organization the team belongs to, if any.")
    async def organization(self, info: Info) -> SocialOrganization | None:
        return await _organization(info, self.row.organization_id)


@strawberry.type(description="社区志愿者. ID number and phone: masked for everyone, in full only with personal_data:read_full.")
class Volunteer(Record, DatedRecord, PersonRecord):
    name: str
    real_name_registered: bool
    registered_on: dt.date | None
    id_number_masked: str | None = strawberry.field(description="e.g. *****************X (the check character only)")
    phone_masked: str | None = strawberry.field(description="e.g. 138****5678")
    sex: str | None = strawberry.field(description="male or female, from the ID number")
    guardian_name: str | None = strawberry.field(description="监护人 of a volunteer under 14")
    guardian_relation: str | None
    guardian_consent_on: dt.date | None = strawberry.field(description="when the guardian consented")

    @strawberry.field(description=FULL_ID_NUMBER)
    async def id_number(self, info: Info) -> str | None:
        return await _full_value(info, self.row, "id_number")

    @strawberry.field(description=FULL_PHONE)
    async def phone(self, info: Info) -> str | None:
        return await _full_value(info, self.row, "phone")

    @strawberry.field
    async def team(self, info: Info) -> VolunteerTeam | None:
        if self.row.team_id is None:
            return None
        row = await info.context.loaders.by_id(models.VolunteerTeam).load(self.row.team_id)
        return VolunteerTeam.of(row) if row else None

    @strawberry.field(description="The volunteer's entries in the volunteer-hours ledger, oldest first.")
    async def service_records(
        self, info: Info, first: int = PAGE, after: str | None = None
    ) -> Connection["ServiceRecord"]:
        query = visible(models.ServiceRecord, info.context.who).where(models.ServiceRecord.volunteer_id == self.row.id)
        return await paginate(info, query, models.ServiceRecord, ServiceRecord.of, first=first, after=after)

    @strawberry.field(description="Hours served in the ledger (in one year, or in all), from the entries the viewer may read.")
    async def service_hours(self, info: Info, year: int | None = None) -> float:
        per_year = await info.context.loaders.service_minutes.load(self.row.id)
        minutes = sum(per_year.values()) if year is None else per_year.get(year, 0)
        return round(minutes / 60, 2)


@strawberry.type(description="社区基金: a special fund hosted by a public-fundraising charity")
class CommunityFund(Record, DatedRecord):
    name: str
    established_on: dt.date | None

    @strawberry.field
    async def host_organization(self, info: Info) -> SocialOrganization | None:
        return await _organization(info, self.row.host_organization_id)


@strawberry.type(description="捐赠: money, or in kind at its converted value (物资折算金额); in yuan (`*Yuan`, "
                  "decimal strings such as \"50000.00\") and, for clients written before, in integer fen (`*Fen`)")
class Donation(Record):
    donor_name: str = strawberry.field(description="the donor; a resident's name is personal data, shown as 张** "
                                       "(the full name is on the receipt the donor is given)")
    donor_kind: enums.DonorKind
    form: enums.DonationForm
    amount_fen: Fen = strawberry.field(description="the money amount in fen (0 for an in-kind donation); see amountYuan")
    in_kind_description: str | None
    in_kind_value_fen: Fen | None = strawberry.field(description="the in-kind value in fen; see inKindValueYuan")
    donated_on: dt.date

    @classmethod
    def of(cls, row: Any) -> Any:
        shown = super().of(row)
        erased = row.donor_name == ERASED_NAME
        shown.donor_name = row.donor_name if erased else shown_donor(row.donor_name, row.donor_kind)
        return shown

    @strawberry.field(description="money amount, or the in-kind value, in fen; see valueYuan")
    def value_fen(self) -> Fen:
        return Fen(int(self.row.value_fen))

    @strawberry.field(description="the money amount in yuan (\"0.00\" for an in-kind donation)")
    def amount_yuan(self) -> Yuan:
        return as_yuan(self.row.amount_fen)

    @strawberry.field(description="the in-kind value in yuan, null for money")
    def in_kind_value_yuan(self) -> Yuan | None:
        return None if self.row.in_kind_value_fen is None else as_yuan(self.row.in_kind_value_fen)

    @strawberry.field(description="money amount, or the in-kind value, in yuan")
    def value_yuan(self) -> Yuan:
        return as_yuan(self.row.value_fen)

    @strawberry.field
    async def fund(self, info: Info) -> CommunityFund | None:
        if self.row.fund_id is None:
            return None
        row = await info.context.loaders.by_id(models.CommunityFund).load(self.row.fund_id)
        return CommunityFund.of(row) if row else None


@strawberry.type(description="服务活动: one activity held (一场次) at a community or street, and the people it served")
class Activity(Record):
    title: str
    held_on: dt.date
    category: str | None = strawberry.field(description="e.g. 关爱老年人服务类, 志愿服务类")
    person_times: int = strawberry.field(description="people served (服务人次)")
    sessions: int = strawberry.field(description="场次 recorded by this row (1 for one activity; a monthly report "
                                     "records a month's sessions for a community in one row)")

    @strawberry.field(description="The social organization that held it, if any.")
    async def organization(self, info: Info) -> SocialOrganization | None:
        return await _organization(info, self.row.organization_id)


@strawberry.type(description="志愿服务记录: an entry of the volunteer-hours ledger, at the volunteer's community; never edited")
class ServiceRecord(Record):
    served_on: dt.date
    minutes: int = strawberry.field(description="service time in minutes")
    description: str | None
    request_key: str | None = strawberry.field(description="the client's key that made the entry once")
    reason: str | None = strawberry.field(description="why this entry corrects another")
    recorded_by: str | None = strawberry.field(description="the username who recorded it")

    @strawberry.field(description="minutes / 60")
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @strawberry.field(description="when the service began (null for entries recorded before times were kept)")
    def starts_at(self) -> dt.time | None:
        start = self.row.start_minute
        return None if start is None else dt.time(start // 60, start % 60)

    @strawberry.field(description="when it ended (24:00 is given as 23:59:59)")
    def ends_at(self) -> dt.time | None:
        start = self.row.start_minute
        if start is None:
            return None
        end = start + self.minutes
        return dt.time(23, 59, 59) if end >= 24 * 60 else dt.time(end // 60, end % 60)

    @strawberry.field(description="The entry this one corrects, if any (kept, no longer counted).")
    async def corrects(self, info: Info) -> Optional["ServiceRecord"]:
        if self.row.corrects_id is None:
            return None
        row = await info.context.loaders.by_id(models.ServiceRecord).load(self.row.corrects_id)
        return ServiceRecord.of(row) if row else None

    @strawberry.field(description="The volunteer who served, if the viewer may see them.")
    async def volunteer(self, info: Info) -> Volunteer | None:
        row = await info.context.loaders.by_id(models.Volunteer).load(self.row.volunteer_id)
        return Volunteer.of(row) if row else None

    @strawberry.field(description="The activity served at, if any and if the viewer may see it.")
    async def activity(self, info: Info) -> Activity | None:
        if self.row.activity_id is None:
            return None
        row = await info.context.loaders.by_id(models.Activity).load(self.row.activity_id)
        return Activity.of(row) if row else None


@strawberry.type(description="The facilities and demonstration status of one community")
class CommunityProfile:
    has_social_work_room: bool
    has_volunteer_station: bool
    has_party_service_center: bool
    has_elderly_station: bool
    demonstration: enums.Demonstration
    demonstration_since: dt.date | None
    volunteer_station_since: dt.date | None = strawberry.field(description="the day the volunteer station opened")
    social_work_room_since: dt.date | None = strawberry.field(description="the day the social work room opened")

    @classmethod
    def of(cls, row: models.CommunityProfile) -> "CommunityProfile":
        return cls(**{name: getattr(row, name) for name in cls.__annotations__})
