"""The terminal view of ``secsuite evaluate``. A vetoed unit cannot be missed: a red 一票否决 panel
naming the unit and the incident comes first, its row in the ranking is red, and its breakdown
says why nothing was scored. Then each unit's breakdown shows where every point went: indicator,
points, score, and each deduction with the finding behind it."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from secsuite.evaluate.ranking import ranked
from secsuite.evaluate.result import Evaluation, UnitEvaluation, cents
from secsuite.i18n import Lang, pick
from secsuite.report.escape import terminal

TEXT: dict[str, dict[str, str]] = {
    "veto": {"zh": "一票否决", "en": "VETOED (一票否决)"},
    "unit": {"zh": "单位", "en": "Unit"},
    "ranking": {"zh": "{year} 年度考评排名 — {unit_type} {tier}", "en": "{year} ranking - {unit_type} {tier}"},
    "rank": {"zh": "排名", "en": "Rank"},
    "base": {"zh": "数据共享应用指标", "en": "Base"},
    "bonus": {"zh": "加分指标", "en": "Bonus"},
    "final": {"zh": "最终得分", "en": "Final"},
    "remark": {"zh": "备注", "en": "Remark"},
    "group": {"zh": "一级指标", "en": "Area"},
    "indicator": {"zh": "二级指标", "en": "Indicator"},
    "points": {"zh": "分值", "en": "Points"},
    "score": {"zh": "得分", "en": "Score"},
    "deductions": {"zh": "扣分（依据的检查结果）", "en": "Deductions (finding behind each)"},
    "unscored": {"zh": "未评分，按 0 分计：", "en": "not scored, counted as 0: "},
    "unscored_count": {"zh": "{n} 项未评分", "en": "{n} inputs not scored"},
    "vetoed_breakdown": {"zh": "一票否决，不再对其他指标进行评分。", "en": "Vetoed: no other indicator is scored."},
    "derived": {"zh": "含检查结果扣分", "en": "findings deduct"},
    "formula": {"zh": "得分 = {base} × {weight} + {bonus} = {final}", "en": "score = {base} × {weight} + {bonus} = {final}"},
    "not_assessed": {"zh": "未评估", "en": "not assessed"},
    "not_applicable": {"zh": "不适用", "en": "n/a"},
    "manual": {"zh": "手工评定", "en": "scored by hand"},
    "incomplete": {"zh": "不完整：{n} 项未评估", "en": "incomplete: {n} not assessed"},
    "incomplete_title": {"zh": "考评结果不完整", "en": "Incomplete result"},
    "readings": {"zh": "采用的解读", "en": "Readings used"},
    "warning": {"zh": "注意", "en": "Warning"},
    "method_line": {"zh": "{name}（按单位整体评分，权重 {weight}）：上半年 {h1}，下半年 {h2}，计入 {points} 分",
                    "en": "{name} (the unit as a whole, weight {weight}): H1 {h1}, H2 {h2}, adds {points}"},
    "monitoring_evidence": {"zh": "{method}的依据（日常监测记录，不改变得分）：",
                            "en": "Evidence for {method} (what monitoring recorded; scores unchanged):"},
}
UNIT_TYPES = {"county": {"zh": "县区", "en": "counties"}, "functional_area": {"zh": "功能区", "en": "functional areas"},
              "department": {"zh": "市级部门", "en": "departments"}}


def _t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def _num(value: Decimal | None) -> str:
    rounded = cents(value)
    return "—" if rounded is None else f"{rounded.normalize():f}"


def render_veto_panels(evaluation: Evaluation, console: Console, lang: Lang) -> None:
    for unit in evaluation.units:
        if not unit.vetoed:
            continue
        colon = "：" if lang == "zh" else ": "
        lines = [f"[bold]{_t('unit', lang)}{colon}{terminal(unit.unit.unit)}[/]"]
        lines += [f"{terminal(fact.message)} [dim]({fact.rule_id} {fact.finding_id})[/]" for fact in unit.veto]
        if unit.rubric.veto:
            lines.append(f"[dim]{terminal(pick(unit.rubric.veto.text, lang))}[/]")
        console.print(Panel("\n".join(lines), title=f"[bold white on red] {_t('veto', lang)} [/]",
                            border_style="bold red", style="bold red", expand=False))


def render_ranking(evaluation: Evaluation, console: Console, lang: Lang) -> None:
    for (unit_type, tier), members in ranked(evaluation.units):
        title = _t("ranking", lang).format(year=evaluation.year, unit_type=UNIT_TYPES[unit_type][lang], tier=tier)
        table = Table(title=title)
        for key in ("rank", "unit", "base", "bonus", "final", "remark"):
            table.add_column(_t(key, lang), overflow="fold")
        for unit in members:
            if unit.vetoed:
                incidents = "、".join(fact.object_id for fact in unit.veto)
                table.add_row(f"[bold red]{unit.rank}[/]", f"[bold red]{terminal(unit.unit.unit)}[/]", "—", "—", "—",
                              f"[bold white on red] {_t('veto', lang)} [/] [red]{terminal(incidents)}[/]")
                continue
            missing = sum(len(item.missing) for item in unit.indicators)
            remarks = [_t("unscored_count", lang).format(n=missing)] if missing else []
            if not unit.complete:
                remarks.append(_t("incomplete", lang).format(n=len(unit.incomplete_reasons)))
            remark = "；".join(remarks) if lang == "zh" else "; ".join(remarks)
            table.add_row(str(unit.rank), terminal(unit.unit.unit), _num(unit.base), _num(unit.bonus),
                          f"[bold]{_num(unit.final)}[/]", f"[yellow]{remark}[/]")
        console.print(table)


def render_breakdown(unit: UnitEvaluation, console: Console, lang: Lang) -> None:
    title = f"{terminal(unit.unit.unit)} — {terminal(pick(unit.rubric.title, lang))}"
    if unit.vetoed:
        console.print(Panel(f"[bold red]{_t('vetoed_breakdown', lang)}[/]\n{terminal(unit.veto_reason or '')}",
                            title=title, border_style="red", expand=False))
        return
    table = Table(title=title, show_lines=False)
    for key in ("group", "indicator", "points", "score", "deductions", "remark"):
        table.add_column(_t(key, lang), overflow="fold")
    previous_group = None
    for item in unit.indicators:
        group = unit.rubric.group_of(item.indicator)
        deductions = "\n".join(f"{_num(d.points)} {d.rule_id} {terminal(d.object_id)} [dim]{d.finding_id}[/]"
                               for d in item.deductions)
        remarks = [terminal(note) for note in unit.notes.get(item.indicator.id, [])]
        if item.missing:
            remarks.append(f"[yellow]{_t('unscored', lang)}{terminal('、'.join(item.missing))}[/]")
        remarks += [terminal(note) for note in item.notes]
        remarks += [f"[yellow]{terminal(reason)}[/]" for reason in item.not_assessed]
        remarks += [f"[bold yellow]{_t('warning', lang)}: {terminal(warning)}[/]" for warning in item.warnings]
        name = item.indicator.name
        if item.indicator.source != "manual":
            name += f" [dim]({_t('derived', lang)})[/]"
        score = {"not_assessed": f"[yellow]{_t('not_assessed', lang)}[/]",
                 "not_applicable": f"[dim]{_t('not_applicable', lang)}[/]"}.get(item.status, _num(item.score))
        if item.status == "manual":
            score += f" [dim]({_t('manual', lang)})[/]"
        table.add_row(group.name if group.name != previous_group else "", name,
                      _num(item.indicator.points), score, deductions, "\n".join(remarks))
        previous_group = group.name
    table.caption = _t("formula", lang).format(base=_num(unit.base), weight=f"{unit.rubric.base_weight:f}",
                                               bonus=_num(unit.bonus), final=_num(unit.final))
    console.print(table)
    for method in unit.methods:
        console.print(_t("method_line", lang).format(
            name=method.method.name, weight=f"{method.method.weight:f}", h1=_num(method.halves.get("H1")),
            h2=_num(method.halves.get("H2")), points=_num(method.contribution)), highlight=False)
    if unit.monitoring:
        console.print(f"[dim]{_t('monitoring_evidence', lang).format(method=terminal(unit.monitoring.method))}[/]")
        for half in unit.monitoring.halves:
            console.print(f"[dim]- {terminal(half.sentence(lang))}[/]", highlight=False)
    if not unit.complete:
        console.print(Panel("\n".join(terminal(reason) for reason in unit.incomplete_reasons),
                            title=_t("incomplete_title", lang), border_style="yellow"))
    readings = unit.readings()
    if readings:
        console.print(f"[dim]{_t('readings', lang)}：[/]" if lang == "zh" else f"[dim]{_t('readings', lang)}:[/]")
        for reading in readings:
            console.print(f"[dim]- {reading['id']} = {reading['option']}: {terminal(reading['text'])}[/]")


def render_evaluation(evaluation: Evaluation, console: Console, lang: Lang) -> None:
    render_veto_panels(evaluation, console, lang)
    render_ranking(evaluation, console, lang)
    for unit in evaluation.units:
        render_breakdown(unit, console, lang)
