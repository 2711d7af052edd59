"""Certificates of service (志愿服务证明), their verification by number, and spot checks (抽查) through
GraphQL (:mod:`core.services.certificates`, :mod:`core.services.spot_checks`). The PDF of a
certificate is a download (``GET /certificates/service/{number}.pdf``, :mod:`core.web.certificates`)."""

import datetime as dt
from typing import Any

import strawberry

from core import models
from core.db import tenancy
from core.plugins.declarations import GraphQLDecl
from core.services import certificates, spot_checks
from core.web.graphql.context import Info
from core.web.graphql.ids import global_id, parse_id
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.types import Region, ServiceRecord

strawberry.enum(models.Finding, name="Finding", description="what a spot check found of an item")


@strawberry.type(description="志愿服务证明 as issued: masked identity, hours, content, issuer, number, day")
class ServiceCertificate:
    id: strawberry.ID
    number: str = strawberry.field(description="what the certificate is verified by")
    period_from: dt.date
    period_to: dt.date
    minutes: int = strawberry.field(description="the minutes that counted in the period at the issuer's activities")
    entries: int = strawberry.field(description="the entries of the ledger they come from")
    content: str = strawberry.field(description="the activities served")
    name_masked: str = strawberry.field(description="the volunteer's name, masked (王*)")
    id_number_masked: str | None
    issuer: str = strawberry.field(description="the organizations or offices that issued it")
    issued_by: str = strawberry.field(description="the username who issued it")
    issued_on: dt.date

    @strawberry.field(description="minutes / 60")
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @strawberry.field(description="where the PDF is downloaded (GET, with the bearer token)")
    def download_path(self) -> str:
        return f"/certificates/service/{self.number}.pdf"

    @classmethod
    def of(cls, row: models.ServiceCertificate) -> "ServiceCertificate":
        return cls(
            id=global_id("ServiceCertificate", int(row.id or 0)), number=row.number, period_from=row.period_from,
            period_to=row.period_to, minutes=row.minutes, entries=row.entries, content=row.content,
            name_masked=row.name_masked, id_number_masked=row.id_number_masked, issuer=row.issuer,
            issued_by=row.issued_by, issued_on=row.issued_on,
        )


@strawberry.type(description="The answer to a certificate's number: whether it was issued, and what it said")
class CertificateVerification:
    number: str
    issued: bool
    certificate: ServiceCertificate | None = strawberry.field(description="as issued (masked), when it was")


@strawberry.input(description="A certificate of service for a volunteer over a period")
class ServiceCertificateInput:
    volunteer_id: strawberry.ID
    period_from: dt.date
    period_to: dt.date


@strawberry.type(description="One sampled entry or certificate of a spot check, with its finding once recorded")
class SpotCheckItem:
    id: strawberry.ID
    finding: models.Finding | None
    reason: str | None
    checked_by: str | None
    checked_at: dt.datetime | None
    row: strawberry.Private[Any]

    @strawberry.field(description="the sampled entry of hours, if the item is one")
    async def service_record(self, info: Info) -> ServiceRecord | None:
        if self.row.service_record_id is None:
            return None
        found = await info.context.loaders.by_id(models.ServiceRecord).load(self.row.service_record_id)
        return ServiceRecord.of(found) if found else None

    @strawberry.field(description="the sampled certificate, if the item is one")
    async def certificate(self, info: Info) -> ServiceCertificate | None:
        if self.row.certificate_id is None:
            return None
        found = await info.context.loaders.by_id(models.ServiceCertificate).load(self.row.certificate_id)
        return ServiceCertificate.of(found) if found else None

    @classmethod
    def of(cls, row: models.SpotCheckItem) -> "SpotCheckItem":
        return cls(id=global_id("SpotCheckItem", int(row.id or 0)), finding=row.finding, reason=row.reason,
                   checked_by=row.checked_by, checked_at=row.checked_at, row=row)


