"""``secsuite evaluate``: the annual evaluation of units by rubric, with the veto and the ranking.

Every input is checked before anything is scored: a ranking built on a mistyped unit or an
out-of-range score would be wrong, so any input error stops the evaluation (exit 2) after listing
all of them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

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
    open_store,
    store_url,
)
from secsuite.config import load_config
from secsuite.errors import ConfigError, InputError
from secsuite.i18n import Lang
from secsuite.report.escape import terminal
from secsuite.timeutil import year_as_of
from secsuite.urls import display_url

if TYPE_CHECKING:
    from secsuite.evaluate.facts import Fact
    from secsuite.evaluate.result import Evaluation
    from secsuite.inventory.units import Unit

SUMMARY = {
    "zh": "{year} 年度考评：{units} 个单位，{vetoed} 个一票否决，依据 {findings} 个检查结果。",
    "en": "{year} evaluation: {units} units, {vetoed} vetoed, from {findings} findings.",
}
STORED = {"zh": "结果已保存为第 {run} 次运行。", "en": "Stored as run {run}."}
STOPPED = {"zh": "输入有 {n} 处错误，未进行考评。", "en": "{n} input errors; nothing was evaluated."}


def _incident_facts(
    path: Path, year: int, units: list[Unit], as_of: dt.date, lang: Lang, overrides: Mapping[str, Mapping[str, Any]]
) -> tuple[list[Fact], list[InputError]]:
    """The findings of the incident register given on the command line; an incident of a unit not
    on the units list is an error, since it could hide a veto."""
    from secsuite.evaluate.facts import from_finding
    from secsuite.incidents.pipeline import assess_register
    from secsuite.inventory.incidents import load_incidents

    register, errors = load_incidents(path)
    names = {unit.unit for unit in units}
    errors += [
        InputError(
            incident.source,
            "单位不在单位名单中 (unit not in the units file)",
            row=incident.row,
            field="单位名称 (unit)",
            expected="a unit of the units file",
        )
        for incident in register
        if incident.unit not in names
    ]
    result = assess_register(
        register,
        year=year,
        as_of=as_of,
        unit_types={u.unit: u.unit_type for u in units},
        lang=lang,
        overrides=overrides,
    )
    return [from_finding(finding) for finding in result.findings], errors


def _store_exists(url: str) -> bool:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return not parsed.drivername.startswith("sqlite") or not parsed.database or Path(parsed.database).is_file()


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
    from secsuite.evaluate.engine import chosen_readings, rubrics_for
    from secsuite.evaluate.engine import evaluate as run_evaluation
    from secsuite.evaluate.facts import Evidence, merge_facts, stored_evidence, stored_facts
    from secsuite.evaluate.sheet import build_sheet
    from secsuite.inventory.scores import load_scores
    from secsuite.inventory.units import load_units
    from secsuite.report.errors_table import render_errors
    from secsuite.store.recorder import RunRecorder

    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        as_of_date = year_as_of(as_of, year)
        unit_list, errors = load_units(units)
        rubrics = chosen_readings(rubrics_for(unit_list, rubric or []), reading or [])
        rows, score_errors = load_scores(scores)
        sheet, sheet_errors = build_sheet(rows, {u.unit: u for u in unit_list}, rubrics, str(units))
        errors += score_errors + sheet_errors
        fresh: list[Fact] = []
        if incidents:
            fresh, incident_errors = _incident_facts(incidents, year, unit_list, as_of_date, language, config.rules)
            errors += incident_errors
    except (ConfigError, ValueError, InputError) as exc:
        raise fail(str(exc)) from None
    if errors:
        render_errors(errors, err_console, language)
        err_console.print(f"[red]{STOPPED[language].format(n=len(errors))}[/]", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    url = store_url(db, config.db)
    engine = open_store(url) if not no_store or _store_exists(url) else None
    try:
        stored = stored_facts(engine, year) if engine is not None else []
        evidence = (stored_evidence(engine, year) if engine is not None else Evidence()).merged(
            Evidence(incident_register=incidents is not None))
    except Exception as exc:  # any driver error: report without the URL's password
        raise fail(f"cannot read the result store {display_url(url)}: {type(exc).__name__}") from None
    facts = merge_facts(stored, fresh)
    result = run_evaluation(year, as_of_date, unit_list, rubrics, sheet, facts, language, evidence)
    if engine is not None and not no_store:
        recorder = RunRecorder(
            engine,
            "evaluate",
            as_of_date,
            {
                "year": year,
                "units": str(units),
                "scores": str(scores),
                "incidents": str(incidents) if incidents else None,
                "rubrics": sorted({r.id for r in rubrics.values()}),
                "readings": sorted(reading or []),
                "db": display_url(url),
            },
        )
        recorder.evaluation(result)
        recorder.finish()
        result.run_id = recorder.run_id
    _emit(result, output_format, output, language)
    if not quiet:
        summary = SUMMARY[language].format(
            year=year, units=len(result.units), findings=len(facts), vetoed=sum(unit.vetoed for unit in result.units)
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
            render_evaluation(result, Console(file=handle, width=160), lang)
    else:
        render_evaluation(result, Console(), lang)
