"""Personal data: ID numbers and phones, encrypted at rest, masked on the way out, audited in full.

**At rest** a value is never stored in clear. A person's ID number becomes four columns:

- ``id_number_encrypted``: Fernet ciphertext (AES-128-CBC with HMAC-SHA256) under the newest
  data key; any configured data key decrypts it (:class:`cryptography.fernet.MultiFernet`), which
  is how keys are rotated;
- ``id_number_hash``: a blind index, HMAC-SHA256 of the tenant and the number under the index
  key, so that the database keeps a number unique in a tenant and finds a row by its exact number
  without ever seeing it, and the same person in two tenants cannot be linked from the tables;
- ``id_number_masked``: the display form everyone may see, ``*****************X``: the check
  character only, since the birth year and sex are kept beside it and the division code is
  close to the record's region (see :func:`core.validators.mask_id_number` for the count);
- ``birth_year`` and ``sex``: facts from the number that the statistics need. Not the birth date.

A phone becomes ``phone_encrypted`` and ``phone_masked`` (``138****5678``).

A form's personal fields (:func:`core.plugins.formschema.personal_fields`) are sealed the same way: the
submission's ``data`` holds the mask, and the value is a :class:`FormSubmissionValue` row of
ciphertext (:func:`seal_document`, :func:`reveal_document`).

When a mask changes, or a form gains personal fields, ``wushe init`` brings stored rows to the
current layout once (:func:`upgrade`, remembered in the ``platform_setting`` row
:data:`LAYOUT_SETTING`); :func:`reencrypt` rewrites every mask as it goes.

**Keys** come from the settings: ``WUSHE_DATA_KEY`` and ``WUSHE_DATA_KEYS`` (newest first; the
first encrypts, any decrypts) and ``WUSHE_INDEX_KEY`` (the blind index; by default derived from
the *oldest* data key, so that putting a new key in front changes no index). Without any data
key, ``wushe init`` generates one and keeps it in the ``platform_setting`` table, as it does for
the token signing key. :meth:`Platform.load_data_key` reads them once at start and hands the
:class:`Keyring` to every session of the platform (``session.info``), where the services find it.

**Erasure** (个人信息保护法 第四十七条, :func:`erase`, run by :mod:`core.services.erasure`) takes a
person out of their record: ciphertexts, masks, blind index, birth year, sex, name and guardian; a
column that may not be empty keeps an empty value (an erased ID number's ciphertext is ``""`` and its
index :data:`ERASED_INDEX` and random hex), which the key checks and :func:`reencrypt` pass over.

**Out of the API** the full value goes only to a principal holding ``personal_data:read_full``
at the record's region, and each such read is written to the audit log, in a transaction of its
own that is committed before the value is returned (:func:`authorize_full_reads`).
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import hmac
import json
import secrets
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import db
from core.access import audit
from core.access.grants import Principal
from core.db import tenancy
from core.errors import WusheError
from core.models import (
    Demand,
    Donation,
    FormSubmission,
    FormSubmissionValue,
    PlatformSetting,
    Region,
    SocialWorker,
    Volunteer,
)
from core.plugins.declarations import FormDecl
from core.plugins.formschema import personal_fields
from core.validators import id_number_facts, mask_id_number, mask_phone

__all__ = [
    "DATA_KEY_SETTING",
    "ERASED_NAME",
    "LAYOUT_SETTING",
    "PERSONAL_FIELDS",
    "READ_ACTION",
    "SEALED",
    "SESSIONS_INFO",
    "SESSION_INFO",
    "DataKeyError",
    "FullRead",
    "Keyring",
    "authorize_full_reads",
    "check_keyring",
    "configured_keys",
    "erase",
    "keyring_of",
    "load_keyring",
    "reencrypt",
    "reveal",
    "reveal_document",
    "seal",
    "seal_document",
    "sessions_of",
    "upgrade",
]

DATA_KEY_SETTING = "data_key"
"""The ``platform_setting`` row of the key ``wushe init`` generated (when none is configured)."""

LAYOUT_SETTING = "personal_data_layout"
"""The ``platform_setting`` row saying which masks the stored rows show and which form fields are sealed."""
MASKS_VERSION = 2
"""Bumped whenever a mask function changes: ``wushe init`` then rewrites every stored mask."""

SESSION_INFO = "wushe.keyring"
"""Where a platform's sessions carry its keyring (``session.info``)."""
SESSIONS_INFO = "wushe.sessions"
"""Where they carry the platform's session factory, for what must be committed on its own."""

