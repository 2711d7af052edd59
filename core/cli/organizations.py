"""Organization membership from the shell: org add-member, org remove-member, org members.

The operator acts as the platform administrator; the audit log records them as ``cli:<login>``.
"""

from typing import Annotated

import typer
from rich.table import Table
from sqlmodel.ext.asyncio.session import AsyncSession

from core.cli.base import DatabaseOption, app, current_operator, in_transaction, out, record_id
from core.models import OrganizationMember, User
from core.platform import Platform
from core.services import memberships

org_app = typer.Typer(help="The users who act for a social organization (its staff).", no_args_is_help=True)
app.add_typer(org_app, name="org")

OrgArgument = Annotated[str, typer.Argument(help="the social organization's id")]
UsernameArgument = Annotated[str, typer.Argument(help="a user of the organization's tenant")]


@org_app.command("add-member")
def add_member(org_id: OrgArgument, username: UsernameArgument, database: DatabaseOption = None) -> None:
    """Let a user act for an organization."""
    organization_id = record_id(org_id, "organization")

    async def work(platform: Platform, session: AsyncSession) -> OrganizationMember:
        who = await current_operator(platform, session)
        return await memberships.add(session, who, organization_id=organization_id, username=username)

    in_transaction(database, work)
    out.print(f"{username} now acts for organization {organization_id}", highlight=False)


@org_app.command("remove-member")
def remove_member(org_id: OrgArgument, username: UsernameArgument, database: DatabaseOption = None) -> None:
    """Stop a user acting for an organization."""
    organization_id = record_id(org_id, "organization")

    async def work(platform: Platform, session: AsyncSession) -> OrganizationMember:
        who = await current_operator(platform, session)
        return await memberships.remove(session, who, organization_id=organization_id, username=username)

    in_transaction(database, work)
    out.print(f"{username} no longer acts for organization {organization_id}", highlight=False)


@org_app.command("members")
def list_members(org_id: OrgArgument, database: DatabaseOption = None) -> None:
    """The users who act for an organization."""
    organization_id = record_id(org_id, "organization")

    async def work(platform: Platform, session: AsyncSession) -> list[tuple[OrganizationMember, User]]:
        return await memberships.members(session, await current_operator(platform, session), organization_id)

    table = Table("username", "name", "since")
    for member, user in in_transaction(database, work):
        table.add_row(user.username, user.display_name, f"{member.added_at:%Y-%m-%d}")
    out.print(table)
