"""The auditor's scores checked against the rubric of each unit.

Evaluation committees work at indicator level, so a row may give:
- an indicator's whole score (``数据汇聚治理``, 得分 24), within 0 and its points;
- an item of an indicator (``数据汇聚治理/综合评定``); a count item takes a count (次数) or, written in
  the 得分 column, the points it contributes (negative for a deduction);
- a derived indicator scored by hand (``安全防护``, an expert panel's judgement): it needs a note
  saying why, and the evaluation warns where it differs from the findings (a mixed indicator's
  whole score stands for its hand-scored parts, and its findings still deduct);
- 不适用 for an indicator;
- a method scored for the unit as a whole (包头's 民意调查 and 第三方评估), with no indicator.

The unit must be on the units list, nothing may be given twice, and every bad row is reported,
each naming its file, row and column, before any score is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from secsuite.errors import InputError
from secsuite.evaluate.rubric import REFERENCE_SEPARATORS, Count, Indicator, InputSpec, Judged, Rubric
from secsuite.inventory.scores import ScoreRow
from secsuite.inventory.units import Unit, UnitType

# (indicator id, input id, half, method id)
InputKey = tuple[str, str, str | None, str | None]
# (indicator id, half, method id)
IndicatorKey = tuple[str, str | None, str | None]
ZERO = Decimal(0)


@dataclass
class Sheet:
    """What each unit was given: item inputs, whole-indicator scores, 不适用 marks, unit-level method
    scores, and the auditor's notes by indicator."""

    values: dict[str, dict[InputKey, Decimal]] = field(default_factory=dict)
    scored_counts: dict[str, set[InputKey]] = field(default_factory=dict)  # count items given as points
    indicator_scores: dict[str, dict[IndicatorKey, Decimal]] = field(default_factory=dict)
    not_applicable: dict[str, set[str]] = field(default_factory=dict)
    unit_methods: dict[str, dict[tuple[str, str], Decimal]] = field(default_factory=dict)
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def unit_values(self, unit: str) -> dict[InputKey, Decimal]:
        return self.values.get(unit, {})

    def unit_scored_counts(self, unit: str) -> set[InputKey]:
        return self.scored_counts.get(unit, set())

    def unit_indicator_scores(self, unit: str) -> dict[IndicatorKey, Decimal]:
        return self.indicator_scores.get(unit, {})

    def unit_not_applicable(self, unit: str) -> set[str]:
        return self.not_applicable.get(unit, set())

    def unit_method_scores(self, unit: str) -> dict[tuple[str, str], Decimal]:
        return self.unit_methods.get(unit, {})


INDICATOR = "指标 (indicator)"
SCORE = "得分 (score)"
COUNT = "次数 (count)"
NOTE = "备注 (note)"


def _error(row: ScoreRow, message: str, field_name: str, expected: str) -> InputError:
    return InputError(row.source, message, row=row.row, field=field_name, expected=expected)


def _names_indicator_only(reference: str) -> bool:
    return "/" not in REFERENCE_SEPARATORS.sub("/", reference.strip())


def _unknown(rubric: Rubric, row: ScoreRow, indicator: Indicator | None) -> InputError:
    if indicator is not None:
        names = "、".join(f"{indicator.name}/{spec.name}" for spec in indicator.inputs()) or indicator.name
        return _error(row, f"指标「{indicator.name}」没有该评分项 (no such item)", INDICATOR, names)
    examples = "、".join(i.name for i in rubric.indicators)
    return _error(row, f"考评细则 {rubric.id} 中没有该指标 (unknown indicator)", INDICATOR,
                  f"{examples} (rubrics/{rubric.id}.yaml)")


def _range_error(row: ScoreRow, what: str, low: Decimal, high: Decimal, value: Decimal) -> InputError | None:
    if value > high:
        return _error(row, f"得分高于「{what}」的满分 (score above the maximum)", SCORE, f"{low}–{high}")
    if value < low:
        return _error(row, f"得分低于「{what}」的最低分 (score below the minimum)", SCORE, f"{low}–{high}")
    return None


