"""The grade of an incident (事件分级): 一般 (IV), 较大 (III), 重大 (II), 特别重大 (I).

The thresholds are the annex of 《国家网络安全事件报告管理办法》 (CAC 2025): "以上" includes the number,
so a value equal to a threshold reaches that grade. They are parameters of IR-REPORT-LATE, since
the grade decides whether and how fast an incident must be reported; the defaults and the sources
of the values not yet verified against the final annex are in ``secsuite/checks/incidents.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from secsuite.i18n import Lang
from secsuite.inventory.incidents import DataLevel, Incident


class Grade(str, Enum):
    general = "一般"
    serious = "较大"
    major = "重大"
    extraordinary = "特别重大"

    @property
    def rank(self) -> int:
        return list(Grade).index(self)

    @property
    def roman(self) -> str:
        return ("IV", "III", "II", "I")[self.rank]

    def label(self, lang: Lang) -> str:
        english = ("general", "relatively serious", "serious", "extraordinarily serious")[self.rank]
        return self.value if lang == "zh" else f"Level {self.roman} ({english})"


class GradingParams(BaseModel):
    """Per criterion, the smallest value that reaches each grade."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    pi_people_affected: dict[Grade, Decimal] = Field(description="people whose personal information leaked")
    economic_loss_cny: dict[Grade, Decimal] = Field(description="direct economic loss in yuan")
    downtime_hours: dict[Grade, Decimal] = Field(description="outage of a portal or main function, hours")
    downtime_hours_cii: dict[Grade, Decimal] = Field(description="whole outage of a CII system, hours")
    data_level_grade: dict[DataLevel, Grade] = Field(description="the grade at least reached by the data level")

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> GradingParams:
        return cls.model_validate(params)


@dataclass(frozen=True)
class GradeReason:
    criterion: str
    value: str
    threshold: str
    grade: Grade

    def to_json(self) -> dict[str, str]:
        return {"criterion": self.criterion, "value": self.value, "threshold": self.threshold,
                "grade": self.grade.value}


def _reached(value: Decimal | int | None, thresholds: dict[Grade, Decimal]) -> Grade | None:
    if value is None:
        return None
    met = [grade for grade, minimum in thresholds.items() if Decimal(value) >= minimum]
    return max(met, key=lambda grade: grade.rank) if met else None


def grade(incident: Incident, params: GradingParams, operator_type: str) -> tuple[Grade, list[GradeReason]]:
    """The highest grade any criterion reaches, with every criterion that reached a grade above 一般."""
    downtime = params.downtime_hours_cii if operator_type == "cii" else params.downtime_hours
    measured: list[tuple[str, Decimal | int | None, dict[Grade, Decimal]]] = [
        ("pi_people_affected", incident.pi_people_affected, params.pi_people_affected),
        ("economic_loss_cny", incident.economic_loss_cny, params.economic_loss_cny),
        ("downtime_hours_cii" if operator_type == "cii" else "downtime_hours", incident.downtime_hours, downtime),
    ]
    reasons: list[GradeReason] = []
    for criterion, value, thresholds in measured:
        reached = _reached(value, thresholds)
        if reached is not None and reached is not Grade.general:
            reasons.append(GradeReason(criterion, str(value), str(thresholds[reached]), reached))
    level_grade = params.data_level_grade.get(incident.data_level) if incident.data_level else None
    if level_grade is not None and level_grade is not Grade.general:
        reasons.append(GradeReason("data_level", str(incident.data_level), str(incident.data_level), level_grade))
    reasons.sort(key=lambda reason: -reason.grade.rank)
    return (reasons[0].grade if reasons else Grade.general), reasons
