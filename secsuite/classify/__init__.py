"""Classification and grading of fields and datasets with a guide (数据分类分级指南)."""

from secsuite.classify.grade import DatasetGrade, FieldGrade, GradeReason
from secsuite.classify.guide import DEFAULT_GUIDE_ID, Guide, list_guides, load_guide

__all__ = [
    "DEFAULT_GUIDE_ID",
    "DatasetGrade",
    "FieldGrade",
    "GradeReason",
    "Guide",
    "list_guides",
    "load_guide",
]
