"""The per-request context: the request's session (:mod:`core.web.graphql.session`), its
DataLoaders, and the access layer's reads as the resolvers use them. Everything that lives for one
request lives here, created by :func:`get_context`.

The helpers read through the access layer ("Casbin decides, SQL filters"): :meth:`Context.region`
finds a region only if the viewer may read it, :meth:`Context.require` refuses an action the
viewer's roles do not allow at a region, :meth:`Context.visible` and :meth:`Context.submissions`
are ``SELECT`` statements already limited to the rows the viewer may read (``Region`` joined, so
:func:`core.services.regions.subtree` narrows them to a subtree). Plugins' resolvers use them
through :mod:`core.graphql`."""

import datetime as dt
from collections.abc import AsyncIterator
from typing import TypeVar

from litestar.types import Scope
from sqlmodel import SQLModel, col
from sqlmodel.sql.expression import SelectOfScalar
from strawberry.types import Info as _Info

from core import clock
from core.access.grants import region_at, require, visible
from core.access.vocabulary import parse_permission
from core.documents.forms import LIVE, readable
from core.models import FormSubmission, Region
from core.platform import Platform
from core.plugins.registry import Registry
from core.web.graphql.dataloaders import Loaders
from core.web.graphql.session import RequestDatabase, RequestSession

M = TypeVar("M", bound=SQLModel)


def _resource_action(permission: str) -> tuple[str, str]:
    """``"form:read"`` as ``("form", "read")``; no tiers: the check is at one region, whose tier it is."""
    if "@" in permission:
        raise ValueError(f"permission {permission!r}: a check is made at one region; write 'resource:action'")
    (line,) = parse_permission(permission)
    return line.resource, line.action


class Context(RequestSession, kw_only=True):
    loaders: Loaders
    """created for this request; never shared with another"""

    @property
    def registry(self) -> Registry:
        """What the installed plugins declared (forms, rules, targets …), checked at start-up."""
        return self.platform.registry

    def today(self) -> dt.date:
        """The platform's day (:func:`core.clock.today`: ``WUSHE_TODAY`` when an operator set it)."""
        return clock.today()

    async def region(self, path: str, *, field: str = "region") -> Region:
        """The region at ``path`` if the viewer may read it; else a NOT_FOUND error naming ``field``,
        the same whether it does not exist or lies outside what the viewer sees."""
        async with self.lock:
            return await region_at(self.session, path, self.who, field=field)

    def may(self, permission: str, region: Region) -> bool:
        """May the viewer do ``permission`` (``"resource:action"``) on something at ``region``?"""
        resource, action = _resource_action(permission)
        return self.who.may(resource, action, region)

    def require(self, permission: str, region: Region, *, field: str = "region") -> None:
        """Refuse with a FORBIDDEN error naming ``field`` unless the viewer may do ``permission``
        (``"resource:action"``) at ``region``."""
        resource, action = _resource_action(permission)
        require(self.who, resource, action, region, field=field)

    def visible(self, model: type[M], action: str = "read") -> SelectOfScalar[M]:
        """``SELECT model`` limited to the rows the viewer may ``action`` on (the table's resource),
        with ``Region`` joined so that :func:`subtree` and other conditions on the region apply."""
        return visible(model, self.who, action)

    def submissions(self, *forms: str) -> SelectOfScalar[FormSubmission]:
        """The submitted (or approved) submissions of ``forms`` the viewer may read, as the
        ``formSubmissions`` list gives them: ``form:read`` at their region, a personal-data form
        only with ``personal_data:read_full`` there, a form filled at a case's step only for those
        who read cases as an office. Drafts and rejected ones are left out; personal fields hold
        their masks. ``Region`` is joined."""
        return visible(FormSubmission, self.who).where(
            col(FormSubmission.form_key).in_(forms), col(FormSubmission.status).in_(LIVE),
            readable(self.registry, self.who))

    async def enabled_plugins(self, region: Region) -> set[str]:
        """The plugins enabled in ``region``'s tenant."""
        if region.tenant_id is None:
            return set()
        return await self.loaders.enabled_plugins.load(region.tenant_id)


Info = _Info[Context, None]
"""What every resolver's ``info`` is: strawberry's Info with this context."""


async def get_context(scope: Scope) -> AsyncIterator[Context]:
    """Litestar dependency: a context per request, on the request's session.

    It takes the ASGI scope (valid for HTTP and WebSocket handlers alike): the app, the principal
    the authentication middleware put there (absent only for the IDE page, in development), and
    the session it checked the token on (:class:`~core.web.graphql.session.RequestDatabase`),
    which it closes once the response is sent. Without one (a WebSocket, a sign-in without a
    token) the context has a session of its own, closed when the handler is done (see
    :class:`~core.web.graphql.session.SessionLock`: not while anything still uses it)."""
    platform: Platform = scope["litestar_app"].state.wushe
    principal = scope.get("user")
    shared = RequestDatabase.of(scope)
    database = shared or RequestDatabase(platform.session_for(principal))
    session, lock = database.session, database.lock
    request = RequestSession(platform=platform, principal=principal, session=session, lock=lock)
    context = Context(platform=platform, principal=principal, session=session, lock=lock, loaders=Loaders(request))
    try:
        yield context
    finally:
        if shared is None:
            await database.close()
