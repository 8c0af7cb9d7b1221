"""The auditor's scores checked against the rubric of each unit: the unit must be on the units list,
the indicator must exist and be scored by hand, the value must be of the right kind and within
the indicator's range, and nothing may be scored twice. Every bad row is reported, each naming
its file, row and field, before any score is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from secsuite.errors import InputError
from secsuite.evaluate.rubric import Indicator, InputSpec, Judged, Rubric
from secsuite.inventory.scores import ScoreRow
from secsuite.inventory.units import Unit, UnitType

# (indicator id, input id, half, method id)
InputKey = tuple[str, str, str | None, str | None]


@dataclass
class Sheet:
    """The values each unit was given, by input, and the auditor's notes by indicator."""

    values: dict[str, dict[InputKey, Decimal]] = field(default_factory=dict)
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def unit_values(self, unit: str) -> dict[InputKey, Decimal]:
        return self.values.get(unit, {})


def _find_indicator(rubric: Rubric, reference: str) -> Indicator | None:
    head = reference.strip().split("/")[0]
    return next((i for i in rubric.indicators if head in (i.id, i.name)), None)


def _unknown(rubric: Rubric, row: ScoreRow) -> InputError:
    indicator = _find_indicator(rubric, row.indicator)
    where = {"row": row.row, "field": "指标 (indicator)"}
    if indicator is not None and not indicator.inputs():
        return InputError(row.source, f"指标「{indicator.name}」由检查结果计算，不能手工评分 "
                                      f"(derived from findings, not scored by hand)", **where,
                          expected=f"a hand-scored indicator of rubric {rubric.id}")
    if indicator is not None:
        names = "、".join(f"{indicator.name}/{spec.name}" for spec in indicator.inputs())
        return InputError(row.source, f"指标「{indicator.name}」有多个评分项，请写明是哪一项 "
                                      f"(name one of the indicator's inputs)", **where, expected=names)
    examples = "、".join(i.name for i in rubric.indicators if i.inputs())
    return InputError(row.source, f"考评细则 {rubric.id} 中没有该指标 (unknown indicator)", **where,
                      expected=f"{examples} (rubrics/{rubric.id}.yaml)")


def _value_error(spec: InputSpec, rubric: Rubric, row: ScoreRow) -> InputError | None:
    """What is wrong with the kind or range of a row's value, or None when it fits."""
    if spec.kind == "count":
        if row.count is None:
            return InputError(row.source, "此项按次数计分，请填写次数而不是得分 (give a count, not a score)",
                              row=row.row, field="次数 (count)", expected="非负整数 (a whole number)")
        return None
    if row.score is None:
        return InputError(row.source, "此项由审核人员打分，请填写得分而不是次数 (give a score, not a count)",
                          row=row.row, field="得分 (score)", expected="数值 (a number)")
    indicator = rubric.indicator(spec.indicator)
    part = next(p for p in indicator.parts if isinstance(p, Judged) and p.id == spec.part)
    top = indicator.judged_max(part)
    if row.score > top:
        return InputError(row.source, f"得分高于「{indicator.name}」的满分 (score above the maximum)",
                          row=row.row, field="得分 (score)", expected=f"{part.min}–{top}")
    if row.score < part.min:
        return InputError(row.source, f"得分低于「{indicator.name}」的最低分 (score below the minimum)",
                          row=row.row, field="得分 (score)", expected=f"{part.min}–{top}")
    if part.values is not None and row.score not in part.values:
        return InputError(row.source, f"「{indicator.name}」只能取规定分值 (not one of the allowed scores)",
                          row=row.row, field="得分 (score)", expected="|".join(str(v) for v in part.values))
    return None


def _period(rubric: Rubric, row: ScoreRow) -> tuple[str | None, str | None]:
    """The (half, method id) of a row; raises InputError when they do not fit the rubric."""
    if rubric.periods is None:
        if row.half or row.method:
            raise InputError(row.source, f"考评细则 {rubric.id} 不分半年和考评方式 (this rubric has no halves or methods)",
                             row=row.row, field="考评期/考评方式 (half/method)", expected="empty")
        return None, None
    if row.half is None:
        raise InputError(row.source, "缺少考评期 (half missing)", row=row.row, field="考评期 (half)",
                         expected="上半年|下半年")
    method = rubric.method(row.method or "")
    if method is None:
        raise InputError(row.source, "考评方式缺失或无法识别 (method missing or unknown)", row=row.row,
                         field="考评方式 (method)", expected="|".join(m.name for m in rubric.periods.methods))
    return row.half, method.id


def build_sheet(rows: Sequence[ScoreRow], units: Mapping[str, Unit], rubrics: Mapping[UnitType, Rubric],
                units_source: str) -> tuple[Sheet, list[InputError]]:
    sheet = Sheet()
    errors: list[InputError] = []
    first_row: dict[tuple[str, InputKey], int] = {}
    for row in rows:
        unit = units.get(row.unit)
        if unit is None:
            errors.append(InputError(row.source, "单位不在单位名单中 (unit not in the units file)", row=row.row,
                                     field="单位名称 (unit)", expected=f"a unit listed in {units_source}"))
            continue
        rubric = rubrics[unit.unit_type]
        spec = rubric.resolve(row.indicator)
        if spec is None:
            errors.append(_unknown(rubric, row))
            continue
        try:
            half, method = _period(rubric, row)
        except InputError as error:
            errors.append(error)
            continue
        problem = _value_error(spec, rubric, row)
        if problem is not None:
            errors.append(problem)
            continue
        key: InputKey = (spec.indicator, spec.id, half, method)
        if (unit.unit, key) in first_row:
            errors.append(InputError(row.source, f"重复评分，首次出现在第{first_row[(unit.unit, key)]}行 (scored twice)",
                                     row=row.row, field="指标 (indicator)", expected="one row per unit and input"))
            continue
        first_row[(unit.unit, key)] = row.row
        value = row.score if spec.kind == "score" else Decimal(row.count or 0)
        sheet.values.setdefault(unit.unit, {})[key] = value
        if row.note:
            sheet.notes.setdefault(unit.unit, {}).setdefault(spec.indicator, []).append(row.note)
    return sheet, errors
