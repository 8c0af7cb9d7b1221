"""``secsuite runs`` lists the recorded runs (id, command, when, by whom, scope, status, findings);
``secsuite runs show ID`` prints one. ``secsuite report --run ID`` writes any of them as a report."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from secsuite.commands.common import ConfigOption, StoreOption, fail, output_console, store_url
from secsuite.config import load_config
from secsuite.errors import ConfigError, StoreError
from secsuite.findings import Severity

runs_app = typer.Typer(help="运行记录 (the run history): secsuite runs [show ID].", invoke_without_command=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _url(db: str | None, config_path: str | None) -> str:
    try:
        return store_url(db, load_config(config_path).db)
    except (ConfigError, ValueError) as exc:
        raise fail(str(exc)) from None


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"  # type: ignore[attr-defined]


@runs_app.callback()
def runs(
    context: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help="Only runs of this command (scan, check, …).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many of the latest runs.")] = 50,
    as_json: JsonOption = False,
    db: StoreOption = None,
    config_path: ConfigOption = None,
) -> None:
    """列出运行记录：编号、命令、时间、执行人、范围、状态、问题数 (list the recorded runs)."""
    if context.invoked_subcommand is not None:
        context.obj = (db, config_path)
        return
    from secsuite.app.runs import list_runs  # the store (sqlalchemy) loads on use: start-up time

    try:
        summaries = list_runs(_url(db, config_path), kind, limit)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if as_json:
        print(json.dumps([summary.to_json() for summary in summaries], ensure_ascii=False, indent=2))
        return
    table = Table(title="运行记录 (runs)", title_justify="left")
    for heading in ("编号 id", "命令 command", "开始 started", "执行人 by", "范围 scope", "状态 status",
                    "问题 findings", "输入错误 errors"):
        table.add_column(heading, overflow="fold")
    for summary in summaries:
        status = summary.status if summary.status != "finished" or not summary.errors else f"{summary.status}*"
        table.add_row(str(summary.id), summary.kind, _when(summary.started_at),
                      f"{summary.actor or '—'} ({summary.trigger})", summary.scope, status,
                      f"{summary.findings}" + (f" ({summary.muted} 已屏蔽 muted)" if summary.muted else ""),
                      str(summary.errors))
    output_console().print(table)


@runs_app.command("show")
def show(
    context: typer.Context,
    run_id: Annotated[int, typer.Argument(help="The run id (see `secsuite runs`).")],
    as_json: JsonOption = False,
    db: StoreOption = None,
    config_path: ConfigOption = None,
) -> None:
    """打印一次运行：参数、问题按严重程度、输入错误 (one run: arguments, findings by severity, input errors)."""
    from secsuite.app.runs import show_run
    from secsuite.report.texts import Texts

    outer_db, outer_config = context.obj or (None, None)
    try:
        summary = show_run(_url(db or outer_db, config_path or outer_config), run_id)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        return
    t = Texts("zh")
    console = output_console()
    table = Table(title=f"第 {summary.id} 次运行 (run {summary.id})", title_justify="left", show_header=False)
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    rows = [
        ("命令 command", summary.kind), ("状态 status", summary.status),
        ("开始 started", _when(summary.started_at)), ("结束 finished", _when(summary.finished_at)),
        ("截至 as of", summary.as_of.isoformat()), ("执行人 by", f"{summary.actor or '—'} ({summary.trigger})"),
        ("范围 scope", summary.scope or "—"),
        ("问题 findings", ", ".join(f"{t.severity(s.value)} {s.value} {summary.severities[s.value]}"
                                    for s in Severity if summary.severities.get(s.value)) or "0"),
        ("已屏蔽 muted", str(summary.muted)), ("输入错误 errors", str(summary.errors)),
        ("参数 arguments", json.dumps(summary.arguments, ensure_ascii=False)),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    for text in summary.error_texts:
        console.print(f"✗ {text}", highlight=False, markup=False)
    for text in summary.skipped_files:
        console.print(f"– {text}", highlight=False, markup=False)
    console.print(f"报告 (report): secsuite report --run {summary.id}", highlight=False)
