"""The score sheet an evaluator fills in (``secsuite template scores``): for every unit, every
indicator of its rubric with its points and the rubric's method text, a row for the whole score and
one per item, the ranges each cell takes, and for a half-yearly rubric every half and method. Rows
left blank are not read, so the template reads back through ``secsuite evaluate`` as it is filled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from secsuite.evaluate.rubric import Count, Indicator, InputSpec, Judged, Rubric
from secsuite.evaluate.sheet import count_item_range
from secsuite.i18n import pick
from secsuite.inventory.scores import LABELS
from secsuite.inventory.template import COMMON, YES_NO, Column, Template
from secsuite.inventory.units import Unit, UnitType

ZERO = Decimal(0)
HALVES = ("上半年", "下半年")


def _columns(periodic: bool) -> tuple[Column, ...]:
    columns = [Column("unit", LABELS["unit"], "单位名单中的单位名称", True, width=20),
               Column("indicator", LABELS["indicator"], "指标名称，或 指标/评分项", True, width=28)]
    if periodic:
        columns += [Column("half", LABELS["half"], "上半年|下半年", choices=HALVES, width=10),
                    Column("method", LABELS["method"], "考评方式", width=12)]
    columns += [
        Column("score", LABELS["score"], "得分，范围见“满分”和该格的提示；扣分项按分数填写时填负数", kind="number", width=10),
        Column("count", LABELS["count"], "按次数计分的项填次数（非负整数）", kind="whole", low=ZERO, width=10),
        Column("not_applicable", LABELS["not_applicable"], "该指标不适用于本单位时选“是”，得分和次数留空；"
               "不适用指标的折算规则见说明", choices=YES_NO, width=8),
        Column("note", LABELS["note"], "评分依据；手工评定由检查结果计算的指标时必填", width=30),
        Column("points", "满分", "该指标的分值（供参考，读取时忽略）", width=8),
        Column("how", "填写方式", "本行怎么填（供参考，读取时忽略）", width=40),
        Column("method_text", "评分方法（细则原文）", "考评细则中的评分方法（供参考，读取时忽略）", width=60),
    ]
    return tuple(columns)


def _whole_row(indicator: Indicator) -> tuple[str, tuple[Decimal, Decimal]]:
    specs = indicator.inputs()
    if indicator.source == "derived":
        return ("由检查结果计算，通常留空；专家组手工评定时填写得分并在备注中说明依据", (ZERO, indicator.points))
    if len(specs) == 1 and specs[0].kind == "score":
        part = next(p for p in indicator.parts if isinstance(p, Judged))
        allowed = f"，只能取 {'、'.join(f'{v:g}' for v in part.values)}" if part.values else ""
        return (f"填写得分{allowed}", (part.min, indicator.judged_max(part)))
    if len(specs) == 1:
        return ("在“次数”列填次数，或在“得分”列填整项得分", (ZERO, indicator.points))
    mixed = "；检查结果中的扣分另行计算" if indicator.source == "manual+derived" else ""
    return (f"可填整项得分，或逐项填写下面的评分项（两者都填时按评分项计分）{mixed}", (ZERO, indicator.points))


def _item_row(indicator: Indicator, spec: InputSpec) -> tuple[str, tuple[Decimal, Decimal] | None]:
    part = next(p for p in indicator.parts if p.id == spec.part)
    if isinstance(part, Judged):
        return ("填写得分", (part.min, indicator.judged_max(part)))
    if isinstance(part, Count):
        low, high = count_item_range(indicator, part)
        per = f"每次{'扣' if part.per < 0 else '加'} {abs(part.per):g} 分" + (f"，最多 {part.cap:g} 分" if part.cap else "")
        return (f"填次数（{per}）；或在“得分”列填本项得分 {low:g}～{high:g}", (low, high))
    return ("填次数（最大值比较法按次数折算）", None)


def _rows(unit: Unit, rubric: Rubric) -> list[tuple[dict[str, Any], tuple[Decimal, Decimal] | None]]:
    rows: list[tuple[dict[str, Any], tuple[Decimal, Decimal] | None]] = []
    base = {"unit": unit.unit}

    def add(indicator: Indicator, extra: Mapping[str, Any]) -> None:
        how, limit = _whole_row(indicator)
        rows.append((base | dict(extra) | {"indicator": indicator.name, "points": float(indicator.points),
                                           "how": how, "method_text": pick(indicator.method, "zh")}, limit))
        specs = indicator.inputs()
        if len(specs) > 1:
            for spec in specs:
                item_how, item_limit = _item_row(indicator, spec)
                rows.append((base | dict(extra) | {"indicator": f"{indicator.name}/{spec.name}", "how": item_how},
                             item_limit))

    if rubric.periods is None:
        for indicator in rubric.indicators:
            add(indicator, {})
        return rows
    for half in HALVES:
        for method in rubric.periods.methods:
            if method.unit_level:
                rows.append((base | {"half": half, "method": method.name, "points": float(rubric.base_points),
                                     "how": f"{method.name}按单位整体评分：指标留空，填写 0～{rubric.base_points:g} 分"},
                             (ZERO, rubric.base_points)))
                continue
            for indicator in rubric.indicators:
                add(indicator, {"half": half, "method": method.name})
    return rows


def scores_template(units: Sequence[Unit], rubrics: Mapping[UnitType, Rubric]) -> Template:
    """The score sheet of ``units``, each under the rubric of its type."""
    periodic = any(rubric.periods is not None for rubric in rubrics.values())
    rows: list[dict[str, Any]] = []
    limits: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    for unit in units:
        for values, limit in _rows(unit, rubrics[unit.unit_type]):
            rows.append(values)
            if limit is not None:
                limits[(len(rows) + 1, "score")] = limit  # +1: the header is row 1
    used = list({rubric.id: rubric for rubric in rubrics.values()}.values())
    instructions = COMMON + (
        "用于 secsuite evaluate --scores：每行是一个单位的一个指标（整项得分）或一个评分项；不需要的行留空即可，留空的行不读取。",
        "同一指标既填整项得分又填评分项时，按评分项计分并在结果中注明。按次数计分的项：填在“次数”列为次数，填在“得分”列为该项得分。",
        "由检查结果计算的指标（如安全防护、信息安全）一般留空，由 secsuite check 等检查结果扣分；没有检查记录时结果标为“未评估”。"
        "专家组手工评定时填写得分并在备注中说明依据，结果标为“手工评定”，与检查结果不一致时给出提示。",
    ) + tuple(f"{pick(rubric.title, 'zh')}（{rubric.id}）：{pick(rubric.not_applicable.text, 'zh')}" for rubric in used)
    return Template("scores", "指标评分", _columns(periodic), instructions, tuple(rows), limits)
