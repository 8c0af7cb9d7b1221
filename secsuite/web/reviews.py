"""Four-eyes review of findings: a unit (or an auditor) proposes to accept a risk until a date or to
mark a false positive, with a reason; another person, an auditor who sees the unit, approves or
rejects it. An approved decision holds until its date, then the finding is open again by itself:
nothing has to remember to reopen it. Every step is audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from secsuite.report.store_view import china_time
from secsuite.store.access import Review
from secsuite.store.models import FindingRecord
from secsuite.web.audit import AuditLog
from secsuite.web.sessions import Principal

DECISIONS = ("accepted", "false_positive")
PROPOSERS = ("auditor", "unit_admin", "unit_user")
APPROVERS = ("auditor",)
MAX_DAYS = 366
FINDING = "finding"


class ReviewError(ValueError):
    """A proposal or decision the rules refuse; the message says why, Chinese first."""


def active(now: dt.datetime) -> Select:
    """Finding ids with an approved decision in force, and the decision."""
    return select(Review.subject_key, Review.decision).where(
        Review.subject_kind == FINDING, Review.status == "approved", Review.expires_at > now)


def states(db: Session, finding_ids: list[str] | None, now: dt.datetime) -> dict[str, str]:
    """The decision in force of each of ``finding_ids`` that has one (None: of every finding)."""
    query = active(now) if finding_ids is None else active(now).where(Review.subject_key.in_(finding_ids))
    return {key: decision for key, decision in db.execute(query.order_by(Review.id))}


def history(db: Session, finding_id: str) -> list[Review]:
    return list(db.scalars(select(Review).where(Review.subject_kind == FINDING, Review.subject_key == finding_id)
                           .order_by(Review.id.desc())))


def may_propose(principal: Principal, unit: str | None) -> bool:
    return principal.sees(unit) and bool(principal.roles & set(PROPOSERS))


def may_decide(principal: Principal, review: Review) -> bool:
    return (review.status == "pending" and principal.sees(review.unit) and bool(principal.roles & set(APPROVERS))
            and principal.username != review.requested_by)


def propose(db: Session, audit: AuditLog, principal: Principal, finding: FindingRecord, decision: str, reason: str,
            until: dt.date, now: dt.datetime) -> Review:
    if not may_propose(principal, finding.unit):
        raise ReviewError("无权对该问题提出处理意见 (may not propose a decision on this finding)")
    if decision not in DECISIONS:
        raise ReviewError(f"处理方式须为 {'/'.join(DECISIONS)} (decision must be one of {', '.join(DECISIONS)})")
    if not reason.strip():
        raise ReviewError("须填写理由 (a reason is required)")
    expires = dt.datetime.combine(until, dt.time(), tzinfo=now.tzinfo)
    if not now < expires <= now + dt.timedelta(days=MAX_DAYS):
        raise ReviewError(f"有效期须在今天之后的 {MAX_DAYS} 天内 (the date must be within the next {MAX_DAYS} days)")
    if any(r.status == "pending" for r in history(db, finding.finding_id)):
        raise ReviewError("该问题已有待审核的处理意见 (a proposal is already waiting for review)")
    review = Review(subject_kind=FINDING, subject_key=finding.finding_id, unit=finding.unit, decision=decision,
                    proposed={"rule_id": finding.rule_id, "object_id": finding.object_id}, reason=reason.strip(),
                    expires_at=expires, status="pending", requested_by=principal.username, requested_at=now)
    db.add(review)
    db.flush()
    audit.record(db, principal.actor, "review.propose", object=finding.finding_id, unit=finding.unit,
                 detail={"review": review.id, "decision": decision, "until": until.isoformat()}, at=now)
    return review


def decide(db: Session, audit: AuditLog, principal: Principal, review: Review, approve: bool,
           now: dt.datetime) -> None:
    if review.status == "pending" and principal.username == review.requested_by:
        raise ReviewError("提出人不能审核自己的意见，须由另一人审核 (a second person must review the proposal)")
    if not may_decide(principal, review):
        raise ReviewError("无权审核该意见 (may not review this proposal)")
    review.status = "approved" if approve else "rejected"
    review.reviewed_by, review.reviewed_at = principal.username, now
    audit.record(db, principal.actor, "review.approve" if approve else "review.reject", object=review.subject_key,
                 unit=review.unit, detail={"review": review.id, "decision": review.decision,
                                           "requested_by": review.requested_by}, at=now)


def expires_on(review: Review) -> dt.date | None:
    shown = china_time(review.expires_at)
    return shown.date() if shown else None
