"""core.personal: encryption at rest, key rotation, the blind index, and the platform's keys."""

from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlmodel import select

from core import db, personal
from core.config import Settings
from core.models import PlatformSetting, Region, SocialWorker, Volunteer
from core.personal import DataKeyError, Keyring
from core.platform import Platform
from core.services import elements
from core.testing import platform_wide
from core.tree.tiers import Tier

OLD, NEW, OTHER = (Fernet.generate_key().decode() for _ in range(3))
NUMBER = "11010519491231002X"


def test_round_trip_and_every_ciphertext_is_new():
    keyring = Keyring([OLD])
    first, second = keyring.encrypt(NUMBER), keyring.encrypt(NUMBER)
    assert first != second and NUMBER not in first
    assert keyring.decrypt(first) == keyring.decrypt(second) == NUMBER
    assert keyring.decrypt(keyring.encrypt("重庆 023-63221234")) == "重庆 023-63221234"


def test_rotation_newest_key_encrypts_any_key_decrypts():
    old = Keyring([OLD])
    written = old.encrypt(NUMBER)
    both = Keyring([NEW, OLD])
    assert both.decrypt(written) == NUMBER
    rotated = both.rotate(written)
    assert Keyring([NEW]).decrypt(rotated) == NUMBER
    assert Keyring([NEW]).decrypt(both.encrypt(NUMBER)) == NUMBER  # the first key encrypts
    with pytest.raises(DataKeyError, match="none of the configured data keys"):
        old.decrypt(rotated)
    with pytest.raises(DataKeyError):
        Keyring([OTHER]).decrypt(written)


def test_blind_index_is_keyed_per_tenant_and_survives_a_new_key_in_front():
    keyring = Keyring([OLD])
    index = keyring.index(NUMBER, 1)
    assert len(index) == 64 and NUMBER not in index
    assert keyring.index(NUMBER, 1) == index  # deterministic: uniqueness and exact match
    assert keyring.index(NUMBER, 2) != index  # one person in two tenants is not linkable
    assert Keyring([NEW, OLD]).index(NUMBER, 1) == index  # the oldest key indexes
    assert Keyring([NEW]).index(NUMBER, 1) != index
    assert Keyring([NEW], index_key=OLD).index(NUMBER, 1) == index  # ... or WUSHE_INDEX_KEY


