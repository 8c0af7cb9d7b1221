"""``secsuite incidents``: time, grade and check a unit's incident register for one year."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from secsuite.app.run import exit_code
from secsuite.commands.common import (
    ConfigOption,
    FormatOption,
    LangOption,
    NoStoreOption,
    OutputFormat,
    OutputOption,
    StoreOption,
    chosen_lang,
    err_console,
    fail,
    output_console,
    store_url,
)
from secsuite.commands.output import (
    REPORT_FORMATS,
    FailOnOption,
    IgnoreFileOption,
    PushCaOption,
    PushOption,
    PushTokenFileOption,
    RulesOption,
    SeverityOption,
    Shown,
    SkipRulesOption,
    UnitsOption,
    push_target,
    run_store,
    send,
    write_run,
)
from secsuite.config import load_config
from secsuite.errors import ConfigError, InputError, StoreError
from secsuite.i18n import Lang
from secsuite.timeutil import year_as_of

if TYPE_CHECKING:
    from secsuite.incidents.pipeline import IncidentsResult

SUMMARY = {
    "zh": "共 {incidents} 起事件（{outside} 起不在 {year} 年），{findings} 个问题，{errors} 个输入错误。",
    "en": "{incidents} incidents ({outside} outside {year}), {findings} findings, {errors} input errors.",
}
STORED = {"zh": "结果已保存为第 {run} 次运行。", "en": "Stored as run {run}."}


def incidents(
    path: Annotated[Path, typer.Argument(help="Incident register (CSV/XLSX/YAML), Chinese or English headers.")],
    year: Annotated[int | None, typer.Option("--year", help="Only incidents discovered in this year.")] = None,
    units: Annotated[
        Path | None, typer.Option("--units", help="Units file (unit, unit_type, tier) for per-type limits.")
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    severity: SeverityOption = None,
    rules: RulesOption = None,
    skip_rules: SkipRulesOption = None,
    units_only: UnitsOption = None,
    ignore_file: IgnoreFileOption = None,
    db: StoreOption = None,
    no_store: NoStoreOption = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="As-of date (YYYY-MM-DD); default today, or 31 Dec of a past --year.")
    ] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
    push: PushOption = None,
    push_token_file: PushTokenFileOption = None,
    push_ca: PushCaOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No summary on stderr.")] = False,
) -> None:
    """应急响应时限、事件定级与上报核查 (incident SLAs, grading and reporting deadlines)."""
    from secsuite.app.incidents import IncidentsJob, assess_incidents  # loaded on use: start-up time

    shown = Shown.parse(severity, rules, skip_rules, units_only, ignore_file, fail_on)
    pushing = push_target(push, push_token_file, push_ca)
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        configured = None if no_store else store_url(db, config.db)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None
    with run_store(output_format, configured) as url:
        try:
            job = IncidentsJob(
                path=path,
                as_of=year_as_of(as_of, year),
                year=year,
                units=units,
                lang=language,
                rule_params=config.rules,
                store_url=url,
            )
            result = assess_incidents(job).result
        except (ConfigError, ValueError, InputError, StoreError) as exc:
            raise fail(str(exc)) from None
        result.findings = shown.select(result.findings, result.as_of, language).findings
        if output_format in REPORT_FORMATS:
            write_run(output_format, result.run_id, url, shown, language, output, config.rules)
        else:
            _emit(result, output_format, output, language, quiet)
    send(pushing, "incidents", result.to_json(), quiet)
    code = exit_code(len(result.errors), shown.failing(result.findings))
    if code:
        raise typer.Exit(code)


def _emit(result: IncidentsResult, output_format: OutputFormat, output: Path | None, lang: Lang, quiet: bool) -> None:
    from secsuite.report.incidents_table import render_incidents  # loaded on use: start-up time

    if output_format is OutputFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    elif output:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            render_incidents(result, output_console(handle), lang)
    else:
        render_incidents(result, output_console(), lang)
    if not quiet and (output or output_format is OutputFormat.table):
        summary = SUMMARY[lang].format(
            incidents=len(result.cases),
            outside=result.outside_year,
            year=result.year or "—",
            findings=len(result.findings),
            errors=len(result.errors),
        )
        if result.run_id is not None:
            summary += STORED[lang].format(run=result.run_id)
        err_console.print(summary, highlight=False)
