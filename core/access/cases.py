"""Who sees a case, as one SQL condition: the rule of :mod:`core.cases.visibility`, kept here, in
the access layer, so that the forms (which lie below the case engine) filter by the same rule.

A case is seen by holders of ``case:read`` at its region (an office), by its active parties (the
user, or an organization the user acts for), and, for a public case type, by every user of the
tenant.
"""

from collections.abc import Collection

import sqlalchemy as sa
from sqlmodel import col, select

from core.access.grants import Principal, region_predicate
from core.models import Case, CaseParty, OrganizationMember


def party_predicate(principal: Principal) -> sa.ColumnElement[bool]:
    """``Case`` rows where the principal is an active party (as a user or for an organization);
    a principal with no user (a service) is no party."""
    if principal.user_id is None:
        return sa.false()
    member_of = select(OrganizationMember.organization_id).where(OrganizationMember.user_id == principal.user_id)
    return sa.exists(select(CaseParty.id).where(
        CaseParty.case_id == Case.id, CaseParty.active == sa.true(),
        sa.or_(col(CaseParty.user_id) == principal.user_id, col(CaseParty.organization_id).in_(member_of)),
    ))


def case_predicate(principal: Principal, public_types: Collection[str]) -> sa.ColumnElement[bool]:
    """The condition on ``Case`` (joined with ``Region``) of the cases the principal sees;
    ``public_types`` are the keys of the case types every user of a tenant sees."""
    if principal.platform_admin:
        return sa.true()
    if principal.tenant_id is None:
        return sa.false()
    seen = [region_predicate(principal, "case", "read"), party_predicate(principal)]
    if public_types:
        seen.append(col(Case.case_type).in_(sorted(public_types)))
    return sa.and_(col(Case.tenant_id) == principal.tenant_id, sa.or_(*seen))
