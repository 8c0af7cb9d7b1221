"""The issue register (问题台账): one row per finding fingerprint with its lifetime.

Statuses: open, fixed (absent from a complete run of the scope that found it: pending verification
by the next), reopened (seen again after fixed, or an accepted risk past its date), accepted (until
a date), false_positive. Only a complete run closes an issue, and only one of the same scope, so a
partial or narrower run never fixes what it did not look at. SLA due dates follow the severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.models import Issue
from secsuite.store.models import FindingRecord, Run

ACTIVE = ("open", "reopened")
STATUSES = ("open", "fixed", "reopened", "accepted", "false_positive")


@dataclass
class RegisterChanges:
    opened: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)


def sla_due(severity: str, since: dt.date, sla_days: Mapping[str, int]) -> dt.date | None:
    days = sla_days.get(severity)
    return None if days is None else since + dt.timedelta(days=days)


def previously_fixed(session: Session, fingerprints: set[str]) -> set[str]:
    if not fingerprints:
        return set()
    query = select(Issue.fingerprint).where(Issue.fingerprint.in_(fingerprints), Issue.status == "fixed")
    return set(session.scalars(query))


def record_run(session: Session, run: Run, sla_days: Mapping[str, int]) -> RegisterChanges:
    """Bring the register up to ``run``: every unmuted finding seen, and, when the run is complete,
    the active issues of its scope it no longer finds marked fixed."""
    changes = RegisterChanges()
    findings = {f.finding_id: f for f in session.scalars(
        select(FindingRecord).where(FindingRecord.run_id == run.id, FindingRecord.muted.is_(False)))}
    known = {i.fingerprint: i for i in session.scalars(select(Issue).where(Issue.fingerprint.in_(findings)))}
    for fingerprint, finding in findings.items():
        issue = known.get(fingerprint)
        if issue is None:
            session.add(Issue(fingerprint=fingerprint, unit=finding.unit, rule_id=finding.rule_id,
                              object_kind=finding.object_kind, object_id=finding.object_id, title=finding.title,
                              severity=finding.severity, status="open", scope_key=run.scope_key,
                              first_seen_on=run.as_of, first_seen_run=run.id, last_seen_on=run.as_of,
                              last_seen_run=run.id, sla_due_on=sla_due(finding.severity, run.as_of, sla_days)))
            changes.opened.append(fingerprint)
            continue
        if issue.status == "fixed":
            issue.status, issue.closed_on = "reopened", None
            issue.sla_due_on = sla_due(finding.severity, run.as_of, sla_days)
            changes.reopened.append(fingerprint)
        issue.severity, issue.title = finding.severity, finding.title
        issue.last_seen_on, issue.last_seen_run, issue.scope_key = run.as_of, run.id, run.scope_key
    if run.complete and run.scope_key:
        gone = select(Issue).where(Issue.scope_key == run.scope_key, Issue.status.in_(ACTIVE),
                                   Issue.fingerprint.not_in(findings) if findings else Issue.fingerprint.is_not(None))
        for issue in session.scalars(gone):
            issue.status, issue.closed_on = "fixed", run.as_of
            changes.fixed.append(issue.fingerprint)
    session.flush()
    return changes


def reopen_expired(session: Session, as_of: dt.date, sla_days: Mapping[str, int]) -> list[Issue]:
    """Accepted risks whose date has come reopen themselves, with a fresh SLA from that date."""
    expired = list(session.scalars(select(Issue).where(Issue.status == "accepted", Issue.accepted_until <= as_of)))
    for issue in expired:
        assert issue.accepted_until is not None
        issue.status = "reopened"
        issue.sla_due_on = sla_due(issue.severity, issue.accepted_until, sla_days)
        issue.reason = f"{issue.reason or ''} (接受风险已于 {issue.accepted_until} 到期 / acceptance expired)".strip()
    session.flush()
    return expired


def triage(session: Session, fingerprint: str, status: str, reason: str, until: dt.date | None = None,
           as_of: dt.date | None = None) -> Issue:
    """A person's decision: ``accepted`` until a date, ``false_positive``, or back to ``open``."""
    issue = session.get(Issue, fingerprint)
    if issue is None:
        raise LookupError(f"no issue with fingerprint {fingerprint}")
    if status == "accepted" and until is None:
        raise ValueError("accepting a risk needs the date it ends (--until YYYY-MM-DD)")
    if status not in ("accepted", "false_positive", "open"):
        raise ValueError(f"an issue can be set to accepted, false_positive or open, not {status!r}")
    if not reason.strip():
        raise ValueError("say why (--reason)")
    issue.status, issue.reason = status, reason.strip()
    issue.accepted_until = until if status == "accepted" else None
    issue.closed_on = as_of if status == "false_positive" else None
    session.flush()
    return issue


@dataclass(frozen=True)
class UnitRemediation:
    unit: str | None
    open: int
    fixed: int
    mttr_days: float | None
    sla_breaches: int


def remediation(session: Session, as_of: dt.date) -> list[UnitRemediation]:
    """Per unit: open issues, fixed ones, mean time to remediate (days, first seen to fixed) and SLA breaches."""
    by_unit: dict[str | None, list[Issue]] = {}
    for issue in session.scalars(select(Issue)):
        by_unit.setdefault(issue.unit, []).append(issue)
    rows = []
    for unit, issues in sorted(by_unit.items(), key=lambda pair: pair[0] or ""):
        fixed = [i for i in issues if i.status == "fixed" and i.closed_on]
        rows.append(UnitRemediation(
            unit=unit,
            open=sum(1 for i in issues if i.status in ACTIVE),
            fixed=len(fixed),
            mttr_days=mean((i.closed_on - i.first_seen_on).days for i in fixed) if fixed else None,  # type: ignore[operator]
            sla_breaches=sum(1 for i in issues if breached(i, as_of)),
        ))
    return rows


def breached(issue: Issue, as_of: dt.date) -> bool:
    return issue.status in ACTIVE and issue.sla_due_on is not None and issue.sla_due_on < as_of
