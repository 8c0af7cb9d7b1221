"""``secsuite check``: the 等保 and 商密 rules over the systems inventories that units submit."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
from secsuite.config import load_config, setting
from secsuite.errors import ConfigError, StoreError
from secsuite.i18n import Lang
from secsuite.report.labels import label
from secsuite.timeutil import parse_as_of

if TYPE_CHECKING:
    from secsuite.checks.systems import SystemsCheck
    from secsuite.inventory.systems import SystemEntry


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
    fail_on: FailOnOption = None,
    severity: SeverityOption = None,
    rules: RulesOption = None,
    skip_rules: SkipRulesOption = None,
    units: UnitsOption = None,
    ignore_file: IgnoreFileOption = None,
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
    push: PushOption = None,
    push_token_file: PushTokenFileOption = None,
    push_ca: PushCaOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No summary line.")] = False,
) -> None:
    """检查信息系统台账的等保备案、等级测评、密评和密码算法 (check a systems inventory for 等保 and 商密)."""
    from secsuite.app.check import CheckJob
    from secsuite.app.check import check as run_check  # loaded on use: start-up time of the other commands

    shown = Shown.parse(severity, rules, skip_rules, units, ignore_file, fail_on)
    pushing = push_target(push, push_token_file, push_ca)
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        configured = None if no_store else store_url(db, config.db)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None
    with run_store(output_format, configured) as url:
        try:
            job = CheckJob(
                paths=paths,
                as_of=parse_as_of(as_of),
                guide=setting(guide_ref, "SECSUITE_GUIDE", config.guide),
                sheet=sheet,
                lang=language,
                rule_params=config.rules,
                store_url=url,
            )
            outcome = run_check(job)
        except (ConfigError, ValueError, StoreError) as exc:
            raise fail(str(exc)) from None
        result = outcome.result
        result.findings = shown.select(result.findings, result.as_of, language).findings
        if output_format in REPORT_FORMATS:
            write_run(output_format, result.run_id, url, shown, language, output, config.rules)
        else:
            _emit(result, outcome.systems, output_format, output, language, quiet, shown.keep.units)
    send(pushing, "check", result.to_json(), quiet)
    code = exit_code(len(result.errors), shown.failing(result.findings))
    if code:
        raise typer.Exit(code)


def _emit(
    result: SystemsCheck,
    entries: list[SystemEntry],
    output_format: OutputFormat,
    output: Path | None,
    lang: Lang,
    quiet: bool,
    units: frozenset[str] = frozenset(),
) -> None:
    """The table lists the systems of ``units`` only, when ``--unit`` names some."""
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
            if not units or system.unit in units:
                systems[system.unit].append(system.system)
        if output:
            with output.open("w", encoding="utf-8") as handle:
                render_check(result, systems, output_console(handle), lang)
        else:
            render_check(result, systems, output_console(), lang)
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
