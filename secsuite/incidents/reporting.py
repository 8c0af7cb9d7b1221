"""The statutory reporting deadline (《国家网络安全事件报告管理办法》, CAC 2025, 第四条).

Only incidents graded 较大 and above must be reported; the time allowed runs from discovery
(发现或获知) and depends on the operator's category as the article names it: a CII operator 1
hour (to the 保护工作部门 and the police), 中央和国家机关各部门及其管理的企事业单位 2 hours (to their own
网信工作机构), every other operator 4 hours (to the provincial 网信部门). County and city units are
"other" operators. A report made exactly at the deadline is on time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from secsuite.incidents.grading import Grade
from secsuite.inventory.incidents import OPERATOR_TYPES, Incident, OperatorType

RECIPIENTS: dict[OperatorType, tuple[str, str]] = {
    "cii": ("保护工作部门和公安机关", "the sector protection department and the police"),
    "central_state_organ": ("本部门（本单位）网信工作机构", "its own cyberspace-affairs body"),
    "other": ("属地省级网信部门", "the provincial cyberspace administration"),
}


class ReportingParams(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    min_grade: Grade
    deadline_hours: dict[OperatorType, Decimal]
    default_operator_type: OperatorType

    @field_validator("deadline_hours", mode="before")
    @classmethod
    def _category_keys(cls, value: object) -> object:
        """Keys as the article's categories; the earlier spelling ``state_organ`` still works."""
        if isinstance(value, dict):
            return {OPERATOR_TYPES.get(str(key), key): hours for key, hours in value.items()}
        return value

    @field_validator("default_operator_type", mode="before")
    @classmethod
    def _category(cls, value: object) -> object:
        return OPERATOR_TYPES.get(str(value), value)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> ReportingParams:
        return cls.model_validate(params)

    def operator_type(self, incident: Incident) -> OperatorType:
        return incident.operator_type or self.default_operator_type

    def required(self, grade: Grade) -> bool:
        return grade.rank >= self.min_grade.rank


def report_deadline(incident: Incident, grade: Grade, params: ReportingParams) -> dt.datetime | None:
    """When the report is due, or None when the grade needs no report or discovery is unknown."""
    if not params.required(grade) or incident.detected_at is None:
        return None
    hours = params.deadline_hours[params.operator_type(incident)]
    return incident.detected_at + dt.timedelta(seconds=float(hours * 3600))


ReportState = Literal["not_required", "on_time", "late", "pending", "overdue", "untimed"]


def report_state(required: bool, deadline: dt.datetime | None, reported_at: dt.datetime | None,
                 at: dt.datetime) -> tuple[ReportState, dt.timedelta | None]:
    """Where the statutory report stands at ``at``, and the time left while it is pending; a report
    exactly at the deadline is on time, as IR-REPORT-LATE judges it."""
    if not required:
        return "not_required", None
    if deadline is None:
        return "untimed", None
    if reported_at is not None:
        return ("on_time" if reported_at <= deadline else "late"), None
    return ("pending", deadline - at) if at <= deadline else ("overdue", None)
