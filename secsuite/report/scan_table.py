"""The terminal view of a scan: each dataset with its level and sensitive fields, then findings and
errors. One small table per dataset keeps it readable in an 80-column terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from secsuite.findings import Finding
from secsuite.i18n import Lang
from secsuite.report.escape import terminal
from secsuite.report.labels import label
from secsuite.report.texts import Texts
from secsuite.results import DatasetResult, Label, ScanResult

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
LEVEL_STYLE = {"L4": "bold red", "important": "bold magenta", "core": "bold magenta", "L3": "yellow"}


def severity_cell(finding: Finding, lang: Lang) -> str:
    """The severity in the one spelling of each language, the HTML report's (高危 / High); a muted
    finding is dimmed and marked 已屏蔽."""
    t = Texts(lang)
    if finding.muted:
        return f"[dim]{t.severity(finding.severity.value)} {t('muted')}[/]"
    return f"[{SEVERITY_STYLE[finding.severity.value]}]{t.severity(finding.severity.value)}[/]"


def mute_note(finding: Finding, lang: Lang) -> str:
    """Why a muted finding is muted and until when (the reason ends with its expiry); empty otherwise."""
    if not finding.muted:
        return ""
    return f"{Texts(lang)('muted')}{'：' if lang == 'zh' else ': '}{terminal(finding.mute_reason or '')}"


def section(console: Console, title: str) -> None:
    """A rule across a terminal; a plain heading in a pipe or file, which has no width to fill."""
    if console.is_terminal:
        console.rule(title)
    else:
        console.print(f"== {title} ==", highlight=False)


def _dataset_heading(dataset: DatasetResult, lang: Lang) -> str:
    mode = label("sampled", lang) if dataset.sampled else label("full", lang)
    rows = f"{dataset.rows_scanned:,}/{dataset.rows_total:,} {mode}"
    if dataset.partial:
        rows += f", {label('partial', lang)}"
    style = LEVEL_STYLE.get(dataset.level, "green")
    unit = f" · {terminal(dataset.unit)}" if dataset.unit else ""
    heading = f"[bold]{terminal(dataset.source)}[/] ({terminal(dataset.format)}{unit}) · {rows} · {label('level', lang)} [{style}]{terminal(dataset.level)}[/]"
    reasons = terminal("; ".join(f"{r.title} → {r.level}" for r in dataset.level_reasons))
    locked = f"\n  {locked_note(dataset.label, lang)}" if dataset.label else ""
    return heading + (f"\n  [dim]{reasons}[/]" if reasons else "") + locked


def locked_note(locked: Label, lang: Lang) -> str:
    """A label locked by review beside what the scan detected, yellow when the two differ."""
    t = Texts(lang)
    text = (t("label_locked", review=locked.locked.review, by=locked.locked.approved_by,
              entity=locked.detected.entity or "—", detected=locked.detected.level)
            if locked.locked else t("label_derived", detected=locked.detected.level))
    if locked.differs:
        return f"[yellow]{terminal(text)}{'；' if lang == 'zh' else '; '}{t('label_differs')}[/]"
    return f"[dim]{terminal(text)}[/]"


def _fields_table(dataset: DatasetResult, lang: Lang) -> Table | None:
    sensitive = [f for f in dataset.fields if f.entities]
    if not sensitive:
        return None
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
    for key in ("field", "entities", "confidence", "ratio", "category", "level"):
        table.add_column(label(key, lang), overflow="fold")
    for field in sensitive:
        entities = "\n".join(
            e.type + (f" ({label('text_mode', lang)})" if e.mode == "text" else "") for e in field.entities
        )
        table.add_row(
            terminal(field.name),
            terminal(entities),
            "\n".join(f"{e.confidence:.2f}" for e in field.entities),
            "\n".join(f"{e.ratio:.0%}" for e in field.entities),
            terminal(field.category or ""),
            f"[{LEVEL_STYLE.get(field.level, 'green')}]{terminal(field.level)}[/]"
            + (f"\n{locked_note(field.label, lang)}" if field.label else ""),
        )
    return table


def _risk_line(dataset: DatasetResult, lang: Lang) -> str | None:
    """One line for an opened dataset: its smallest k and share at risk, red when any row is at risk."""
    risk = dataset.reidentification
    if risk is None or risk.status == "not_applicable":
        return None
    if risk.status == "not_computed" or risk.rows is None:
        return f"[yellow]{terminal(label('risk_unmeasured', lang).format(attr=risk.open_attr, reason=risk.reason))}[/]"
    text = label("risk_line", lang).format(attr=risk.open_attr, rows=risk.rows, min_k=risk.min_k,
                                           threshold=risk.threshold, share=risk.share_at_risk or 0.0,
                                           quasi="、".join(q.name for q in risk.quasi_identifiers))
    return f"[{'red' if risk.rows_at_risk else 'green'}]{terminal(text)}[/]"


def render_scan(result: ScanResult, console: Console, lang: Lang) -> None:
    section(console, label("datasets_title", lang))
    for dataset in result.datasets:
        console.print(_dataset_heading(dataset, lang), highlight=False)
        table = _fields_table(dataset, lang)
        console.print(table if table else f"  [dim]{label('no_sensitive', lang)}[/]")
        risk = _risk_line(dataset, lang)
        if risk:
            console.print(f"  {risk}", highlight=False)
        console.print()
    render_findings(result.findings, result.errors, console, lang)


def render_findings(findings: list[Finding], errors: list[dict], console: Console, lang: Lang) -> None:
    """Findings, most severe first, then errors: how every command's terminal view ends."""
    if findings:
        section(console, label("findings", lang))
        for finding in sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id)):
            unit = terminal(f" [{finding.unit}]") if finding.unit else ""
            console.print(f"{severity_cell(finding, lang)} [bold]{finding.rule_id}[/]{unit}", highlight=False)
            console.print(f"  {terminal(finding.message)}", highlight=False)
            if finding.muted:
                console.print(f"  [dim]{mute_note(finding, lang)}[/]", highlight=False)
            console.print(f"  [dim]{label('citation', lang)}: {terminal(finding.citation)}[/]", highlight=False)
    if errors:
        section(console, label("errors", lang))
        for error in errors:
            console.print(f"[red]✗[/] {terminal(error['text'])}", highlight=False)
