"""The bulk loader: every row validated first, then everything written in the caller's transaction.

A row is checked exactly as the GraphQL API checks one record: the Create model of the element
(:data:`core.services.elements.ELEMENTS`' models, so ID numbers, phones, dates and the rules
across fields are the models' own), the region the principal may see, ``<resource>:create``
(or ``:update``) there, the tiers the element may be placed at and the element's own checks.
Rows are matched to stored records on a natural key (the ID number's blind index for people, the
unified social credit code for organizations); a matched record is updated only in what differs,
through :func:`core.services.elements.update` itself, and left alone when nothing does.

New records are written in bulk: built and sealed (:func:`core.personal.seal`) as the create
service builds them, inserted in batches without the ORM's unit of work (which took most of the
time at 100,000 rows), and the summaries of their regions rewritten once at the end; changed records
go through the update service inside :func:`core.indicators.summary.deferred`. Each record given an ID number is audited as the create
service audits it (``personal_data.id_number_set``: it is the per-user budget's counter), in one
batch; the import itself is one audit event with the counts and the file's SHA-256.

Nothing is written unless every row passes: all the problems are collected and raised together
(:class:`ImportRefused`), so a file is loaded whole or not at all.
"""

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import personal
from core.access import audit
from core.access.grants import Principal, resource_of, visible
from core.errors import FieldError, InvalidInput, WusheError, problems_from
from core.imports.columns import Kind
from core.imports.messages import chinese
from core.imports.parse import Row, RowError, ordered
from core.imports.places import Places
from core.indicators import summary
from core.models import AuditEvent, Region, SocialOrganization, Tenant
from core.models.base import stored_id, utcnow
from core.models.dated import first_day
from core.models.volunteer import REGISTRATION_DAY
from core.services import elements, id_numbers
from core.services.regions import tenant_root

CHUNK = 500
"""Keys looked up per query (well under every database's limit on bound parameters)."""

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: 校验 while rows are checked, 写入 while they are written."""


class ImportRefused(WusheError):
    """The file has bad rows: nothing was written. ``errors`` lists every one of them."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.row or 0)
        super().__init__("; ".join(str(e) for e in self.errors[:5]) + (" …" if len(self.errors) > 5 else ""))


@dataclass
class Result:
    """What an import did (or, in a dry run or when refused, would have done)."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_numbers: list[str] = field(default_factory=list)
    """targets of the ID numbers this import gives (for the budget of a run that is not kept)"""
    limited: bool = False
    """the principal has an ID-number budget (no ``personal_data:read_full`` at the tenant root)"""

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class _Plan:
    row: Row
    valid: Any
    region: Region
    existing: Any = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """How one kind of file reaches its element: the service's description and the natural key."""

    kind: Kind
    element: elements.Element
    by_number: bool
    """matched on the ID number's blind index (people); else on the credit code (organizations)"""


def _data(row: Row, kind: Kind) -> dict[str, Any]:
    """The values the Create model takes, from a row: empty cells leave the model's default."""
    data = {name: value for name, value in row.values.items() if value is not None}
    data.pop("organization", None)
    return data


_COLUMN_OF = {"organization_id": "organization", "parent": "path", "code": "path"}
"""Fields the services name that a file gives in another column."""


def problems(row: Row, kind: Kind, headers: dict[str, str], error: ValidationError | InvalidInput | FieldError) -> list[RowError]:
    if isinstance(error, ValidationError):
        found = [(p.field, p.message) for p in problems_from(error)]
    elif isinstance(error, InvalidInput):
        found = [(p.field, p.message) for p in error.problems]
    else:
        found = [(error.field, error.message)]
    out = []
    for name, message in found:
        name = _COLUMN_OF.get(name, name)
        if name in row.failed:
            continue  # the cell could not be read: said already
        out.append(RowError(row.number, headers.get(name) or kind.label_of(name), chinese(message)))
    return out


