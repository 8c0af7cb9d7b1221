"""The evaluation document, ``secsuite.evaluation/1`` (DESIGN.md): what the terminal view, the JSON
and the result store are all made from. Scores are kept exact and rounded to the cent only here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.rubric import Rubric
from secsuite.evaluate.scoring import IndicatorScore
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

    @property
    def vetoed(self) -> bool:
        return bool(self.veto)

    @property
    def group(self) -> tuple[str, str]:
        return self.unit.unit_type, self.unit.tier or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.unit, "unit_type": self.unit.unit_type, "tier": self.unit.tier, "rubric": self.rubric.id,
            "vetoed": self.vetoed, "veto_reason": self.veto_reason,
            "base_score": number(self.base), "bonus_score": number(self.bonus), "final_score": number(self.final),
            "rank": self.rank,
            "indicators": [
                {"id": item.indicator.id, "name": item.indicator.name, "points": number(item.indicator.points),
                 "score": number(item.score),
                 "deductions": [{"finding_id": d.finding_id, "rule_id": d.rule_id, "points": number(d.points)}
                                for d in item.deductions]}
                for item in self.indicators
            ],
        }


@dataclass
class Evaluation:
    year: int
    as_of: dt.date
    rubrics: dict[UnitType, Rubric]
    units: list[UnitEvaluation]
    run_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """``rubric`` stays the string DESIGN.md names: the ids of the rubrics used, comma-separated (one
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
