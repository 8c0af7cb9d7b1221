"""Sign-off of a unit's annual evaluation: the unit's administrator confirms the result, an auditor
approves it, and it is published with the SHA-256 of exactly what was signed (the evaluation in
the shape of ``secsuite evaluate --format json``). Published steps are never changed; when the
result changes afterwards (a new evaluation run), signing it again makes a new version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.report.exports import evaluation_unit
from secsuite.store.access import Signoff
from secsuite.store.models import EvaluationRecord
from secsuite.web.audit import AuditLog
from secsuite.web.sessions import Principal

CONFIRMER, APPROVER = "unit_admin", "auditor"


class SignoffError(ValueError):
    """A sign-off step the rules refuse; the message says why, Chinese first."""


def content_hash(record: EvaluationRecord) -> str:
    document = {"year": record.year, **evaluation_unit(record)}
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class SignoffState:
    """Where a unit's sign-off of one year stands, against the evaluation shown now."""

    current_hash: str
    version: int
    confirmed: Signoff | None
    approved: Signoff | None

    @property
    def published(self) -> bool:
        return self.approved is not None and self.approved.content_hash == self.current_hash

    @property
    def changed_since(self) -> bool:
        """The result differs from the one last confirmed or published: a new version is needed."""
        signed = self.approved or self.confirmed
        return signed is not None and signed.content_hash != self.current_hash

    @property
    def awaiting_approval(self) -> bool:
        return self.confirmed is not None and self.approved is None and not self.changed_since


def state(db: Session, record: EvaluationRecord) -> SignoffState:
    steps = list(db.scalars(select(Signoff).where(Signoff.unit == record.unit, Signoff.year == record.year)
                            .order_by(Signoff.version.desc(), Signoff.id)))
    version = steps[0].version if steps else 0
    latest = {step.stage: step for step in steps if step.version == version}
    return SignoffState(content_hash(record), version, latest.get("confirmed"), latest.get("approved"))


def _sign(db: Session, audit: AuditLog, principal: Principal, record: EvaluationRecord, version: int, stage: str,
          role: str, comment: str, now: dt.datetime) -> Signoff:
    step = Signoff(unit=record.unit, year=record.year, version=version, stage=stage, content_hash=content_hash(record),
                   run_id=record.run_id, signed_by=principal.username, role=role, signed_at=now,
                   comment=comment.strip() or None)
    db.add(step)
    db.flush()
    audit.record(db, principal.actor, f"signoff.{stage}", object=f"{record.year}/v{version}", unit=record.unit,
                 detail={"content_hash": step.content_hash, "run": record.run_id}, at=now)
    return step


def confirm(db: Session, audit: AuditLog, principal: Principal, record: EvaluationRecord, comment: str,
            now: dt.datetime) -> Signoff:
    if CONFIRMER not in principal.roles or not principal.sees(record.unit):
        raise SignoffError("只有本单位管理员可以确认考评结果 (only the unit's administrator confirms)")
    current = state(db, record)
    if current.published:
        raise SignoffError("该结果已发布，不可更改；结果变化后可确认新版本 (published and immutable; a changed result "
                           "can be confirmed as a new version)")
    if current.awaiting_approval:
        raise SignoffError("已确认，等待审计人员审核 (already confirmed, awaiting the auditor)")
    return _sign(db, audit, principal, record, current.version + 1, "confirmed", CONFIRMER, comment, now)


def approve(db: Session, audit: AuditLog, principal: Principal, record: EvaluationRecord, comment: str,
            now: dt.datetime) -> Signoff:
    if APPROVER not in principal.roles or not principal.sees(record.unit):
        raise SignoffError("只有审计人员可以审核发布 (only an auditor approves)")
    current = state(db, record)
    if current.changed_since:
        raise SignoffError("确认后结果已变化，须由单位重新确认 (the result changed after it was confirmed; the unit "
                           "must confirm again)")
    if not current.awaiting_approval:
        raise SignoffError("没有待审核的确认 (nothing confirmed awaits approval)")
    return _sign(db, audit, principal, record, current.version, "approved", APPROVER, comment, now)