@pytest.mark.parametrize("bad", ["", "short", "x" * 44, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"])  # last: no padding
def test_a_malformed_key_is_named_and_never_echoed(bad):
    with pytest.raises(DataKeyError) as caught:
        Keyring([NEW, bad], names=["data_key", "data_keys[0]"])
    assert str(caught.value).startswith("data_keys[0]: must be 32 url-safe base64-encoded bytes")
    assert not bad or bad not in str(caught.value)


def test_configured_keys_come_newest_first_without_duplicates():
    settings = Settings(data_key=NEW, data_keys=[NEW, OLD])
    assert personal.configured_keys(settings) == [("data_key", NEW), ("data_keys[1]", OLD)]
    assert personal.configured_keys(Settings(data_key=None, data_keys=[])) == []


def test_seal_keeps_masks_and_facts_but_not_the_birth_date():
    row = Volunteer(tenant_id=3, region_id=1, name="王芳")
    keyring = Keyring([OLD])
    personal.seal(keyring, row, {"id_number": NUMBER, "phone": "13812345678"})
    assert row.id_number_masked == "*****************X" and row.phone_masked == "138****5678"
    assert (row.birth_year, row.sex) == (1949, "female")
    assert row.id_number_hash == keyring.index(NUMBER, 3)
    assert personal.reveal(keyring, row, "id_number") == NUMBER
    assert personal.reveal(keyring, row, "phone") == "13812345678"
    personal.seal(keyring, row, {"id_number": None, "phone": None})
    assert row.id_number_encrypted is row.id_number_hash is row.id_number_masked is row.birth_year is None
    assert personal.reveal(keyring, row, "phone") is None


def candidates_behind(masked: str, *, birth_year: int, sex: str, division: str) -> int:
    """How many valid ID numbers fit a mask, the birth year and sex kept in clear, and a known
    division code (the worst case: the person was registered where they live)."""
    import datetime as dt

    from core.validators import id_number_check_digit

    count = 0
    day = dt.date(birth_year, 1, 1)
    while day.year == birth_year:
        for sequence in range(1000):
            if (sequence % 2 == 1) != (sex == "male"):
                continue
            body = f"{division}{day:%Y%m%d}{sequence:03d}"
            candidate = body + id_number_check_digit(body)
            if all(m == "*" or m == c for m, c in zip(masked, candidate, strict=True)):
                count += 1
        day += dt.timedelta(days=1)
    return count


def test_the_mask_leaves_as_many_candidates_as_a_phones_mask_does():
    row = Volunteer(tenant_id=3, region_id=1, name="王芳")
    personal.seal(Keyring([OLD]), row, {"id_number": NUMBER, "phone": "13812345678"})
    left = candidates_behind(row.id_number_masked, birth_year=row.birth_year, sex=row.sex, division=NUMBER[:6])
    assert left >= 10_000  # a phone's mask (138****5678) leaves 10,000; the old ID mask left 34
    assert candidates_behind("110105********002X", birth_year=1949, sex="female", division="110105") == 34


async def _rewrite(platform: Platform, statement: str) -> None:
    async with platform_wide(platform, begin=True) as connection:
        await connection.execute(sa.text(statement))


async def _masks(platform: Platform) -> list[tuple[str, str]]:
    async with platform_wide(platform) as connection:
        return [tuple(r) for r in (await connection.execute(sa.text("SELECT id_number_masked, phone_masked FROM social_worker"))).all()]


async def test_init_and_reencrypt_rewrite_the_masks_stored_before(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    instance = await _platform(url, data_key=OLD)
    try:
        await _add_worker(instance)
        assert await _masks(instance) == [("*****************X", "138****5678")]
        # a database written with the old masks: init rewrites them, once
        await _rewrite(instance, "UPDATE social_worker SET id_number_masked = '110105********002X', phone_masked = 'x'")
        await _rewrite(instance, f"DELETE FROM platform_setting WHERE key = '{personal.LAYOUT_SETTING}'")
        await instance.init()
        assert await _masks(instance) == [("*****************X", "138****5678")]
        # reencrypt rewrites them too, whatever the setting says
        await _rewrite(instance, "UPDATE social_worker SET id_number_masked = '110105********002X'")
        await personal.reencrypt(instance.sessions, Keyring([OLD]))
        assert await _masks(instance) == [("*****************X", "138****5678")]
    finally:
        await instance.dispose()


# --- the platform's keys -----------------------------------------------------------------------------


def _settings(url: str, **keys: Any) -> Settings:
    """Settings with only the given keys (none from the environment)."""
    return Settings(database_url=url, env="development", **({"data_key": None, "data_keys": [], "index_key": None} | keys))


async def _platform(url: str, **keys: Any) -> Platform:
    instance = Platform.create(_settings(url, **keys))
    await instance.init()
    return instance


async def _add_worker(platform: Platform) -> int:
    from core.access.grants import Principal

    async with db.transaction(platform.sessions) as session:
        street = (await session.exec(select(Region).where(Region.tier == Tier.STREET))).first()
        assert street is not None
        row = await elements.create(session, Principal("admin", platform_admin=True), elements.WORKER, {
            "name": "李娜", "id_number": NUMBER, "phone": "13812345678", "post": "social_work_station",
            "region": street.path,
        })
        return row.id


async def _stored_key(platform: Platform) -> str | None:
    async with platform.sessions() as session:
        row = await session.get(PlatformSetting, personal.DATA_KEY_SETTING)
        return row.value if row else None


async def test_init_generates_and_keeps_a_key_only_when_none_is_configured(database_url):
    generated = await _platform(database_url)
    try:
        stored = await _stored_key(generated)
        assert stored is not None and Keyring([stored])  # a well-formed key
        await generated.init()  # idempotent: the same key
        assert await _stored_key(generated) == stored
        await generated.load_signing_key()  # what `serve` does at start: both keys loaded
        assert generated.keyring is not None
        async with generated.sessions() as session:
            assert personal.keyring_of(session) is generated.keyring
    finally:
        await generated.dispose()


async def test_a_configured_key_is_used_and_not_stored(tmp_path):
    configured = await _platform(f"sqlite:///{tmp_path / 'c.db'}", data_key=NEW)
    try:
        assert await _stored_key(configured) is None
        worker_id = await _add_worker(configured)
        async with configured.sessions() as session:
            row = await session.get(SocialWorker, worker_id)
        assert Keyring([NEW]).decrypt(row.id_number_encrypted) == NUMBER
    finally:
        await configured.dispose()


async def test_the_wrong_key_stops_the_start_with_a_clear_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    first = await _platform(url, data_key=OLD)
    await _add_worker(first)
    await first.dispose()

    wrong = Platform.create(_settings(url, data_key=NEW))
    try:
        with pytest.raises(RuntimeError, match=r"cannot decrypt the stored personal data .*WUSHE_DATA_KEY"):
            await wrong.load_signing_key()
        with pytest.raises(RuntimeError, match="WUSHE_DATA_KEY"):
            await wrong.init()
    finally:
        await wrong.dispose()
    other_index = Platform.create(_settings(url, data_key=OLD, index_key=NEW))
    try:
        with pytest.raises(RuntimeError, match="WUSHE_INDEX_KEY"):
            await other_index.load_data_key()
    finally:
        await other_index.dispose()
    malformed = Platform.create(_settings(url, data_key="not a key"))
    try:
        with pytest.raises(RuntimeError, match=r"^data_key: must be 32 url-safe base64-encoded bytes"):
            await malformed.load_data_key()
    finally:
        await malformed.dispose()


async def test_rotation_put_a_new_key_in_front_reencrypt_then_drop_the_old_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    first = await _platform(url, data_key=OLD)
    worker_id = await _add_worker(first)
    await first.dispose()

    # 1. the new key in front: everything still reads, new writes use it, the index is unchanged
    rotating = Platform.create(_settings(url, data_key=NEW, data_keys=[OLD]))
    try:
        await rotating.load_data_key()
        assert rotating.keyring is not None
        # 2. every value re-encrypted under the new key
        assert await personal.reencrypt(rotating.sessions, rotating.keyring) >= 1
        async with rotating.sessions() as session:
            row = await session.get(SocialWorker, worker_id)
        assert Keyring([NEW]).decrypt(row.id_number_encrypted) == NUMBER
        with pytest.raises(DataKeyError):
            Keyring([OLD]).decrypt(row.id_number_encrypted)
    finally:
        await rotating.dispose()

    # 3. the old key dropped: the index moves to the new key, so it is recomputed once
    dropped = Platform.create(_settings(url, data_key=NEW))
    try:
        with pytest.raises(RuntimeError, match="WUSHE_INDEX_KEY"):
            await dropped.load_data_key()
        await personal.reencrypt(dropped.sessions, Keyring([NEW]))
        await dropped.load_data_key()
        async with dropped.sessions() as session:
            row = await session.get(SocialWorker, worker_id)
        assert row.id_number_hash == Keyring([NEW]).index(NUMBER, row.tenant_id)
    finally:
        await dropped.dispose()


async def test_sessions_without_keys_refuse_to_write_personal_data(tmp_path):
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from sqlmodel.ext.asyncio.session import AsyncSession

    instance = await _platform(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        bare = async_sessionmaker(instance.engine, class_=AsyncSession)
        async with bare() as session:
            with pytest.raises(DataKeyError, match="keys not loaded"):
                personal.keyring_of(session)
    finally:
        await instance.dispose()
