"""What the 等保 (mlps) and 商密 (crypto) rules see: one system of the inventory, and the
classification guide that ranks the level of the data it stores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from secsuite.checks.registry import Violation
from secsuite.classify.guide import Guide
from secsuite.errors import ConfigError
from secsuite.findings import ObjectRef, Severity
from secsuite.inventory.systems import SystemEntry, parse_conclusion


@dataclass(frozen=True)
class SystemSubject:
    system: SystemEntry
    guide: Guide

    def violation(self, details: dict[str, Any], evidence: dict[str, Any],
                  severity: Severity | None = None) -> Violation:
        """A violation on this system; every message may name ``{system}`` and ``{unit}``, and the
        evidence says which inventory row the facts come from."""
        system = self.system
        return Violation(
            obj=ObjectRef(kind="system", id=system.system),
            unit=system.unit,
            details={"system": system.system, "unit": system.unit} | details,
            evidence={"source": system.source, "row": system.row} | evidence,
            severity=severity,
        )

    def data_level_at_least(self, level: str) -> bool:
        """Whether the system stores data of ``level`` (a level of the guide, as written) or above."""
        wanted = self.guide.parse_level(level)
        if wanted is None:
            known = ", ".join(known.id for known in self.guide.levels)
            raise ConfigError(f"{level!r} is not a level of guide {self.guide.id} ({known})")
        stored = self.system.data_level
        return stored is not None and self.guide.rank(stored) >= self.guide.rank(wanted)


def bilingual(key: str, zh: str, en: str) -> dict[str, str]:
    """Message details that differ by language: the zh template names ``{key_zh}``, the en one ``{key_en}``."""
    return {f"{key}_zh": zh, f"{key}_en": en}


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def live_detail(system: SystemEntry) -> dict[str, str]:
    """``{live_zh}``/``{live_en}``: when the system went live, as a clause of a message."""
    if system.online_on is None:
        return bilingual("live", "上线日期未填写", "its go-live date is not given")
    return bilingual("live", f"{system.online_on} 上线", f"has been live since {system.online_on}")


def is_live(system: SystemEntry, as_of: dt.date, grace_days: int) -> bool:
    """Running for more than ``grace_days`` on ``as_of``; a system without a go-live date is taken as running."""
    return system.online_on is None or system.online_on + dt.timedelta(days=grace_days) < as_of


_CONCLUSION_EN = {"优": "excellent", "良": "good", "中": "fair", "差": "poor", "符合": "compliant",
                  "基本符合": "basically compliant", "不符合": "non-compliant"}


def failure_reasons(rule_id: str, conclusion: str | None, score: float | None,
                    params: dict[str, Any]) -> dict[str, str] | None:
    """``{reason_zh}``/``{reason_en}`` when an evaluation's conclusion is one of the rule's
    ``failing_conclusions`` or its score is below ``pass_score``; None when it passes."""
    try:
        failing = {parse_conclusion(value) for value in params["failing_conclusions"]}
    except ValueError:
        raise ConfigError(f"{rule_id}.failing_conclusions: expected conclusions such as 差, 不符合") from None
    pass_score = float(params["pass_score"])
    zh, en = [], []
    if conclusion in failing:
        zh.append(f"结论为「{conclusion}」")
        en.append(f'the conclusion is "{conclusion}" ({_CONCLUSION_EN[conclusion]})')
    if score is not None and score < pass_score:
        zh.append(f"得分 {score:g} 低于及格线 {pass_score:g} 分")
        en.append(f"the score {score:g} is below the pass line of {pass_score:g}")
    return bilingual("reason", "，".join(zh), "; ".join(en)) if zh else None
