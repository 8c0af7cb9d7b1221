"""The first page a leader reads: the year's key figures in one table (units, datasets and
sensitive fields by level, findings by severity, SLA breaches, vetoes, the top of each ranking).
The HTML report and the DOCX show the same rows, so what is signed matches what is published."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from secsuite.report.store_view import SEVERITIES, ReportData
from secsuite.report.texts import Texts

SLA_RULES = frozenset({"IR-RESPONSE-SLA-BREACH", "IR-HANDLING-SLA-BREACH"})


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str


def _by(counts: Counter[str], order: list[str], separator: str) -> str:
    """Counts per level, highest level first."""
    keys = [key for key in reversed(order) if counts[key]]
    keys += sorted(key for key in counts if key not in order and counts[key])
    return separator.join(f"{key} {counts[key]}" for key in keys) or "—"


def key_figures(data: ReportData, t: Texts) -> list[KeyFigure]:
    """The rows of the key-figure table, in the report's language."""
    separator, colon = ("，", "：") if t.lang == "zh" else (", ", ": ")
    sensitive = [field for dataset in data.datasets for field in dataset.fields if field.entities]
    active = Counter(f.severity for f in data.findings if not f.muted)
    muted = sum(1 for f in data.findings if f.muted)
    severities = separator.join(f"{t.severity(s.value)} {active[s]}" for s in SEVERITIES)
    leaders = [f"{t('ranking_group', unit_type=t.unit_type(unit_type), tier=tier)}{colon}{members[0].unit}"
               for (unit_type, tier), members in data.groups() if members and not members[0].vetoed]
    figures = [
        (t("kf_units"), str(len([name for name in data.unit_names() if name]))),
        (t("kf_datasets"), f"{len(data.datasets)}（{_by(Counter(d.level for d in data.datasets), data.levels, separator)}）"),
        (t("kf_fields"), f"{len(sensitive)}（{_by(Counter(f.level for f in sensitive), data.levels, separator)}）"),
        (t("kf_findings"), f"{sum(active.values())}（{severities}）" + (t("kf_muted", n=muted) if muted else "")),
        (t("kf_sla"), str(sum(1 for f in data.findings if f.rule_id in SLA_RULES and not f.muted))),
        (t("kf_vetoed"), separator.join(record.unit for record in data.vetoed()) or t("kf_none")),
        (t("kf_leaders"), separator.join(leaders) or t("kf_none")),
    ]
    if t.lang == "en":
        figures = [(label, value.replace("（", " (").replace("）", ")")) for label, value in figures]
    return [KeyFigure(label, value) for label, value in figures]
