"""Who may record what, for the plugins' role tests (tests/plugins/test_*_roles.py).

:func:`declared_table` reads a plugin's declared roles into ``{role: {"resource:action": "tier,tier"}}``
for the permissions that write a record (activities, service hours, donations, volunteers, teams,
organizations, workers, community funds) or decide on one (submitting and reviewing forms), at the
tiers at or below the role's own (a grant never reaches upward). Each test writes the table its
document gives and compares; :func:`maintenance_table` does the same for maintaining regions and
baselines, with the tiers as written. The async helpers record through GraphQL, as a holder of the role would.
"""

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from core import RoleDecl
from core.access.vocabulary import ANY_TIER, parse_permission
from core.testing import graphql, role_may
from core.tree.tiers import TIER_ORDER

RECORDING = (
    "activity:create", "activity:update", "service_record:create", "donation:create",
    "volunteer:create", "volunteer:update", "volunteer_team:create", "volunteer_team:update",
    "social_organization:create", "social_organization:update", "social_worker:create", "social_worker:update",
    "community_fund:create", "community_fund:update", "form:submit", "form:review",
)
"""The permissions that write or decide on a record, in the order of the tables."""


def declared_table(roles: dict[str, RoleDecl], permissions: tuple[str, ...] = RECORDING) -> dict[str, dict[str, str]]:
    """Each role's ``permissions`` (the recording ones by default) and the tiers (at or below its own)
    where it holds them; a role that holds none of them maps to ``{}``."""
    table: dict[str, dict[str, str]] = {}
    for code, role in roles.items():
        row = {}
        for permission in permissions:
            resource, action = permission.split(":")
            tiers = [t.value for t in TIER_ORDER if t.rank >= role.tier.rank and role_may(role, resource, action, t)]
            if tiers:
                row[permission] = ",".join(tiers)
        table[code] = row
    return table


LISTING = ("demand:create", "demand:update", "demand:match", "service_resource:create", "service_project:create")
"""The permissions that write the three lists (需求清单, 资源清单, 项目清单) and match them."""

LIST_READS = ("demand:read", "service_resource:read", "service_project:read")


def lists_table(roles: dict[str, RoleDecl]) -> dict[str, dict[str, str]]:
    """As :func:`declared_table`, for :data:`LISTING`."""
    return declared_table(roles, LISTING)


def list_readers(roles: dict[str, RoleDecl]) -> set[str]:
    """The roles that read all three lists at the communities below them."""
    return {code for code, role in roles.items()
            if all(role_may(role, *p.split(":"), TIER_ORDER[-1]) for p in LIST_READS)}


MAINTAINING = ("region:update", "region:create", "indicator:update")
"""The permissions that maintain the tier tree (a region's facts, adding regions) and set baselines."""


def maintenance_table(roles: dict[str, RoleDecl]) -> dict[str, dict[str, str]]:
    """Each role's lines of :data:`MAINTAINING` with their tiers exactly as written (``*`` for a line
    without tiers), not cut to the role's own tier: a line reaching a tier above the role, or any
    tier, shows. A role that maintains nothing maps to ``{}``."""
    table: dict[str, dict[str, str]] = {}
    for code, role in roles.items():
        lines = {line for permission in role.permissions for line in parse_permission(permission)}
        row = {}
        for permission in MAINTAINING:
            resource, action = permission.split(":")
            tiers = {line.tier for line in lines if (line.resource, line.action) == (resource, action)}
            if tiers:
                named = [t.value for t in TIER_ORDER if t.value in tiers] + ([ANY_TIER] if ANY_TIER in tiers else [])
                row[permission] = ",".join(named)
        table[code] = row
    return table


def changes_to_regions(role: RoleDecl) -> set[str]:
    """Every ``region`` and ``indicator`` permission of ``role`` other than reading, whatever its
    action (``region:delete`` would show): the narrow tests compare it with their table's keys."""
    return {f"{line.resource}:{line.action}" for p in role.permissions for line in parse_permission(p)
            if line.resource in ("region", "indicator") and line.action != "read"}


Client = AsyncTestClient[Litestar]

ACTIVITY = """mutation($input: ActivityInput!) { createActivity(input: $input) {
  result { id region { path } } errors { field message code } } }"""
UPDATE_ACTIVITY = """mutation($id: ID!, $input: ActivityPatch!) { updateActivity(id: $id, input: $input) {
  result { id personTimes } errors { field message code } } }"""
