"""``secsuite monitor``: targets and schedules, running what is due, and reading what monitoring
found (changes, the issue register, alerts). ``secsuite diff`` compares two runs."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from secsuite.commands.common import ConfigOption, StoreOption, err_console, fail, store_url
from secsuite.config import Config, load_config
from secsuite.errors import ConfigError, InputError, StoreError
from secsuite.monitor.tables import ListFormat, emit
from secsuite.monitor.times import local, parse_now, parse_since
from secsuite.timeutil import parse_as_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(name="monitor", help="日常监测：定时运行、变化、问题台账、告警 (continuous monitoring).",
                  no_args_is_help=True)

NowOption = Annotated[str | None, typer.Option("--now", help="The moment taken as now (YYYY-MM-DDTHH:MM, Asia/Shanghai).")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The date taken as today (YYYY-MM-DD, Asia/Shanghai).")]
ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")]


def _setup(db: str | None, config_path: str | None) -> tuple[Config, Engine]:
    from secsuite.app.run import open_store

    try:
        config = load_config(config_path)
        return config, open_store(store_url(db, config.db))
    except (ConfigError, StoreError) as exc:
        raise fail(str(exc)) from None


def _moment(value: str | None) -> dt.datetime:
    try:
        return parse_now(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _date(value: str | None) -> dt.date:
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _emit(title: str, columns: list[str], rows: list[dict], fmt: ListFormat, output: Path | None,
          document: object = None) -> None:
    try:
        emit(title, columns, rows, fmt, output, document)
    except ValueError as exc:
        raise fail(str(exc)) from None


@app.command("add")
def add(
    name: Annotated[str | None, typer.Argument(help="The target's name (unique).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="The unit that owns the target.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="files, db, network, inventory or incidents.")] = None,
    cron: Annotated[str | None, typer.Option("--cron", help="Cron expression in Asia/Shanghai, e.g. '0 2 * * *'.")] = None,
    paths: Annotated[list[str] | None, typer.Option("--path", help="File, directory or glob (repeatable).")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Database URL; a password in it is sealed with SM4.")] = None,
    password_env: Annotated[
        str | None, typer.Option("--password-env", help="Environment variable holding the database password.")
    ] = None,
    ranges: Annotated[list[str] | None, typer.Option("--range", help="Network range (repeatable).")] = None,
    inventory: Annotated[str | None, typer.Option("--inventory", help="Systems inventory file.")] = None,
    register: Annotated[str | None, typer.Option("--register", help="Incident register file.")] = None,
    catalogue: Annotated[str | None, typer.Option("--catalogue", help="Catalogue for the DATA-* rules.")] = None,
    timeout: Annotated[int, typer.Option("--timeout", help="Seconds a run may take before it is killed.")] = 3600,
    attempts: Annotated[int, typer.Option("--attempts", help="Attempts before a run counts as failed.")] = 3,
    file: Annotated[Path | None, typer.Option("--file", help="YAML file of targets (instead of the options).")] = None,
    db: StoreOption = None,
    config_path: ConfigOption = None,
    now: NowOption = None,
) -> None:
    """添加监测目标与计划 (add targets with their schedules)."""
    from secsuite.monitor.secrets import SecretError
    from secsuite.monitor.targets import TargetSpec, add_target, load_specs
    from secsuite.store.db import session_factory

    moment = _moment(now)
    try:
        if file is not None:
            specs = load_specs(file)
        else:
            specs = [TargetSpec(name=name or "", unit=unit or "", kind=kind or "files", cron=cron or "",  # type: ignore[arg-type]
                                paths=paths or [], url=url, password_env=password_env, ranges=ranges or [],
                                inventory=inventory, incident_register=register, catalogue=catalogue,
                                timeout_seconds=timeout, max_attempts=attempts)]
    except InputError as exc:
        raise fail(str(exc)) from None
    except ValidationError as exc:
        problem = exc.errors()[0]
        message = problem["msg"].removeprefix("Value error, ")
        raise fail(f"{'.'.join(str(p) for p in problem['loc']) or 'target'}: {message}") from None
    _, engine = _setup(db, config_path)
    try:
        with session_factory(engine).begin() as session:
            for spec in specs:
                target = add_target(session, spec, moment)
                err_console.print(f"已添加 (added) {target.name}: {spec.cron} → "
                                  f"{local(target.schedules[0].next_run_at):%Y-%m-%d %H:%M}", highlight=False)
    except (ValueError, SecretError) as exc:
        raise fail(str(exc)) from None


@app.command("list")
def list_targets(
    db: StoreOption = None, config_path: ConfigOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """列出监测目标、计划与最近一次运行 (list targets, schedules and their last job)."""
    from sqlalchemy import select

    from secsuite.monitor.models import Job, Target
    from secsuite.store.db import session_factory

    _, engine = _setup(db, config_path)
    rows = []
    with session_factory(engine)() as session:
        for target in session.scalars(select(Target).order_by(Target.unit, Target.name)):
            for schedule in target.schedules:
                job = session.scalar(select(Job).where(Job.schedule_id == schedule.id).order_by(Job.id.desc()).limit(1))
                rows.append({
                    "name": target.name, "unit": target.unit, "kind": target.kind, "command": schedule.command,
                    "locator": target.locator, "password": "env" if target.secret_ref else "sm4" if target.secret_sealed
                    else "", "cron": schedule.cron, "enabled": schedule.enabled,
                    "next_run": local(schedule.next_run_at).isoformat(timespec="minutes"),
                    "last_status": job.status if job else "", "last_run": job.run_id if job else None,
                    "last_error": (job.error or "") if job else "",
                })
    _emit("监测目标 (targets)", ["name", "unit", "kind", "command", "locator", "password", "cron", "enabled",
                              "next_run", "last_status", "last_run", "last_error"], rows, output_format, output)


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The target's name.")],
    db: StoreOption = None, config_path: ConfigOption = None,
) -> None:
    """删除监测目标及其计划 (remove a target and its schedules)."""
    from secsuite.monitor.targets import remove_target
    from secsuite.store.db import session_factory

    _, engine = _setup(db, config_path)
    with session_factory(engine).begin() as session:
        if not remove_target(session, name):
            raise fail(f"no target named {name!r}")
    err_console.print(f"已删除 (removed) {name}", highlight=False)


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _run_due_once(engine: Engine, url: str, config: Config, config_path: str | None, moment: dt.datetime) -> int:
    from secsuite.monitor.runner import run_due

    report = run_due(engine, url, moment, _worker_id(), config.monitor, config_path)
    for job in report.jobs:
        outcome = f"run {job.run_id}" if job.run_id else f"{job.status}: {job.error}"
        err_console.print(f"job {job.job_id} (schedule {job.schedule_id}, attempt {job.attempts}): {outcome}",
                          highlight=False)
    for error in report.delivery_errors:
        err_console.print(f"[yellow]告警未送达或收件人缺失 (alert not delivered, or recipients not found):[/] {error}", highlight=False)
    return 1 if any(job.status == "failed" for job in report.jobs) else 0


@app.command("run-due")
def run_due_command(db: StoreOption = None, config_path: ConfigOption = None, now: NowOption = None) -> None:
    """运行到期的监测任务，每分钟由 cron 或 systemd timer 调用 (run what is due; for cron every minute)."""
    config, engine = _setup(db, config_path)
    code = _run_due_once(engine, store_url(db, config.db), config, config_path, _moment(now))
    raise typer.Exit(code)


@app.command("worker")
def worker(
    db: StoreOption = None, config_path: ConfigOption = None,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between looks at the schedules.")] = 60.0,
) -> None:
    """常驻进程，按计划运行监测任务 (a long-running process that runs what is due)."""
    config, engine = _setup(db, config_path)
    url = store_url(db, config.db)
    while True:
        _run_due_once(engine, url, config, config_path, parse_now(None))
        time.sleep(interval)  # a pause between polls of the store, not a synchronisation


DIFF_COLUMNS = ["change", "aspect", "fingerprint", "rule_id", "object_kind", "object_id", "unit", "severity",
                "before", "after", "rule_change", "run", "baseline_run"]


def _delta_rows(document: dict) -> list[dict]:
    return [item | {"object_kind": item["object"]["kind"], "object_id": item["object"]["id"],
                    "run": document["run"], "baseline_run": document["baseline_run"]}
            for change in ("new", "fixed", "reopened", "changed") for item in document[change]]


def diff(
    run_a: Annotated[int, typer.Argument(help="The baseline run id.")],
    run_b: Annotated[int, typer.Argument(help="The later run id.")],
    db: StoreOption = None, config_path: ConfigOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """比较两次运行：新增、已修复、重新出现、变化 (what changed between two complete runs of the same scope)."""
    from secsuite.app.runs import diff as run_diff
    from secsuite.monitor import delta
    from secsuite.store.db import session_factory
    from secsuite.store.models import Run

    _, engine = _setup(db, config_path)
    with session_factory(engine)() as session:
        baseline, run = session.get(Run, run_a), session.get(Run, run_b)
        for number, found in ((run_a, baseline), (run_b, run)):
            if found is None:
                raise fail(f"run {number} not found in the store")
        assert baseline is not None and run is not None
        try:
            document = run_diff(session, baseline, run).to_json()
        except delta.NotComparable as exc:
            raise fail(str(exc)) from None
    _emit(f"变化 (changes) {run_a} → {run_b}", DIFF_COLUMNS, _delta_rows(document), output_format, output, document)


@app.command("changes")
def changes(
    since: Annotated[str, typer.Option("--since", help="7d, 12h or a date.")] = "7d",
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit.")] = None,
    db: StoreOption = None, config_path: ConfigOption = None, now: NowOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """最近的变化 (the changes monitoring recorded since a time)."""
    from sqlalchemy import select

    from secsuite.monitor.models import DeltaItem
    from secsuite.monitor.times import stored
    from secsuite.store.db import session_factory

    moment = _moment(now)
    try:
        start = parse_since(since, moment)
    except ValueError as exc:
        raise fail(str(exc)) from None
    _, engine = _setup(db, config_path)
    with session_factory(engine)() as session:
        query = select(DeltaItem).where(DeltaItem.at >= stored(start), DeltaItem.at <= stored(moment))
        if unit is not None:
            query = query.where(DeltaItem.unit == unit)
        rows = [{"at": local(d.at).isoformat(timespec="minutes"), "change": d.detail or d.change, "aspect": d.aspect,
                 "fingerprint": d.fingerprint, "rule_id": d.rule_id, "object_kind": d.object_kind,
                 "object_id": d.object_id, "unit": d.unit, "severity": d.severity, "before": d.before, "after": d.after,
                 "rule_change": d.rule_change, "run": d.run_id, "baseline_run": d.baseline_run_id}
                for d in session.scalars(query.order_by(DeltaItem.id))]
    _emit("变化 (changes)", ["at", *DIFF_COLUMNS], rows, output_format, output)


ISSUE_COLUMNS = ["fingerprint", "unit", "rule_id", "severity", "status", "title", "object_kind", "object_id",
                 "first_seen_on", "last_seen_on", "sla_due_on", "overdue", "closed_on", "accepted_until", "reason"]


@app.command("issues")
def issues(
    status: Annotated[str | None, typer.Option("--status", help="open, fixed, reopened, accepted, false_positive.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit.")] = None,
    accept: Annotated[str | None, typer.Option("--accept", help="Accept the risk of this fingerprint (with --until).")] = None,
    false_positive: Annotated[str | None, typer.Option("--false-positive", help="Mark this fingerprint a false positive.")] = None,
    reopen: Annotated[str | None, typer.Option("--reopen", help="Set this fingerprint back to open.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="The date an accepted risk ends (YYYY-MM-DD).")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (required with --accept/--false-positive/--reopen).")] = "",
    summary: Annotated[bool, typer.Option("--summary", help="Per unit: open, fixed, MTTR and SLA breaches.")] = False,
    db: StoreOption = None, config_path: ConfigOption = None, as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """问题台账：状态、整改时限与平均整改时间 (the issue register: statuses, SLA due dates, MTTR)."""
    from sqlalchemy import select

    from secsuite.monitor import register
    from secsuite.monitor.models import Issue
    from secsuite.store.db import session_factory

    today = _date(as_of)
    config, engine = _setup(db, config_path)
    decisions = [(fp, state) for fp, state in ((accept, "accepted"), (false_positive, "false_positive"),
                                               (reopen, "open")) if fp]
    with session_factory(engine).begin() as session:
        register.reopen_expired(session, today, config.monitor.sla_days)
        for fingerprint, state in decisions:
            try:
                register.triage(session, fingerprint, state, reason, _date(until) if until else None, today)
            except (LookupError, ValueError) as exc:
                raise fail(str(exc)) from None
        if summary:
            rows = [vars(row) for row in register.remediation(session, today)]
            columns = ["unit", "open", "fixed", "mttr_days", "sla_breaches"]
        else:
            query = select(Issue).order_by(Issue.unit, Issue.sla_due_on)
            if status:
                query = query.where(Issue.status == status)
            if unit is not None:
                query = query.where(Issue.unit == unit)
            rows = [{column: getattr(issue, column, None) for column in ISSUE_COLUMNS} | {
                "overdue": register.breached(issue, today)} for issue in session.scalars(query)]
            columns = ISSUE_COLUMNS
    _emit("问题台账 (issue register)", columns, rows, output_format, output)


@app.command("alerts")
def alerts_command(
    rules: Annotated[Path | None, typer.Option("--rules", help="YAML file of alert rules to install (by name).")] = None,
    digest: Annotated[str | None, typer.Option("--digest", help="Send the daily digest of this date now.")] = None,
    ack: Annotated[int | None, typer.Option("--ack", help="Mark this alert handled (with --reason).")] = None,
    reason: Annotated[str, typer.Option("--reason", help="How it was handled: 误报/已处置 and why.")] = "",
    db: StoreOption = None, config_path: ConfigOption = None, now: NowOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """告警与告警规则 (alerts and their rules)."""
    from sqlalchemy import select

    from secsuite.monitor import alerts
    from secsuite.monitor.models import Alert
    from secsuite.monitor.rules import install_rules
    from secsuite.store.db import session_factory

    moment = _moment(now)
    config, engine = _setup(db, config_path)
    with session_factory(engine).begin() as session:
        if rules is not None:
            try:
                installed = install_rules(session, rules)
            except InputError as exc:
                raise fail(str(exc)) from None
            err_console.print(f"已安装告警规则 (rules installed): {', '.join(installed)}", highlight=False)
        if ack is not None:
            alert = session.get(Alert, ack)
            if alert is None or not reason.strip():
                raise fail(f"--ack {ack}: no such alert" if alert is None else "--ack needs --reason")
            alert.status, alert.handling, alert.handled_by = "closed", reason.strip(), os.environ.get("USER")
        if digest is not None:
            count, errors = alerts.send_digests(session, _date(digest), config.monitor.smtp, moment)
            for error in errors:
                err_console.print(f"[yellow]摘要未送达 (digest not delivered):[/] {error}", highlight=False)
            err_console.print(f"已发送摘要 (digests sent): {count}", highlight=False)
        rows = [{"id": a.id, "at": local(a.created_at).isoformat(timespec="minutes"), "kind": a.kind, "unit": a.unit,
                 "severity": a.severity, "subject": a.subject, "status": a.status,
                 "delivered": local(a.delivered_at).isoformat(timespec="minutes") if a.delivered_at else "",
                 "delivery_error": a.delivery_error or "", "handling": a.handling or ""}
                for a in session.scalars(select(Alert).order_by(Alert.id))]
    _emit("告警 (alerts)", ["id", "at", "kind", "unit", "severity", "subject", "status", "delivered",
                          "delivery_error", "handling"], rows, output_format, output)


ranges_app = typer.Typer(name="ranges", no_args_is_help=True,
                         help="批准的扫描范围：日常监测只扫描经批准的网段 (approved scan ranges for monitoring).")
app.add_typer(ranges_app)


@ranges_app.command("approve")
def approve_range(
    spec: Annotated[str, typer.Argument(help="Address, CIDR network, IPv4 range (10.0.0.1-20) or host name.")],
    unit: Annotated[str, typer.Option("--unit", help="The unit whose network targets may scan it.")],
    by: Annotated[str, typer.Option("--by", help="Who approves (the name on the authorisation).")],
    reason: Annotated[str, typer.Option("--reason", help="Why, e.g. the authorisation letter's number.")],
    db: StoreOption = None, config_path: ConfigOption = None, now: NowOption = None,
) -> None:
    """批准一个扫描范围 (approve a range for a unit's network targets)."""
    from secsuite.monitor.ranges import approve
    from secsuite.store.db import session_factory

    _, engine = _setup(db, config_path)
    try:
        with session_factory(engine).begin() as session:
            row = approve(session, spec, unit, by, reason, _moment(now))
            err_console.print(f"已批准 (approved) #{row.id} {row.spec} → {row.unit}", highlight=False, markup=False)
    except ValueError as exc:
        raise fail(str(exc)) from None


@ranges_app.command("revoke")
def revoke_range(
    range_id: Annotated[int, typer.Argument(help="The approval's number (see `secsuite monitor ranges list`).")],
    by: Annotated[str, typer.Option("--by", help="Who revokes.")],
    db: StoreOption = None, config_path: ConfigOption = None, now: NowOption = None,
) -> None:
    """撤销批准：相关目标的下一次扫描将被拒绝 (revoke: the targets' next scans are refused)."""
    from secsuite.monitor.ranges import revoke
    from secsuite.store.db import session_factory

    _, engine = _setup(db, config_path)
    try:
        with session_factory(engine).begin() as session:
            row = revoke(session, range_id, by, _moment(now))
            err_console.print(f"已撤销 (revoked) #{row.id} {row.spec}", highlight=False, markup=False)
    except ValueError as exc:
        raise fail(str(exc)) from None


@ranges_app.command("list")
def list_ranges(
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's ranges.")] = None,
    db: StoreOption = None, config_path: ConfigOption = None,
    output_format: ListFormatOption = ListFormat.table, output: OutputOption = None,
) -> None:
    """列出生效的批准范围 (list the approvals in force)."""
    from secsuite.monitor.ranges import approved
    from secsuite.store.db import session_factory

    _, engine = _setup(db, config_path)
    with session_factory(engine)() as session:
        rows = [{"id": row.id, "unit": row.unit, "range": row.spec, "approved_by": row.approved_by,
                 "approved_at": local(row.approved_at).isoformat(timespec="minutes"), "reason": row.reason}
                for row in approved(session, unit)]
    _emit("批准的扫描范围 (approved ranges)", ["id", "unit", "range", "approved_by", "approved_at", "reason"], rows,
          output_format, output)
