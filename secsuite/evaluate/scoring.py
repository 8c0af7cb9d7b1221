"""The arithmetic of one indicator, exact (Decimal) so that hand-computed scores match to the cent.

The parts the auditor fills in (judged scores, counts, the maximum comparison) are added to the
indicator's ``start`` and kept within 0 and its points; deductions from findings then apply one by
one, never below 0. Each deduction records the points it actually took, so the deductions of an
indicator always add up to what it lost, and a finding met after the floor shows 0.

A half-yearly rubric scores each half as the weighted sum of its methods, the year as the mean of
the two halves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.rubric import Count, FindingsPart, Indicator, Judged, MaxComparison, Periods
from secsuite.evaluate.sheet import InputKey

ZERO = Decimal(0)
HALVES = ("H1", "H2")
HALF_NAMES = {"H1": "上半年", "H2": "下半年"}


@dataclass(frozen=True)
class Deduction:
    finding_id: str
    rule_id: str
    object_id: str
    points: Decimal
    message: str


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    score: Decimal | None  # None when the unit is vetoed
    deductions: tuple[Deduction, ...] = ()
    missing: tuple[str, ...] = ()  # judged inputs nobody scored, counted as 0


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
    finding by the part's rule order names it), one per finding for ``by_severity``."""
    relevant = sorted((fact for fact in facts if fact.rule_id in part.rules),
                      key=lambda fact: (part.rules.index(fact.rule_id), fact.object_id, fact.finding_id))
    if part.per_object is not None:
        first: dict[tuple[str, str], Fact] = {}
        for fact in relevant:
            first.setdefault((fact.object_kind, fact.object_id), fact)
        return [(fact, part.per_object) for fact in first.values()]
    severity_points = part.by_severity or {}
    return [(fact, severity_points[fact.severity]) for fact in relevant if severity_points.get(fact.severity)]


def _manual(indicator: Indicator, values: Mapping[InputKey, Decimal], comparison: Mapping[str, Decimal],
            period: tuple[str | None, str | None]) -> tuple[Decimal, list[str]]:
    total, missing = indicator.start, []
    for part in indicator.parts:
        if isinstance(part, Judged):
            key = (indicator.id, part.id, *period)
            if key not in values:
                missing.append(part.name)
            total += values.get(key, ZERO)
        elif isinstance(part, Count):
            total += count_points(part, values.get((indicator.id, part.id, *period), ZERO))
        elif isinstance(part, MaxComparison):
            total += comparison.get(part.id, ZERO)
    return clamp(total, ZERO, indicator.points), missing


def score_indicator(indicator: Indicator, values: Mapping[InputKey, Decimal], facts: Sequence[Fact],
                    comparison: Mapping[str, Decimal]) -> IndicatorScore:
    """One indicator of a once-a-year rubric; ``comparison`` holds the scaled maximum-comparison
    points by part id."""
    score, missing = _manual(indicator, values, comparison, (None, None))
    deductions: list[Deduction] = []
    for part in indicator.parts:
        if not isinstance(part, FindingsPart):
            continue
        for fact, nominal in finding_deductions(part, facts):
            taken = max(nominal, -score)
            score += taken
            deductions.append(Deduction(fact.finding_id, fact.rule_id, fact.object_id, taken, fact.message))
    return IndicatorScore(indicator, score, tuple(deductions), tuple(missing))


def score_periodic(indicator: Indicator, periods: Periods, values: Mapping[InputKey, Decimal]) -> IndicatorScore:
    """One indicator of a half-yearly rubric: mean over the halves of the method-weighted scores."""
    halves: list[Decimal] = []
    missing: list[str] = []
    for half in HALVES:
        total = ZERO
        for method in periods.methods:
            score, absent = _manual(indicator, values, {}, (half, method.id))
            total += method.weight * score
            missing += [f"{name}（{HALF_NAMES[half]}·{method.name}）" for name in absent]
        halves.append(total)
    return IndicatorScore(indicator, sum(halves, ZERO) / len(HALVES), (), tuple(missing))
