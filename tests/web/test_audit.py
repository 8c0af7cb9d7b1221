"""The audit log on SQLite and PostgreSQL: every sign-in, failure, grant and export is a row; the
database refuses to change or delete one; a row altered, removed or forged behind the triggers'
back, or sealed with another key, breaks the chain and ``verify`` names it."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from secsuite.store.access import AuditEvent
from secsuite.web.audit import CLI, AuditLog, key_id, load_key
from tests.web.conftest import login


def _events(site) -> list[AuditEvent]:
    with site.sessions()() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_logins_failures_grants_and_exports_are_recorded(site):
    client = site.client()
    before = len(_events(site))
    assert login(client, "unit_b", "Wrong-Passw0rd!!") == 401
    assert login(client, "unit_b") == 303
    assert client.get("/findings/export.csv").status_code == 200
    with site.sessions().begin() as session:
        site.accounts(session).grant("unit_b", "unit_user", "宿城区")
        site.accounts(session).revoke("unit_b", "unit_user", "宿城区")
    added = _events(site)[before:]
    assert [(e.action, e.outcome) for e in added] == [
        ("login", "failure"), ("login", "success"), ("export", "success"), ("grant", "success"),
        ("revoke", "success")]
    assert added[0].detail == {"reason": "wrong password"} and added[0].ip == "testclient"
    assert added[2].actor == "unit_b" and added[2].role == "unit_admin" and added[2].object == "findings.csv"
    with site.sessions()() as session:
        assert AuditLog(site.key).verify(session) == []


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET outcome = 'success'",
                                       "DELETE FROM audit_events WHERE seq = 1"])
def test_the_database_refuses_changes(site, statement):
    with site.sessions()() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))
        session.commit()


def _without_triggers(session, statement: str) -> None:
    """What an attacker with the database but not the key could do: bypass the triggers."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        session.execute(text(statement))
        session.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
    else:
        session.execute(text("DROP TRIGGER audit_events_no_update"))
        session.execute(text("DROP TRIGGER audit_events_no_delete"))
        session.execute(text(statement))


@pytest.mark.parametrize(("statement", "expected"), [
    ("UPDATE audit_events SET outcome = 'refused' WHERE seq = 2", "seq 2: content changed"),
    ("UPDATE audit_events SET actor = 'someone' WHERE seq = 3", "seq 3: content changed"),
    ("DELETE FROM audit_events WHERE seq = 2", "seq 2–2: missing"),
])
def test_tampering_breaks_the_chain(site, tmp_path, statement, expected):
    from tests.web.conftest import build_site

    own = build_site(f"sqlite:///{tmp_path / 'store.db'}") if site.url.startswith("sqlite") else site
    with own.sessions()() as session:
        assert AuditLog(own.key).verify(session) == []
        if not own.url.startswith("sqlite"):
            session.execute(text("SAVEPOINT tamper"))
        _without_triggers(session, statement)
        problems = AuditLog(own.key).verify(session)
        session.rollback()
    assert any(problem.startswith(expected) for problem in problems), problems


def test_resumed_check_reads_new_rows_and_the_rows_shown(site, tmp_path):
    """The audit page resumes after the rows it found intact; a row it shows is checked again, and
    the full check (verify-audit) still reads everything."""
    from tests.web.conftest import build_site

    own = build_site(f"sqlite:///{tmp_path / 'store.db'}") if site.url.startswith("sqlite") else site
    log = AuditLog(own.key)
    with own.sessions()() as session:
        assert log.verify(session, resume=True) == []
        if not own.url.startswith("sqlite"):
            session.execute(text("SAVEPOINT tamper"))
        _without_triggers(session, "UPDATE audit_events SET outcome = 'refused' WHERE seq = 2")
        session.expire_all()
        assert log.verify(session, resume=True) == [], "rows found intact before are not re-read"
        assert log.unsealed([session.get(AuditEvent, 2)]) == ["seq 2: content changed after it was written"]
        assert "seq 2: content changed after it was written" in log.verify(session)
        session.rollback()


def test_another_key_is_named(site):
    with site.sessions()() as session:
        problems = AuditLog(secrets.token_bytes(32)).verify(session)
    assert problems and all("sealed with another key" in p for p in problems)
    assert key_id(site.key) in problems[0]


def test_forked_chain_is_refused(site):
    """Two writers appending to the same tail: the unique prev_hash refuses the second row."""
    with site.sessions()() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
        twin = AuditEvent(seq=last.seq + 100, at=dt.datetime.now(dt.timezone.utc), actor=None, role=None, via="cli",
                          action="forged", outcome="success", detail={}, key_id=last.key_id,
                          prev_hash=last.prev_hash, hash="0" * 64)
        session.add(twin)
        with pytest.raises(DBAPIError):
            session.flush()
        session.rollback()


def test_the_key_file_is_created_owner_only_and_reused(tmp_path, monkeypatch):
    path = tmp_path / "conf" / "audit.key"
    monkeypatch.setenv("SECSUITE_AUDIT_KEY_FILE", str(path))
    first = load_key()
    assert path.stat().st_mode & 0o777 == 0o600 and len(first) == 32
    assert load_key() == first


def test_cli_actions_are_recorded_without_a_user(site):
    with site.sessions().begin() as session:
        AuditLog(site.key).record(session, CLI, "web.units", detail={"added": 0})
    assert _events(site)[-1].via == "cli" and _events(site)[-1].actor is None
