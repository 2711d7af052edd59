"""What a document of several mutations guarantees (issue #9, break 12; docs/graphql.md).

Root mutation fields run one after the other and each commits on its own. A mutation that fails
writes nothing and answers for itself only: a payload with ``errors`` (bad input), or ``null`` with
an error naming its path (anything else). The answers of the others stand, and are true: what a
result shows was committed, what a failure shows was not."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from core import db
from core.models import AuditEvent, Dispatch, RoleAssignment, VolunteerTeam
from core.services import administration, emergency
from core.testing import add_user, graphql

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
TEAM = 'createVolunteerTeam(input: {name: "朝阳应急队", region: "%s"}) { result { id name } errors { field } }' % COMMUNITY
DISPATCH = 'dispatch(resource: VOLUNTEER, ids: [%s], task: "转移", region: "%s") { result { ids } errors { field message } }'
ASSIGN = 'assignRole(username: "lin", role: "community", region: "%s") { result { role } errors { field } }' % COMMUNITY


async def count(platform, model) -> int:
    async with db.transaction(platform.sessions) as session:
        return int((await session.exec(select(sa.func.count()).select_from(model))).one())


def boom_after(real):
    """``real``, which writes, then a fault: what it wrote must not be committed."""

    async def broken(session, *args, **kwargs):
        await real(session, *args, **kwargs)
        await session.flush()
        raise RuntimeError("a fault after the write")

    return broken


async def test_a_failing_dispatch_leaves_the_committed_team_reported(platform, client, admin_token):
    """The issue's document: the team was committed while the answer was ``data: null``."""
    body = await graphql(client, "mutation { %s %s }" % (TEAM, DISPATCH % ('"99999999999999999999"', COMMUNITY)),
                         token=admin_token)
    assert body["data"] is not None, body
    assert body["data"]["createVolunteerTeam"]["result"]["name"] == "朝阳应急队"
    dispatched = body["data"]["dispatch"]
    assert dispatched is None or dispatched["errors"], body  # refused as input, or failed: either way it says so
    if dispatched is None:
        assert [error["path"] for error in body["errors"]] == [["dispatch"]]
    assert await count(platform, VolunteerTeam) == 1
    assert await count(platform, Dispatch) == 0


@pytest.mark.parametrize(("module", "name", "failing"), [
    (emergency, "dispatch", DISPATCH % ("", COMMUNITY)),
    (administration, "assign", ASSIGN),
])
async def test_a_mutation_that_raises_writes_nothing_and_nulls_only_itself(
    platform, client, admin_token, monkeypatch, module, name, failing
):
    await add_user(platform, "lin", "chongqing")
    if name == "dispatch":
        async with db.transaction(platform.sessions) as session:
            from core.models import Region, Volunteer

            region = (await session.exec(select(Region).where(Region.path == COMMUNITY))).one()
            volunteer = Volunteer(tenant_id=region.tenant_id, region_id=region.id, name="志愿者")
            session.add(volunteer)
            await session.flush()
            failing = DISPATCH % (f'"{volunteer.id}"', COMMUNITY)
    monkeypatch.setattr(module, name, boom_after(getattr(module, name)))
    audited, assigned = await count(platform, AuditEvent), await count(platform, RoleAssignment)
    document = "mutation { first: %s failing: %s last: %s }" % (TEAM, failing, TEAM.replace("朝阳应急队", "朝阳二队"))
    response = await client.post("/graphql", json={"query": document}, headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["failing"] is None
    assert [error["path"] for error in body["errors"]] == [["failing"]]
    assert body["data"]["first"]["result"]["name"] == "朝阳应急队"
    assert body["data"]["last"]["result"]["name"] == "朝阳二队"  # the mutations after it ran, and say so
    assert await count(platform, VolunteerTeam) == 2
    assert await count(platform, Dispatch) == 0
    assert await count(platform, RoleAssignment) == assigned  # lin got nothing
    assert await count(platform, AuditEvent) == audited  # the failed write's audit event went with it


async def test_every_root_mutation_field_is_nullable(app):
    """A plugin's mutations too: the rule is the schema's, not each resolver's."""
    from core.web.graphql.schema import build_schema, convert

    built = build_schema(app.state.wushe.registry)
    mutation = built._schema.mutation_type
    assert mutation.fields, "no mutations"
    assert {name for name, field in mutation.fields.items() if str(field.type).endswith("!")} == set()
    again = convert(app.state.wushe.registry)  # converted anew: the declared types were not changed in place
    assert str(again._schema.mutation_type.fields["login"].type) == "LoginPayload"