def _judged_error(spec: InputSpec, rubric: Rubric, row: ScoreRow) -> InputError | None:
    indicator = rubric.indicator(spec.indicator)
    part = next(p for p in indicator.parts if isinstance(p, Judged) and p.id == spec.part)
    if row.score is None:
        return _error(row, "此项由审核人员打分，请填写得分而不是次数 (give a score, not a count)", SCORE,
                      "数值 (a number)")
    top = indicator.judged_max(part)
    problem = _range_error(row, indicator.name, part.min, top, row.score)
    if problem is None and part.values is not None and row.score not in part.values:
        return _error(row, f"「{indicator.name}」只能取规定分值 (not one of the allowed scores)", SCORE,
                      "|".join(str(v) for v in part.values))
    return problem


def count_item_range(indicator: Indicator, part: Count) -> tuple[Decimal, Decimal]:
    """The points a count item may contribute when given as a score: down to −cap (or −points) for a
    deduction, up to cap (or points) otherwise."""
    top = part.cap if part.cap is not None else indicator.points
    return (-top, ZERO) if part.per < 0 else (ZERO, top)


def _count_error(spec: InputSpec, rubric: Rubric, row: ScoreRow) -> InputError | None:
    indicator = rubric.indicator(spec.indicator)
    part = next((p for p in indicator.parts if isinstance(p, Count) and p.id == spec.part), None)
    if row.count is not None or row.score is None:
        return None
    if part is None:  # an input of the maximum comparison: the scaling needs counts
        return _error(row, "最大值比较法按次数计算，请填写次数 (give a count for the maximum comparison)", COUNT,
                      "非负整数 (a whole number)")
    low, high = count_item_range(indicator, part)
    problem = _range_error(row, f"{indicator.name}/{part.name}", low, high, row.score)
    if problem is not None and part.per < 0:
        problem.expected = f"{low}–0（扣分项填负数，或在“次数”列填次数）"
    return problem


def _indicator_score_error(indicator: Indicator, row: ScoreRow) -> InputError | None:
    if row.score is None:
        return _error(row, f"指标「{indicator.name}」有多个评分项，请写明是哪一项，或填写整项得分 "
                           f"(name one of the indicator's items, or give its whole score)", INDICATOR,
                      "、".join(f"{indicator.name}/{spec.name}" for spec in indicator.inputs()) or indicator.name)
    problem = _range_error(row, indicator.name, ZERO, indicator.points, row.score)
    if problem is None and indicator.source == "derived" and not row.note:
        return _error(row, f"指标「{indicator.name}」由检查结果计算，手工评分须在备注中说明依据 "
                           f"(a derived indicator scored by hand needs a note saying why)", NOTE,
                      "评审意见，如 专家组评定 (the panel's reason)")
    return problem


def _period(rubric: Rubric, row: ScoreRow) -> tuple[str | None, str | None]:
    """The (half, method id) of a row; raises InputError when they do not fit the rubric."""
    if rubric.periods is None:
        if row.half or row.method:
            raise _error(row, f"考评细则 {rubric.id} 不分半年和考评方式 (this rubric has no halves or methods)",
                         "考评期/考评方式 (half/method)", "empty")
        return None, None
    if row.half is None:
        raise _error(row, "缺少考评期 (half missing)", "考评期 (half)", "上半年|下半年")
    method = rubric.method(row.method or "")
    if method is None:
        raise _error(row, "考评方式缺失或无法识别 (method missing or unknown)", "考评方式 (method)",
                     "|".join(m.name for m in rubric.periods.methods))
    return row.half, method.id


