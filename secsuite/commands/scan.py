"""``secsuite scan``: discover sensitive fields in dataset files and grade them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.progress import Progress

from secsuite.app.run import dataset_coverage, exit_code
from secsuite.classify.guide import Guide
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
    progress_bar,
    store_url,
    table_output,
)
from secsuite.commands.output import (
    REPORT_FORMATS,
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
from secsuite.config import load_config, setting
from secsuite.detect.column import TextEngine
from secsuite.errors import ConfigError, InputError, StoreError, UsageError
from secsuite.filters import SEVERITY_HELP, SEVERITY_WORDS
from secsuite.findings import at_or_above
from secsuite.i18n import Lang
from secsuite.report.escape import terminal
from secsuite.report.labels import label
from secsuite.results import ScanResult
from secsuite.timeutil import parse_as_of

if TYPE_CHECKING:
    from rich.progress import TaskID

    from secsuite.app.scan import ScanProgress

Engine = Literal["local", "spark"]


def _fail_on(value: str | None, guide: Guide, result: ScanResult) -> bool:
    """``--fail-on`` takes a severity (unmuted findings shown) or a data level (datasets graded at or above it)."""
    if not value:
        return False
    severity = SEVERITY_WORDS.get(value.strip().lower())
    if severity is not None:
        return bool(at_or_above(result.findings, severity))
    level = guide.parse_level(value)
    if level is None:
        raise fail(
            f"--fail-on: {value!r} is neither a severity ({SEVERITY_HELP}) nor a level of "
            f"guide {guide.id} ({', '.join(lv.id for lv in guide.levels)})"
        )
    return any(guide.rank(d.level) >= guide.rank(level) for d in result.datasets)


def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (searched recursively) or SQLAlchemy database URLs; with "
            "--engine spark: Parquet/CSV/JSON files or directories, cluster URIs, table names, JDBC URLs."
        ),
    ],
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="Catalogue (CSV/XLSX/YAML) for DATA-* rules.")
    ] = None,
    guide_ref: Annotated[str | None, typer.Option("--guide", help="Classification guide id or YAML file.")] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help=f"Exit 1 on unmuted findings of this severity ({SEVERITY_HELP}) or datasets of this level and above.",
        ),
    ] = None,
    severity: SeverityOption = None,
    rules: RulesOption = None,
    skip_rules: SkipRulesOption = None,
    units: UnitsOption = None,
    ignore_file: IgnoreFileOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Scan every row (exact hit counts) instead of a sample.")
    ] = False,
    sample_rows: Annotated[
        int | None, typer.Option("--sample-rows", help="Rows sampled per dataset across the whole file (default 2000).")
    ] = None,
    table_timeout: Annotated[
        float | None,
        typer.Option("--table-timeout", help="Seconds one database table may take to read; then it is an error "
                     "and the server stops (default 600)."),
    ] = None,
    max_cell_bytes: Annotated[
        int | None,
        typer.Option("--max-cell-bytes", help="Cells larger than this are skipped with an error (default 1 MiB)."),
    ] = None,
    db: StoreOption = None,
    no_store: NoStoreOption = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date checks treat as today (YYYY-MM-DD, Asia/Shanghai).")
    ] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
    push: PushOption = None,
    push_token_file: PushTokenFileOption = None,
    push_ca: PushCaOption = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Database tables to scan (glob on schema.table).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Database tables to skip (glob on schema.table).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No progress bar or summary.")] = False,
    text_engine: Annotated[
        TextEngine,
        typer.Option("--text-engine", help="What searches free text: fast (default) or presidio (same detectors)."),
    ] = "fast",
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local (default): this machine; spark: a full scan as Spark jobs "
            "(pip install 'secsuite\\[spark]'), same detectors and results.",
        ),
    ] = "local",
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master", help="Spark master for --engine spark (default local[*]: this machine's cores)."
        ),
    ] = None,
    spark_conf: Annotated[
        list[str] | None,
        typer.Option("--spark-conf", help="Spark setting KEY=VALUE for --engine spark (repeatable), e.g. spark.jars=…"),
    ] = None,
) -> None:
    """扫描数据集文件，识别敏感字段并分类分级 (scan datasets for sensitive fields and grade them)."""
    from secsuite.app.scan import ScanJob, start_scan
    from secsuite.scan.dataset import ScanOptions  # the pipeline loads on use: start-up time of the other commands
    from secsuite.sources.selection import Selection

    shown = Shown.parse(severity, rules, skip_rules, units, ignore_file, None)
    pushing = push_target(push, push_token_file, push_ca)
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        as_of_date = parse_as_of(as_of)
        configured = None if no_store else store_url(db, config.db)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None
    spark_settings = _spark_settings(engine, spark_master, spark_conf)
    if engine == "spark" and sample_rows is not None and not quiet:
        err_console.print(
            "注意：Spark 引擎总是全量扫描，--sample-rows 不起作用 "
            "(note: the Spark engine always scans in full; --sample-rows has no effect)",
            highlight=False,
        )
    job = ScanJob(
        paths=paths,
        as_of=as_of_date,
        options=ScanOptions(
            full=full or engine == "spark",
            sample_rows=int(setting(sample_rows, "SECSUITE_SAMPLE_ROWS", config.scan.sample_rows)),
            max_cell_bytes=int(setting(max_cell_bytes, "SECSUITE_MAX_CELL_BYTES", config.scan.max_cell_bytes)),
            seed=config.scan.seed,
            table_timeout=float(setting(table_timeout, "SECSUITE_TABLE_TIMEOUT", config.scan.table_timeout)),
            text_engine=text_engine,
        ),
        guide=setting(guide_ref, "SECSUITE_GUIDE", config.guide),
        catalogue=catalogue,
        selection=Selection(tuple(include or ()), tuple(exclude or ())),
        lang=language,
        rule_params=config.rules,
        engine=engine,
        spark_master=spark_master,
        spark_settings=spark_settings,
    )
    with run_store(output_format, configured) as job.store_url:
        try:
            started = start_scan(job)
        except (ConfigError, ValueError, InputError, StoreError) as exc:
            raise fail(str(exc)) from None
        with progress_bar(quiet or output_format is not OutputFormat.table and output is None) as progress:
            task = progress.add_task(label("scanning", language), total=None, current="")
            try:
                outcome = started.run(_progress(progress, task, language))
            except UsageError as exc:
                raise fail(str(exc)) from None
        result = outcome.result
        result.findings = shown.select(result.findings, as_of_date, language).findings
        if output_format in REPORT_FORMATS:
            write_run(output_format, result.run_id, job.store_url, shown, language, output, config.rules)
        else:
            _emit(result, output_format, output, language, quiet)
    send(pushing, "scan", result.to_json(), quiet)
    code = exit_code(len(result.errors), _fail_on(fail_on, outcome.guide, result))
    if code:
        raise typer.Exit(code)


def _progress(progress: Progress, task: TaskID, lang: Lang) -> ScanProgress:
    """The bar of inputs, and a second bar for the rows (or, for a streamed file, the bytes) read of
    the dataset being scanned, with the rate and the time left when its total is known, or for its
    Spark tasks."""
    from secsuite.app.scan import ScanProgress

    tasks: list[TaskID] = []

    def spark_tasks(done: int, known: int) -> None:
        if not tasks:
            tasks.append(progress.add_task(label("spark_tasks", lang), total=None, current=""))
        progress.update(tasks[0], completed=done, total=known or None)

    def read(unit: str, dataset: str, done: int, total: int | None) -> None:
        """One bar for the dataset being read, in rows or (a streamed file, which tells both) bytes;
        a new dataset starts it afresh so its rate and time left are its own."""
        if tasks or unit == "rows" and shown == ["bytes", dataset] and done:
            return
        if done == 0 or not rows_task:
            if rows_task:
                progress.remove_task(rows_task.pop())
            description = label("bytes_read" if unit == "bytes" else "rows_read", lang)
            rows_task.append(progress.add_task(description, total=total, current=dataset, unit=unit))
            shown[:] = [unit, dataset]
        progress.update(rows_task[0], completed=done, total=total, current=dataset)

    rows_task: list[TaskID] = []
    shown: list[str] = []  # the unit and dataset of the reading bar
    return ScanProgress(
        started=lambda total: progress.update(task, total=total),
        advanced=lambda source: progress.update(task, advance=1, current=Path(source).name),
        rows=lambda dataset, done, total: read("rows", dataset, done, total),
        bytes_read=lambda dataset, done, total: read("bytes", dataset, done, total),
        spark_tasks=spark_tasks,
    )


def _spark_settings(engine: Engine, master: str | None, conf: list[str] | None) -> dict[str, str]:
    if engine != "spark" and (master or conf):
        raise fail(
            "--spark-master 和 --spark-conf 只用于 --engine spark (--spark-master and --spark-conf need --engine spark)"
        )
    settings: dict[str, str] = {}
    for item in conf or []:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise fail(f"--spark-conf 应为 KEY=VALUE (--spark-conf takes KEY=VALUE): {item!r}")
        settings[key.strip()] = value
    return settings


def _emit(result: ScanResult, output_format: OutputFormat, output: Path | None, lang: Lang, quiet: bool) -> None:
    if output_format is OutputFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    else:
        from secsuite.report.scan_table import render_scan

        with table_output(output) as console:
            render_scan(result, console, lang)
    if not quiet and (output or output_format is OutputFormat.table):
        sensitive = sum(1 for d in result.datasets for f in d.fields if f.entities)
        key = "summary" if result.run_id is not None else "summary_nostore"
        err_console.print(
            label(key, lang).format(
                datasets=len(result.datasets),
                fields=sensitive,
                findings=len(result.findings),
                errors=len(result.errors),
                run=result.run_id,
            ),
            highlight=False,
        )
    if not quiet:  # on stderr, so also beside JSON on stdout
        coverage = dataset_coverage((d.source for d in result.datasets), result.errors)
        err_console.print(label("not_checked_datasets", lang).format(n=coverage.not_checked, total=coverage.total),
                          highlight=False)
        if result.skipped:
            err_console.print(label("skipped_files", lang).format(
                n=len(result.skipped), names=_named(file["source"] for file in result.skipped)), highlight=False)


SKIPPED_SHOWN = 5


def _named(sources: Iterable[str]) -> str:
    """The first few skipped files by name, escaped for the terminal; the JSON lists every one."""
    names = [terminal(Path(source).name) for source in sources]
    more = "" if len(names) <= SKIPPED_SHOWN else f" … (+{len(names) - SKIPPED_SHOWN}, --format json)"
    return "、".join(names[:SKIPPED_SHOWN]) + more
