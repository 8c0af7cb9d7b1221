"""One incident as the rules see it: its register row plus what is measured and derived from it
(the two clock times, the grade and its reasons, the reporting deadline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from secsuite.incidents.clock import handling_time, response_time
from secsuite.incidents.grading import Grade, GradeReason, GradingParams, grade
from secsuite.incidents.reporting import ReportingParams, report_deadline
from secsuite.inventory.incidents import Incident, OperatorType
from secsuite.inventory.units import UnitType
from secsuite.timeutil import DEFAULT_TZ


@dataclass(frozen=True)
class IncidentCase:
    incident: Incident
    unit_type: UnitType | None
    operator_type: OperatorType
    response: dt.timedelta | None
    handling: dt.timedelta | None
    grade: Grade
    grade_reasons: tuple[GradeReason, ...]
    report_required: bool
    report_deadline: dt.datetime | None


def assess(incident: Incident, unit_type: UnitType | None, grading: GradingParams,
           reporting: ReportingParams) -> IncidentCase:
    operator_type = reporting.operator_type(incident)
    level, reasons = grade(incident, grading, operator_type)
    return IncidentCase(
        incident=incident,
        unit_type=unit_type,
        operator_type=operator_type,
        response=response_time(incident),
        handling=handling_time(incident),
        grade=level,
        grade_reasons=tuple(reasons),
        report_required=reporting.required(level),
        report_deadline=report_deadline(incident, level, reporting),
    )


def _iso(stamp: dt.datetime | None) -> str | None:
    return None if stamp is None else stamp.astimezone(DEFAULT_TZ).isoformat()


def _seconds(duration: dt.timedelta | None) -> int | None:
    return None if duration is None else int(duration.total_seconds())


def case_json(case: IncidentCase, rule_ids: list[str]) -> dict[str, Any]:
    """One incident of ``secsuite incidents --format json``: times in China time with offset."""
    incident = case.incident
    reported = incident.reported_at
    deadline = case.report_deadline
    return {
        "incident_id": incident.incident_id, "unit": incident.unit, "unit_type": case.unit_type,
        "title": incident.title, "category": incident.category,
        "detected_at": _iso(incident.detected_at), "responded_at": _iso(incident.responded_at),
        "coordinated_at": _iso(incident.coordinated_at), "resolved_at": _iso(incident.resolved_at),
        "reported_at": _iso(reported),
        "response_seconds": _seconds(case.response), "handling_seconds": _seconds(case.handling),
        "grade": case.grade.value, "grade_level": case.grade.roman,
        "grade_reasons": [reason.to_json() for reason in case.grade_reasons],
        "operator_type": case.operator_type, "report_required": case.report_required,
        "report_deadline": _iso(deadline),
        "report_on_time": None if deadline is None or reported is None else reported <= deadline,
        "rule_ids": sorted(rule_ids),
        "source": incident.source, "row": incident.row,
    }
