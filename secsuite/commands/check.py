"""``secsuite check``: the 等保 and 商密 rules over the systems inventories that units submit."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from secsuite.app.run import exit_code, row_coverage
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
    store_url,
)
from secsuite.config import load_config, setting
from secsuite.errors import ConfigError, StoreError
from secsuite.findings import Severity, at_or_above
from secsuite.i18n import Lang
from secsuite.inventory.tabular import as_date
from secsuite.report.labels import label
from secsuite.timeutil import today

if TYPE_CHECKING:
    from secsuite.checks.systems import SystemsCheck
    from secsuite.inventory.systems import SystemEntry


def as_of_date(value: str | None) -> dt.date:
    """The date checks treat as today: a date in any form the inventory accepts, or an instant with
    an offset (2025-12-31T16:30:00Z), whose date is taken in Asia/Shanghai; today there by default."""
    if not value:
        return today()
    try:
        day = as_date(value)
    except ValueError as exc:
        raise ValueError(f"--as-of: {exc}; expected a date such as 2025-12-31") from None
    assert day is not None
    return day


def _severity(value: str | None) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value.lower())
    except ValueError:
        raise fail(f"--fail-on: {value!r} is not a severity (critical|high|medium|low|info)") from None


def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Systems inventories (XLSX/CSV/YAML, Chinese or English headers).")
    ],
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    guide_ref: Annotated[
        str | None, typer.Option("--guide", help="Classification guide whose levels 存储数据最高级别 uses.")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Worksheet of each XLSX inventory (default: the sheet whose header matches)."),
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Exit 1 on findings of this severity or above.")
    ] = None,
    db: StoreOption = None,
    no_store: NoStoreOption = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date checks treat as today (YYYY-MM-DD; an instant with a UTC offset "
            "counts by its date in Asia/Shanghai).",
        ),
    ] = None,
    lang: LangOption = None,
    config_path: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No summary line.")] = False,
) -> None:
    """检查信息系统台账的等保备案、等级测评、密评和密码算法 (check a systems inventory for 等保 and 商密)."""
    from secsuite.app.check import CheckJob
    from secsuite.app.check import check as run_check  # loaded on use: start-up time of the other commands

    threshold = _severity(fail_on)
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        job = CheckJob(
            paths=paths,
            as_of=as_of_date(as_of),
            guide=setting(guide_ref, "SECSUITE_GUIDE", config.guide),
            sheet=sheet,
            lang=language,
            rule_params=config.rules,
            store_url=None if no_store else store_url(db, config.db),
        )
        outcome = run_check(job)
    except (ConfigError, ValueError, StoreError) as exc:
        raise fail(str(exc)) from None
    result = outcome.result
    _emit(result, outcome.systems, output_format, output, language, quiet)
    code = exit_code(len(result.errors), threshold is not None and bool(at_or_above(result.findings, threshold)))
    if code:
        raise typer.Exit(code)


def _emit(
    result: SystemsCheck,
    entries: list[SystemEntry],
    output_format: OutputFormat,
    output: Path | None,
    lang: Lang,
    quiet: bool,
) -> None:
    from secsuite.report.check_table import render_check, word  # loaded on use: start-up time

    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
    if output_format is OutputFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        systems: dict[str, list[str]] = defaultdict(list)
        for system in entries:
            systems[system.unit].append(system.system)
        if output:
            with output.open("w", encoding="utf-8") as handle:
                render_check(result, systems, Console(file=handle, width=160), lang)
        else:
            render_check(result, systems, Console(), lang)
    if not quiet and (output or output_format is OutputFormat.table):
        key = "summary" if result.run_id is not None else "summary_nostore"
        err_console.print(
            word(key, lang).format(
                units=len({system.unit for system in entries}),
                systems=result.systems_checked,
                findings=len(result.findings),
                errors=len(result.errors),
                run=result.run_id,
            ),
            highlight=False,
        )
    if not quiet:  # on stderr, so also beside JSON on stdout
        coverage = row_coverage(result.systems_checked, result.errors)
        err_console.print(label("not_checked_rows", lang).format(n=coverage.not_checked, total=coverage.total),
                          highlight=False)