RESOURCE, ACTION = "personal_data", "read_full"
READ_ACTION = "personal_data.read"
"""The audit action of one full read: target ``Volunteer:12.idNumber``."""

SEALED = ("id_number", "phone")
"""The personal fields, each stored as ``<name>_encrypted`` and ``<name>_masked``."""

_MASKS = {"id_number": mask_id_number, "phone": mask_phone}
_INDEX_INFO = b"wushe blind index v1"
_KEY_HELP = (
    "must be 32 url-safe base64-encoded bytes; make one with python -c "
    "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class DataKeyError(WusheError, RuntimeError):
    """The configured keys are malformed, missing, or not the ones the stored data was written with."""


def _check_key(name: str, value: str) -> bytes:
    """The key as bytes, or DataKeyError naming the setting (never echoing the value)."""
    key = value.strip().encode("ascii", errors="replace")
    try:
        raw = base64.urlsafe_b64decode(key)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DataKeyError(f"{name}: {_KEY_HELP}")
    return key


class Keyring:
    """The data keys (newest first) and the blind-index key of one platform."""

    def __init__(self, keys: Sequence[str], *, index_key: str | None = None, names: Sequence[str] = ()) -> None:
        if not keys:
            raise DataKeyError("no data key")
        labels = list(names) + [f"data key {i + 1}" for i in range(len(names), len(keys))]
        checked = [_check_key(label, key) for label, key in zip(labels, keys, strict=True)]
        self._fernet = MultiFernet([Fernet(key) for key in checked])
        material = _check_key("index_key", index_key) if index_key else checked[-1]
        self._index_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INDEX_INFO).derive(material)
        self.size = len(checked)

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise DataKeyError("none of the configured data keys decrypts this value") from None

    def rotate(self, token: str) -> str:
        """The same value encrypted under the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise DataKeyError("none of the configured data keys decrypts this value") from None

    def index(self, value: str, tenant_id: int) -> str:
        """The blind index of ``value`` in a tenant: 64 hex digits, the same for the same input."""
        return hmac.new(self._index_key, f"{tenant_id}:{value}".encode(), hashlib.sha256).hexdigest()


# --- keys of a platform ---------------------------------------------------------------------------


def configured_keys(settings: Any) -> list[tuple[str, str]]:
    """``(setting, key)`` pairs from WUSHE_DATA_KEY then WUSHE_DATA_KEYS, duplicates dropped."""
    pairs: list[tuple[str, str]] = []
    if settings.data_key:
        pairs.append(("data_key", settings.data_key))
    pairs += [(f"data_keys[{i}]", key) for i, key in enumerate(settings.data_keys or ())]
    unique: dict[str, str] = {}
    for name, key in pairs:
        unique.setdefault(key.strip(), name)
    return [(name, key) for key, name in unique.items()]


async def load_keyring(session: AsyncSession, settings: Any, *, create: bool = False) -> Keyring:
    """The configured keys, else the stored one (generated and stored first when ``create``)."""
    pairs = configured_keys(settings)
    if not pairs:
        stored = await session.get(PlatformSetting, DATA_KEY_SETTING)
        if stored is None:
            if not create:
                raise DataKeyError("no data key: run `wushe init` or set WUSHE_DATA_KEY")
            stored = PlatformSetting(key=DATA_KEY_SETTING, value=Fernet.generate_key().decode("ascii"))
            session.add(stored)
            await session.flush()
        pairs = [("the data key stored by `wushe init`", stored.value)]
    names, keys = zip(*pairs, strict=True)
    return Keyring(keys, index_key=settings.index_key, names=names)


async def check_keyring(session: AsyncSession, keyring: Keyring) -> None:
    """Refuse keys that cannot read what is stored: one row of each table is decrypted and indexed."""
    value = (await session.exec(select(FormSubmissionValue).order_by(col(FormSubmissionValue.id)).limit(1))).first()
    if value is not None:
        try:
            keyring.decrypt(value.encrypted)
        except DataKeyError:
            raise DataKeyError(
                f"the configured data keys cannot decrypt the stored personal data (form_submission_value {value.id}): "
                "set WUSHE_DATA_KEY or WUSHE_DATA_KEYS to include the key it was written with"
            ) from None
    await _check_id_numbers(session, keyring, SocialWorker)
    await _check_id_numbers(session, keyring, Volunteer)


_Numbered = TypeVar("_Numbered", SocialWorker, Volunteer)
"""A table whose rows carry a sealed ID number and its blind index."""


async def _check_id_numbers(session: AsyncSession, keyring: Keyring, model: type[_Numbered]) -> None:
    """Refuse keys that cannot decrypt, or index alike, the first stored ID number of ``model``."""
    query = (select(model).where(col(model.id_number_encrypted).is_not(None), col(model.id_number_encrypted) != "")
             .order_by(col(model.id)).limit(1))
    row = (await session.exec(query)).first()
    if row is None or row.id_number_encrypted is None:
        return
    where = f"{model.__tablename__} {row.id}"
    try:
        number = keyring.decrypt(row.id_number_encrypted)
    except DataKeyError:
        raise DataKeyError(
            f"the configured data keys cannot decrypt the stored personal data ({where}): set WUSHE_DATA_KEY "
            "or WUSHE_DATA_KEYS to include the key it was written with"
        ) from None
    if keyring.index(number, row.tenant_id) != row.id_number_hash:
        raise DataKeyError(
            f"the blind-index key is not the one the stored ID numbers were indexed with ({where}): set "
            "WUSHE_INDEX_KEY to that key (by default it is the oldest data key), or run reencrypt()"
        )


def sessions_of(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """The session factory of the platform the session belongs to (for a transaction of its own),
    whose sessions work for whom ``session`` works (its tenant on PostgreSQL, :mod:`core.db.tenancy`)."""
    sessions = session.info.get(SESSIONS_INFO)
    if sessions is None:
        raise DataKeyError("personal-data keys not loaded: Platform.init() or Platform.load_data_key() first")
    return tenancy.sessions_like(sessions, tenancy.scope_of(session))


def keyring_of(session: AsyncSession) -> Keyring:
    """The keyring of the platform the session belongs to."""
    keyring = session.info.get(SESSION_INFO)
    if keyring is None:
        raise DataKeyError("personal-data keys not loaded: Platform.init() or Platform.load_data_key() first")
    return keyring


# --- rows -----------------------------------------------------------------------------------------


def seal(keyring: Keyring, row: Any, values: Mapping[str, str | None]) -> None:
    """Store validated clear ``values`` (``id_number``, ``phone``) on ``row``: ciphertext, mask,
    and for the ID number its blind index (``row.tenant_id`` must be set), birth year and sex."""
    for name, value in values.items():
        setattr(row, f"{name}_encrypted", keyring.encrypt(value) if value else None)
        setattr(row, f"{name}_masked", _MASKS[name](value) if value else None)
        if name == "id_number":
            facts = id_number_facts(value) if value else None
            row.id_number_hash = keyring.index(value, row.tenant_id) if value else None
            row.birth_year = facts.birth_date.year if facts else None
            row.sex = facts.sex if facts else None


ERASED_NAME = "（已删除）"
"""The name an erased person's record keeps (the column is required; the person is gone from it)."""
ERASED_INDEX = "erased:"
"""How the blind index of an erased ID number begins where the column is required (a social worker's):
followed by random hex, so it is unique and no number's index (those are 64 hex digits)."""

