"""Locked labels applied to a graded dataset: the locked field grades the dataset again (combination
rules see the locked entity only), applying twice changes nothing, and a result that carries labels
goes back to what was detected when its lock is gone (a re-run reusing an unchanged file's result)."""

from __future__ import annotations

import pytest

from secsuite.classify.guide import load_guide
from secsuite.classify.locks import NO_LOCKS, Lock, Locks, apply, dataset_key, field_key
from secsuite.results import DatasetResult, EntityResult, FieldResult

GUIDE = load_guide(None)


def graded() -> DatasetResult:
    """A dataset as the scan grades it: a mobile-number column and a plain one."""
    mobile = EntityResult(type="CN_MOBILE", confidence=0.99, hits=50, ratio=1.0, examples=["138****5678"])
    fields = [FieldResult(name=name, category=None, level="L1", entities=found) for name, found in
              (("手机号", [mobile]), ("备注", []))]
    for field in fields:
        grade = GUIDE.grade_field([e.type for e in field.entities])
        field.category, field.level = grade.category, grade.level
    grade = GUIDE.grade_dataset([GUIDE.grade_field([e.type for e in f.entities]) for f in fields],
                                {"CN_MOBILE"}, 60)
    return DatasetResult(source="data/a.csv", name="a", format="csv", rows_scanned=60, rows_total=60, sampled=False,
                         level=grade.level, fields=fields)


FIELD_LOCK = Locks({}, {field_key("data/a.csv", "a", "手机号"): Lock(None, "L1", 1, "auditor2")})
DATASET_LOCK = Locks({dataset_key("data/a.csv", "a"): Lock(None, "L2", 2, "auditor2")}, {})


@pytest.mark.parametrize(("locks", "field_level", "dataset_level", "differs"), [
    (FIELD_LOCK, "L1", "L1", True),
    (DATASET_LOCK, "L3", "L2", True),
    (Locks({}, {field_key("data/a.csv", "a", "手机号"): Lock("CN_MOBILE", "L3", 3, "a")}), "L3", "L3", False),
    (Locks({}, {field_key("data/a.csv", "a", "手机号"): Lock(None, "L99", 4, "a")}), "L3", "L3", None),
])
def test_locks_grade_and_keep_what_was_detected(locks, field_level, dataset_level, differs):
    dataset = graded()
    assert dataset.level == "L3"
    apply(dataset, locks, GUIDE, "zh")
    once = dataset.model_dump()
    apply(dataset, locks, GUIDE, "zh")
    assert dataset.model_dump() == once, "applying again changes nothing"
    assert (dataset.fields[0].level, dataset.level) == (field_level, dataset_level)
    assert (dataset.label.differs if dataset.label else None) == differs
    apply(dataset, NO_LOCKS, GUIDE, "zh")
    assert dataset.model_dump() == graded().model_dump(), "without its lock the result is as detected"
