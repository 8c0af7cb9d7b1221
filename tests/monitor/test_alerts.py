"""Alerts without noise, delivered for real: a certificate crossing each threshold alerts once, to
an SMTP server and a signed webhook the test starts on 127.0.0.1; repeats and unwatched thresholds
stay silent; nothing of the webhook's URL or a finding's evidence leaks into what is sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from secsuite.config import MonitorConfig, SmtpConfig
from secsuite.monitor import alerts
from secsuite.monitor.channels import SIGNATURE_HEADER, TIMESTAMP_HEADER
from secsuite.monitor.review import review_run
from secsuite.monitor.rules import install_rules
from secsuite.netscan.model import Asset, Certificate, TlsDetails
from secsuite.store.db import open_engine, session_factory
from secsuite.store.recorder import RunRecorder
from secsuite.timeutil import DEFAULT_TZ

EXPIRES = dt.datetime(2026, 3, 31, 12, 0, tzinfo=DEFAULT_TZ)
SECRET = "hook-secret-为了测试"


def _certificate(not_after: dt.datetime, sha: str) -> Certificate:
    return Certificate(role="leaf", subject="CN=portal.example.gov.cn", issuer="CN=CA", serial="01",
                       not_before=not_after - dt.timedelta(days=365), not_after=not_after, key_type="RSA",
                       key_bits=2048, signature_algorithm="sha256WithRSAEncryption",
                       signature_oid="1.2.840.113549.1.1.11", sm2=False, sha256=sha)


def _netscan(engine, day: dt.date, not_after: dt.datetime = EXPIRES, sha: str = "aa" * 32) -> int:
    recorder = RunRecorder(engine, "netscan", day, {}, scope_key="netscan-scope")
    recorder.assets([Asset(id="10.0.0.5:443/tcp", host="10.0.0.5", port=443, protocol="tcp", service="https",
                           identified=True, product="nginx", unit="市大数据局",
                           tls=TlsDetails(certificates=[_certificate(not_after, sha)]))])
    recorder.finish()
    return recorder.run_id


def _rules(tmp_path, mailbox, webhook, thresholds="[30, 14, 7, 1]"):
    path = tmp_path / "rules.yaml"
    path.write_text(f"""
- name: 证书到期-邮件
  kind: cert_expiring
  thresholds: {thresholds}
  channel: smtp
  recipients: [ops@example.gov.cn]
- name: 证书到期-机器人
  kind: cert_expiring
  thresholds: {thresholds}
  channel: webhook
  recipients: ["{webhook.url}"]
  secret_env: TEST_HOOK_SECRET
""", encoding="utf-8")
    return path


def _day(engine, day: dt.date, settings: MonitorConfig, **certificate) -> list:
    moment = dt.datetime.combine(day, dt.time(9, 0), DEFAULT_TZ)
    run_id = _netscan(engine, day, **certificate)
    with session_factory(engine).begin() as session:
        raised = review_run(session, run_id, moment, settings).alerts
        errors = [error for _, error in alerts.deliver(session, settings.smtp, moment) if error]
    assert errors == []
    return raised


@pytest.fixture
def setup(store_url, tmp_path, mailbox, webhook, monkeypatch):
    monkeypatch.setenv("TEST_HOOK_SECRET", SECRET)
    engine = open_engine(store_url)
    with session_factory(engine).begin() as session:
        install_rules(session, _rules(tmp_path, mailbox, webhook))
    settings = MonitorConfig(smtp=SmtpConfig(host=mailbox.host, port=mailbox.port, timeout=5))
    return engine, settings


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(31, []), (30, [30]), (29, [30]), (15, [30]), (14, [30, 14]), (8, [30, 14]), (7, [30, 14, 7]),
     (1, [30, 14, 7, 1]), (-3, [30, 14, 7, 1])],
)
def test_each_threshold_alerts_once_on_the_way_down(setup, mailbox, webhook, days_left, expected):
    engine, settings = setup
    for left in sorted({31, 30, 29, 14, 13, 7, 2, 1, 0, -3}, reverse=True):
        if left < days_left:
            break
        _day(engine, EXPIRES.date() - dt.timedelta(days=left), settings)
    thresholds = [p["alert"]["threshold"] for p in webhook.payloads()]
    assert thresholds == expected
    assert [m["Subject"] for m in mailbox.messages] == [p["alert"]["subject"] for p in webhook.payloads()]
    assert all(r == ["ops@example.gov.cn"] for r in mailbox.recipients)


def test_crossing_thirty_days_sends_exactly_one_alert_signed(setup, mailbox, webhook):
    engine, settings = setup
    assert _day(engine, EXPIRES.date() - dt.timedelta(days=31), settings) == []
    raised = _day(engine, EXPIRES.date() - dt.timedelta(days=30), settings)
    assert [(a.kind, a.threshold) for a in raised] == [("cert_expiring", 30)]
    _day(engine, EXPIRES.date() - dt.timedelta(days=29), settings)  # the same threshold: silent
    assert len(webhook.posts) == 1 and len(mailbox.messages) == 1
    headers, body = webhook.posts[0]
    timestamp = headers[TIMESTAMP_HEADER]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"
    payload = webhook.payloads()[0]
    assert payload["alert"]["unit"] == "市大数据局" and payload["alert"]["details"]["days_left"] == 30
    assert "10.0.0.5:443/tcp" in payload["text"]["content"] and "t0ken" not in body.decode()
    assert "30" in mailbox.messages[0]["Subject"] and "10.0.0.5" in mailbox.messages[0].get_content()


def test_a_renewed_certificate_starts_its_thresholds_again(setup, webhook):
    engine, settings = setup
    _day(engine, EXPIRES.date() - dt.timedelta(days=20), settings)
    renewed = EXPIRES + dt.timedelta(days=10)
    _day(engine, EXPIRES.date() - dt.timedelta(days=2), settings, not_after=renewed, sha="bb" * 32)
    assert [(p["alert"]["threshold"], p["alert"]["details"]["days_left"]) for p in webhook.payloads()] == [
        (30, 20), (14, 12)]


def test_a_failed_delivery_is_retried_without_repeating_the_channels_that_worked(setup, mailbox, webhook):
    engine, settings = setup
    broken = settings.model_copy(update={"smtp": SmtpConfig(host="127.0.0.1", port=1, timeout=2)})
    moment = dt.datetime.combine(EXPIRES.date() - dt.timedelta(days=30), dt.time(9), DEFAULT_TZ)
    run_id = _netscan(engine, moment.date())
    with session_factory(engine).begin() as session:
        review_run(session, run_id, moment, broken)
        first = alerts.deliver(session, broken.smtp, moment)
    assert len(first) == 1 and "SMTP 127.0.0.1:1" in (first[0][1] or "")
    assert len(webhook.posts) == 1 and mailbox.messages == []
    with session_factory(engine).begin() as session:
        second = alerts.deliver(session, settings.smtp, moment)
    assert [error for _, error in second] == [None]
    assert len(webhook.posts) == 1 and len(mailbox.messages) == 1
