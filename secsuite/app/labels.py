"""The locked labels a scan grades by: the last approved label review of each field and dataset,
read from the store the scan records into, so the CLI, the web and monitoring re-runs all respect
what reviewers decided (an approved ``unlock`` gives the field back to detection)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from secsuite.classify.locks import NO_LOCKS, Lock, Locks
from secsuite.store.access import Review
from secsuite.store.db import session_factory

FIELD_LABEL = "field_label"
DATASET_LEVEL = "dataset_level"
LABEL_KINDS = (FIELD_LABEL, DATASET_LEVEL)
UNLOCK = "unlock"


def load_locks(engine: Engine) -> Locks:
    with session_factory(engine)() as session:
        return read_locks(session)


def read_locks(session: Session, keys: list[str] | None = None) -> Locks:
    """Each key's latest approved decision wins (of ``keys`` only, when given); approvals are
    ordered by when they were given."""
    query = (select(Review).where(Review.subject_kind.in_(LABEL_KINDS), Review.status == "approved")
             .order_by(Review.reviewed_at, Review.id))
    if keys is not None:
        query = query.where(Review.subject_key.in_(keys))
    found: dict[str, dict[str, Lock]] = {FIELD_LABEL: {}, DATASET_LEVEL: {}}
    for review in session.scalars(query):
        held = found[review.subject_kind]
        if review.decision == UNLOCK:
            held.pop(review.subject_key, None)
            continue
        held[review.subject_key] = Lock(review.proposed.get("entity"), review.proposed["level"], review.id,
                                        review.reviewed_by or "")
    if not any(found.values()):
        return NO_LOCKS
    return Locks(found[DATASET_LEVEL], found[FIELD_LABEL])
