"""What the jurisdictions' documents put in force at a region: targets, forms, catalogues, rules, settings."""

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON

from core import models
from core.access import audit
from core.access.grants import get_visible, region_at, require, visible
from core.documents import forms as form_service
from core.documents.rules import ELEMENTS, RuleContext, RuleResult, enabled_plugins, rules_for, run_rules
from core.documents.targets import applying_at
from core.errors import FieldError
from core.models.base import stored_id
from core.models.scoped import TenantRow
from core.personal import FullRead, keyring_of, reveal_document
from core.plugins.declarations import GraphQLDecl
from core.plugins.formschema import personal_fields
from core.services.administration import tenant_root
from core.services.regions import subtree
from core.web.graphql import enums
from core.web.graphql.context import Info
from core.web.graphql.errors import camel_path
from core.web.graphql.ids import parse_id
from core.web.graphql.pagination import Connection, paginate
from core.web.graphql.payloads import Payload, mutate
from core.web.graphql.relay import Node, id_of


@strawberry.type(description="Where a target comes from: the plugin, its scope and the document's clause.")
class TargetOrigin:
    plugin: str
    scope: str
    threshold: str
    source: str


@strawberry.type(description="A target in force at a region; the most specific scope wins, the overridden ones are listed.")
class Target:
    key: str
    indicator: str
    label: str
    comparator: str
    threshold: str = strawberry.field(description="a decimal, as text (ratios as 0.22)")
    unit: str
    evaluated_at: str = strawberry.field(description="per_community or aggregate")
    community_kind: enums.CommunityKind | None
    deadline: dt.date | None
    yearly: bool
    locked: bool
    scope: str
    plugin: str
    source: str
    overrides: list[TargetOrigin]


@strawberry.type(description="A form definition: JSON Schema, UI hints and zh-CN labels, versioned.")
class Form:
    key: str
    version: int
    versions: list[int]
    title: str
    json_schema: JSON
    ui: JSON
    personal_data: bool
    personal_fields: list[str] = strawberry.field(
        description="the personal fields (ID numbers, phones) by dotted path, [] after an array: stored "
        "encrypted, masked in `data`, in full in `fullData` only with personal_data:read_full")
    plugin: str
    source: str

    @classmethod
    def of(cls, plugin: str, decl: Any, versions: list[int]) -> "Form":
        return cls(key=decl.key, version=decl.version, versions=versions, title=decl.title, json_schema=decl.json_schema,
                   ui=decl.ui, personal_data=decl.personal_data, personal_fields=list(personal_fields(decl.json_schema)),
                   plugin=plugin, source=decl.source)


@strawberry.type
class CatalogueItem:
    code: str
    label: str
    description: str
    purchasable: bool
    parent: str | None
    source: str | None


@strawberry.type(description="A list a document defines: service categories, projects, action series.")
class Catalogue:
    key: str
    label: str
    items: list[CatalogueItem]
    plugin: str
    source: str


FULL_DATA = (
    "The data with its personal fields in full: only with the permission personal_data:read_full at the "
    "submission's region, and each value is written to the audit log first. Without it: null, with a "
    "FORBIDDEN error. A form without personal fields gives its data as it is, unaudited."
)


@strawberry.type(description="One submitted form. Personal fields (the form's personalFields) are masked in `data`.")
class FormSubmission(Node):
    form: str
    version: int
    status: str
    data: JSON = strawberry.field(description="as submitted, with each personal field's mask in place of its value")
    submitted_by: str
    submitted_at: dt.datetime | None
    row: strawberry.Private[models.FormSubmission]

    @classmethod
    def of(cls, row: models.FormSubmission) -> "FormSubmission":
        return cls(id=id_of(cls, row), form=row.form_key, version=row.form_version, status=row.status.value,
                   data=JSON(row.data), submitted_by=row.submitted_by, submitted_at=row.submitted_at, row=row)

    @strawberry.field(description="The path of the region it was submitted for.")
    async def region(self, info: Info) -> str:
        region = await info.context.loaders.by_id(models.Region).load(self.row.region_id)
        return region.path if region else ""

    @strawberry.field(description=FULL_DATA)
    async def full_data(self, info: Info) -> JSON | None:
        row = self.row
        values = await info.context.loaders.form_values.load(stored_id(row))
        reads = [FullRead("FormSubmission", stored_id(row), v.path, row.tenant_id, row.region_id) for v in values]
        for read in reads:  # one region: all allowed, or none (and then none is audited)
            if not await info.context.loaders.full_reads.load(read):
                raise FieldError("full_data", "needs the permission personal_data:read_full at the submission's region "
                                 "(data has the masks)", code="forbidden")
        return reveal_document(keyring_of(info.context.session), row.data, values)


