"""Four-eyes review of findings and labels: a unit (or an auditor) proposes to accept a risk until a
date or to mark a false positive, with a reason; another person, an auditor who sees the unit,
approves or rejects it. An approved decision holds until its date, then the finding is open again
by itself: nothing has to remember to reopen it.

Labels go the same way: someone confirms or corrects a field's entity and level, or a dataset's
level (人工确认/人工打标), with a reason; once another person approves, the label is locked and
later scans grade by it (``secsuite.app.labels``) until an approved ``unlock``. Every step is audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from secsuite.app.labels import DATASET_LEVEL, FIELD_LABEL, LABEL_KINDS, UNLOCK
from secsuite.classify.guide import Guide
from secsuite.classify.locks import dataset_key, field_key, top_entity
from secsuite.report.store_view import china_time
from secsuite.store.access import Review
from secsuite.store.models import Dataset, Field, FindingRecord
from secsuite.web.audit import AuditLog
from secsuite.web.sessions import Principal

DECISIONS = ("accepted", "false_positive")
PROPOSERS = ("auditor", "unit_admin", "unit_user")
APPROVERS = ("auditor",)
MAX_DAYS = 366
FINDING = "finding"
LABEL_DECISIONS = ("confirm", "override", UNLOCK)
KEY_MAX = 300


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


def label_history(db: Session, keys: list[str]) -> list[Review]:
    return list(db.scalars(select(Review).where(Review.subject_kind.in_(LABEL_KINDS), Review.subject_key.in_(keys))
                           .order_by(Review.id.desc())))


def _label(guide: Guide, decision: str, field: Field | None, dataset: Dataset, entity: str,
           level: str) -> tuple[str | None, str]:
    """The (entity, level) a proposal would lock: what the store shows for ``confirm`` (a locked
    label as locked), the reviewer's values, checked against the run's guide, for ``override``."""
    if decision != "override":
        if field is None:
            return None, dataset.level
        if field.label and field.label.get("locked"):
            return field.label["locked"]["entity"], field.level
        return top_entity([e["type"] for e in field.entities], guide), field.level
    chosen_entity = entity.strip() or None
    if field is not None and chosen_entity is not None and chosen_entity not in guide.entities:
        raise ReviewError(f"指南 {guide.id} 中没有该实体 (the guide has no entity) {chosen_entity}")
    chosen_level = guide.parse_level(level) if level.strip() else (
        guide.entities[chosen_entity].level if field is not None and chosen_entity else None)
    if chosen_level is None:
        known = "、".join(item.id for item in guide.levels)
        raise ReviewError(f"级别须为指南 {guide.id} 的级别之一：{known} (the level must be one of the guide's levels)")
    return (chosen_entity if field is not None else None), chosen_level


def propose_label(db: Session, audit: AuditLog, principal: Principal, dataset: Dataset, field: Field | None,
                  decision: str, entity: str, level: str, reason: str, guide: Guide, now: dt.datetime) -> Review:
    """A proposal to lock (``confirm``/``override``) or unlock the label of ``field``, or of the
    dataset itself when ``field`` is None."""
    if not may_propose(principal, dataset.unit):
        raise ReviewError("无权对该数据集提出打标意见 (may not propose a label for this dataset)")
    if decision not in LABEL_DECISIONS:
        raise ReviewError(f"处理方式须为 {'/'.join(LABEL_DECISIONS)} (decision must be one of {', '.join(LABEL_DECISIONS)})")
    if not reason.strip():
        raise ReviewError("须填写理由 (a reason is required)")
    key = field_key(dataset.source, dataset.name, field.name) if field else dataset_key(dataset.source, dataset.name)
    if len(key) > KEY_MAX:
        raise ReviewError(f"数据集或字段名过长，无法锁定 (the dataset and field names exceed {KEY_MAX} characters)")
    if any(r.status == "pending" for r in label_history(db, [key])):
        raise ReviewError("该标签已有待审核的意见 (a proposal is already waiting for review)")
    locked_entity, locked_level = _label(guide, decision, field, dataset, entity, level)
    shown = field if field is not None else dataset
    detected = ({"entity": shown.label["detected"]["entity"], "level": shown.label["detected"]["level"]}
                if shown.label else {"entity": top_entity([e["type"] for e in field.entities], guide) if field else None,
                                     "level": shown.level})
    review = Review(subject_kind=FIELD_LABEL if field else DATASET_LEVEL, subject_key=key, unit=dataset.unit,
                    decision=decision, reason=reason.strip(), expires_at=None, status="pending",
                    proposed={"dataset_id": dataset.id, "source": dataset.source, "dataset": dataset.name,
                              "field": field.name if field else None, "entity": locked_entity,
                              "level": locked_level, "guide": guide.id, "detected": detected},
                    requested_by=principal.username, requested_at=now)
    db.add(review)
    db.flush()
    audit.record(db, principal.actor, "label.propose", object=key, unit=dataset.unit,
                 detail={"review": review.id, "decision": decision, "entity": locked_entity, "level": locked_level},
                 at=now)
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
