"""``secsuite netscan``: what really listens (nmap), its TLS and TLCP, and which live hosts were
never filed in the systems inventory."""

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
    progress_bar,
    store_url,
    table_output,
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
from secsuite.errors import ConfigError, InputError, InputErrors, StoreError
from secsuite.i18n import Lang
from secsuite.report.labels import label
from secsuite.timeutil import parse_as_of

if TYPE_CHECKING:
    from secsuite.app.netscan import StartedNetscan
    from secsuite.netscan.model import NetscanResult


def netscan(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="IP addresses, CIDR networks (10.0.0.0/24), ranges (10.0.0.1-20) or host names."),
    ] = None,
    inventory: Annotated[
        Path | None,
        typer.Option(
            "--inventory",
            help="Systems inventory (CSV/XLSX/YAML) whose hosts column (主机/IP) links assets to systems.",
        ),
    ] = None,
    ports: Annotated[
        str | None, typer.Option("--ports", "-p", help="top-1000 (default), 1-65535 or a list such as 22,80,8000-8100.")
    ] = None,
    host_timeout: Annotated[
        str | None, typer.Option("--host-timeout", help="Give up on a host after this long (default 10m).")
    ] = None,
    timeout: Annotated[
        str | None, typer.Option("--timeout", help="Stop the whole scan after this long, keeping what finished (1h).")
    ] = None,
    from_xml: Annotated[
        Path | None, typer.Option("--from-xml", help="Import a saved `nmap -oX` file instead of scanning.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Confirm a range larger than netscan.max_hosts (default 1024).")
    ] = False,
    output_format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    severity: SeverityOption = None,
    rules: RulesOption = None,
    skip_rules: SkipRulesOption = None,
    units: UnitsOption = None,
    ignore_file: IgnoreFileOption = None,
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", "--no-progress", help="No progress bar or summary.")] = False,
) -> None:
    """扫描网络资产：开放服务、TLS/TLCP（国密）与台账比对 (scan the network: services, TLS/TLCP, inventory)."""
    # netscan (cryptography, the TLS and TLCP probes) loads on use: start-up time of the other commands
    from secsuite.app.netscan import NetscanJob, start_netscan
    from secsuite.netscan.driver import NmapError

    shown = Shown.parse(severity, rules, skip_rules, units, ignore_file, fail_on)
    pushing = push_target(push, push_token_file, push_ca)
    try:
        config = load_config(config_path)
        language = chosen_lang(lang, config)
        configured = None if no_store else store_url(db, config.db)
        job = NetscanJob(
            as_of=parse_as_of(as_of),
            targets=targets or [],
            from_xml=from_xml,
            settings=config.netscan,
            ports=setting(ports, "SECSUITE_NETSCAN_PORTS", None),
            host_timeout=setting(host_timeout, "SECSUITE_NETSCAN_HOST_TIMEOUT", None),
            timeout=setting(timeout, "SECSUITE_NETSCAN_TIMEOUT", None),
            yes=yes,
            inventory=inventory,
            guide=setting(None, "SECSUITE_GUIDE", config.guide),
            lang=language,
            rule_params=config.rules,
        )
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None
    with run_store(output_format, configured) as job.store_url:
        try:
            started = start_netscan(job)
        except (ConfigError, ValueError, InputError, InputErrors, NmapError, StoreError) as exc:
            raise fail(str(exc)) from None
        result = _run(started, output_format is not OutputFormat.table and output is None or quiet, language)
        result.findings = shown.select(result.findings, job.as_of, language).findings
        if output_format in REPORT_FORMATS:
            write_run(output_format, result.run_id, job.store_url, shown, language, output, config.rules)
        else:
            _emit(result, output_format, output, language, quiet)
    send(pushing, "netscan", result.to_json(), quiet)
    code = exit_code(len(result.errors), shown.failing(result.findings))
    if code:
        raise typer.Exit(code)


def _run(started: StartedNetscan, quiet: bool, language: Lang) -> NetscanResult:
    """Run the scan with its progress bar on stderr."""
    from secsuite.netscan.driver import NmapError
    from secsuite.netscan.pipeline import NetscanHooks

    with progress_bar(quiet) as progress:
        task = progress.add_task(label("net_phase_nmap", language), total=None, current="")
        hooks = NetscanHooks(
            phase=lambda name, total: progress.reset(
                task, total=total, current="", description=label(f"net_phase_{name}", language)
            ),
            advanced=lambda amount, current: progress.update(task, advance=amount, current=current),
        )
        try:
            return started.run(hooks).result
        except (InputError, NmapError, ConfigError) as exc:
            raise fail(str(exc)) from None


def _emit(result: NetscanResult, output_format: OutputFormat, output: Path | None, lang: Lang, quiet: bool) -> None:
    from secsuite.report.netscan_table import render_netscan

    if output_format is OutputFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    else:
        with table_output(output) as console:
            render_netscan(result, console, lang)
    if not quiet and (output or output_format is OutputFormat.table):
        services = [asset for asset in result.assets if asset.port is not None]
        key = "net_summary" if result.run_id is not None else "net_summary_nostore"
        err_console.print(
            label(key, lang).format(
                hosts=len({asset.host for asset in result.assets}),
                services=len(services),
                tls=sum(1 for asset in services if asset.is_tls),
                tlcp=sum(1 for asset in services if asset.serves_tlcp),
                findings=len(result.findings),
                errors=len(result.errors),
                run=result.run_id,
            ),
            highlight=False,
        )
