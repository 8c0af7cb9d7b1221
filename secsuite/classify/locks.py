"""Locked labels (人工确认/人工打标): a field's entity and level, or a dataset's level, that a reviewer
set and a second person approved. A later scan grades by them (the dataset's level is graded again
from the locked fields, so combination rules see the locked entity, not the detected one) and
keeps what it detected beside them, so a difference between the two stays visible.

Applying is idempotent and reversible: a result that already carries labels (a monitoring re-run
that reuses an unchanged file's last result) is first put back to what was detected.
"""

from __future__ import annotations

from dataclasses import dataclass

from secsuite.classify.grade import FieldGrade
from secsuite.classify.guide import Guide
from secsuite.i18n import Lang, pick
from secsuite.results import DatasetResult, Label, LabelSide, LevelReason, LockedSide


@dataclass(frozen=True)
class Lock:
    """An approved label: ``entity`` None for a dataset, or for a field that holds no entity."""

    entity: str | None
    level: str
    review: int
    approved_by: str


def dataset_key(source: str, name: str) -> str:
    """How a dataset is named in a review, the same for every run that reads the same data."""
    return f"{source}#{name}"


def field_key(source: str, name: str, field: str) -> str:
    return f"{dataset_key(source, name)}#{field}"


@dataclass(frozen=True)
class Locks:
    """The locks in force, by ``dataset_key`` and ``field_key``."""

    datasets: dict[str, Lock]
    fields: dict[str, Lock]

    def __bool__(self) -> bool:
        return bool(self.datasets or self.fields)


NO_LOCKS = Locks({}, {})


def usable(lock: Lock, guide: Guide) -> bool:
    """A lock the guide can grade by; one made under another guide whose level or entity this guide
    lacks is left out and the detected label stands."""
    return guide.parse_level(lock.level) == lock.level and (lock.entity is None or lock.entity in guide.entities)


def top_entity(types: list[str], guide: Guide) -> str | None:
    """The entity that set a field's level, as ``grade_field`` chose it (highest level, first found)."""
    known = [name for name in types if name in guide.entities]
    return max(known, key=lambda name: guide.rank(guide.entities[name].level), default=None)


def apply(dataset: DatasetResult, locks: Locks, guide: Guide, lang: Lang) -> None:
    """Grade ``dataset`` by the locks that concern it, in place."""
    restore(dataset, guide, lang)
    locked_fields = False
    for field in dataset.fields:
        lock = locks.fields.get(field_key(dataset.source, dataset.name, field.name))
        if lock is None or not usable(lock, guide):
            continue
        detected = LabelSide(entity=top_entity([e.type for e in field.entities], guide), category=field.category, level=field.level)
        category = guide.entities[lock.entity].category if lock.entity else None
        locked = LockedSide(entity=lock.entity, category=category, level=lock.level, review=lock.review,
                            approved_by=lock.approved_by)
        field.label = Label(locked=locked, detected=detected,
                            differs=(locked.entity, locked.level) != (detected.entity, detected.level))
        field.category, field.level = category, lock.level
        locked_fields = True
    own = locks.datasets.get(dataset_key(dataset.source, dataset.name))
    own = own if own is not None and usable(own, guide) else None
    if not locked_fields and own is None:
        return
    detected = LabelSide(level=dataset.level)
    _regrade(dataset, guide, lang)
    locked = None if own is None else LockedSide(level=own.level, review=own.review, approved_by=own.approved_by)
    if locked is not None:
        dataset.level = locked.level
    dataset.label = Label(locked=locked, detected=detected, differs=dataset.level != detected.level)


def restore(dataset: DatasetResult, guide: Guide, lang: Lang) -> None:
    """Put a labelled result back to what the scan detected."""
    for field in dataset.fields:
        if field.label is not None:
            field.category, field.level = field.label.detected.category, field.label.detected.level
            field.label = None
    if dataset.label is not None:
        dataset.label = None
        _regrade(dataset, guide, lang)


def _regrade(dataset: DatasetResult, guide: Guide, lang: Lang) -> None:
    """The dataset's level and reasons from its fields as they stand, as ``scan.dataset.grade`` does:
    a locked field counts with its locked entity only."""
    grades = [FieldGrade(field.category, field.level, []) for field in dataset.fields]
    entities: set[str] = set()
    for field in dataset.fields:
        if field.label is not None and field.label.locked is not None:
            entities |= {field.label.locked.entity} - {None}  # type: ignore[arg-type]
        else:
            entities |= {entity.type for entity in field.entities}
    graded = guide.grade_dataset(grades, entities, dataset.rows_total)
    dataset.level = graded.level
    dataset.level_reasons = [LevelReason(rule_id=r.rule_id, title=pick(r.title, lang), level=r.level,
                                         citation=str(r.citation)) for r in graded.reasons]
