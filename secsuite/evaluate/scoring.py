"""The arithmetic of one indicator, exact (Decimal) so that hand-computed scores match to the cent.

The parts the auditor fills in (judged scores, counts, the maximum comparison) are added to the
indicator's ``start`` and kept within 0 and its points; deductions from findings then apply one by
one, never below 0. Each deduction records the points it actually took, so the deductions of an
indicator always add up to what it lost, and a finding met after the floor shows 0.

Every indicator ends with a status:
- ``scored``: from the sheet and the findings;
- ``not_assessed``: derived from findings, but no check of its input (the unit's systems, an
  incident register) ran for the unit — it contributes nothing rather than a silent full mark;
- ``manual``: derived, but scored by hand (an expert panel's judgement), with a warning where the
  findings give another score (a whole score of a mixed indicator stands for its hand-scored parts:
  its findings parts still deduct);
- ``not_applicable``: 不适用 on the sheet.
A whole-indicator score and item inputs for the same indicator: the items win, and a note says so.

A half-yearly rubric scores each half as the weighted sum of its methods, the year as the mean of
the two halves; methods scored for the unit as a whole are added by the engine, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.rubric import Count, FindingsPart, Indicator, Judged, MaxComparison, Periods
from secsuite.evaluate.sheet import IndicatorKey, InputKey, Sheet
from secsuite.i18n import Lang

ZERO = Decimal(0)
HALVES = ("H1", "H2")
HALF_NAMES = {"H1": "上半年", "H2": "下半年"}
Status = Literal["scored", "not_assessed", "manual", "not_applicable"]


@dataclass(frozen=True)
class Deduction:
    finding_id: str
    rule_id: str
    object_id: str
    points: Decimal
    message: str
    cited: tuple[str, ...] = ()  # finding ids shown as the deduction's evidence, not deducted


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    score: Decimal | None  # None when vetoed, not assessed or not applicable
    deductions: tuple[Deduction, ...] = ()
    missing: tuple[str, ...] = ()  # judged inputs nobody scored, counted as 0
    status: Status = "scored"
    not_assessed: tuple[str, ...] = ()  # why (parts of) the indicator could not be assessed
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitInputs:
    """One unit's share of the sheet."""

    values: Mapping[InputKey, Decimal] = field(default_factory=dict)
    scored_counts: frozenset[InputKey] = frozenset()
    indicator_scores: Mapping[IndicatorKey, Decimal] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()

    @classmethod
    def of(cls, sheet: Sheet, unit: str) -> UnitInputs:
        return cls(sheet.unit_values(unit), frozenset(sheet.unit_scored_counts(unit)),
                   sheet.unit_indicator_scores(unit), frozenset(sheet.unit_not_applicable(unit)))

    def has_items(self, indicator_id: str, period: tuple[str | None, str | None] = (None, None)) -> bool:
        return any(key[0] == indicator_id and key[2:] == period for key in self.values)


Assessed = Callable[[FindingsPart], bool]
SOURCE_NAMES = {"systems": ("信息系统台账检查（secsuite check）", "a check of its systems inventory (secsuite check)"),
                "incidents": ("安全事件台账评估（secsuite incidents 或 --incidents）",
                              "an incident register (secsuite incidents or --incidents)")}


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def count_points(part: Count, count: Decimal) -> Decimal:
    points = part.per * count
    return points if part.cap is None else clamp(points, -part.cap, part.cap)


def comparison_raw(part: MaxComparison, indicator_id: str, values: Mapping[InputKey, Decimal]) -> Decimal:
    """A unit's raw points for 最大值比较法, before scaling against the best unit."""
    return sum((item.per * values.get((indicator_id, item.id, None, None), ZERO) for item in part.inputs), ZERO)


def finding_deductions(part: FindingsPart, facts: Sequence[Fact]) -> list[tuple[Fact, Decimal]]:
    """The nominal deduction of each relevant finding: one per object for ``per_object`` (the first
    finding by the part's rule order names it), one in all for ``once``, one per finding for
    ``by_severity``."""
    relevant = sorted((fact for fact in facts if fact.rule_id in part.rules),
                      key=lambda fact: (part.rules.index(fact.rule_id), fact.object_id, fact.finding_id))
    if part.once is not None:
        return [(relevant[0], part.once)] if relevant else []
    if part.per_object is not None:
        first: dict[tuple[str, str], Fact] = {}
        for fact in relevant:
            first.setdefault((fact.object_kind, fact.object_id), fact)
        return [(fact, part.per_object) for fact in first.values()]
    severity_points = part.by_severity or {}
    return [(fact, severity_points[fact.severity]) for fact in relevant if severity_points.get(fact.severity)]


def _manual(indicator: Indicator, inputs: UnitInputs, comparison: Mapping[str, Decimal],
            period: tuple[str | None, str | None]) -> tuple[Decimal, list[str]]:
    total, missing = indicator.start, []
    for part in indicator.parts:
        key = (indicator.id, part.id, *period)
        if isinstance(part, Judged):
            if key not in inputs.values:
                missing.append(part.name)
            total += inputs.values.get(key, ZERO)
        elif isinstance(part, Count):
            value = inputs.values.get(key, ZERO)
            total += value if key in inputs.scored_counts else count_points(part, value)
        elif isinstance(part, MaxComparison):
            total += comparison.get(part.id, ZERO)
    return clamp(total, ZERO, indicator.points), missing


