"""The terminal view of ``secsuite check``: per unit, its systems and their findings (severity,
message, citation), then each unit's coverage by the public cryptography service, then errors."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from secsuite.checks.systems import SystemsCheck
from secsuite.findings import Finding
from secsuite.i18n import Lang
from secsuite.report.escape import terminal, visible
from secsuite.report.labels import label
from secsuite.report.scan_table import mute_note, severity_cell

WORDS: dict[str, dict[str, str]] = {
    "system": {"zh": "系统", "en": "System"},
    "no_findings": {"zh": "未发现问题", "en": "no findings"},
    "unit_findings": {"zh": "{unit}（{unit_type}）：{systems} 个系统，{findings} 个问题",
                      "en": "{unit} ({unit_type}): {systems} systems, {findings} findings"},
    "coverage_title": {"zh": "公共商用密码服务覆盖率", "en": "Public commercial-cryptography service coverage"},
    "unit_type": {"zh": "单位类型", "en": "Unit type"},
    "should_use": {"zh": "应使用", "en": "Should use"},
    "using": {"zh": "已使用", "en": "Using"},
    "own_products": {"zh": "自有认证产品", "en": "Own certified product"},
    "coverage": {"zh": "覆盖率", "en": "Coverage"},
    "county": {"zh": "县区", "en": "county"},
    "functional_area": {"zh": "功能区", "en": "functional area"},
    "department": {"zh": "市级部门", "en": "department"},
    "unknown_type": {"zh": "类型未填", "en": "type not given"},
    "summary": {
        "zh": "共检查 {units} 个单位的 {systems} 个系统：{findings} 个问题，{errors} 个输入错误；结果已保存为第 {run} 次运行。",
        "en": "Checked {systems} systems of {units} units: {findings} findings, {errors} input errors; stored as run {run}.",
    },
    "summary_nostore": {
        "zh": "共检查 {units} 个单位的 {systems} 个系统：{findings} 个问题，{errors} 个输入错误。",
        "en": "Checked {systems} systems of {units} units: {findings} findings, {errors} input errors.",
    },
}


COLON = {"zh": "：", "en": ": "}


def word(key: str, lang: Lang) -> str:
    return WORDS[key][lang]


def _unit_type(value: str | None, lang: Lang) -> str:
    return word(value, lang) if value in WORDS else word("unknown_type", lang)


def render_check(result: SystemsCheck, systems: dict[str, list[str]], console: Console, lang: Lang) -> None:
    """``systems`` lists each unit's systems in inventory order, so clean systems are shown too."""
    by_system: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_system[(finding.unit or "", finding.object.id)].append(finding)
    unit_types = {unit.unit: unit.unit_type for unit in result.coverage}
    for unit, names in systems.items():
        count = sum(len(by_system[(unit, name)]) for name in names)
        title = word("unit_findings", lang).format(unit=terminal(unit), unit_type=_unit_type(unit_types.get(unit), lang),
                                                    systems=len(names), findings=count)
        table = Table(title=title, title_justify="left", show_lines=False)
        table.add_column(word("system", lang), overflow="fold", ratio=1)
        table.add_column(label("severity", lang), no_wrap=True)
        table.add_column(label("rule", lang), no_wrap=True)
        table.add_column(f"{label('message', lang)} / {label('citation', lang)}", overflow="fold", ratio=4)
        for name in names:
            findings = sorted(by_system[(unit, name)], key=lambda f: (-f.severity.rank, f.rule_id))
            if not findings:
                table.add_row(terminal(name), "", "", f"[dim]{word('no_findings', lang)}[/]")
            for index, finding in enumerate(findings):
                muted = Text(f"\n{mute_note(finding, lang)}", "dim") if finding.muted else Text()
                table.add_row(terminal(name) if index == 0 else "", severity_cell(finding, lang), finding.rule_id,
                              Text(visible(finding.message)) + muted
                              + Text(f"\n{label('citation', lang)}{COLON[lang]}{visible(finding.citation)}", "dim"))
            table.add_section()
        console.print(table)
    _render_coverage(result, console, lang)
    if result.errors:
        errors = Table(title=label("errors", lang), title_justify="left")
        errors.add_column(label("error", lang), overflow="fold")
        for error in result.errors:
            errors.add_row(terminal(error["text"]))
        console.print(errors)


def _render_coverage(result: SystemsCheck, console: Console, lang: Lang) -> None:
    if not result.coverage:
        return
    table = Table(title=word("coverage_title", lang), title_justify="left")
    for key in ("unit", "unit_type", "should_use", "using", "own_products", "coverage"):
        table.add_column(label(key, lang) if key == "unit" else word(key, lang),
                         justify="left" if key in {"unit", "unit_type"} else "right")
    for unit in result.coverage:
        share = "—" if unit.coverage is None else f"{unit.coverage:.0%}"
        table.add_row(terminal(unit.unit), _unit_type(unit.unit_type, lang), str(unit.should_use), str(unit.using),
                      str(unit.own_products), share)
    console.print(table)
