"""``secsuite evaluate``: the annual evaluation of units by rubric, with the veto and the ranking.

Every input is checked before anything is scored: a ranking built on a mistyped unit or an
out-of-range score would be wrong, so any input error stops the evaluation (exit 2) after listing
all of them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from secsuite.commands.common import (
    EXIT_INPUT,
    ConfigOption,
    FormatOption,
    LangOption,
    OutputFormat,
    OutputOption,
    chosen_lang,
    err_console,
    fail,
    output_console,
    store_url,
)
from secsuite.commands.output import REPORT_FORMATS, Shown, write_run
from secsuite.config import load_config
from secsuite.errors import ConfigError, InputError, InputErrors, StoreError
from secsuite.i18n import Lang
from secsuite.report.escape import terminal
from secsuite.timeutil import year_as_of

if TYPE_CHECKING:
    from secsuite.evaluate.result import Evaluation

SUMMARY = {
    "zh": "{year} 年度考评：{units} 个单位，{vetoed} 个一票否决，依据 {findings} 个检查结果。",
    "en": "{year} evaluation: {units} units, {vetoed} vetoed, from {findings} findings.",
}
STORED = {"zh": "结果已保存为第 {run} 次运行。", "en": "Stored as run {run}."}
STOPPED = {"zh": "输入有 {n} 处错误，未进行考评。", "en": "{n} input errors; nothing was evaluated."}


def evaluate(
    year: Annotated[int, typer.Option("--year", help="The year evaluated.")],
    units: Annotated[Path, typer.Option("--units", help="Units file (unit, unit_type, tier): CSV/XLSX/YAML.")],
    scores: Annotated[
        Path, typer.Option("--scores", help="Scores file (unit, indicator, score|count, note[, half, method]).")
    ],
    incidents: Annotated[
        Path | None, typer.Option("--incidents", help="Incident register of the year, for the veto.")
    ] = None,
    rubric: Annotated[
        list[str] | None,
        typer.Option(
            "--rubric", help="Rubric id or YAML file, once per rubric (default: suqian-county and suqian-department)."
        ),
    ] = None,
    reading: Annotated[
        list[str] | None,
        typer.Option("--reading", help="Choose a reading the rubric leaves open, ID=OPTION (e.g. security_deduction=once)."),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Result store to read findings from and record in (default ./secsuite.db)."),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not record the evaluation (findings are still read).")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="As-of date (YYYY-MM-DD); default today, or 31 Dec of a past --year.")
    ] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No summary on stderr.")] = False,
) -> None:
    """年度考评：按考评细则评分、一票否决与排名 (annual evaluation, veto and ranking)."""
    # the evaluation and the store (sqlalchemy) load on use: start-up time of the other commands
    from secsuite.app.evaluate import EvaluateJob
    from secsuite.app.evaluate import evaluate as run_evaluation
    from secsuite.report.errors_table import render_errors

    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        job = EvaluateJob(
            year=year,
            units=units,
            scores=scores,
            as_of=year_as_of(as_of, year),
            incidents=incidents,
            rubrics=rubric or [],
            readings=reading or [],
            lang=language,
            rule_params=config.rules,
            store_url=store_url(db, config.db),
            record=not no_store,
        )
        outcome = run_evaluation(job)
    except InputErrors as exc:
        render_errors(exc.errors, err_console, language)
        err_console.print(f"[red]{STOPPED[language].format(n=len(exc.errors))}[/]", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    except (ConfigError, ValueError, InputError, StoreError) as exc:
        raise fail(str(exc)) from None
    result = outcome.result
    if output_format in REPORT_FORMATS:
        # the workbook, HTML, CSV and SARIF are the report's, written from the recorded evaluation
        if result.run_id is None:
            raise fail(f"--format {output_format.value} 需要记录本次考评，请去掉 --no-store "
                       f"(needs the evaluation recorded: drop --no-store)")
        write_run(output_format, result.run_id, job.store_url, Shown(), language, output, config.rules)
    else:
        _emit(result, output_format, output, language)
    if not quiet:
        summary = SUMMARY[language].format(
            year=year,
            units=len(result.units),
            findings=outcome.findings,
            vetoed=sum(unit.vetoed for unit in result.units),
        )
        if result.run_id is not None:
            summary += STORED[language].format(run=result.run_id)
        err_console.print(summary, highlight=False)
        for unit in result.units:
            if unit.vetoed:
                err_console.print(f"[bold red]{terminal(unit.veto_reason or '')}[/]", highlight=False)


def _emit(result: Evaluation, output_format: OutputFormat, output: Path | None, lang: Lang) -> None:
    from secsuite.report.evaluation_table import render_evaluation

    if output_format is OutputFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            render_evaluation(result, output_console(handle), lang)
    else:
        render_evaluation(result, output_console(), lang)