def _deduct(indicator: Indicator, score: Decimal, facts: Sequence[Fact],
            parts: Sequence[FindingsPart]) -> tuple[Decimal, list[Deduction]]:
    deductions: list[Deduction] = []
    for part in parts:
        cited = tuple(fact.finding_id for fact in facts if fact.rule_id in part.cites)
        for fact, nominal in finding_deductions(part, facts):
            taken = max(nominal, -score)
            score += taken
            deductions.append(Deduction(fact.finding_id, fact.rule_id, fact.object_id, taken, fact.message, cited))
    return score, deductions


def _why_not(part: FindingsPart, lang: Lang) -> str:
    zh, en = SOURCE_NAMES[part.assessed_by]
    return f"{part.name}：本年度没有该单位的{zh}" if lang == "zh" else f"{part.name}: no {en} for the unit this year"


def score_indicator(indicator: Indicator, inputs: UnitInputs, facts: Sequence[Fact], comparison: Mapping[str, Decimal],
                    assessed: Assessed, lang: Lang = "zh") -> IndicatorScore:
    """One indicator of a once-a-year rubric; ``comparison`` holds the scaled maximum-comparison
    points by part id, ``assessed`` says whether a findings part's input was checked for the unit."""
    if indicator.id in inputs.not_applicable:
        return IndicatorScore(indicator, None, status="not_applicable")
    derived = [part for part in indicator.parts if isinstance(part, FindingsPart)]
    unassessed = [part for part in derived if not assessed(part)]
    hand = inputs.indicator_scores.get((indicator.id, None, None))
    items = inputs.has_items(indicator.id)
    if hand is not None and not items:
        return _hand_scored(indicator, hand, facts, derived, unassessed, lang)
    notes = (("同时填写了整项得分和评分项，按评分项计分" if lang == "zh"
              else "both a whole score and items were given: the items are used"),) if hand is not None else ()
    reasons = tuple(_why_not(part, lang) for part in unassessed)
    if derived and len(unassessed) == len(derived) and indicator.source == "derived":
        return IndicatorScore(indicator, None, status="not_assessed", not_assessed=reasons, notes=notes)
    score, missing = _manual(indicator, inputs, comparison, (None, None))
    score, deductions = _deduct(indicator, score, facts, [part for part in derived if part not in unassessed])
    return IndicatorScore(indicator, score, tuple(deductions), tuple(missing), "scored", reasons, notes)


def _hand_scored(indicator: Indicator, hand: Decimal, facts: Sequence[Fact], derived: list[FindingsPart],
                 unassessed: list[FindingsPart], lang: Lang) -> IndicatorScore:
    """A whole-indicator score. For a hand-scored indicator it stands for the auditor's parts, and
    the findings parts of a mixed one (数据共享开放's leaks) still deduct from it; for an indicator the
    findings give, it is an override: ``manual``, with a warning where the findings give another score."""
    reasons = tuple(_why_not(part, lang) for part in unassessed)
    assessed = [part for part in derived if part not in unassessed]
    if indicator.source != "derived":
        score, deductions = _deduct(indicator, hand, facts, assessed)
        return IndicatorScore(indicator, score, tuple(deductions), status="scored", not_assessed=reasons)
    warnings: list[str] = []
    if not unassessed:
        found, deductions = _deduct(indicator, clamp(indicator.start, ZERO, indicator.points), facts, derived)
        if found != hand:
            warnings.append(f"手工评分 {hand:g} 与检查结果计算的 {found:g} 分不同（{len(deductions)} 条扣分）" if lang == "zh"
                            else f"the hand score {hand:g} differs from the {found:g} the findings give "
                                 f"({len(deductions)} deductions)")
    return IndicatorScore(indicator, hand, status="manual", warnings=tuple(warnings))


def score_periodic(indicator: Indicator, periods: Periods, inputs: UnitInputs) -> IndicatorScore:
    """One indicator of a half-yearly rubric: mean over the halves of the weighted scores of the
    methods that score indicators (unit-level methods are the engine's)."""
    if indicator.id in inputs.not_applicable:
        return IndicatorScore(indicator, None, status="not_applicable")
    halves: list[Decimal] = []
    missing: list[str] = []
    for half in HALVES:
        total = ZERO
        for method in periods.methods:
            if method.unit_level:
                continue
            hand = inputs.indicator_scores.get((indicator.id, half, method.id))
            if hand is not None and not inputs.has_items(indicator.id, (half, method.id)):
                score, absent = hand, []
            else:
                score, absent = _manual(indicator, inputs, {}, (half, method.id))
            total += method.weight * score
            missing += [f"{name}（{HALF_NAMES[half]}·{method.name}）" for name in absent]
        halves.append(total)
    return IndicatorScore(indicator, sum(halves, ZERO) / len(HALVES), (), tuple(missing))
