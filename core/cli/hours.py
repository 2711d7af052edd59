"""The volunteer-hours ledger from the shell: hours record, hours correct, hours certificate, hours verify.

``record`` and ``correct`` follow the same rules as ``recordService`` and ``correctServiceRecord``
(:mod:`core.services.hours`: only the activity's organizer records, a day holds 24 hours without
overlaps); ``certificate`` issues a certificate of service (:mod:`core.services.certificates`) and may
write its PDF; ``verify`` answers whether a number was issued, masked, for anyone. Ids are row numbers
or the API's global ids. The operator acts as the platform administrator (audited as
``cli:<login>``), or as a user with ``--as`` — an organization's activity is recorded by its members,
so ``--as`` one of them.
"""

from pathlib import Path
from typing import Annotated, Any

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from core.access.grants import Principal
from core.access.principal import UnknownUser
from core.cli.base import DatabaseOption, app, in_transaction, operator, out, record_id
from core.documents.pdf import render
from core.errors import FieldError
from core.models import ServiceCertificate, ServiceRecord
from core.platform import Platform
from core.services import certificates, hours

hours_app = typer.Typer(help="The volunteer-hours ledger: record, correct, certify, verify.", no_args_is_help=True)
app.add_typer(hours_app, name="hours")

AsOption = Annotated[str | None, typer.Option("--as", help="act as this user, with their permissions and "
                                              "memberships (default: the platform administrator)")]
DayOption = Annotated[str, typer.Option("--on", help="the day served, YYYY-MM-DD")]
StartOption = Annotated[str, typer.Option("--from", help="when the service began, hh:mm")]
MinutesOption = Annotated[int, typer.Option("--minutes", help="how long, in minutes")]
DescriptionOption = Annotated[str | None, typer.Option("--description", help="what was done")]


async def _who(platform: Platform, session: AsyncSession, as_user: str | None) -> Principal:
    if as_user:
        try:
            return await platform.principal(session, as_user)
        except UnknownUser:
            raise FieldError("as", f"no active user {as_user!r}") from None
    return operator(await platform.policies.current(session))


def _entry_line(entry: ServiceRecord) -> str:
    start = entry.start_minute or 0
    return (f"entry {entry.id}: volunteer {entry.volunteer_id}, {entry.served_on.isoformat()} "
            f"{start // 60:02d}:{start % 60:02d}, {entry.minutes} min")


@hours_app.command("record")
def record(volunteer: Annotated[str, typer.Argument(help="the volunteer's id")],
           activity: Annotated[str, typer.Argument(help="the activity's id")],
           on: DayOption, start: StartOption, minutes: MinutesOption, description: DescriptionOption = None,
           key: Annotated[str | None, typer.Option("--key", help="a request key: the same key records once")] = None,
           as_user: AsOption = None, database: DatabaseOption = None) -> None:
    """Record an entry of hours, by the activity's organizer."""
    data: dict[str, Any] = {"volunteer_id": record_id(volunteer, "volunteer", "Volunteer"),
                            "activity_id": record_id(activity, "activity", "Activity"), "served_on": on,
                            "starts_at": start, "minutes": minutes, "description": description, "request_key": key}

    async def work(platform: Platform, session: AsyncSession) -> str:
        return _entry_line(await hours.record(session, await _who(platform, session, as_user), data))

    out.print(f"recorded {in_transaction(database, work)}", highlight=False)


@hours_app.command("correct")
def correct(entry: Annotated[str, typer.Argument(help="the id of the entry to correct")],
            activity: Annotated[str, typer.Argument(help="the activity's id, as it should have been")],
            on: DayOption, start: StartOption, minutes: MinutesOption,
            reason: Annotated[str, typer.Option("--reason", help="why the entry is corrected")],
            description: DescriptionOption = None, as_user: AsOption = None, database: DatabaseOption = None) -> None:
    """Correct an entry with a new one; the corrected entry is kept and stops counting."""
    entry_id = record_id(entry, "entry", "ServiceRecord")
    data: dict[str, Any] = {"activity_id": record_id(activity, "activity", "Activity"), "served_on": on, "starts_at": start,
                            "minutes": minutes, "description": description, "reason": reason}

    async def work(platform: Platform, session: AsyncSession) -> str:
        return _entry_line(await hours.correct(session, await _who(platform, session, as_user), entry_id, data))

    out.print(f"recorded {in_transaction(database, work)}, correcting entry {entry_id}", highlight=False)


def _certificate_lines(found: ServiceCertificate) -> list[str]:
    return [f"number: {found.number}", f"issued on: {found.issued_on.isoformat()} by {found.issued_by}",
            f"issuer: {found.issuer}", f"volunteer: {found.name_masked} {found.id_number_masked or ''}".rstrip(),
            f"period: {found.period_from.isoformat()} to {found.period_to.isoformat()}",
            f"hours: {round(found.minutes / 60, 2):g} ({found.entries} entries)", f"content: {found.content}"]


@hours_app.command("certificate")
def certificate(volunteer: Annotated[str, typer.Argument(help="the volunteer's id")],
                period_from: Annotated[str, typer.Option("--from", help="first day of the period, YYYY-MM-DD")],
                period_to: Annotated[str, typer.Option("--to", help="last day of the period, YYYY-MM-DD")],
                pdf: Annotated[Path | None, typer.Option("--pdf", help="write the certificate's PDF here")] = None,
                as_user: AsOption = None, database: DatabaseOption = None) -> None:
    """Issue a certificate of service (志愿服务证明) of the hours at the activities you organize."""
    data = {"volunteer_id": record_id(volunteer, "volunteer", "Volunteer"), "period_from": period_from,
            "period_to": period_to}

    async def work(platform: Platform, session: AsyncSession) -> ServiceCertificate:
        return await certificates.issue(session, await _who(platform, session, as_user), data)

    issued = in_transaction(database, work)
    if pdf is not None:
        pdf.write_bytes(render(certificates.as_document(issued)))
    for line in _certificate_lines(issued):
        out.print(line, highlight=False)
    if pdf is not None:
        out.print(f"wrote {pdf}", highlight=False)


@hours_app.command("verify")
def verify(number: Annotated[str, typer.Argument(help="the certificate's number")],
           database: DatabaseOption = None) -> None:
    """Say whether a certificate of service was issued with this number, and what it said (masked).
    Exit code 1 when it was not."""

    async def work(platform: Platform, session: AsyncSession) -> ServiceCertificate | None:
        return await certificates.verify(session, number)

    found = in_transaction(database, work)
    if found is None:
        out.print(f"{number.strip().upper()}: not issued", highlight=False)
        raise typer.Exit(1)
    out.print(f"{found.number}: issued", highlight=False)
    for line in _certificate_lines(found)[1:]:
        out.print(line, highlight=False)

