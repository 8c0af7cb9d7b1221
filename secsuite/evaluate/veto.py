"""一票否决: "如本年度发生数据严重泄露等数据安全事件，考核事项'一票否决'，不再对其他指标进行评分"
(《宿迁市大数据建设应用评价细则（试行）》, 宿政办发〔2022〕28号 附件). Which findings void a unit's year is set by the rubric's ``veto.rules``
(IR-SEVERE-DATA-LEAK by default); a rubric without ``veto`` has no veto."""

from __future__ import annotations

from collections.abc import Sequence

from secsuite.evaluate.facts import Fact
from secsuite.evaluate.rubric import Rubric
from secsuite.i18n import Lang


def veto_facts(unit: str, rubric: Rubric, facts: Sequence[Fact]) -> list[Fact]:
    """The findings that veto ``unit`` under ``rubric``, by incident; empty when it is not vetoed."""
    if rubric.veto is None:
        return []
    rules = rubric.veto.rules
    return sorted((fact for fact in facts if fact.unit == unit and fact.rule_id in rules),
                  key=lambda fact: (fact.object_id, fact.rule_id))


def veto_reason(facts: Sequence[Fact], lang: Lang) -> str | None:
    """The reason printed beside a vetoed unit, naming each incident that caused it."""
    if not facts:
        return None
    if lang == "zh":
        return "一票否决：" + "；".join(f"{fact.message}（{fact.rule_id}，{fact.finding_id}）" for fact in facts)
    return "Vetoed (一票否决): " + "; ".join(f"{fact.message} ({fact.rule_id}, {fact.finding_id})" for fact in facts)
