"""A target's password never reaches the store in clear: sealed with SM4 under a key outside the
store, bound to the target's name, or referenced by an environment variable."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from secsuite.monitor import secrets
from secsuite.monitor.models import Target
from secsuite.monitor.targets import TargetSpec, add_target, password_url
from secsuite.store.db import open_engine, session_factory

KEY = "00112233445566778899aabbccddeeff"
NOW = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
PASSWORD = "S3cret-口令"


def _dump(engine) -> str:
    with engine.connect() as connection:
        rows = connection.execute(text("select * from monitor_targets")).all()
    return repr(rows)


@pytest.mark.parametrize(
    ("spec", "env", "stored_as"),
    [
        ({"url": f"postgresql+psycopg://scan:{PASSWORD}@db.example/x"}, {secrets.KEY_ENV: KEY}, "sm4"),
        ({"url": "postgresql+psycopg://scan@db.example/x", "password_env": "DB_PW"}, {"DB_PW": PASSWORD}, "env"),
    ],
)
def test_the_password_is_only_in_the_jobs_url(store_url, monkeypatch, spec, env, stored_as):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    engine = open_engine(store_url)
    with session_factory(engine).begin() as session:
        target = add_target(session, TargetSpec(name="人口库", unit="市公安局", kind="db", cron="0 2 * * *", **spec), NOW)
        assert (target.secret_sealed is not None) == (stored_as == "sm4")
    assert PASSWORD not in _dump(engine) and PASSWORD.encode().hex() not in _dump(engine)
    with session_factory(engine)() as session:
        loaded = session.query(Target).one()
        assert loaded.locator == {"url": "postgresql+psycopg://scan@db.example/x"}
        assert password_url(loaded).startswith("postgresql+psycopg://scan:S3cret-")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no SM4 key"),
        ({secrets.KEY_ENV: "zz"}, "not hexadecimal"),
        ({secrets.KEY_ENV: "0011"}, "32 hex digits"),
        ({secrets.KEY_ENV: "ffeeddccbbaa99887766554433221100"}, "does not open"),
    ],
)
def test_a_sealed_password_opens_only_with_its_key_and_target(monkeypatch, env, message):
    monkeypatch.setenv(secrets.KEY_ENV, KEY)
    sealed = secrets.seal(PASSWORD, "人口库")
    monkeypatch.delenv(secrets.KEY_ENV)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(secrets.SecretError, match=message) as raised:
        secrets.unseal(sealed, "人口库")
    assert PASSWORD not in str(raised.value)


def test_a_sealed_password_copied_to_another_target_does_not_open(monkeypatch):
    monkeypatch.setenv(secrets.KEY_ENV, KEY)
    sealed = secrets.seal(PASSWORD, "人口库")
    with pytest.raises(secrets.SecretError, match="does not open"):
        secrets.unseal(sealed, "法人库")
    assert secrets.unseal(sealed, "人口库") == PASSWORD


def test_the_key_may_live_in_a_file(monkeypatch, tmp_path):
    path = tmp_path / "sm4.key"
    path.write_text(KEY + "\n", encoding="ascii")
    monkeypatch.delenv(secrets.KEY_ENV, raising=False)
    monkeypatch.setenv(secrets.KEY_FILE_ENV, str(path))
    assert secrets.unseal(secrets.seal(PASSWORD, "t"), "t") == PASSWORD
