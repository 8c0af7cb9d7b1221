"""Alerts to roles and units, delivered for real to the SMTP server the test starts: ``role@unit``
and ``role@*`` become the addresses of the active holders at send time, beside plain addresses; a
role nobody holds (or whose holders have no address) is written in the alert's delivery record."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from argon2 import PasswordHasher

from secsuite.config import SmtpConfig
from secsuite.errors import InputError
from secsuite.monitor import alerts
from secsuite.monitor.models import Alert
from secsuite.monitor.rules import install_rules
from secsuite.store.db import open_engine, session_factory
from secsuite.timeutil import DEFAULT_TZ
from secsuite.web import passwords
from secsuite.web.accounts import Accounts
from secsuite.web.audit import CLI, AuditLog
from secsuite.web.units import sync_units

MZ, GA = "市民政局", "市公安局"
MOMENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=DEFAULT_TZ)
# username: (role, unit, e-mail)
USERS = {
    "mz_admin": ("unit_admin", MZ, "mz.admin@mz.example.gov.cn"),
    "mz_admin_nomail": ("unit_admin", MZ, None),
    "mz_admin_gone": ("unit_admin", MZ, "gone@mz.example.gov.cn"),  # disabled below
    "ga_admin": ("unit_admin", GA, "ga.admin@ga.example.gov.cn"),
    "auditor_all": ("auditor", None, "audit@wxb.example.gov.cn"),
    "mz_user": ("unit_user", MZ, "mz.user@mz.example.gov.cn"),
}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id at its least work: these accounts only receive mail, nobody signs in."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def _accounts(session) -> Accounts:  # type: ignore[no-untyped-def]
    return Accounts(session, AuditLog(secrets.token_bytes(32)), CLI, MOMENT)


@pytest.fixture
def engine(store_url):
    engine = open_engine(store_url)
    with session_factory(engine).begin() as session:
        sync_units(session, names=[MZ, GA])
        accounts = _accounts(session)
        for username, (role, unit, email) in USERS.items():
            accounts.add(username, role, unit, password="Corr3ct-Horse-Battery", email=email)
        accounts.disable("mz_admin_gone")
    return engine


def _deliver(engine, tmp_path, mailbox, recipients: list[str], unit: str | None) -> Alert:
    rules = tmp_path / "rules.yaml"
    listed = ", ".join(f'"{recipient}"' for recipient in recipients)
    rules.write_text(f"- {{name: 按角色, kind: new_finding, min_severity: high, channel: smtp, recipients: [{listed}]}}\n",
                     encoding="utf-8")
    smtp = SmtpConfig(host=mailbox.host, port=mailbox.port, timeout=5)
    with session_factory(engine).begin() as session:
        install_rules(session, rules)
        alert = alerts.raise_alert(session, alerts.Candidate("new_finding", f"finding:x:{len(mailbox.messages)}", unit,
                                                             "high", "x", "测试问题"), MOMENT)
        assert alert is not None
        alerts.deliver(session, smtp, MOMENT)
        session.expunge(alert)
    return alert


@pytest.mark.parametrize(("recipients", "unit", "addresses", "unresolved"), [
    (["unit_admin@*"], MZ, ["mz.admin@mz.example.gov.cn"], ["unit_admin@*", "mz_admin_nomail"]),
    (["unit_admin@*"], GA, ["ga.admin@ga.example.gov.cn"], []),
    (["unit_admin@市公安局", "ops@example.gov.cn"], MZ, ["ga.admin@ga.example.gov.cn", "ops@example.gov.cn"], []),
    (["auditor@*"], GA, ["audit@wxb.example.gov.cn"], []),
    (["auditor@市民政局", "unit_user@市民政局"], MZ, ["audit@wxb.example.gov.cn", "mz.user@mz.example.gov.cn"], []),
    (["auditor@*"], None, ["audit@wxb.example.gov.cn"], []),
    (["unit_user@*", "evaluator@市民政局"], MZ, ["mz.user@mz.example.gov.cn"], ["evaluator@市民政局", "no active user"]),
    (["ops@example.gov.cn", "unit_admin@不存在的局"], MZ, ["ops@example.gov.cn"], ["unit_admin@不存在的局", "no such unit"]),
    (["unit_user@*", "mz.user@mz.example.gov.cn"], MZ, ["mz.user@mz.example.gov.cn"], []),
])
def test_roles_resolve_to_the_active_holders_addresses(engine, tmp_path, mailbox, recipients, unit, addresses,
                                                        unresolved):
    alert = _deliver(engine, tmp_path, mailbox, recipients, unit)
    assert mailbox.recipients == [addresses]
    assert alert.delivered_at is not None, alert.delivery_error
    recorded = alert.delivery_error or ""
    assert all(part in recorded for part in unresolved), recorded
    assert bool(alert.details["unresolved_recipients"]) == bool(unresolved)
    assert "gone@" not in recorded and "mz_admin_gone" not in recorded


def test_a_role_nobody_holds_is_kept_undelivered_until_someone_does(engine, tmp_path, mailbox):
    alert = _deliver(engine, tmp_path, mailbox, ["evaluator@市民政局"], MZ)
    assert mailbox.messages == [] and alert.delivered_at is None
    assert "evaluator@市民政局" in alert.delivery_error and "no active user" in alert.delivery_error
    smtp = SmtpConfig(host=mailbox.host, port=mailbox.port, timeout=5)
    with session_factory(engine).begin() as session:
        accounts = _accounts(session)
        accounts.grant("mz_admin_nomail", "evaluator", MZ)
        assert [e for _, e in alerts.deliver(session, smtp, MOMENT) if e] != [], "a holder without an e-mail"
        accounts.set_email("mz_admin_nomail", "eval@mz.example.gov.cn")
        assert [e for _, e in alerts.deliver(session, smtp, MOMENT) if e] == []
        assert session.get(Alert, alert.id).delivered_at is not None
    assert mailbox.recipients == [["eval@mz.example.gov.cn"]]
    assert "测试问题" in mailbox.messages[0]["Subject"]


def test_digests_reach_roles_and_record_the_missing_ones(engine, tmp_path, mailbox):
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"""- name: 摘要
  kind: new_finding
  min_severity: medium
  unit: {MZ}
  channel: smtp
  digest: true
  recipients: ["unit_admin@*", "evaluator@*"]
""", encoding="utf-8")
    smtp = SmtpConfig(host=mailbox.host, port=mailbox.port, timeout=5)
    with session_factory(engine).begin() as session:
        install_rules(session, rules)
        alerts.raise_alert(session, alerts.Candidate("new_finding", "finding:d", MZ, "high", "d", "摘要问题"), MOMENT)
        count, errors = alerts.send_digests(session, MOMENT.date(), smtp, MOMENT)
    assert count == 1 and mailbox.recipients == [["mz.admin@mz.example.gov.cn"]]
    assert any("evaluator@*: " in error and "no active user" in error and "mz_admin_nomail" in error
               for error in errors), errors


@pytest.mark.parametrize("recipient", ["nobody", "ops@localhost", "superuser@市民政局", "unit_admin@"])
def test_a_rule_with_an_unusable_recipient_is_refused_on_load(tmp_path, recipient):
    rules = tmp_path / "rules.yaml"
    rules.write_text(f'- {{name: r, kind: veto, channel: smtp, recipients: ["{recipient}"]}}\n', encoding="utf-8")
    with pytest.raises(InputError, match="role@unit"):
        install_rules(None, rules)  # type: ignore[arg-type]