PERSONAL_FIELDS: dict[type, tuple[str, ...]] = {
    Volunteer: ("name", "id_number", "phone", "guardian_name", "guardian_relation", "guardian_consent_on"),
    SocialWorker: ("name", "id_number", "phone"),
    Demand: ("resident_name", "phone", "feedback"),
    Donation: ("donor_name",),
}
"""The fields of a record that are a person's, and go when their personal data is erased: a
volunteer's or a worker's own, a demand's resident (name, phone and the words of their feedback), a
resident donor's name. What is counted stays: the days, real-name registration, the team, the
certificate level and post, a demand's group, domain, status and satisfaction, a donation's value."""

NAMES = ("name", "donor_name")
"""Required name columns: an erased one reads :data:`ERASED_NAME`."""


def _blank(row: Any, column: str) -> Any:
    """Nothing, for a column of ``row``: null where allowed, else the empty value of its type."""
    definition = type(row).__table__.columns[column]
    if definition.nullable:
        return None
    return 0 if definition.type.python_type is int else ""


def erase(row: Any) -> list[str]:
    """Erase the personal data of a record in place (个人信息保护法 第四十七条), the fields of
    :data:`PERSONAL_FIELDS`: the ciphertexts, masks and blind index of its ID number and phone (and a
    demand's resident's name), the facts drawn from the number (birth year, sex), its name and its
    guardian's. Nothing of them is left to decrypt, unmask or look up; the
    row itself stays, for the counts and the ledgers. Returns the fields erased (never their values)."""
    erased = []
    columns_of = type(row).__table__.columns
    for name in PERSONAL_FIELDS[type(row)]:
        if f"{name}_encrypted" in columns_of:  # sealed: its ciphertext and its mask
            columns = [f"{name}_encrypted", f"{name}_masked"]
            if name == "id_number":
                columns += ["birth_year", "sex"]
                hashed = _blank(row, "id_number_hash")
                row.id_number_hash = None if hashed is None else ERASED_INDEX + secrets.token_hex(28)
            for column in columns:
                setattr(row, column, _blank(row, column))
        elif name in NAMES:
            setattr(row, name, ERASED_NAME)
        else:
            setattr(row, name, _blank(row, name))
        erased.append(name)
    return erased


