"""The statutory reporting deadline (《国家网络安全事件报告管理办法》, CAC 2025, 第四条).

Only incidents graded 较大 and above must be reported; the time allowed runs from discovery
(发现或获知) and depends on who operates the system: a CII operator 1 hour, a state organ 2 hours,
any other operator 4 hours. A report made exactly at the deadline is on time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from secsuite.incidents.grading import Grade
from secsuite.inventory.incidents import Incident, OperatorType


class ReportingParams(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    min_grade: Grade
    deadline_hours: dict[OperatorType, Decimal]
    default_operator_type: OperatorType

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
