"""A plugin's own GraphQL fields (``register_graphql``) with the typed context of ``core.graphql``: the
region found through the access layer and only where the plugin applies, the submissions the viewer
may read (a personal form's only with ``personal_data:read_full``), and a mutation whose errors name
the field and leave nothing written."""

import types

import pytest
import strawberry
from sqlmodel import col, func, select

from core import FormDecl, GraphQLDecl, Tier, hookimpl
from core.documents import forms as form_service
from core.graphql import FieldError, Info, Payload, declared_by, mutate, place, subtree
from core.models import FormSubmission
from core.testing import create_role, graphql, user_with_role
from core.web.graphql.schema import build_schema

DISTRICT = "chongqing/qianjiang"
STREET = f"{DISTRICT}/zhengyang"
CHAOYANG = f"{STREET}/chaoyang"


@strawberry.type
class VisitCount:
    at: str
    files: int
    notes: int
    declared_by: str | None


@strawberry.type
class Query:
    @strawberry.field
    async def test_visits(self, info: Info, at: str) -> VisitCount:
        region = await place(info, at, "form:read")
        files = (await info.context.exec(info.context.submissions("test_visit_file").where(subtree(region)))).all()
        notes = (await info.context.exec(info.context.submissions("test_visit_note").where(subtree(region)))).all()
        return VisitCount(at=region.path, files=len(files), notes=len(notes), declared_by=declared_by(info))


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def test_note_visit(self, info: Info, at: str, minutes: int) -> Payload[strawberry.ID]:
        async def work() -> int:
            context = info.context
            row = await form_service.submit(context.session, context.who, context.registry, form_key="test_visit_note",
                                            region=at, data={"minutes": minutes})
            if minutes > 240:  # after the write: the whole mutation is rolled back
                raise FieldError("minutes", "a visit lasts at most 240 minutes")
            return row.id or 0

        return await mutate(info, work, lambda id_: strawberry.ID(str(id_)))


def plugin():
    module = types.ModuleType("test_visits_plugin")
    module.PLUGIN_NAME = "testvisits"
    module.plugin_scope = hookimpl(lambda: DISTRICT)
    note = {"type": "object", "required": ["minutes"], "properties": {"minutes": {"type": "integer", "title": "时长"}}}
    module.register_forms = hookimpl(lambda: [
        FormDecl(key="test_visit_note", version=1, title="走访记录", json_schema=note, tiers=(Tier.COMMUNITY,),
                 source="测试文件 一"),
        FormDecl(key="test_visit_file", version=1, title="走访档案", json_schema=note, tiers=(Tier.COMMUNITY,),
                 personal_data=True, source="测试文件 一"),
    ])
    module.register_graphql = hookimpl(lambda: [GraphQLDecl(query=Query, mutation=Mutation)])
    return module


PLUGIN = plugin()
VISITS = 'query($at: String!) { testVisits(at: $at) { at files notes declaredBy } }'
NOTE = """mutation($at: String!, $m: Int!) { testNoteVisit(at: $at, minutes: $m) { result errors { field message code } } }"""


@pytest.fixture
def extra_plugins():
    return [PLUGIN]


async def _count(platform):
    async with platform.sessions() as session:
        return (await session.exec(select(func.count()).select_from(FormSubmission).where(
            col(FormSubmission.form_key) == "test_visit_note"))).one()


async def test_a_plugin_field_reads_through_the_access_layer(platform, client, admin_token):
    for form in ("test_visit_note", "test_visit_file"):
        body = await graphql(client, 'mutation($f: String!) { submitForm(form: $f, region: "%s", data: {minutes: 30}) { errors { field } } }'
                             % CHAOYANG, {"f": form}, token=admin_token)
        assert body["data"]["submitForm"]["errors"] == []
    await create_role(client, admin_token, "visit_reader", "COMMUNITY", ["region:read", "form:read"], "chongqing")
    reader = await user_with_role(platform, client, admin_token, "v.reader", "chongqing", "visit_reader", CHAOYANG)
    # the personal-data file needs personal_data:read_full, which the reader does not hold
    assert (await graphql(client, VISITS, {"at": CHAOYANG}, token=reader))["data"]["testVisits"] == {
        "at": CHAOYANG, "files": 0, "notes": 1, "declaredBy": "testvisits"}
    assert (await graphql(client, VISITS, {"at": DISTRICT}, token=admin_token))["data"]["testVisits"] == {
        "at": DISTRICT, "files": 1, "notes": 1, "declaredBy": "testvisits"}
    outside = await graphql(client, VISITS, {"at": STREET}, token=reader)
    assert outside["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "at"}
    elsewhere = await graphql(client, VISITS, {"at": "chongqing/wanzhou"}, token=admin_token)
    assert elsewhere["errors"][0]["extensions"] == {"code": "NOT_APPLICABLE", "field": "at"}
    assert elsewhere["errors"][0]["message"] == "at: plugin 'testvisits' does not apply at 'chongqing/wanzhou'"


async def test_a_plugin_mutation_names_the_field_and_writes_nothing_when_refused(platform, client, admin_token):
    done = await graphql(client, NOTE, {"at": CHAOYANG, "m": 45}, token=admin_token)
    assert done["data"]["testNoteVisit"]["errors"] == [] and done["data"]["testNoteVisit"]["result"]
    too_long = await graphql(client, NOTE, {"at": CHAOYANG, "m": 300}, token=admin_token)
    assert too_long["data"]["testNoteVisit"] == {"result": None, "errors": [
        {"field": "minutes", "message": "a visit lasts at most 240 minutes", "code": "invalid"}]}
    bad_data = await graphql(client, NOTE, {"at": STREET, "m": 45}, token=admin_token)
    assert bad_data["data"]["testNoteVisit"]["errors"] == [
        {"field": "region", "message": f"form 'test_visit_note' is not used at {STREET!r}", "code": "invalid"}]
    assert await _count(platform) == 1


def test_the_schema_knows_which_plugin_declared_each_root_field(platform):
    fields = build_schema(platform.registry).plugin_fields
    assert {k: v for k, v in fields.items() if v == "testvisits"} == {
        ("Query", "testVisits"): "testvisits", ("Mutation", "testNoteVisit"): "testvisits"}
    assert set(fields.values()) == {name for name, info in platform.registry.plugins.items() if "register_graphql" in info.hooks}
    assert ("Query", "region") not in fields
