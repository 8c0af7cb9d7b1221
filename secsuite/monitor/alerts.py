"""Alerts without noise: each one is recorded once per dedupe key (a certificate's key names the
threshold it crossed, so 30/14/7/1 days alert once each), then delivered by every enabled rule that
wants it: immediately, or collected into one daily digest. Alerts carry rule titles, objects and
counts, never a finding's evidence, so nothing sensitive leaves in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from secsuite.config import SmtpConfig
from secsuite.findings import Severity
from secsuite.monitor import channels, recipients
from secsuite.monitor.delta import Delta, crossed, days_left
from secsuite.monitor.models import Alert, Issue, NotifyRule
from secsuite.monitor.register import ACTIVE, RegisterChanges
from secsuite.monitor.secrets import from_env
from secsuite.monitor.times import local, stored
from secsuite.store.models import Asset, FindingRecord, Run

KINDS = ("new_finding", "new_exposure", "cert_expiring", "sla_breach", "veto", "run_failed", "schedule_missed")
CERT_DEFAULT_THRESHOLDS = (30, 14, 7, 1)
DELIVERY_RECORD = frozenset({"delivered_by", "unresolved_recipients"})
VETO_RULES = frozenset({"IR-SEVERE-DATA-LEAK"})
TITLES = {
    "new_finding": "新发现问题 (new finding)",
    "new_exposure": "新暴露服务 (new exposed service)",
    "cert_expiring": "证书即将到期 (certificate expiring)",
    "sla_breach": "整改超期 (remediation overdue)",
    "veto": "一票否决相关事件 (veto-relevant incident)",
    "run_failed": "监测任务失败 (scheduled run failed)",
    "schedule_missed": "监测任务错过计划 (scheduled run missed)",
    "digest": "每日监测摘要 (daily digest)",
}


@dataclass(frozen=True)
class Candidate:
    kind: str
    dedupe_key: str
    unit: str | None
    severity: str
    ref: str
    subject: str
    threshold: int | None = None
    details: dict[str, Any] | None = None


def raise_alert(session: Session, candidate: Candidate, moment: dt.datetime) -> Alert | None:
    """Record ``candidate`` unless its key was seen before; the unique key settles races between workers."""
    if session.scalar(select(Alert.id).where(Alert.dedupe_key == candidate.dedupe_key)) is not None:
        return None
    alert = Alert(dedupe_key=candidate.dedupe_key, kind=candidate.kind, unit=candidate.unit,
                  severity=candidate.severity, ref=candidate.ref, threshold=candidate.threshold,
                  subject=f"[secsuite] {TITLES[candidate.kind]}: {candidate.subject}",
                  details=candidate.details or {}, status="open", created_at=stored(moment))
    try:
        with session.begin_nested():
            session.add(alert)
    except IntegrityError:
        return None
    return alert


def _thresholds(session: Session) -> tuple[int, ...]:
    """Every certificate threshold some enabled rule watches (the defaults when none says)."""
    rules = session.scalars(select(NotifyRule).where(NotifyRule.kind == "cert_expiring", NotifyRule.enabled.is_(True)))
    found = {int(t) for rule in rules for t in rule.thresholds}
    return tuple(sorted(found or CERT_DEFAULT_THRESHOLDS, reverse=True))


def _cert_severity(days: int) -> str:
    return "critical" if days <= 1 else "high" if days <= 7 else "medium"


def certificate_candidates(session: Session, run: Run) -> list[Candidate]:
    thresholds = _thresholds(session)
    candidates = []
    for asset in session.scalars(select(Asset).where(Asset.run_id == run.id, Asset.tls.is_not(None))):
        for cert in (asset.tls or {}).get("certificates", []):
            if cert.get("role") != "leaf":
                continue
            days = days_left(cert["not_after"], run.as_of)
            threshold = crossed(days, thresholds)
            if threshold is None:
                continue
            where = f"{asset.host}:{asset.port}/{asset.protocol}"
            candidates.append(Candidate(
                "cert_expiring", f"cert:{where}:{cert['sha256']}:{threshold}", asset.unit, _cert_severity(days),
                where, f"{where} 剩余 {days} 天 ({days} days left, threshold {threshold})", threshold,
                {"not_after": cert["not_after"], "days_left": days, "subject": cert.get("subject")}))
    return candidates


def finding_candidates(session: Session, run: Run, changes: RegisterChanges) -> list[Candidate]:
    """New and reopened findings (any severity: rules filter), and veto-relevant ones."""
    fresh = set(changes.opened) | set(changes.reopened)
    candidates = []
    for finding in session.scalars(select(FindingRecord).where(FindingRecord.run_id == run.id,
                                                               FindingRecord.muted.is_(False))):
        what = f"{finding.title} — {finding.object_kind} {finding.object_id}"
        details = {"fingerprint": finding.finding_id, "rule_id": finding.rule_id, "run": run.id}
        if finding.finding_id in fresh:
            candidates.append(Candidate("new_finding", f"finding:{finding.finding_id}:{run.id}", finding.unit,
                                        finding.severity, finding.finding_id, what, details=details))
        if finding.rule_id in VETO_RULES:
            candidates.append(Candidate("veto", f"veto:{finding.finding_id}", finding.unit, "critical",
                                        finding.finding_id, what, details=details))
    return candidates


def exposure_candidates(delta: Delta | None) -> list[Candidate]:
    if delta is None:
        return []
    return [Candidate("new_exposure", f"service:{item.object_id}:{delta.run.id}", item.unit, "high",
                      item.object_id, f"{item.object_id} {(item.after or {}).get('product') or ''}".strip(),
                      details=item.after)
            for item in delta.items if item.aspect == "service" and item.change == "new"]


def sla_candidates(session: Session, as_of: dt.date) -> list[Candidate]:
    overdue = session.scalars(select(Issue).where(Issue.status.in_(ACTIVE), Issue.sla_due_on < as_of))
    return [Candidate("sla_breach", f"sla:{issue.fingerprint}:{issue.sla_due_on}", issue.unit, issue.severity,
                      issue.fingerprint, f"{issue.title} — {issue.object_id} (due {issue.sla_due_on})",
                      details={"fingerprint": issue.fingerprint, "due": str(issue.sla_due_on)})
            for issue in overdue]


def raise_all(session: Session, candidates: Iterable[Candidate], moment: dt.datetime) -> list[Alert]:
    return [alert for candidate in candidates if (alert := raise_alert(session, candidate, moment))]


def _wants(rule: NotifyRule, alert: Alert) -> bool:
    if rule.kind != alert.kind or (rule.unit and rule.unit != alert.unit):
        return False
    if alert.kind == "cert_expiring" and rule.thresholds:
        return alert.threshold in {int(t) for t in rule.thresholds}
    return Severity(alert.severity).rank >= Severity(rule.min_severity).rank


def _text(alert: Alert) -> str:
    lines = [alert.subject, "", f"单位 (unit): {alert.unit or '-'}", f"级别 (severity): {alert.severity}",
             f"对象 (object): {alert.ref}", f"时间 (at): {local(alert.created_at):%Y-%m-%d %H:%M}"]
    return "\n".join(lines)


def _public(details: dict[str, Any]) -> dict[str, Any]:
    """An alert's details without the delivery bookkeeping (it names the store's users)."""
    return {key: value for key, value in details.items() if key not in DELIVERY_RECORD}


def payload(alert: Alert) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": _text(alert)},
            "alert": {"id": alert.id, "kind": alert.kind, "dedupe_key": alert.dedupe_key, "unit": alert.unit,
                      "severity": alert.severity, "ref": alert.ref, "threshold": alert.threshold,
                      "subject": alert.subject, "details": _public(alert.details), "created_at": local(alert.created_at).isoformat()}}


def _send(session: Session, rule: NotifyRule, unit: str | None, subject: str, text: str, body: dict[str, Any],
          smtp: SmtpConfig, moment: dt.datetime) -> list[str]:
    """Send by ``rule``, its ``role@unit`` recipients resolved now for ``unit``; returns the
    recipients that resolved to nobody (the others got it). Nobody at all is a DeliveryError."""
    if rule.channel != "smtp":
        secret = from_env(rule.secret_ref, rule.name) if rule.secret_ref else None
        for url in rule.recipients:
            channels.post_webhook(url, secret, body, moment)
        return []
    resolved = recipients.resolve(session, list(rule.recipients), unit, moment)
    if not resolved.addresses:
        raise channels.DeliveryError("无收件人 (no recipient): " + "; ".join(resolved.unresolved))
    channels.send_email(smtp, resolved.addresses, subject, text)
    return resolved.unresolved


def _unresolved_note(rule: str, unresolved: list[str]) -> str:
    return f"{rule}: 未找到收件人 (recipients not found): " + "; ".join(unresolved)


def deliver(session: Session, smtp: SmtpConfig, moment: dt.datetime) -> list[tuple[Alert, str | None]]:
    """Send every undelivered alert through the immediate rules that want it; each rule at most once
    per alert, so a failed channel is retried next time without repeating the ones that worked."""
    rules = list(session.scalars(select(NotifyRule).where(NotifyRule.enabled.is_(True), NotifyRule.digest.is_(False))))
    sent = []
    for alert in session.scalars(select(Alert).where(Alert.delivered_at.is_(None), Alert.kind != "digest")):
        done = set(alert.details.get("delivered_by", []))
        notes = dict(alert.details.get("unresolved_recipients", {}))
        errors = []
        for rule in rules:
            if rule.id in done or not _wants(rule, alert):
                continue
            try:
                unresolved = _send(session, rule, alert.unit, alert.subject, _text(alert), payload(alert), smtp, moment)
                done.add(rule.id)
                if unresolved:
                    notes[rule.name] = unresolved
            except (channels.DeliveryError, ValueError) as exc:
                errors.append(f"{rule.name}: {exc}")
        alert.details = alert.details | {"delivered_by": sorted(done), "unresolved_recipients": notes}
        alert.delivery_error = "; ".join(errors + [_unresolved_note(name, missing) for name, missing in notes.items()]) or None
        if not errors:
            alert.delivered_at = stored(moment)
        sent.append((alert, alert.delivery_error))
    session.flush()
    return sent


def send_digests(session: Session, day: dt.date, smtp: SmtpConfig, moment: dt.datetime) -> tuple[int, list[str]]:
    """One message per digest rule with the alerts it wants raised on ``day`` (Asia/Shanghai), once;
    a digest that could not be sent is tried again on the next call."""
    count, errors = 0, []
    alerts = [a for a in session.scalars(select(Alert).where(Alert.kind != "digest")) if local(a.created_at).date() == day]
    for rule in session.scalars(select(NotifyRule).where(NotifyRule.enabled.is_(True), NotifyRule.digest.is_(True))):
        wanted = [alert for alert in alerts if _wants(rule, alert)]
        if not wanted:
            continue
        key = f"digest:{rule.id}:{day}"
        if session.scalar(select(Alert.id).where(Alert.dedupe_key == key)) is not None:
            continue
        subject = f"[secsuite] {TITLES['digest']} {day}: {len(wanted)}"
        text = "\n\n".join(_text(alert) for alert in wanted)
        body = {"msgtype": "text", "text": {"content": text},
                "digest": {"day": str(day), "alerts": [payload(a)["alert"] for a in wanted]}}
        try:
            unresolved = _send(session, rule, rule.unit, subject, text, body, smtp, moment)
        except (channels.DeliveryError, ValueError) as exc:
            errors.append(f"{rule.name}: {exc}")
            continue
        note = _unresolved_note(rule.name, unresolved) if unresolved else None
        if note:
            errors.append(note)
        session.add(Alert(dedupe_key=key, kind="digest", unit=rule.unit, severity="info", ref=rule.name,
                          subject=subject, details={"alerts": [a.id for a in wanted],
                                                    "unresolved_recipients": {rule.name: unresolved} if unresolved else {}},
                          status="closed", created_at=stored(moment), delivered_at=stored(moment),
                          delivery_error=note))
        count += 1
    session.flush()
    return count, errors
