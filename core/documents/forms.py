"""Forms: which are available at a region, and submissions validated against their version.

A plugin's forms are available in its scope (a scope-less plugin's everywhere) at the tiers the
form names, for tenants where the plugin is enabled. Every version stays readable; new
submissions use the newest version unless another is named. The server validates each
submission against its version's JSON Schema and names the field of every problem; the form's
rules run on submission and a failed (non-advisory) rule refuses it.

Personal fields (:func:`core.plugins.formschema.personal_fields`: ID numbers, phones) are checked and
given to the rules in clear, then stored sealed (:func:`core.personal.seal_document`): the
stored ``data`` holds their masks, in drafts too. A form marked ``personal_data`` (a minor's
file) is seen at all, in a list or by id, only where the reader holds ``personal_data:read_full``
(:func:`readable`); the full values of personal fields need the same permission, at the
submission's region, and each is audited (``FormSubmission.fullData``).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from jsonschema import Draft202012Validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import personal
from core.access import audit
from core.access.cases import case_predicate
from core.access.grants import (
    Principal,
    region_at,
    region_predicate,
    require,
    visible,
)
from core.documents.rules import ELEMENTS, RuleContext, enabled_plugins, lock_account, rules_for, run_rules
from core.documents.rules import problems_of as rule_problems
from core.errors import FieldError, InvalidInput, NotFound, Problem
from core.models import (
    Case,
    FormSubmission,
    LedgerEntry,
    Region,
    SubmissionStatus,
    Tenant,
)
from core.models.base import stored_id
from core.plugins.declarations import FormDecl, LedgerPostingDecl
from core.plugins.formschema import Target, personal_fields, references, values_at
from core.plugins.registry import Registry
from core.tree.tiers import Tier


@dataclass(frozen=True)
class AvailableForm:
    plugin: str
    form: FormDecl
    versions: tuple[int, ...]


def available_at(registry: Registry, region: Region, enabled: set[str]) -> list[AvailableForm]:
    latest: dict[str, tuple[str, FormDecl]] = {}
    versions: dict[str, list[int]] = {}
    for declared in registry.forms:
        info = registry.plugins[declared.plugin]
        form = declared.item
        if declared.plugin not in enabled or not info.covers(region.path):
            continue
        versions.setdefault(form.key, []).append(form.version)
        if form.key not in latest or latest[form.key][1].version < form.version:
            latest[form.key] = (declared.plugin, form)
    return [AvailableForm(plugin, form, tuple(sorted(versions[key])))
            for key, (plugin, form) in sorted(latest.items())
            if not form.tiers or region.tier in form.tiers]  # the newest version says where it is used


def find(registry: Registry, key: str, version: int | None) -> tuple[str, FormDecl]:
    matches = [(d.plugin, d.item) for d in registry.forms if d.item.key == key]
    if not matches:
        raise NotFound("form", f"no form {key!r}")
    if version is None:
        return max(matches, key=lambda m: m[1].version)
    for plugin, form in matches:
        if form.version == version:
            return plugin, form
    raise NotFound("version", f"form {key!r} has no version {version} (it has {sorted(f.version for _, f in matches)})")


def validate(form: FormDecl, data: Any) -> list[Problem]:
    """Every problem of ``data`` against the form's schema, each naming its field (dotted path)."""
    validator = Draft202012Validator(form.json_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [name for name in error.validator_value if name not in error.instance]
            for name in missing:
                problems.append(Problem(".".join(["data", *path, name]), "is required", "required"))
            continue
        problems.append(Problem(".".join(["data", *path]), error.message, str(error.validator)))
    return problems


def rule_record(registry: Registry, subject: str, data: Any) -> dict[str, Any]:
    """Form ``data`` that the rules about ``subject`` (``form:<key>``) can read: an object whose values
    have the types the form's newest schema declares. Values missing or out of range are left to the
    rules (a draft is checked as it is filled in); a value of another type is refused, naming it,
    because a rule reading it would break."""
    key = subject.removeprefix("form:")
    try:
        _, form = find(registry, key, None)
    except NotFound:
        raise NotFound("subject", f"no form {key!r}") from None
    if not isinstance(data, dict):
        raise FieldError("data", "must be a JSON object")
    problems = [problem for problem in validate(form, data) if problem.code == "type"]
    if problems:
        raise InvalidInput(problems)
    return data


async def submit(
    session: AsyncSession, principal: Principal, registry: Registry, *, form_key: str, region: str,
    data: dict[str, Any], version: int | None = None, draft: bool = False,
) -> FormSubmission:
    try:
        place = await region_at(session, region, principal)
        require(principal, "form", "submit", place)
        tenant = await session.get(Tenant, place.tenant_id)
        if tenant is None:
            raise RuntimeError(f"region {place.path!r}: its tenant {place.tenant_id} does not exist")
        enabled = await enabled_plugins(session, tenant)
        plugin, form = find(registry, form_key, version)
        steps = [f"{d.item.key}.{t.action}" for d in registry.case_types for t in d.item.transitions if t.form == form_key]
        if steps:  # its checks (one score sheet per panel member …) are the case's: no copy outside it
            raise FieldError("form", f"{form_key!r} is filled at a step of a case ({', '.join(steps)}): take that step "
                             "with the transition mutation", code="case_step")
        offered = {a.form.key for a in available_at(registry, place, enabled)}
        if form_key not in offered:
            raise FieldError("region", f"form {form_key!r} is not used at {place.path!r}")
        if form.personal_data:
            require(principal, "personal_data", "read_full", place)
        if form.submitters and not principal.platform_admin:
            held = {a.role for a in principal.assignments if a.covers(place)}
            if not held & set(form.submitters):
                raise FieldError("form", f"{form_key!r} is filled in by {', '.join(form.submitters)}", code="forbidden")
        row = await store(session, principal, registry, plugin, form, place, tenant, enabled, data, draft=draft)
    except FieldError as error:
        raise InvalidInput.of(error) from error
    return row


async def store(
    session: AsyncSession, principal: Principal, registry: Registry, plugin: str, form: FormDecl, place: Region,
    tenant: Tenant, enabled: set[str], data: dict[str, Any], *, draft: bool = False, case_id: int | None = None,
) -> FormSubmission:
    """Validate ``data`` against ``form``, its references (:func:`check_references`) and its rules
    (not a draft's), seal its personal fields and
    store it at ``place``. Who may fill it is the caller's check: :func:`submit` asks for
    ``form:submit``, a case's step (``case_id``) for the step's permission or party."""
    if not draft:
        problems = validate(form, data)
        if problems:
            raise InvalidInput(problems)
        problems = await check_references(session, principal, registry, form, data, place)
        if problems:
            raise InvalidInput(problems)
        if form.ledger is not None:  # the rules read the account's total: no other withdrawal in between
            await lock_account(session, place.tenant_id, form.ledger.account_for(data))
        context = RuleContext(session=session, principal=principal, tenant=tenant, region=place)
        problems = rule_problems(await run_rules(rules_for(registry, f"form:{form.key}", place, enabled), data, context))
        if problems:
            raise InvalidInput(problems)
    fields = personal_fields(form.json_schema)
    masked, sealed = personal.seal_document(personal.keyring_of(session), fields, data) if fields else (data, {})
    row = FormSubmission(
        tenant_id=place.tenant_id, region_id=stored_id(place), form_key=form.key, form_version=form.version,
        plugin=plugin, data=masked, status=SubmissionStatus.DRAFT if draft else SubmissionStatus.SUBMITTED,
        submitted_by=principal.username, submitted_at=None if draft else dt.datetime.now(dt.UTC), case_id=case_id,
    )
    session.add(row)
    await session.flush()
    session.add_all(personal.sealed_values(row, sealed))
    if form.ledger is not None and not draft:
        post(session, principal, form.ledger, row, data, case_id)
    await session.flush()
    if form.personal_data:
        await audit.record(session, principal, "personal_data.write", f"FormSubmission:{row.id}",
                           tenant_id=place.tenant_id, after={"form": form.key})
    return row


def post(session: AsyncSession, principal: Principal, posting: LedgerPostingDecl, row: FormSubmission,
         data: dict[str, Any], case_id: int | None) -> None:
    """The ledger entry of a submission that is a spending (``form.ledger``), at its region, keyed
    ``form_submission:<id>``; an amount of 0 moves nothing and writes nothing."""
    amount = posting.amount_of(data)
    if not amount:
        return
    account = posting.account_for(data)
    if len(account) > MAX_ACCOUNT:
        raise FieldError("data", f"the ledger account {account!r} is longer than {MAX_ACCOUNT} characters")
    key = f"form_submission:{row.id}"
    session.add(LedgerEntry(tenant_id=row.tenant_id, region_id=row.region_id, case_id=case_id, account=account,
                            kind=posting.kind, amount_fen=amount, entry_key=key, actor=principal.username, note=key))


MAX_ACCOUNT = 100
"""The length of a ledger account (``ledger_entry.account``)."""


ELEMENT_MODELS: dict[str, Any] = dict(ELEMENTS)
"""The element tables a form may reference by id (:data:`core.plugins.formschema.ELEMENT_REFS`)."""

LIVE = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
"""The submissions a reference may name: neither drafts nor rejected ones."""


async def check_references(
    session: AsyncSession, principal: Principal, registry: Registry, form: FormDecl, data: Any, place: Region,
) -> list[Problem]:
    """A problem (``data.<path>``) for every reference in ``data`` that names no record of the
    submission's tenant that the submitter may read, and for one naming a draft or rejected submission.

    Submissions and elements are read through the access layer (``visible``: ``form:read``, the
    element's ``read``, and a personal-data form only with ``personal_data:read_full``). A case is
    readable with ``case:read`` at its region or by a party: the user, or an organization the user
    acts for (the case engine's own visibility may refine this)."""
    problems = []
    entries: dict[Target, set[str]] = {}  # the codes of each entry target, read once
    for path, target in references(form.json_schema).items():
        for where, value in values_at(data, path):
            if value is None:
                continue
            if target.kind == "form" and target.entry:
                if target not in entries:
                    entries[target] = await _entry_codes(session, principal, registry, target, place)
                message = _entry_problem(target, value, entries[target])
            else:
                message = await _reference_problem(session, principal, registry, target, value, place)
            if message:
                problems.append(Problem(f"data.{where}", message, "reference"))
    return problems


async def _reference_problem(
    session: AsyncSession, principal: Principal, registry: Registry, target: Target, value: Any, place: Region,
) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be an id (an integer)"
    if target.kind == "form":
        row = await session.get(FormSubmission, value)
        if (row is None or row.tenant_id != place.tenant_id or row.form_key != target.name
                or not await _may_read_submission(session, principal, registry, row)):
            return f"no {target.name} submission with id {value} that you may read"
        if row.status not in LIVE:
            return f"{target.name} submission {value} is {row.status.value}: name a submitted one"
        return None
    if target.kind == "element":
        model = ELEMENT_MODELS[target.name]
        found = (await session.exec(visible(model, principal).where(
            col(model.id) == value, model.tenant_id == place.tenant_id))).first()
        return None if found is not None else f"no {target.name} with id {value} that you may read"
    case_query = select(Case).join(Region, col(Case.region_id) == Region.id).where(
        col(Case.id) == value, Case.tenant_id == place.tenant_id, Case.case_type == target.name,
        case_seen(principal, registry))
    found_case = (await session.exec(case_query)).first()
    return None if found_case is not None else f"no {target.name} case with id {value} that you may read"


async def _may_read_submission(
    session: AsyncSession, principal: Principal, registry: Registry, row: FormSubmission,
) -> bool:
    """The single-object form of what lists show (``form:read`` at its region, and
    ``personal_data:read_full`` for a personal form), or a step of a case the principal sees
    (an expert reads the application of the panel it sits on without a tier-wide ``form:read``)."""
    region = await session.get(Region, row.region_id)
    if region is None:
        return False
    if principal.may("form", "read", region) and (
            row.form_key not in personal_forms(registry) or principal.may("personal_data", "read_full", region)):
        return True
    if row.case_id is None:
        return False
    query = select(Case.id).join(Region, col(Case.region_id) == Region.id).where(
        col(Case.id) == row.case_id, case_seen(principal, registry))
    return (await session.exec(query)).first() is not None


def case_seen(principal: Principal, registry: Registry) -> sa.ColumnElement[bool]:
    """The condition on ``Case`` (joined with ``Region``) of the cases the principal sees: the case
    engine's rule (:mod:`core.access.cases`)."""
    return case_predicate(principal, [d.item.key for d in registry.case_types if d.item.public])


async def _entry_codes(
    session: AsyncSession, principal: Principal, registry: Registry, target: Target, place: Region,
) -> set[str]:
    """The codes at ``target.entry`` in the submitted ``target.name`` lists the submitter may read, at
    ``place``, above it (a street's list serves its communities) or below it (a street compiles
    from its communities' lists)."""
    above = [region_id for tier in Tier if (region_id := place.ancestor_id(tier)) is not None]
    branch = sa.or_(col(Region.id).in_(above), col(getattr(Region, place.tier.column)) == place.id)
    query = visible(FormSubmission, principal).where(
        FormSubmission.tenant_id == place.tenant_id, FormSubmission.form_key == target.name,
        col(FormSubmission.status).in_(LIVE), readable(registry, principal), branch)
    return {code for row in (await session.exec(query)).all()
            for _, code in values_at(row.data, target.entry or "") if isinstance(code, str)}


def _entry_problem(target: Target, value: Any, codes: set[str]) -> str | None:
    if not isinstance(value, str):
        return "must be an entry's code (a string)"
    return None if value in codes else f"no entry {value!r} in a submitted {target.name} that you may read here"


def personal_forms(registry: Registry) -> set[str]:
    """The keys of forms marked ``personal_data`` (in any version)."""
    return {d.item.key for d in registry.forms if d.item.personal_data}


def readable(registry: Registry, principal: Principal) -> sa.ColumnElement[bool]:
    """The condition a listed submission meets beyond ``form:read``: a personal-data form's only
    where the principal holds ``personal_data:read_full``, and a form filled at a step of a case
    (an application, a score sheet) only where the principal reads cases as an office
    (``case:read``): a case's parties see its forms on its timeline, as far as the timeline shows
    them, never a competitor's through the forms list (:func:`read` asks the same)."""
    personal_keys = personal_forms(registry)
    of_a_case = case_forms_readable(principal)
    if not personal_keys:
        return of_a_case
    return sa.and_(of_a_case, sa.or_(col(FormSubmission.form_key).not_in(personal_keys),
                                     region_predicate(principal, "personal_data", "read_full")))


def case_forms_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """A submission not filled at a case's step, or one the principal reads as an office."""
    return sa.or_(col(FormSubmission.case_id).is_(None), region_predicate(principal, "case", "read"))


async def read(session: AsyncSession, principal: Principal, registry: Registry, id_: int) -> FormSubmission:
    """One submission (its personal fields masked); a personal-data form needs the full-read
    permission at its region, as in lists (:func:`readable`)."""
    row = (await session.exec(visible(FormSubmission, principal).where(col(FormSubmission.id) == id_,
                                                                       case_forms_readable(principal)))).first()
    if row is None:
        raise NotFound("id", f"no FormSubmission with id {id_}")
    if row.form_key in personal_forms(registry):
        place = await session.get(Region, row.region_id)
        if place is None:
            raise RuntimeError(f"form submission {row.id}: its region {row.region_id} does not exist")
        require(principal, "personal_data", "read_full", place, field="id")
    return row
