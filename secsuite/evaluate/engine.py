"""Evaluating every unit of a year: pick each unit's rubric by its type, apply the veto, score the
indicators from the auditor's sheet and the findings, combine them (base × weight + capped bonus)
and rank the units within their type and tier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from secsuite.errors import ConfigError
from secsuite.evaluate.facts import Fact
from secsuite.evaluate.ranking import assign_ranks, ranked
from secsuite.evaluate.result import Evaluation, UnitEvaluation
from secsuite.evaluate.rubric import DEFAULT_RUBRICS, MaxComparison, Rubric, load_rubric
from secsuite.evaluate.scoring import ZERO, IndicatorScore, comparison_raw, score_indicator, score_periodic
from secsuite.evaluate.sheet import Sheet
from secsuite.evaluate.veto import veto_facts, veto_reason
from secsuite.i18n import Lang
from secsuite.inventory.units import Unit, UnitType

ComparisonKey = tuple[str, str, str]  # rubric id, indicator id, part id


def rubrics_for(units: Sequence[Unit], refs: Sequence[str]) -> dict[UnitType, Rubric]:
    """The rubric of each unit type present: the given rubrics (ids or files), else the two of
    宿迁; two rubrics for one type, or a type with none, is a usage error."""
    chosen: dict[UnitType, Rubric] = {}
    for ref in refs or DEFAULT_RUBRICS:
        rubric = load_rubric(ref)
        for unit_type in rubric.unit_types:
            if unit_type in chosen:
                raise ConfigError(f"rubrics {chosen[unit_type].id} and {rubric.id} both apply to unit type {unit_type}")
            chosen[unit_type] = rubric
    uncovered = sorted({unit.unit_type for unit in units} - set(chosen))
    if uncovered:
        raise ConfigError(f"no rubric for unit type {', '.join(uncovered)}; give one with --rubric")
    return chosen


def _comparisons(units: Sequence[Unit], rubrics: Mapping[UnitType, Rubric], sheet: Sheet,
                 vetoed: set[str]) -> dict[str, dict[ComparisonKey, Decimal]]:
    """最大值比较法: each unit's raw points over the best raw points of the non-vetoed units of the
    same rubric, times the indicator's points (0 for everyone when nobody scored)."""
    raw: dict[str, dict[ComparisonKey, Decimal]] = {}
    best: dict[ComparisonKey, Decimal] = {}
    points: dict[ComparisonKey, Decimal] = {}
    for unit in units:
        rubric = rubrics[unit.unit_type]
        for indicator in rubric.indicators:
            for part in indicator.parts:
                if isinstance(part, MaxComparison) and unit.unit not in vetoed:
                    key = (rubric.id, indicator.id, part.id)
                    value = comparison_raw(part, indicator.id, sheet.unit_values(unit.unit))
                    raw.setdefault(unit.unit, {})[key] = value
                    best[key] = max(best.get(key, ZERO), value)
                    points[key] = indicator.points
    return {
        unit: {key: value / best[key] * points[key] if best[key] else ZERO for key, value in values.items()}
        for unit, values in raw.items()
    }


def _score_unit(unit: Unit, rubric: Rubric, sheet: Sheet, facts: Sequence[Fact],
                comparison: Mapping[ComparisonKey, Decimal]) -> list[IndicatorScore]:
    values = sheet.unit_values(unit.unit)
    if rubric.periods is not None:
        return [score_periodic(indicator, rubric.periods, values) for indicator in rubric.indicators]
    own = [fact for fact in facts if fact.unit == unit.unit]
    return [
        score_indicator(indicator, values, own,
                        {part: value for (rid, iid, part), value in comparison.items()
                         if rid == rubric.id and iid == indicator.id})
        for indicator in rubric.indicators
    ]


def evaluate(year: int, as_of: dt.date, units: Sequence[Unit], rubrics: Mapping[UnitType, Rubric], sheet: Sheet,
             facts: Sequence[Fact], lang: Lang = "zh") -> Evaluation:
    vetoes = {unit.unit: veto_facts(unit.unit, rubrics[unit.unit_type], facts) for unit in units}
    comparisons = _comparisons(units, rubrics, sheet, {name for name, found in vetoes.items() if found})
    evaluations: list[UnitEvaluation] = []
    for unit in units:
        rubric = rubrics[unit.unit_type]
        veto = vetoes[unit.unit]
        notes = sheet.notes.get(unit.unit, {})
        if veto:
            evaluations.append(UnitEvaluation(unit, rubric, veto, veto_reason(veto, lang),
                                              [IndicatorScore(indicator, None) for indicator in rubric.indicators],
                                              None, None, None, notes))
            continue
        scores = _score_unit(unit, rubric, sheet, facts, comparisons.get(unit.unit, {}))
        bonus_ids = {indicator.id for group in rubric.groups if group.bonus for indicator in group.indicators}
        base = sum((s.score or ZERO for s in scores if s.indicator.id not in bonus_ids), ZERO)
        bonus = min(sum((s.score or ZERO for s in scores if s.indicator.id in bonus_ids), ZERO), rubric.bonus_cap)
        final = base * rubric.base_weight + bonus
        evaluations.append(UnitEvaluation(unit, rubric, [], None, scores, base, bonus, final, notes))
    assign_ranks(evaluations)
    ordered = [evaluation for _, members in ranked(evaluations) for evaluation in members]
    return Evaluation(year=year, as_of=as_of, rubrics=dict(rubrics), units=ordered)
