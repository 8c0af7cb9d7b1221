"""``secsuite report``: the year's results, from the result store, as the HTML audit report and as
the files other people and machines read (XLSX, CSV, JSON, SARIF).

The report only reads the store: run scan, check, netscan, incidents and evaluate first. It
prints the path of each file it wrote, one per line, so a script can pick them up.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from secsuite.commands.common import (
    ConfigOption,
    LangOption,
    OutputFormat,
    StoreOption,
    chosen_lang,
    err_console,
    fail,
    progress_bar,
    store_url,
)
from secsuite.commands.output import (
    IgnoreFileOption,
    RulesOption,
    SeverityOption,
    Shown,
    SkipRulesOption,
    render,
)
from secsuite.config import load_config
from secsuite.errors import ConfigError, StoreError, UsageError
from secsuite.i18n import Lang
from secsuite.timeutil import year_as_of

if TYPE_CHECKING:
    from secsuite.report.store_view import ReportData

SUMMARY = {
    "zh": "{year} 年度报告：{units} 个单位，{findings} 个问题（{muted} 个已屏蔽），{vetoed} 个单位一票否决。",
    "en": "{year} report: {units} units, {findings} findings ({muted} muted), {vetoed} units vetoed.",
}
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
REPORT_FILES = (OutputFormat.html, OutputFormat.xlsx, OutputFormat.csv, OutputFormat.json, OutputFormat.sarif,
                OutputFormat.pdf, OutputFormat.docx)
WRITING = {"zh": "生成报告", "en": "Writing the report"}
USED_RUN = {
    "zh": "{kind}：使用第 {run} 次运行（{at}）。",
    "en": "{kind}: run {run} ({at}) is used.",
}
UNFINISHED_RUN = {
    "zh": "注意：较新的 {kind} 第 {run} 次运行（{at}）未完成（{status}），报告未使用它。",
    "en": "Note: a newer {kind} run {run} ({at}) never finished ({status}); the report does not use it.",
}
EMPTY = {
    "zh": "结果库中没有 {year} 年度的运行记录，报告为空。",
    "en": "The store holds no run of {year}; the report is empty.",
}


def _formats(values: list[str] | None) -> list[OutputFormat]:
    """``--format`` repeated or comma-separated (``--format html,xlsx,sarif``); html by default."""
    chosen: list[OutputFormat] = []
    for value in ",".join(values or ["html"]).split(","):
        try:
            fmt = OutputFormat(value.strip().lower())
        except ValueError:
            fmt = OutputFormat.table
        if fmt is OutputFormat.table:
            raise fail(f"--format: {value!r} is not one of {', '.join(f.value for f in REPORT_FILES)}")
        if fmt not in chosen:
            chosen.append(fmt)
    return chosen


def _file_stem(year: int, unit: str | None) -> str:
    """``secsuite-report-2025`` or ``secsuite-report-2025-市公安局``, safe as a file name anywhere."""
    return f"secsuite-report-{year}" + (f"-{UNSAFE.sub('_', unit)}" if unit else "")


def report(
    year: Annotated[int | None, typer.Option("--year", help="The year reported.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder the files are written to.")] = Path("out"),
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", help="html (default), pdf, docx, xlsx, csv, json, sarif; repeat or separate by commas."
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit: the report to hand to it.")] = None,
    run: Annotated[
        int | None, typer.Option("--run", help="Only this run (see `secsuite runs`) instead of the year's latest runs.")
    ] = None,
    severity: SeverityOption = None,
    rules: RulesOption = None,
    skip_rules: SkipRulesOption = None,
    db: StoreOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Use runs as of this date or earlier in the year (default today, or 31 Dec "
            "of a past --year); suppressions expire against it.",
        ),
    ] = None,
    ignore_file: IgnoreFileOption = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Report title ({year} and {unit} may be used); config report.title.")
    ] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="Issuing office; config report.issuer.")] = None,
    number: Annotated[str | None, typer.Option("--number", help="Report number; config report.number.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Report date (any date form); config report.date.")] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No summary on stderr.")] = False,
) -> None:
    """生成年度报告：HTML 审计报告及 XLSX/CSV/JSON/SARIF 导出 (the year's report and exports)."""
    # the store (sqlalchemy) and the suppressions load on use: start-up time of the other commands
    from secsuite.app.report import ReportJob, report_data
    from secsuite.report.masthead import masthead
    from secsuite.report.texts import Texts

    chosen = _formats(formats)
    shown = Shown.parse(severity, rules, skip_rules, None, ignore_file, None)
    if year is None and run is None:
        raise fail("--year 或 --run 必须给出其一 (give --year or --run)")
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        job = ReportJob(
            year=year or 0,
            as_of=year_as_of(as_of, year),
            store_url=store_url(db, config.db),
            lang=language,
            unit=unit,
            ignore_file=ignore_file,
            run=run,
            keep=shown.keep,
        )
        data = report_data(job)
        head = masthead(data, Texts(language), config.report, title=title, issuer=issuer, number=number, date=date)
    except (ConfigError, ValueError, StoreError) as exc:
        raise fail(str(exc)) from None
    output.mkdir(parents=True, exist_ok=True)
    stem = f"secsuite-run-{run}" if run is not None else _file_stem(data.year, unit)
    written: list[Path] = []
    with progress_bar(quiet) as progress:
        task = progress.add_task(WRITING[language], total=len(chosen), current="")
        for fmt in chosen:
            progress.update(task, current=fmt.value)
            path = output / f"{stem}.{fmt.value}"
            try:
                content = render(fmt, data, language, config.rules, head)
            except UsageError as exc:
                raise fail(str(exc)) from None
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
            written.append(path)
            progress.advance(task)
    for path in written:
        print(path)
    if not quiet:
        _summary(data, language)


def _summary(data: ReportData, lang: Lang) -> None:
    from secsuite.report.texts import Texts

    if data.empty:
        err_console.print(f"[yellow]{EMPTY[lang].format(year=data.year)}[/]", highlight=False)
    err_console.print(
        SUMMARY[lang].format(
            year=data.year,
            units=len([u for u in data.unit_names() if u]),
            findings=len(data.findings),
            muted=sum(f.muted for f in data.findings),
            vetoed=len(data.vetoed()),
        ),
        highlight=False,
    )
    for kind, run in data.runs.items():
        err_console.print(USED_RUN[lang].format(kind=kind, run=run.id, at=_when(run.started_at)), highlight=False)
    for run, status in data.unfinished:
        err_console.print(f"[yellow]{UNFINISHED_RUN[lang].format(kind=run.kind, run=run.id, at=_when(run.started_at), status=status)}[/]",
                          highlight=False)
    t = Texts(lang)
    for expired in data.expired:
        err_console.print(
            f"[yellow]{escape(t('suppression_expired', entry=expired.entry.describe(expired.number), file=data.suppression_source, reason=expired.entry.reason, n=expired.findings))}[/]",
            highlight=False,
        )


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "?"