@strawberry.type(description="A field a failed rule faults, and what is wrong there.")
class RuleFault:
    field: str = strawberry.field(
        description="as a mutation's errors name it: data.<path> in a form's data, the element's field in camelCase")
    message: str


@strawberry.type(description="The outcome of one rule on a record.")
class RuleOutcome:
    key: str
    label: str
    passed: bool
    message: str | None
    advisory: bool = strawberry.field(description="reported, but does not make the record fail")
    source: str
    plugin: str
    faults: list[RuleFault] = strawberry.field(
        description="the fields the failure names; empty when it passed or names none (then submitForm reports "
        "it as rules.<key>)")

    @classmethod
    def of(cls, result: RuleResult, form: bool) -> "RuleOutcome":
        faults = [RuleFault(field=f"data.{f.field}" if form else camel_path(f.field), message=f.message)
                  for f in result.faults]
        return cls(key=result.key, label=result.label, passed=result.passed, message=result.message,
                   advisory=result.advisory, source=result.source, plugin=result.plugin, faults=faults)


@strawberry.type(description="A tenant setting a plugin offers.")
class Setting:
    key: str
    label: str
    kind: str
    value: JSON
    default: JSON
    description: str
    plugin: str
    source: str


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


async def _place(info: Info, path: str, field: str = "at") -> tuple[models.Region, set[str]]:
    async with info.context.lock:
        region = await region_at(info.context.session, path, info.context.who, field=field)
        tenant = await info.context.session.get_one(models.Tenant, region.tenant_id)
        return region, await enabled_plugins(info.context.session, tenant)


SUBJECTS: dict[str, type[TenantRow]] = ELEMENTS


@strawberry.type
class PolicyQuery:
    @strawberry.field(description="The targets in force at a region, each with where it came from.")
    async def targets(self, info: Info, at: str) -> list[Target]:
        region, enabled = await _place(info, at)
        require(info.context.who, "target", "read", region, field="at")
        out = []
        for applied in applying_at(info.context.platform.registry, region.path, enabled):
            t = applied.target
            out.append(Target(
                key=t.key, indicator=t.indicator, label=t.label, comparator=t.comparator, threshold=str(t.threshold),
                unit=t.unit, evaluated_at=t.evaluated_at, community_kind=t.community_kind, deadline=t.deadline,
                yearly=t.yearly, locked=t.locked, scope=applied.scope, plugin=applied.plugin, source=t.source,
                overrides=[TargetOrigin(plugin=o.plugin, scope=o.scope, threshold=str(o.target.threshold), source=o.target.source)
                           for o in applied.overrides],
            ))
        return out

    @strawberry.field(description="The forms used at a region (newest version of each).")
    async def forms(self, info: Info, at: str) -> list[Form]:
        region, enabled = await _place(info, at)
        require(info.context.who, "form", "read", region, field="at")
        return [Form.of(a.plugin, a.form, list(a.versions))
                for a in form_service.available_at(info.context.platform.registry, region, enabled)]

    @strawberry.field(description="One version of a form (any version stays readable).")
    def form(self, info: Info, key: str, version: int | None = None) -> Form:
        registry = info.context.platform.registry
        plugin, decl = form_service.find(registry, key, version)
        versions = sorted(d.item.version for d in registry.forms if d.item.key == key)
        return Form.of(plugin, decl, versions)

    @strawberry.field(description="The catalogues in use at a region.")
    async def catalogues(self, info: Info, at: str) -> list[Catalogue]:
        region, enabled = await _place(info, at)
        require(info.context.who, "catalogue", "read", region, field="at")
        registry = info.context.platform.registry
        return [
            Catalogue(key=d.item.key, label=d.item.label, plugin=d.plugin, source=d.item.source,
                      items=[CatalogueItem(code=i.code, label=i.label, description=i.description, purchasable=i.purchasable,
                                           parent=i.parent, source=i.source) for i in d.item.items])
            for d in registry.catalogues
            if d.plugin in enabled and registry.plugins[d.plugin].covers(region.path)
        ]

    @strawberry.field(description="Form submissions in a subtree, newest last.")
    async def form_submissions(
        self, info: Info, under: str, form: str | None = None, first: int = 50, after: str | None = None
    ) -> Connection[FormSubmission]:
        region, _ = await _place(info, under, field="under")
        query = visible(models.FormSubmission, info.context.who).where(subtree(region))
        if form:
            query = query.where(models.FormSubmission.form_key == form)
        query = query.where(form_service.readable(info.context.platform.registry, info.context.who))
        return await paginate(info, query, models.FormSubmission, FormSubmission.of, first=first, after=after)

    @strawberry.field(description="One submission (a personal-data form needs personal_data:read_full at its region).")
    async def form_submission(self, info: Info, id: strawberry.ID) -> FormSubmission:
        context = info.context
        async with context.lock:
            row = await form_service.read(context.session, context.who, context.platform.registry, parse_id(id, "id", "FormSubmission"))
        return FormSubmission.of(row)

    @strawberry.field(description="Run the rules about a record: a stored one by id, or form data at a region.")
    async def check_rules(
        self, info: Info, subject: str, id: strawberry.ID | None = None,
        data: JSON | None = None, region: str | None = None,
    ) -> list[RuleOutcome]:
        context = info.context
        async with context.lock:
            session, who = context.session, context.who
            if subject in SUBJECTS:
                if id is None:
                    raise FieldError("id", f"name the {subject} to check")
                model = SUBJECTS[subject]
                row = await get_visible(session, model, parse_id(id, "id", model.__name__), who)
                place = await session.get_one(models.Region, row.region_id)
                record = {**row.model_dump(), "region": place.path}
            elif subject.startswith("form:"):
                if data is None or region is None:
                    raise FieldError("data", "give the form's data and the region it is for")
                place = await region_at(session, region, who)
            else:
                raise FieldError("subject", f"{subject!r} is neither an element ({', '.join(SUBJECTS)}) nor form:<key>")
            require(who, "rule", "run", place, field="subject")
            if subject.startswith("form:"):
                record = form_service.rule_record(context.platform.registry, subject, data)
            tenant = await session.get_one(models.Tenant, place.tenant_id)
            enabled = await enabled_plugins(session, tenant)
            rules = rules_for(context.platform.registry, subject, place, enabled)
            results = await run_rules(rules, record, RuleContext(session=session, principal=who, tenant=tenant, region=place))
        return [RuleOutcome.of(r, form=subject.startswith("form:")) for r in results]

    @strawberry.field(description="The settings of a tenant, with their values and defaults.")
    async def settings(self, info: Info, tenant: str | None = None) -> list[Setting]:
        async with info.context.lock:
            tenant_row, root = await tenant_root(info.context.session, info.context.who, tenant)
            require(info.context.who, "setting", "read", root, field="tenant")
            enabled = await enabled_plugins(info.context.session, tenant_row)
        registry = info.context.platform.registry
        values = tenant_row.settings or {}
        return [Setting(key=d.item.key, label=d.item.label, kind=d.item.kind, value=_json(values.get(d.item.key, d.item.default)),
                        default=_json(d.item.default), description=d.item.description, plugin=d.plugin, source=d.item.source)
                for d in registry.settings if d.plugin in enabled]