def _sealed(model: Any) -> Any:
    """The rows of ``model`` whose ID number was not erased (an erased one left no ciphertext)."""
    column = col(model.id_number_encrypted)
    return column.is_(None) | (column != "")


def reveal(keyring: Keyring, row: Any, name: str) -> str | None:
    """The clear value of one sealed field (for the services: never hand it out unaudited)."""
    token = getattr(row, f"{name}_encrypted")
    return keyring.decrypt(token) if token else None


async def reencrypt(sessions: async_sessionmaker[AsyncSession], keyring: Keyring, *, batch: int = 500) -> int:
    """Re-encrypt every ID number and phone under the newest key and recompute the blind index
    (after adding a key in front, before dropping an old one, or after changing WUSHE_INDEX_KEY).
    One transaction; returns how many rows were rewritten."""
    count = 0
    async with db.transaction(sessions) as session:
        async for rows in _people(session, batch):
            for row in rows:
                seal(keyring, row, {name: reveal(keyring, row, name) for name in SEALED})
                session.add(row)
            count += len(rows)
        count += await _reseal_documents(session, keyring, rotate=True, batch=batch)
    return count


async def _people(session: AsyncSession, batch: int) -> AsyncIterator[list[Any]]:
    """Every social worker and volunteer whose ID number was not erased, ``batch`` rows at a time;
    what the caller changed in a batch is flushed before the next is read."""
    for model in (SocialWorker, Volunteer):
        last = 0
        while True:
            query = select(model).where(col(model.id) > last, _sealed(model)).order_by(col(model.id)).limit(batch)
            rows = list((await session.exec(query)).all())
            if not rows:
                break
            yield rows
            await session.flush()
            last = rows[-1].id  # type: ignore[assignment]


# --- form data ------------------------------------------------------------------------------------


