"""Evaluating every unit of a year: pick each unit's rubric by its type, apply the veto, score the
indicators from the auditor's sheet and the findings, combine them (base × weight + capped bonus)
and rank the units within their type and tier.

Indicators that are 不适用 leave the base, which is then rescaled as the rubric's ``not_applicable``
rule says; indicators not assessed contribute nothing and make the unit's result incomplete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from secsuite.errors import ConfigError
from secsuite.evaluate.facts import Evidence, Fact
from secsuite.evaluate.monitoring import MonitoringEvidence, evidence_for
from secsuite.evaluate.ranking import assign_ranks, ranked
from secsuite.evaluate.result import Evaluation, MethodScore, UnitEvaluation
from secsuite.evaluate.rubric import DEFAULT_RUBRICS, FindingsPart, MaxComparison, Rubric, load_rubric
from secsuite.evaluate.scoring import (
    HALVES,
    ZERO,
    IndicatorScore,
    UnitInputs,
    comparison_raw,
    score_indicator,
    score_periodic,
)
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


def chosen_readings(rubrics: Mapping[UnitType, Rubric], choices: Sequence[str]) -> dict[UnitType, Rubric]:
    """The rubrics with the readings chosen on the command line (``ID=OPTION``), each applied to every
    rubric that has that reading; a reading no rubric has, or a malformed choice, is a usage error."""
    wanted: dict[str, str] = {}
    for choice in choices:
        reading_id, sep, option = choice.partition("=")
        if not sep or not reading_id.strip() or not option.strip():
            raise ConfigError(f"--reading {choice!r}: expected ID=OPTION, e.g. security_deduction=once")
        wanted[reading_id.strip()] = option.strip()
    known = {reading.id for rubric in rubrics.values() for reading in rubric.readings}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise ConfigError(f"--reading: no rubric in use has the reading {', '.join(unknown)} "
                          f"(readings: {', '.join(sorted(known)) or 'none'})")
    switched: dict[str, Rubric] = {}
    for rubric in rubrics.values():
        mine = {k: v for k, v in wanted.items() if k in {r.id for r in rubric.readings}}
        switched.setdefault(rubric.id, rubric.with_readings(mine) if mine else rubric)
    return {unit_type: switched[rubric.id] for unit_type, rubric in rubrics.items()}


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


def _score_unit(unit: Unit, rubric: Rubric, sheet: Sheet, facts: Sequence[Fact], evidence: Evidence,
                comparison: Mapping[ComparisonKey, Decimal], lang: Lang) -> list[IndicatorScore]:
    inputs = UnitInputs.of(sheet, unit.unit)
    if rubric.periods is not None:
        return [score_periodic(indicator, rubric.periods, inputs) for indicator in rubric.indicators]
    own = [fact for fact in facts if fact.unit == unit.unit]

    def assessed(part: FindingsPart) -> bool:
        """Checked for the unit: its input was read this year, or a finding of the part proves it."""
        return evidence.covers(part.assessed_by, unit.unit) or any(fact.rule_id in part.rules for fact in own)

    return [
        score_indicator(indicator, inputs, own,
                        {part: value for (rid, iid, part), value in comparison.items()
                         if rid == rubric.id and iid == indicator.id}, assessed, lang)
        for indicator in rubric.indicators
    ]


def _methods(rubric: Rubric, sheet: Sheet, unit: str) -> list[MethodScore]:
    """The unit-level methods of a half-yearly rubric: one score per half, weighted, mean of halves."""
    if rubric.periods is None:
        return []
    given = sheet.unit_method_scores(unit)
    return [MethodScore(method, {half: given.get((half, method.id)) for half in HALVES})
            for method in rubric.periods.methods if method.unit_level]


def _monitoring(rubric: Rubric, unit: str, evidence: Evidence, year: int,
                as_of: dt.date) -> MonitoringEvidence | None:
    """日常监测's record for the unit, where the rubric scores a method by it."""
    method = rubric.monitoring_method
    if method is None:
        return None
    return evidence_for(method.name, evidence.monitoring.get(unit, ()), year, as_of)


