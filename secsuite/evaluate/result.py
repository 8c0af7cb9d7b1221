"""The evaluation document, ``secsuite.evaluation/1``: what the terminal view, the JSON
and the result store are all made from. Scores are kept exact and rounded to the cent only here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.monitoring import MonitoringEvidence
from secsuite.evaluate.rubric import Method, Rubric
from secsuite.evaluate.scoring import ZERO, IndicatorScore
from secsuite.i18n import Lang, pick
from secsuite.inventory.units import Unit, UnitType
from secsuite.provenance import tool

EVALUATION_SCHEMA = "secsuite.evaluation/1"
CENT = Decimal("0.01")


def cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: whole values as integers, others to the cent."""
    rounded = cents(value)
    if rounded is None:
        return None
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


@dataclass(frozen=True)
class MethodScore:
    """A method scored for the unit as a whole (包头's 民意调查): its score per half, out of the
    rubric's base points, and what it adds to the year (weight × mean of the halves; a missing half
    counts 0)."""

    method: Method
    halves: dict[str, Decimal | None]

    @property
    def contribution(self) -> Decimal:
        given = [value or ZERO for value in self.halves.values()]
        return self.method.weight * sum(given, ZERO) / len(given)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.method.id, "name": self.method.name, "weight": number(self.method.weight),
                "scores": {half: number(value) for half, value in self.halves.items()},
                "contribution": number(self.contribution),
                "missing": [half for half, value in self.halves.items() if value is None]}


@dataclass
class UnitEvaluation:
    unit: Unit
    rubric: Rubric
    veto: list[Fact]
    veto_reason: str | None
    indicators: list[IndicatorScore]
    base: Decimal | None
    bonus: Decimal | None
    final: Decimal | None
    notes: dict[str, list[str]] = field(default_factory=dict)
    rank: int | None = None
    methods: list[MethodScore] = field(default_factory=list)
    lang: Lang = "zh"
    settings: Mapping[str, Any] = field(default_factory=dict)  # "RULE-ID.setting" → the value in force
    monitoring: MonitoringEvidence | None = None  # what 日常监测 recorded, where the rubric scores by it

    @property
    def vetoed(self) -> bool:
        return bool(self.veto)

    @property
    def group(self) -> tuple[str, str]:
        return self.unit.unit_type, self.unit.tier or ""

    @property
    def incomplete_reasons(self) -> list[str]:
        """Why the unit's result is incomplete: indicators or parts that could not be assessed, and
        unit-level methods with a half missing."""
        if self.vetoed:
            return []
        reasons = [f"{item.indicator.name}：{reason}" if self.lang == "zh" else f"{item.indicator.name}: {reason}"
                   for item in self.indicators for reason in item.not_assessed]
        for method in self.methods:
            for half in (h for h, value in method.halves.items() if value is None):
                reasons.append(f"{method.method.name}：缺少{'上半年' if half == 'H1' else '下半年'}得分"
                               if self.lang == "zh" else f"{method.method.name}: no score for {half}")
        return reasons

    @property
    def complete(self) -> bool:
        return not self.incomplete_reasons

    @property
    def warnings(self) -> list[str]:
        return [f"{item.indicator.name}：{warning}" if self.lang == "zh" else f"{item.indicator.name}: {warning}"
                for item in self.indicators for warning in item.warnings]

    def readings(self) -> list[dict[str, Any]]:
        """The readings of the rubric this unit was scored by, each with the option used and the
        values in force of the rule settings it rests on."""
        return [{"id": reading.id, "source": pick(reading.source, self.lang), "option": reading.chosen,
                 "text": pick(reading.option.text, self.lang),
                 "settings": {name: self.settings.get(name) for name in reading.settings}}
                for reading in self.rubric.readings]

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.unit, "unit_type": self.unit.unit_type, "tier": self.unit.tier, "rubric": self.rubric.id,
            "vetoed": self.vetoed, "veto_reason": self.veto_reason,
            "base_score": number(self.base), "bonus_score": number(self.bonus), "final_score": number(self.final),
            "rank": self.rank,
            "complete": self.complete, "incomplete_reasons": self.incomplete_reasons, "warnings": self.warnings,
            "readings": self.readings(),
            "not_applicable_rule": pick(self.rubric.not_applicable.text, self.lang),
            "indicators": [
                {"id": item.indicator.id, "name": item.indicator.name, "points": number(item.indicator.points),
                 "score": number(item.score), "status": item.status,
                 "not_assessed": list(item.not_assessed), "notes": list(item.notes), "warnings": list(item.warnings),
                 "deductions": [{"finding_id": d.finding_id, "rule_id": d.rule_id, "points": number(d.points),
                                 "evidence": list(d.cited)}
                                for d in item.deductions]}
                for item in self.indicators
            ],
            "methods": [method.to_json() for method in self.methods],
            "monitoring_evidence": self.monitoring.to_json() if self.monitoring else None,
        }


@dataclass
class Evaluation:
    year: int
    as_of: dt.date
    rubrics: dict[UnitType, Rubric]
    units: list[UnitEvaluation]
    run_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """``rubric`` stays the string the contract names: the ids of the rubrics used, comma-separated (one
        evaluation scores counties and departments by different rubrics); ``rubrics`` maps each unit type
        to its rubric, and every unit names its own."""
        present = {evaluation.unit.unit_type for evaluation in self.units}
        used = {unit_type: rubric.id for unit_type, rubric in self.rubrics.items() if unit_type in present}
        return {
            "schema": EVALUATION_SCHEMA,
            "tool": tool(),
            "year": self.year,
            "rubric": ",".join(dict.fromkeys(used.values())),
            "rubrics": used,
            "units": [evaluation.to_json() for evaluation in self.units],
        }
