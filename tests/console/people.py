"""People of the console's tests: users with a password and a role at a region, made through the services."""

import re

from core import db
from core.platform import Platform
from core.services import accounts, administration

PASSWORD = "Zq7-console-horse"


async def person(platform: Platform, username: str, tenant: str, role: str | None = None, region: str | None = None) -> str:
    """A user of ``tenant`` with :data:`PASSWORD` (and ``role`` at ``region``); returns the username."""
    async with db.transaction(platform.sessions) as session:
        await accounts.create_user(session, accounts.OPERATOR, username=username, tenant=tenant, password=PASSWORD)
        if role is not None and region is not None:
            await administration.assign(session, accounts.OPERATOR, username=username, role=role, region=region)
    return username


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


async def signed_in(client, username: str, password: str = PASSWORD):
    """Sign ``client`` in through the console's form; returns the response to the sign-in."""
    page = await client.get("/console/sign-in")
    return await client.post("/console/sign-in", data={"username": username, "password": password,
                                                       "_csrf_token": csrf_of(page.text)}, follow_redirects=False)