def _base(rubric: Rubric, scores: Sequence[IndicatorScore], bonus_ids: set[str]) -> Decimal:
    """The base indicators' sum, rescaled over the applicable ones when some are 不适用."""
    base = [s for s in scores if s.indicator.id not in bonus_ids]
    total = sum((s.score or ZERO for s in base), ZERO)
    applicable = sum((s.indicator.points for s in base if s.status != "not_applicable"), ZERO)
    if rubric.not_applicable.rescale == "base" and applicable and applicable != rubric.indicator_points:
        total = total * rubric.indicator_points / applicable
    return total


def reading_settings(rubrics: Mapping[UnitType, Rubric],
                     overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The value in force of every rule setting a reading rests on: the rule's default, or the
    config file's (``rules:``) value."""
    from secsuite.checks.registry import load_registry

    registry, values = load_registry(), {}
    for rubric in rubrics.values():
        for name in (setting for reading in rubric.readings for setting in reading.settings):
            rule_id, _, param = name.partition(".")
            try:
                default = registry.get(rule_id).default_params()[param]
            except KeyError:
                raise ConfigError(f"rubric {rubric.id}: reading setting {name} names no rule setting") from None
            values[name] = (overrides or {}).get(rule_id, {}).get(param, default)
    return values


def evaluate(year: int, as_of: dt.date, units: Sequence[Unit], rubrics: Mapping[UnitType, Rubric], sheet: Sheet,
             facts: Sequence[Fact], lang: Lang = "zh", evidence: Evidence | None = None,
             overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Evaluation:
    """``evidence`` says which inputs were checked (without it, only a unit's own findings show that a
    derived indicator was assessed); ``overrides`` are the config file's rule settings, reported beside
    the readings that rest on them."""
    evidence = evidence or Evidence()
    settings = reading_settings(rubrics, overrides)
    vetoes = {unit.unit: veto_facts(unit.unit, rubrics[unit.unit_type], facts) for unit in units}
    comparisons = _comparisons(units, rubrics, sheet, {name for name, found in vetoes.items() if found})
    evaluations: list[UnitEvaluation] = []
    for unit in units:
        rubric = rubrics[unit.unit_type]
        veto = vetoes[unit.unit]
        notes = sheet.notes.get(unit.unit, {})
        if veto:
            unscored = ("一票否决，不再对其他指标进行评分" if lang == "zh" else "vetoed: no indicator is scored",)
            evaluations.append(UnitEvaluation(unit, rubric, veto, veto_reason(veto, lang),
                                              [IndicatorScore(indicator, None, status="not_assessed", not_assessed=unscored)
                                               for indicator in rubric.indicators],
                                              None, None, None, notes, lang=lang, settings=settings))
            continue
        scores = _score_unit(unit, rubric, sheet, facts, evidence, comparisons.get(unit.unit, {}), lang)
        methods = _methods(rubric, sheet, unit.unit)
        bonus_ids = {indicator.id for group in rubric.groups if group.bonus for indicator in group.indicators}
        base = _base(rubric, scores, bonus_ids) + sum((m.contribution for m in methods), ZERO)
        bonus = min(sum((s.score or ZERO for s in scores if s.indicator.id in bonus_ids), ZERO), rubric.bonus_cap)
        final = base * rubric.base_weight + bonus
        evaluations.append(UnitEvaluation(unit, rubric, [], None, scores, base, bonus, final, notes,
                                          methods=methods, lang=lang, settings=settings,
                                          monitoring=_monitoring(rubric, unit.unit, evidence, year, as_of)))
    assign_ranks(evaluations)
    ordered = [evaluation for _, members in ranked(evaluations) for evaluation in members]
    return Evaluation(year=year, as_of=as_of, rubrics=dict(rubrics), units=ordered)
