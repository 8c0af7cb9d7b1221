"""The terminal view of ``secsuite incidents``: every incident with its clocks, grade and reporting
deadline, the per-unit SLA statistics, then findings and input errors. A severe data leak gets a
red panel of its own, because it will void the unit's annual evaluation."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from secsuite.checks.incidents import local
from secsuite.i18n import Lang
from secsuite.incidents.clock import clock_text
from secsuite.incidents.pipeline import IncidentsResult
from secsuite.incidents.stats import ClockStats
from secsuite.report.errors_table import render_errors
from secsuite.report.escape import terminal
from secsuite.report.scan_table import mute_note, severity_cell

TEXT: dict[str, dict[str, str]] = {
    "incidents": {"zh": "事件时限与定级", "en": "Incident clocks and grades"},
    "incident": {"zh": "事件编号", "en": "Incident"},
    "unit": {"zh": "单位", "en": "Unit"},
    "detected": {"zh": "发现时间", "en": "Detected"},
    "response": {"zh": "响应用时", "en": "Response"},
    "handling": {"zh": "联动处置用时", "en": "Handling"},
    "grade": {"zh": "级别", "en": "Grade"},
    "deadline": {"zh": "上报时限", "en": "Report due"},
    "reported": {"zh": "上报时间", "en": "Reported"},
    "rules": {"zh": "问题", "en": "Findings"},
    "stats": {"zh": "各单位响应与处置统计", "en": "Response and handling per unit"},
    "count": {"zh": "事件数", "en": "Incidents"},
    "rate": {"zh": "超时率", "en": "Breach rate"},
    "median": {"zh": "中位数", "en": "Median"},
    "p90": {"zh": "P90", "en": "P90"},
    "missing": {"zh": "缺时间", "en": "Untimed"},
    "late": {"zh": "迟报/漏报", "en": "Late/missing reports"},
    "severe": {"zh": "严重泄露", "en": "Severe leaks"},
    "findings": {"zh": "发现的问题", "en": "Findings"},
    "severity": {"zh": "严重程度", "en": "Severity"},
    "rule": {"zh": "规则", "en": "Rule"},
    "message": {"zh": "说明", "en": "Message"},
    "not_required": {"zh": "无需上报", "en": "not required"},
    "severe_title": {"zh": "严重数据泄露 — 将导致年度考评一票否决", "en": "Severe data leak - vetoes the annual evaluation"},
}


def _t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def _clock(duration: dt.timedelta | None, breached: bool) -> str:
    if duration is None:
        return "[yellow]—[/]"
    return f"[bold red]{clock_text(duration)}[/]" if breached else clock_text(duration)


def _seconds(value: float | None) -> str:
    return "—" if value is None else clock_text(dt.timedelta(seconds=value))


def _stats_cells(stats: ClockStats) -> list[str]:
    rate = "—" if stats.breach_rate is None else f"{stats.breach_rate:.0%} ({stats.breaches}/{stats.measured})"
    return [rate, _seconds(stats.median_seconds), _seconds(stats.p90_seconds)]


def render_incidents(result: IncidentsResult, console: Console, lang: Lang) -> None:
    rules_of: dict[str, set[str]] = {}
    for finding in result.findings:
        rules_of.setdefault(finding.object.id, set()).add(finding.rule_id)
    severe = [f for f in result.findings if f.rule_id == "IR-SEVERE-DATA-LEAK"]
    if severe:
        body = "\n".join(f"[bold]{terminal(f.unit or '')}[/]  {terminal(f.message)}" for f in severe)
        console.print(Panel(body, title=f"[bold]{_t('severe_title', lang)}[/]", border_style="bold red", style="red",
                            expand=False))
    table = Table(title=_t("incidents", lang))
    for key in ("incident", "unit", "detected", "response", "handling", "grade", "deadline", "reported", "rules"):
        table.add_column(_t(key, lang), overflow="fold")
    for case in result.cases:
        incident, flagged = case.incident, rules_of.get(case.incident.incident_id, set())
        late = bool(flagged & {"IR-REPORT-LATE", "IR-REPORT-MISSING"})
        reported = local(incident.reported_at) if incident.reported_at else "—"
        table.add_row(
            terminal(incident.incident_id), terminal(incident.unit), local(incident.detected_at),
            _clock(case.response, "IR-RESPONSE-SLA-BREACH" in flagged),
            _clock(case.handling, "IR-HANDLING-SLA-BREACH" in flagged),
            case.grade.label(lang),
            local(case.report_deadline) if case.report_deadline else _t("not_required", lang),
            f"[bold red]{reported}[/]" if late else reported,
            ", ".join(sorted(flagged)),
        )
    console.print(table)
    stats = Table(title=_t("stats", lang))
    headings = [_t("unit", lang), _t("count", lang)]
    for clock in ("response", "handling"):
        headings += [f"{_t(clock, lang)} {_t(key, lang)}" for key in ("rate", "median", "p90")]
    for heading in headings + [_t("missing", lang), _t("late", lang), _t("severe", lang)]:
        stats.add_column(heading, overflow="fold")
    for row in result.stats:
        stats.add_row(terminal(row.unit), str(row.incidents), *_stats_cells(row.response), *_stats_cells(row.handling),
                      str(row.missing_times), str(row.reports_late_or_missing),
                      f"[bold red]{row.severe}[/]" if row.severe else "0")
    console.print(stats)
    if result.findings:
        findings = Table(title=_t("findings", lang))
        for key in ("severity", "rule", "unit", "message"):
            findings.add_column(_t(key, lang), overflow="fold")
        for finding in sorted(result.findings, key=lambda f: -f.severity.rank):
            note = f"\n[dim]{mute_note(finding, lang)}[/]" if finding.muted else ""
            findings.add_row(severity_cell(finding, lang), finding.rule_id, terminal(finding.unit or ""),
                             terminal(finding.message) + note)
        console.print(findings)
    render_errors(result.errors, console, lang)
