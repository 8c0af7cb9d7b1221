"""Per-unit SLA statistics: how many incidents, how many breached each clock, and how long the
clocks ran (median and 90th percentile). Breaches are read from the findings, so the statistics
always agree with the rules and their configured limits.

The 90th percentile is the nearest-rank one (an observed time, never an interpolation): with ten
incidents it is the ninth fastest.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from secsuite.findings import Finding
from secsuite.incidents.case import IncidentCase

RESPONSE_RULE = "IR-RESPONSE-SLA-BREACH"
HANDLING_RULE = "IR-HANDLING-SLA-BREACH"


@dataclass(frozen=True)
class ClockStats:
    measured: int
    breaches: int
    median_seconds: float | None
    p90_seconds: float | None

    @property
    def breach_rate(self) -> float | None:
        return self.breaches / self.measured if self.measured else None

    def to_json(self) -> dict[str, Any]:
        return {"measured": self.measured, "breaches": self.breaches,
                "breach_rate": None if self.breach_rate is None else round(self.breach_rate, 4),
                "median_seconds": self.median_seconds, "p90_seconds": self.p90_seconds}


@dataclass(frozen=True)
class UnitStats:
    unit: str
    unit_type: str | None
    incidents: int
    response: ClockStats
    handling: ClockStats
    missing_times: int
    reports_required: int
    reports_late_or_missing: int
    severe: int

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "unit_type": self.unit_type, "incidents": self.incidents,
                "response": self.response.to_json(), "handling": self.handling.to_json(),
                "missing_times": self.missing_times, "reports_required": self.reports_required,
                "reports_late_or_missing": self.reports_late_or_missing, "severe_data_leaks": self.severe}


def nearest_rank(values: Sequence[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)), 1) - 1]


def clock_stats(times: Sequence[dt.timedelta | None], breaches: int) -> ClockStats:
    seconds = [t.total_seconds() for t in times if t is not None]
    if not seconds:
        return ClockStats(0, breaches, None, None)
    return ClockStats(len(seconds), breaches, float(statistics.median(seconds)), nearest_rank(seconds, 90))


def unit_stats(cases: Sequence[IncidentCase], findings: Sequence[Finding]) -> list[UnitStats]:
    """One row per unit, in the order units first appear in the register."""
    flagged: dict[str, set[str]] = {}
    for finding in findings:
        flagged.setdefault(finding.rule_id, set()).add(finding.object.id)
    by_unit: dict[str, list[IncidentCase]] = {}
    for case in cases:
        by_unit.setdefault(case.incident.unit, []).append(case)

    def count(rule_id: str, group: list[IncidentCase]) -> int:
        return sum(case.incident.incident_id in flagged.get(rule_id, set()) for case in group)

    return [
        UnitStats(
            unit=unit,
            unit_type=group[0].unit_type,
            incidents=len(group),
            response=clock_stats([case.response for case in group], count(RESPONSE_RULE, group)),
            handling=clock_stats([case.handling for case in group], count(HANDLING_RULE, group)),
            missing_times=count("IR-TIMESTAMP-MISSING", group),
            reports_required=sum(case.report_required for case in group),
            reports_late_or_missing=count("IR-REPORT-LATE", group) + count("IR-REPORT-MISSING", group),
            severe=count("IR-SEVERE-DATA-LEAK", group),
        )
        for unit, group in by_unit.items()
    ]