def _comparable(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


class Loader:
    """One import of one kind into one tenant, as one principal, in the caller's session."""

    def __init__(self, session: AsyncSession, principal: Principal, target: Target, tenant: Tenant,
                 headers: dict[str, str], progress: Progress | None = None) -> None:
        self.session = session
        self.principal = principal
        self.target = target
        self.kind = target.kind
        self.element = target.element
        self.resource = resource_of(target.element.model)
        self.tenant = tenant
        self.tenant_id = int(tenant.id)  # type: ignore[arg-type]
        self.headers = headers
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.keyring = personal.keyring_of(session)
        self.errors: list[RowError] = []

    def _error(self, row: Row, name: str, reason: str) -> None:
        self.errors.append(RowError(row.number, self.headers.get(name) or self.kind.label_of(name), reason))

    # --- checking ------------------------------------------------------------------------------

    async def check(self, rows: list[Row], places: Places) -> list[_Plan]:
        """Every row checked; the plans of the good ones (the errors in ``self.errors``)."""
        plans: list[_Plan] = []
        organizations = await self._organizations(rows) if "organization" in self.headers else {}
        for done, row in enumerate(rows, start=1):
            if done % 1000 == 0:
                self.progress("校验", done, len(rows))
            region = places.find(row.values.get("region"))
            if isinstance(region, str):
                if "region" not in row.failed:
                    self._error(row, "region", region)
                region = None
            data = _data(row, self.kind)
            if region is not None:
                data["region"] = region.path
            if "organization" in self.headers and row.values.get("organization"):
                found = organizations.get(row.values["organization"])
                if found is None:
                    self._error(row, "organization", f"找不到统一社会信用代码为 {row.values['organization']} 的社会组织"
                                "（或不在您的权限范围内）")
                    continue
                data["organization_id"] = found
            try:
                valid = self.element.create.model_validate(data)
            except ValidationError as error:
                self.errors += [e for e in problems(row, self.kind, self.headers, error)
                                if not (region is None and e.column == self.headers.get("region"))]
                continue
            if region is None:
                continue
            plans.append(_Plan(row, valid, region))
        self.progress("校验", len(rows), len(rows))
        plans = self._unique(plans)
        await self._match(plans)
        checked = []
        for plan in plans:
            try:
                await (self._check_update(plan, places) if plan.existing is not None else self._check_create(plan))
            except (FieldError, InvalidInput, ValidationError) as error:
                self.errors += problems(plan.row, self.kind, self.headers, error)
                continue
            checked.append(plan)
        return checked

    def _key(self, valid: Any, region: Region) -> Any:
        if self.target.by_number:
            return self.keyring.index(valid.id_number, self.tenant_id)
        if valid.credit_code:
            return valid.credit_code
        return (region.id, valid.name)

    def _unique(self, plans: list[_Plan]) -> list[_Plan]:
        """A record appears once in a file: a second row with its key is an error naming the first."""
        seen: dict[Any, int] = {}
        out = []
        for plan in plans:
            key = self._key(plan.valid, plan.region)
            if key in seen:
                name = "id_number" if self.target.by_number else ("credit_code" if isinstance(key, str) else "name")
                self._error(plan.row, name, f"与第{seen[key]}行重复（同一{self.kind.label}只能有一行）")
                continue
            seen[key] = plan.row.number
            out.append(plan)
        return out

    async def _organizations(self, rows: list[Row]) -> dict[str, int]:
        """The organizations the rows name by credit code, among those the principal may see."""
        codes = sorted({str(r.values["organization"]).upper() for r in rows if r.values.get("organization")})
        found: dict[str, int] = {}
        for start in range(0, len(codes), CHUNK):
            query = visible(SocialOrganization, self.principal).where(
                SocialOrganization.tenant_id == self.tenant_id, col(SocialOrganization.credit_code).in_(codes[start:start + CHUNK]))
            for org in (await self.session.exec(query)).all():
                found[str(org.credit_code)] = int(org.id)  # type: ignore[arg-type]
        for row in rows:
            if row.values.get("organization"):
                row.values["organization"] = str(row.values["organization"]).upper()
        return found

    async def _match(self, plans: list[_Plan]) -> None:
        """Each plan's stored record, if its key names one (read regardless of who asks: what the
        principal may do with it is decided in :meth:`_check_update`)."""
        model: Any = self.element.model
        keyed: dict[Any, _Plan] = {self._key(p.valid, p.region): p for p in plans}
        if self.target.by_number:
            column, keys = model.id_number_hash, [k for k in keyed if isinstance(k, str)]
        else:
            column, keys = model.credit_code, [k for k in keyed if isinstance(k, str)]
        for start in range(0, len(keys), CHUNK):
            query = select(model).where(model.tenant_id == self.tenant_id, col(column).in_(keys[start:start + CHUNK]))
            for row in (await self.session.exec(query)).all():
                keyed[getattr(row, column.key)].existing = row
        named = [k for k in keyed if isinstance(k, tuple)]
        names = sorted({name for _, name in named})
        for start in range(0, len(names), CHUNK):
            query = select(model).where(model.tenant_id == self.tenant_id, col(model.credit_code).is_(None),
                                        col(model.name).in_(names[start:start + CHUNK]))
            for row in (await self.session.exec(query)).all():
                plan = keyed.get((row.region_id, row.name))
                if plan is not None:
                    plan.existing = row

    async def _check_create(self, plan: _Plan) -> None:
        if not self.principal.may(self.resource, "create", plan.region):
            raise FieldError("region", f"you may not create {self.resource} at {plan.region.path!r}")
        await self._place(plan.valid, plan.region)

    async def _place(self, valid: Any, region: Region) -> None:
        if region.tier not in self.element.tiers:
            allowed = ", ".join(t.value for t in self.element.tiers)
            raise FieldError("region", f"a {self.element.model.__name__} is placed at a {allowed}, not a {region.tier.value}")
        for check in self.element.checks:
            await check(self.session, self.principal, valid, region)

    async def _check_update(self, plan: _Plan, places: Places) -> None:
        """The stored record, changed in what the row says otherwise; refused as the update service
        (or, for a record the principal may not change, the create service) would refuse it."""
        row = plan.existing
        where = places.by_id[row.region_id]
        if not self.principal.may(self.resource, "update", where):
            await self._not_yours(plan, where)
        if not self.principal.may(self.resource, "update", plan.region):
            raise FieldError("region", f"you may not update {self.resource} at {plan.region.path!r}")
        given = {name for name in plan.row.values if name != "organization"} | (
            {"organization_id"} if "organization" in plan.row.values else set())
        stored: dict[str, Any] = {}
        for name in self.element.create.model_fields:
            if name == "region":
                continue
            if name in self.element.sealed:
                stored[name] = personal.reveal(self.keyring, row, name) if name in given else None
            else:
                stored[name] = getattr(row, name)
        merged = {k: v for k, v in stored.items() if v is not None} | {"region": where.path} | {
            k: v for k, v in plan.valid.model_dump(exclude_unset=False).items() if k in given}
        valid = self.element.create.model_validate(merged, context={REGISTRATION_DAY: row.created_at.date()})
        await self._place(valid, plan.region)
        changes = {name: getattr(valid, name) for name in given - {"region"}
                   if _comparable(getattr(valid, name)) != _comparable(stored.get(name))}
        if plan.region.id != row.region_id:
            changes["region"] = plan.region.path
        plan.valid, plan.changes = valid, changes

    async def _not_yours(self, plan: _Plan, where: Region) -> None:
        """The key names a record the principal may not change: refused as a create would be."""
        if self.target.by_number:
            stand_in = self.element.model(tenant_id=self.tenant_id, region_id=stored_id(plan.region))
            await id_numbers.check(self.session, self.principal, self.keyring, stand_in, plan.valid.id_number, plan.region)
            raise FieldError("id_number", "cannot be accepted here; an administrator of the tenant can look into it")
        if self.principal.may(self.resource, "read", where):
            raise FieldError("credit_code", f"already registered in this tenant: SocialOrganization {plan.existing.id} "
                             f"at {where.path}", code="duplicate")
        raise FieldError("credit_code", "already registered in this tenant", code="duplicate")

    # --- the ID-number budget --------------------------------------------------------------------

    async def budget(self, plans: list[_Plan], result: Result) -> None:
        """Rows giving new ID numbers beyond what the principal may still enter this hour are errors
        (as the create service refuses them one by one); an unlimited principal has no budget."""
        if not self.target.by_number:
            return
        new = [p for p in plans if p.existing is None]
        result.new_numbers = [f"new {self.element.model.__name__} at {p.region.path} (import, row {p.row.number})"
                              for p in new]
        if self.principal.platform_admin:
            return
        root = await tenant_root(self.session, self.tenant_id)
        if root is not None and self.principal.may("personal_data", "read_full", root):
            return
        result.limited = True
        left = max(0, id_numbers.BUDGET - await id_numbers.spent(self.session, self.principal))
        result.new_numbers = result.new_numbers[:left]  # the rows beyond are refused unlooked-at
        for plan in new[left:]:
            self._error(plan.row, "id_number", f"每位用户每小时最多录入{id_numbers.BUDGET}个身份证号（本小时还可录入{left}个）："
                        "请分批导入，或请有权查看全部身份证号的管理员导入")

    # --- writing -------------------------------------------------------------------------------

    async def write(self, plans: list[_Plan], result: Result) -> None:
        """New records in bulk, changed ones through the update service; the summaries once."""
        creates = [p for p in plans if p.existing is None]
        updates = [p for p in plans if p.existing is not None and p.changes]
        result.unchanged = sum(1 for p in plans if p.existing is not None and not p.changes)
        total = len(creates) + len(updates)
        self.progress("写入", 0, total)
        async with summary.deferred(self.session):
            for done, plan in enumerate(updates, start=1):
                try:
                    await elements.update(self.session, self.principal, self.element, plan.existing.id, plan.changes)
                except InvalidInput as error:
                    self.errors += problems(plan.row, self.kind, self.headers, error)
                if done % 200 == 0:
                    self.progress("写入", done, total)
        if self.errors:
            return
        await self._insert(creates, len(updates), total)
        self.progress("写入", total, total)
        result.created, result.updated = len(creates), len(updates)

    async def _insert(self, creates: list[_Plan], done: int, total: int) -> None:
        """The new rows as the create service builds them (:meth:`_new`), inserted ``CHUNK`` at a time
        without the ORM's unit of work; then their regions' summaries, and the ID numbers' audit."""
        table = self.element.model.__table__  # type: ignore[attr-defined]
        connection = await self.session.connection()
        for start in range(0, len(creates), CHUNK * 4):
            batch = [self._new(plan) for plan in creates[start:start + CHUNK * 4]]
            await connection.execute(sa.insert(table), batch)
            self.progress("写入", done + start + len(batch), total)
        regions = {stored_id(plan.region) for plan in creates}
        await self.session.run_sync(lambda sync: summary.recompute(sync.connection(), regions))
        if self.target.by_number and creates:
            await self._audit_numbers([self._key(p.valid, p.region) for p in creates])

    async def _audit_numbers(self, hashes: list[str]) -> None:
        """``personal_data.id_number_set`` for each new record, as the create service writes it."""
        model: Any = self.element.model
        name = model.__name__
        for start in range(0, len(hashes), CHUNK):
            query = select(model.id).where(model.tenant_id == self.tenant_id,
                                           col(model.id_number_hash).in_(hashes[start:start + CHUNK]))
            ids = (await self.session.exec(query)).all()
            await (await self.session.connection()).execute(sa.insert(AuditEvent.__table__), [  # type: ignore[attr-defined]
                {"tenant_id": self.tenant_id, "actor": self.principal.username, "action": id_numbers.SET,
                 "target": f"{name}:{id_}.idNumber", "after": {"field": "idNumber"}, "before": None,
                 "at": utcnow()} for id_ in ids])

    def _new(self, plan: _Plan) -> dict[str, Any]:
        """The columns of the row the create service would write for ``plan``: placed, and sealed by
        :func:`core.personal.seal` (ciphertext, blind index, mask; never the clear value)."""
        valid = plan.valid
        now = utcnow()
        row = SimpleNamespace(**valid.model_dump(exclude={"region", *self.element.sealed}), tenant_id=self.tenant_id,
                              region_id=stored_id(plan.region), created_at=now, updated_at=now)
        if self.element.sealed:
            personal.seal(self.keyring, row, {name: getattr(valid, name) for name in self.element.sealed})
        values = vars(row)
        if "valid_from" in values and values["valid_from"] is None:  # listed, so the column default is not used
            values["valid_from"] = first_day(str(self.element.model.__tablename__), values)
        return values


TARGETS: dict[str, Callable[[Kind], Target]] = {
    "volunteers": lambda kind: Target(kind, elements.VOLUNTEER, by_number=True),
    "workers": lambda kind: Target(kind, elements.WORKER, by_number=True),
    "organizations": lambda kind: Target(kind, elements.ORGANIZATION, by_number=False),
}
"""The element each kind of file fills."""



async def load(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    tenant: Tenant,
    rows: Iterable[Row],
    *,
    headers: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Result:
    """Check every row, then write them all (in the caller's transaction); :class:`ImportRefused`
    with every problem, before anything is written, when any row is bad. The caller commits."""
    rows = list(rows)
    headers = headers if headers is not None else {c.field: c.header for c in kind.columns}
    loader = Loader(session, principal, TARGETS[kind.name](kind), tenant, headers, progress)
    result = Result(kind.name, rows=len(rows))
    places = await Places.of(session, principal, tenant)
    plans = await loader.check(rows, places)
    await loader.budget(plans, result)
    if loader.errors:
        result.errors = ordered(loader.errors, headers)
        return result
    try:
        await loader.write(plans, result)
    except sa.exc.IntegrityError:
        loader.errors.append(RowError(None, "", "写入时与同时录入的记录冲突（同一身份证号或信用代码），请重新导入"))
    result.errors = ordered(loader.errors, headers)
    return result


async def record(session: AsyncSession, principal: Principal, result: Result, tenant: Tenant, *,
                 sha256: str, source: str | None) -> None:
    """The import's audit event: kind, counts and the file's SHA-256 (in the import's transaction)."""
    await audit.record(session, principal, f"import.{result.kind}", f"import:{result.kind}", tenant_id=tenant.id,
                       after={"file_sha256": sha256, "file": source, **result.counts()})


async def spend_uncommitted(session: AsyncSession, principal: Principal, result: Result, tenant_id: int) -> None:
    """A run that is not kept (a dry run, a refused file) still tells a principal with a budget which
    ID numbers no record holds: the numbers it checked spend the budget as a kept run's would."""
    if not result.limited:
        return
    for target in result.new_numbers:
        await audit.record(session, principal, id_numbers.SET, target, tenant_id=tenant_id,
                           after={"field": "idNumber", "kept": False})