@strawberry.type
class PolicyMutation:
    @strawberry.mutation(description="Submit a form at a region; the data is validated against the form's version and rules.")
    async def submit_form(
        self, info: Info, form: str, region: str, data: JSON, version: int | None = None, draft: bool = False
    ) -> Payload[FormSubmission]:
        async def work() -> Any:
            if not isinstance(data, dict):
                raise FieldError("data", "must be a JSON object")
            row = await form_service.submit(info.context.session, info.context.who, info.context.platform.registry,
                                            form_key=form, region=region, data=data, version=version, draft=draft)
            return row

        return await mutate(info, work, FormSubmission.of)

    @strawberry.mutation(description="Change a tenant setting (setting:update at the tenant root); audited.")
    async def set_setting(self, info: Info, key: str, value: JSON, tenant: str | None = None) -> Payload[Setting]:
        async def work() -> Any:
            session, who = info.context.session, info.context.who
            tenant_row, root = await tenant_root(session, who, tenant)
            require(who, "setting", "update", root, field="tenant")
            enabled = await enabled_plugins(session, tenant_row)
            found = [d for d in info.context.platform.registry.settings if d.item.key == key and d.plugin in enabled]
            if not found:
                raise FieldError("key", f"no setting {key!r} in tenant {tenant_row.code!r}")
            decl = found[0]
            kinds = {"bool": (bool,), "int": (int,), "decimal": (int, float, str), "text": (str,)}[decl.item.kind]
            if not isinstance(value, kinds) or (decl.item.kind == "int" and isinstance(value, bool)):
                raise FieldError("value", f"must be a {decl.item.kind}")
            if decl.item.kind == "decimal":
                try:
                    Decimal(str(value))
                except ArithmeticError:
                    raise FieldError("value", "must be a decimal number") from None
            before = dict(tenant_row.settings or {})
            tenant_row.settings = {**before, key: value}
            session.add(tenant_row)
            await session.flush()
            await audit.record(session, who, "setting.update", f"{tenant_row.code}:{key}", tenant_id=tenant_row.id,
                               before={key: before.get(key, _json(decl.item.default))}, after={key: value})
            return Setting(key=key, label=decl.item.label, kind=decl.item.kind, value=value, default=_json(decl.item.default),
                           description=decl.item.description, plugin=decl.plugin, source=decl.item.source)

        return await mutate(info, work, lambda x: x)


PART = GraphQLDecl(query=PolicyQuery, mutation=PolicyMutation)
