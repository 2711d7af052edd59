"""Personal data: ID numbers and phones, encrypted at rest, masked on the way out, audited in full.

**At rest** a value is never stored in clear. A person's ID number becomes four columns:

- ``id_number_encrypted``: Fernet ciphertext (AES-128-CBC with HMAC-SHA256) under the newest
  data key; any configured data key decrypts it (:class:`cryptography.fernet.MultiFernet`), which
  is how keys are rotated;
- ``id_number_hash``: a blind index, HMAC-SHA256 of the tenant and the number under the index
  key, so that the database keeps a number unique in a tenant and finds a row by its exact number
  without ever seeing it, and the same person in two tenants cannot be linked from the tables;
- ``id_number_masked``: the display form everyone may see, ``110105********002X``;
- ``birth_year`` and ``sex``: facts from the number that the statistics need. Not the birth date:
  the mask shows every digit but the eight of the birth date, so mask and birth date together
  *are* the number.

A phone becomes ``phone_encrypted`` and ``phone_masked`` (``138****5678``).

**Keys** come from the settings: ``WUSHE_DATA_KEY`` and ``WUSHE_DATA_KEYS`` (newest first; the
first encrypts, any decrypts) and ``WUSHE_INDEX_KEY`` (the blind index; by default derived from
the *oldest* data key, so that putting a new key in front changes no index). Without any data
key, ``wushe init`` generates one and keeps it in the ``platform_setting`` table, as it does for
the token signing key. :meth:`Platform.load_data_key` reads them once at start and hands the
:class:`Keyring` to every session of the platform (``session.info``), where the services find it.

**Out of the API** the full value goes only to a principal holding ``personal_data:read_full``
at the record's region, and each such read is written to the audit log, in a transaction of its
own that is committed before the value is returned (:func:`authorize_full_reads`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core import audit, db
from core.access import Principal
from core.models import PlatformSetting, Region, SocialWorker, Volunteer
from core.validators import id_number_facts, mask_id_number, mask_phone

__all__ = [
    "DATA_KEY_SETTING",
    "READ_ACTION",
    "SEALED",
    "SESSION_INFO",
    "DataKeyError",
    "FullRead",
    "Keyring",
    "authorize_full_reads",
    "check_keyring",
    "configured_keys",
    "keyring_of",
    "load_keyring",
    "reencrypt",
    "reencrypt_configured",
    "reveal",
    "seal",
]

DATA_KEY_SETTING = "data_key"
"""The ``platform_setting`` row of the key ``wushe init`` generated (when none is configured)."""

SESSION_INFO = "wushe.keyring"
"""Where a platform's sessions carry its keyring (``session.info``)."""

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


class DataKeyError(RuntimeError):
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
    for model in (SocialWorker, Volunteer):
        query = select(model).where(col(model.id_number_encrypted).is_not(None)).order_by(col(model.id)).limit(1)
        row = (await session.exec(query)).first()
        if row is None:
            continue
        where = f"{model.__tablename__} {row.id}"
        try:
            number = keyring.decrypt(row.id_number_encrypted)  # type: ignore[arg-type]
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


def keyring_of(session: AsyncSession) -> Keyring:
    """The keyring of the platform the session belongs to."""
    keyring = session.info.get(SESSION_INFO)
    if keyring is None:
        raise DataKeyError("personal-data keys not loaded: Platform.init() or Platform.load_data_key() first")
    return keyring  # type: ignore[no-any-return]


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
        for model in (SocialWorker, Volunteer):
            last = 0
            while True:
                query = select(model).where(col(model.id) > last).order_by(col(model.id)).limit(batch)
                rows = list((await session.exec(query)).all())
                if not rows:
                    break
                for row in rows:
                    seal(keyring, row, {name: reveal(keyring, row, name) for name in SEALED})
                    session.add(row)
                await session.flush()
                count += len(rows)
                last = rows[-1].id  # type: ignore[assignment]
    return count


async def reencrypt_configured(settings: Any = None) -> int:
    """:func:`reencrypt` with the keys of the settings (the environment by default), for operators:
    ``python -m core.personal reencrypt``. The keys are not checked against the data first, since
    recomputing the index after a change of index key is what this is for."""
    from core.config import Settings
    from core.platform import Platform

    platform = Platform.create(settings or Settings())
    try:
        async with platform.sessions() as session:
            keyring = await load_keyring(session, platform.settings)
        return await reencrypt(platform.sessions, keyring)
    finally:
        await platform.dispose()


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


if __name__ == "__main__":
    import asyncio
    import sys

    from core import personal as _module  # the imported module, not this __main__ copy

    if sys.argv[1:] != ["reencrypt"]:
        sys.exit("usage: python -m core.personal reencrypt   (with the WUSHE_* settings of the instance)")
    try:
        rows = asyncio.run(_module.reencrypt_configured())
    except (RuntimeError, LookupError) as error:
        sys.exit(f"error: {error}")
    print(f"re-encrypted and re-indexed the personal data of {rows} rows under the newest data key")