HOURS = """mutation($input: ServiceRecordInput!) { recordService(input: $input) {
  result { id region { path } } errors { field message code } } }"""
VOLUNTEER = """mutation($input: VolunteerInput!) { createVolunteer(input: $input) {
  result { id } errors { field message code } } }"""
DONATION = """mutation($input: DonationInput!) { recordDonation(input: $input) {
  result { id } errors { field message code } } }"""
ADD_REGION = """mutation($parent: String!, $code: String!, $name: String!, $tier: Tier!) {
  addRegion(parent: $parent, code: $code, name: $name, tier: $tier) { result { path } errors { field message } } }"""
EXPLAIN = """query($u: String!, $r: String!, $a: String!, $at: String!) {
  explain(username: $u, resource: $r, action: $a, region: $at) { allowed roles } }"""
COUNT = """query($path: String!) { region(path: $path) {
  activities { totalCount } serviceRecords { totalCount } } }"""


async def add_region(client: Client, admin: str, parent: str, code: str, name: str, tier: str) -> str:
    body = await graphql(client, ADD_REGION, {"parent": parent, "code": code, "name": name, "tier": tier}, token=admin)
    assert body["data"]["addRegion"]["errors"] == [], body
    return str(body["data"]["addRegion"]["result"]["path"])


async def volunteer_at(client: Client, admin: str, region: str, id_number: str) -> str:
    """A real-name volunteer registered at ``region`` by the platform administrator; its id."""
    data = {"name": "志愿者", "realNameRegistered": True, "registeredOn": "2024-03-01", "idNumber": id_number,
            "region": region}
    body = await graphql(client, VOLUNTEER, {"input": data}, token=admin)
    assert body["data"]["createVolunteer"]["errors"] == [], body
    return str(body["data"]["createVolunteer"]["result"]["id"])


async def activity(client: Client, token: str, region: str) -> dict[str, Any]:
    """``createActivity`` at ``region``: the payload ``{result, errors}``."""
    data = {"title": "邻里守望志愿服务", "heldOn": "2025-10-29", "personTimes": 30, "region": region}
    body = await graphql(client, ACTIVITY, {"input": data}, token=token)
    return dict(body["data"]["createActivity"])


async def update_activity(client: Client, token: str, id_: str) -> dict[str, Any]:
    body = await graphql(client, UPDATE_ACTIVITY, {"id": id_, "input": {"personTimes": 31}}, token=token)
    return dict(body["data"]["updateActivity"])


async def hours(client: Client, token: str, volunteer: str, held: str, starts_at: str = "09:00") -> dict[str, Any]:
    """``recordService`` for ``volunteer`` (two hours from ``starts_at``) at the activity ``held``: the
    payload ``{result, errors}``."""
    data = {"volunteerId": volunteer, "activityId": held, "servedOn": "2025-10-29", "startsAt": starts_at,
            "minutes": 120}
    body = await graphql(client, HOURS, {"input": data}, token=token)
    return dict(body["data"]["recordService"])


async def donation(client: Client, token: str, region: str) -> dict[str, Any]:
    data = {"donorName": "驻区单位", "donorKind": "STATIONED_UNIT", "form": "MONEY", "amountFen": 500_000,
            "donatedOn": "2025-10-29", "region": region}
    body = await graphql(client, DONATION, {"input": data}, token=token)
    return dict(body["data"]["recordDonation"])


def codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """A refused payload's ``(field, code)`` pairs; a refusal writes nothing."""
    assert payload["result"] is None, payload
    return [(e["field"], e["code"]) for e in payload["errors"]]


def accepted(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload
    return dict(payload["result"])


async def counts(client: Client, admin: str, path: str) -> tuple[int, int]:
    """(activities, service records) in the subtree of ``path``, as the platform administrator sees them."""
    body = await graphql(client, COUNT, {"path": path}, token=admin)
    region = body["data"]["region"]
    return region["activities"]["totalCount"], region["serviceRecords"]["totalCount"]


async def explained(client: Client, admin: str, username: str, permission: str, region: str) -> dict[str, Any]:
    resource, action = permission.split(":")
    body = await graphql(client, EXPLAIN, {"u": username, "r": resource, "a": action, "at": region}, token=admin)
    assert "errors" not in body, body
    return dict(body["data"]["explain"])


def id_number(n: int) -> str:
    """A valid resident ID number (GB 11643 check digit), a different one for each ``n`` < 1000."""
    body = f"11010519800101{n:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