@strawberry.type(description="抽查: a sample of a subtree's entries of hours and certificates, with the findings")
class SpotCheck:
    id: strawberry.ID
    opened_by: str
    opened_on: dt.date
    note: str | None
    items: list[SpotCheckItem]

    @strawberry.field(description="items found confirmed / not confirmed / not checked yet")
    def confirmed(self) -> int:
        return sum(1 for i in self.items if i.finding is models.Finding.CONFIRMED)

    @strawberry.field
    def not_confirmed(self) -> int:
        return sum(1 for i in self.items if i.finding is models.Finding.NOT_CONFIRMED)

    @strawberry.field
    def unchecked(self) -> int:
        return sum(1 for i in self.items if i.finding is None)

    region_id: strawberry.Private[int]

    @strawberry.field(description="the district or street checked")
    async def region(self, info: Info) -> Region | None:
        found = await info.context.loaders.by_id(models.Region).load(self.region_id)
        return Region.of(found) if found else None

    @classmethod
    def of(cls, row: models.SpotCheck, items: list[models.SpotCheckItem]) -> "SpotCheck":
        return cls(id=global_id("SpotCheck", int(row.id or 0)), opened_by=row.opened_by, opened_on=row.opened_on,
                   note=row.note, items=[SpotCheckItem.of(i) for i in items], region_id=row.region_id)


@strawberry.input(description="Open a spot check of a district or street (or above): the sample's sizes")
class SpotCheckInput:
    region: str
    entries: int = strawberry.field(default=10, description="entries of hours to sample (at most 200)")
    certificates: int = strawberry.field(default=5, description="certificates to sample (at most 200)")
    note: str | None = None


@strawberry.input(description="The finding on one sampled item: confirmed, or not confirmed with the reason")
class FindingInput:
    finding: models.Finding
    reason: str | None = None


async def _spot_check(info: Info, row: models.SpotCheck) -> SpotCheck:
    found = await spot_checks.items_of(info.context.session, [int(row.id or 0)])
    return SpotCheck.of(row, found[int(row.id or 0)])


@strawberry.type
class CertificateQuery:
    @strawberry.field(description="Whether a certificate of service was issued with this number, by whom, when, "
                      "and what it said (masked). Any signed-in user; GET /verify/service-certificates/{number} "
                      "answers the same without a token.")
    async def verify_service_certificate(self, info: Info, number: str) -> CertificateVerification:
        # any tenant's certificate, by its number: platform-wide for this read alone (core.db.tenancy)
        async with info.context.lock, tenancy.widened(info.context.session) as session:
            found = await certificates.verify(session, number)
        return CertificateVerification(number=number.strip().upper(), issued=found is not None,
                                       certificate=ServiceCertificate.of(found) if found else None)

    @strawberry.field(description="The spot checks opened in a subtree (service_record:inspect), newest first.")
    async def spot_checks(self, info: Info, region: str) -> list[SpotCheck]:
        async with info.context.lock:
            rows = await spot_checks.checks_at(info.context.session, info.context.who, region)
            items = await spot_checks.items_of(info.context.session, [int(r.id or 0) for r in rows])
        return [SpotCheck.of(r, items[int(r.id or 0)]) for r in rows]


@strawberry.type
class CertificateMutation:
    @strawberry.mutation(description="Issue a certificate of service (志愿服务证明) for a volunteer over a period: "
                         "the hours that count at the activities you organize (service_record:create at the "
                         "volunteer's community). Its number verifies it.")
    async def issue_service_certificate(self, info: Info, input: ServiceCertificateInput) -> Payload[ServiceCertificate]:
        async def run() -> models.ServiceCertificate:
            data = {"volunteer_id": parse_id(input.volunteer_id, "volunteer_id", "Volunteer"),
                    "period_from": input.period_from, "period_to": input.period_to}
            return await certificates.issue(info.context.session, info.context.who, data)

        return await mutate(info, run, ServiceCertificate.of)

    @strawberry.mutation(description="Open a spot check (抽查) of the entries of hours and certificates in a "
                         "district or street (service_record:inspect there): a random sample, kept.")
    async def open_spot_check(self, info: Info, input: SpotCheckInput) -> Payload[SpotCheck]:
        async def run() -> SpotCheck:
            row = await spot_checks.open_check(info.context.session, info.context.who, vars(input))
            return await _spot_check(info, row)

        return await mutate(info, run, lambda checked: checked)

    @strawberry.mutation(description="Record the finding on a sampled item of a spot check, once: CONFIRMED, or "
                         "NOT_CONFIRMED with the reason.")
    async def record_spot_check_finding(self, info: Info, id: strawberry.ID, input: FindingInput) -> Payload[SpotCheckItem]:
        async def run() -> models.SpotCheckItem:
            return await spot_checks.record_finding(info.context.session, info.context.who,
                                                    parse_id(id, "id", "SpotCheckItem"), vars(input))

        return await mutate(info, run, SpotCheckItem.of)


PART = GraphQLDecl(query=CertificateQuery, mutation=CertificateMutation)