class _Builder:
    def __init__(self, units: Mapping[str, Unit], rubrics: Mapping[UnitType, Rubric], units_source: str):
        self.units, self.rubrics, self.units_source = units, rubrics, units_source
        self.sheet = Sheet()
        self.errors: list[InputError] = []
        self.first_row: dict[tuple[str, object], int] = {}

    def once(self, row: ScoreRow, key: object) -> bool:
        """Whether ``key`` of the row's unit is given for the first time (else an error is kept)."""
        first = self.first_row.setdefault((row.unit, key), row.row)
        if first != row.row:
            self.errors.append(_error(row, f"重复评分，首次出现在第{first}行 (scored twice)", INDICATOR,
                                      "one row per unit and input"))
            return False
        return True

    def add(self, row: ScoreRow) -> None:
        unit = self.units.get(row.unit)
        if unit is None:
            self.errors.append(_error(row, "单位不在单位名单中 (unit not in the units file)", "单位名称 (unit)",
                                      f"a unit listed in {self.units_source}"))
            return
        rubric = self.rubrics[unit.unit_type]
        method = rubric.method(row.method or "") if rubric.periods is not None else None
        if method is not None and method.unit_level:
            self._unit_method(rubric, row, row.half, method.id)
        elif row.indicator is None:
            self.errors.append(_error(row, "缺少指标 (indicator missing)", INDICATOR,
                                      "指标 id 或名称 (an indicator id or name)"))
        else:
            self._indicator_row(rubric, row)

    def _unit_method(self, rubric: Rubric, row: ScoreRow, half: str | None, method: str) -> None:
        if half is None:
            self.errors.append(_error(row, "缺少考评期 (half missing)", "考评期 (half)", "上半年|下半年"))
            return
        if row.indicator:
            self.errors.append(_error(row, f"「{row.method}」按单位整体评分，指标留空 (scored for the whole unit: "
                                           f"leave the indicator empty)", INDICATOR, "empty"))
            return
        if row.score is None:
            self.errors.append(_error(row, "请填写得分 (give a score)", SCORE, f"0–{rubric.base_points}"))
            return
        problem = _range_error(row, str(row.method), ZERO, rubric.base_points, row.score)
        if problem is not None:
            self.errors.append(problem)
        elif self.once(row, ("method", half, method)):
            self.sheet.unit_methods.setdefault(row.unit, {})[(half, method)] = row.score

    def _indicator_row(self, rubric: Rubric, row: ScoreRow) -> None:
        reference = str(row.indicator)
        indicator = rubric.find_indicator(reference)
        spec = rubric.resolve(reference)
        if indicator is None or (spec is None and not _names_indicator_only(reference)):
            self.errors.append(_unknown(rubric, row, indicator))
            return
        try:
            half, method = _period(rubric, row)
        except InputError as error:
            self.errors.append(error)
            return
        if row.not_applicable:
            if not _names_indicator_only(reference):
                self.errors.append(_error(row, "不适用按整个指标标注 (mark the whole indicator not applicable)",
                                          INDICATOR, indicator.name))
            elif self.once(row, ("indicator", indicator.id, half, method)):
                self.sheet.not_applicable.setdefault(row.unit, set()).add(indicator.id)
                self._note(row, indicator.id)
            return
        whole = _names_indicator_only(reference) and (
            spec is None or (spec.kind == "count" and row.count is None and row.score is not None))
        if whole:
            problem = _indicator_score_error(indicator, row)
            if problem is None and self.once(row, ("indicator", indicator.id, half, method)):
                self.sheet.indicator_scores.setdefault(row.unit, {})[(indicator.id, half, method)] = \
                    row.score  # type: ignore[assignment]
                self._note(row, indicator.id)
            elif problem is not None:
                self.errors.append(problem)
            return
        assert spec is not None
        problem = _judged_error(spec, rubric, row) if spec.kind == "score" else _count_error(spec, rubric, row)
        if problem is not None:
            self.errors.append(problem)
            return
        key: InputKey = (spec.indicator, spec.id, half, method)
        if not self.once(row, key):
            return
        if spec.kind == "count" and row.count is None:
            self.sheet.scored_counts.setdefault(row.unit, set()).add(key)
            value = row.score
        else:
            value = row.score if spec.kind == "score" else Decimal(row.count or 0)
        self.sheet.values.setdefault(row.unit, {})[key] = value  # type: ignore[assignment]
        self._note(row, spec.indicator)

    def _note(self, row: ScoreRow, indicator_id: str) -> None:
        if row.note:
            self.sheet.notes.setdefault(row.unit, {}).setdefault(indicator_id, []).append(row.note)

    def check_not_applicable(self, rows: Sequence[ScoreRow]) -> None:
        """An indicator marked 不适用 cannot also be scored."""
        for row in rows:
            unit = self.units.get(row.unit)
            if unit is None or row.not_applicable or row.indicator is None:
                continue
            indicator = self.rubrics[unit.unit_type].find_indicator(row.indicator)
            if indicator is not None and indicator.id in self.sheet.unit_not_applicable(row.unit):
                self.errors.append(_error(row, f"指标「{indicator.name}」已标注不适用，不能再评分 "
                                               f"(marked not applicable, so it takes no score)", INDICATOR,
                                          "不适用 or scores, not both"))


def build_sheet(rows: Sequence[ScoreRow], units: Mapping[str, Unit], rubrics: Mapping[UnitType, Rubric],
                units_source: str) -> tuple[Sheet, list[InputError]]:
    builder = _Builder(units, rubrics, units_source)
    for row in rows:
        builder.add(row)
    builder.check_not_applicable(rows)
    return builder.sheet, builder.errors