def _places(data: Any, pattern: Sequence[str], at: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Where a field pattern (``contacts[]``, ``phone``) is in ``data``: (place, value) pairs."""
    if not pattern:
        yield at, data
        return
    head, rest = pattern[0], pattern[1:]
    many = head.endswith("[]")
    name = head[:-2] if many else head
    if not isinstance(data, dict) or data.get(name) is None:
        return
    if not many:
        yield from _places(data[name], rest, (*at, name))
    elif isinstance(data[name], list):
        for index, item in enumerate(data[name]):
            yield from _places(item, rest, (*at, name, index))


def _put(data: Any, place: Sequence[str | int], value: Any) -> None:
    for step in place[:-1]:
        data = data[step]
    data[place[-1]] = value


def _mask(kind: str, value: Any) -> str:
    return _MASKS[kind](value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def seal_document(
    keyring: Keyring, fields: Mapping[str, str], data: Any, *, skip: Iterable[str] = ()
) -> tuple[Any, dict[str, tuple[str, str]]]:
    """``data`` with each personal field (``fields``: pattern → kind) replaced by its mask, and
    the sealed values: ``{"guardian.phone": ("phone", ciphertext)}``. Places in ``skip`` are left
    as they are (already sealed). ``data`` itself is not changed."""
    masked = copy.deepcopy(data)
    sealed: dict[str, tuple[str, str]] = {}
    skip = set(skip)
    for pattern, kind in fields.items():
        for place, value in list(_places(masked, pattern.split("."))):
            path = ".".join(str(step) for step in place)
            if value is None or path in skip:
                continue
            sealed[path] = (kind, keyring.encrypt(json.dumps(value, ensure_ascii=False)))
            _put(masked, place, _mask(kind, value))
    return masked, sealed


def _place_of(path: str) -> list[str | int]:
    return [int(step) if step.isdigit() else step for step in path.split(".")]


def reveal_document(keyring: Keyring, data: Any, values: Iterable[FormSubmissionValue]) -> Any:
    """``data`` (masked) with the sealed values put back: for the services, never unaudited."""
    clear = copy.deepcopy(data)
    for value in values:
        _put(clear, _place_of(value.path), json.loads(keyring.decrypt(value.encrypted)))
    return clear


def sealed_values(submission: FormSubmission, sealed: Mapping[str, tuple[str, str]]) -> list[FormSubmissionValue]:
    return [FormSubmissionValue(tenant_id=submission.tenant_id, submission_id=submission.id, path=path, kind=kind,  # type: ignore[arg-type]
                                encrypted=token) for path, (kind, token) in sealed.items()]


async def _reseal_documents(session: AsyncSession, keyring: Keyring, *, rotate: bool, batch: int = 500) -> int:
    """Rewrite the masks in the data of every submission with sealed values (and, with
    ``rotate``, their ciphertexts under the newest key); returns how many submissions."""
    count, last = 0, 0
    while True:
        ids = list((await session.exec(
            select(FormSubmissionValue.submission_id).where(col(FormSubmissionValue.submission_id) > last)
            .distinct().order_by(col(FormSubmissionValue.submission_id)).limit(batch)
        )).all())
        if not ids:
            return count
        submissions = {s.id: s for s in (await session.exec(select(FormSubmission).where(col(FormSubmission.id).in_(ids)))).all()}
        values = (await session.exec(select(FormSubmissionValue).where(col(FormSubmissionValue.submission_id).in_(ids)))).all()
        data = {id_: copy.deepcopy(s.data) for id_, s in submissions.items()}
        for value in values:
            clear = json.loads(keyring.decrypt(value.encrypted))
            _put(data[value.submission_id], _place_of(value.path), _mask(value.kind, clear))
            if rotate:
                value.encrypted = keyring.rotate(value.encrypted)
                session.add(value)
        for id_, submission in submissions.items():
            submission.data = data[id_]
            session.add(submission)
        await session.flush()
        count += len(ids)
        last = ids[-1]


async def _seal_clear_documents(
    session: AsyncSession, keyring: Keyring, fields: Mapping[tuple[str, int], Mapping[str, str]], batch: int = 500
) -> int:
    """Seal the personal fields that submissions still hold in clear (written before the form
    marked them, or before they were sealed at all); returns how many values were sealed."""
    count = 0
    for (key, version), patterns in sorted(fields.items()):
        last = 0
        while True:
            rows = list((await session.exec(
                select(FormSubmission).where(FormSubmission.form_key == key, FormSubmission.form_version == version,
                                             col(FormSubmission.id) > last).order_by(col(FormSubmission.id)).limit(batch)
            )).all())
            if not rows:
                break
            done: dict[int, set[str]] = {}
            for value in (await session.exec(select(FormSubmissionValue).where(
                    col(FormSubmissionValue.submission_id).in_([r.id for r in rows])))).all():
                done.setdefault(value.submission_id, set()).add(value.path)
            for row in rows:
                masked, sealed = seal_document(keyring, patterns, row.data, skip=done.get(row.id, ()))  # type: ignore[arg-type]
                if sealed:
                    row.data = masked
                    session.add(row)
                    session.add_all(sealed_values(row, sealed))
                    count += len(sealed)
            await session.flush()
            last = rows[-1].id  # type: ignore[assignment]
    return count


async def _remask_rows(session: AsyncSession, keyring: Keyring, batch: int = 500) -> None:
    async for rows in _people(session, batch):
        for row in rows:
            for name in SEALED:
                value = reveal(keyring, row, name)
                setattr(row, f"{name}_masked", _MASKS[name](value) if value else None)
            session.add(row)
    await _reseal_documents(session, keyring, rotate=False, batch=batch)


def form_fields(forms: Iterable[FormDecl]) -> dict[tuple[str, int], dict[str, str]]:
    """The personal fields of each form version that has any."""
    out = {(form.key, form.version): personal_fields(form.json_schema) for form in forms}
    return {key: fields for key, fields in out.items() if fields}


async def upgrade(session: AsyncSession, keyring: Keyring, forms: Iterable[FormDecl]) -> None:
    """Bring stored personal data to the current layout (``wushe init``): rewrite every mask when
    a mask changed since the last run, and seal what submissions of forms with personal fields
    still hold in clear when those fields changed. Both are remembered in :data:`LAYOUT_SETTING`,
    so a start with nothing new to do reads one row."""
    fields = form_fields(forms)
    fingerprint = hashlib.sha256(json.dumps(sorted(fields.items()), ensure_ascii=False).encode()).hexdigest()[:32]
    layout = {"masks": MASKS_VERSION, "forms": fingerprint}
    stored = await session.get(PlatformSetting, LAYOUT_SETTING)
    before = json.loads(stored.value) if stored else {}
    if before == layout:
        return
    if before.get("forms") != fingerprint:
        await _seal_clear_documents(session, keyring, fields)
    if before.get("masks") != MASKS_VERSION:
        await _remask_rows(session, keyring)
    if stored is None:
        stored = PlatformSetting(key=LAYOUT_SETTING, value="")
    stored.value = json.dumps(layout)
    session.add(stored)
    await session.flush()


# --- full reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FullRead:
    """One full value about to leave the API: ``Volunteer:12.idNumber`` in tenant 3 at region 41."""

    model: str
    id: int
    field: str
    tenant_id: int
    region_id: int

    @property
    def target(self) -> str:
        return f"{self.model}:{self.id}.{self.field}"


def may_read_full_somewhere(principal: Principal) -> bool:
    return principal.platform_admin or bool(principal.grants(RESOURCE, ACTION))


async def authorize_full_reads(
    sessions: async_sessionmaker[AsyncSession], principal: Principal, reads: Iterable[FullRead]
) -> list[bool]:
    """For each read, may ``principal`` see the full value (``personal_data:read_full`` at the
    record's region)? Every allowed read is appended to the audit log in a transaction of its own,
    committed before this returns, so no full value leaves unrecorded, whether the request that
    asked for it commits (a mutation) or not (a query). Nothing is written for a refused read."""
    reads = list(reads)
    if not reads or not may_read_full_somewhere(principal):
        return [False] * len(reads)
    async with db.transaction(sessions) as session:
        ids = sorted({read.region_id for read in reads})
        regions = {r.id: r for r in (await session.exec(select(Region).where(col(Region.id).in_(ids)))).all()}
        allowed = []
        for read in reads:
            region = regions.get(read.region_id)
            ok = region is not None and principal.may(RESOURCE, ACTION, region)
            allowed.append(ok)
            if ok:
                await audit.record(
                    session, principal, READ_ACTION, read.target, tenant_id=read.tenant_id, after={"field": read.field}
                )
    return allowed
