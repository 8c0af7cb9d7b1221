"""``run-due`` and the worker: turn due firings into jobs, claim and run them one at a time with
their timeout, record each outcome, retry failures with exponential back-off, then review the
run, deliver alerts and send yesterday's digest. Idempotent: running it twice in the same minute
runs nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from secsuite.config import MonitorConfig
from secsuite.monitor import alerts
from secsuite.monitor.claim import claim_next, enqueue
from secsuite.monitor.execute import Order, Outcome, execute
from secsuite.monitor.models import Job, Schedule
from secsuite.monitor.review import Review, review_run, tick
from secsuite.monitor.times import local, stored
from secsuite.store.db import session_factory

Executor = Callable[[Order, float], Outcome]


@dataclass
class JobReport:
    job_id: int
    schedule_id: int
    status: str
    attempts: int
    run_id: int | None = None
    error: str | None = None
    review: Review | None = None


@dataclass
class DueReport:
    enqueued: int = 0
    jobs: list[JobReport] = field(default_factory=list)
    alerts_raised: int = 0
    delivery_errors: list[str] = field(default_factory=list)
    digests: int = 0


def backoff(attempts: int, settings: MonitorConfig) -> dt.timedelta:
    """Before attempt ``attempts + 1``: the base, doubled after each failure."""
    return dt.timedelta(minutes=settings.backoff_minutes * 2 ** (attempts - 1))


def _finish(engine: Engine, job: Job, schedule: Schedule, outcome: Outcome, moment: dt.datetime,
            settings: MonitorConfig) -> JobReport:
    sessions = session_factory(engine)
    with sessions.begin() as session:
        row = session.get(Job, job.id)
        assert row is not None
        owner = session.get(Schedule, schedule.id)
        unit = owner.target.unit if owner else None
        row.finished_at = stored(moment)
        if outcome.run_id is not None:
            row.status, row.run_id, row.error = "done", outcome.run_id, None
            if owner is not None:
                owner.last_run_id = outcome.run_id
        elif row.attempts < schedule.max_attempts:
            row.status, row.error = "pending", outcome.error
            row.not_before = stored(moment + backoff(row.attempts, settings))
        else:
            row.status, row.error = "failed", outcome.error
            alerts.raise_alert(session, alerts.Candidate(
                "run_failed", f"run_failed:{row.id}", unit, "high",
                f"schedule {schedule.id}", f"{schedule.command} #{schedule.id} ({row.attempts}×): {outcome.error}",
                details={"job": row.id, "error": outcome.error}), moment)
        report = JobReport(row.id, schedule.id, row.status, row.attempts, row.run_id, row.error)
    if outcome.run_id is not None:
        with sessions.begin() as session:
            report.review = review_run(session, outcome.run_id, moment, settings)
    return report


def _missed(engine: Engine, jobs: list[Job], moment: dt.datetime) -> int:
    raised = 0
    with session_factory(engine).begin() as session:
        for job in jobs:
            if job.missed:
                schedule = session.get(Schedule, job.schedule_id)
                unit = schedule.target.unit if schedule else None
                raised += bool(alerts.raise_alert(session, alerts.Candidate(
                    "schedule_missed", f"missed:{job.schedule_id}:{job.due_at:%Y%m%dT%H%M}", unit, "medium",
                    f"schedule {job.schedule_id}", f"#{job.schedule_id}: {job.missed} 次未按时运行，已补运行一次 "
                    f"({job.missed} firings missed, caught up once)", details={"job": job.id}), moment))
    return raised


def run_due(engine: Engine, store_url: str, moment: dt.datetime, worker: str, settings: MonitorConfig,
            config_path: str | None = None, executor: Executor = execute) -> DueReport:
    report = DueReport()
    jobs = enqueue(engine, moment)
    report.enqueued = len(jobs)
    report.alerts_raised += _missed(engine, jobs, moment)
    while (claimed := claim_next(engine, moment, worker)) is not None:
        job, schedule = claimed
        if job.attempts > schedule.max_attempts:  # the last attempt's worker died past its deadline
            outcome = Outcome(None, job.error or "timed out")
        else:
            outcome = executor(Order(store_url, schedule.target_id, schedule.id, schedule.command,
                                     local(moment).date(), config_path), schedule.timeout_seconds)
        job_report = _finish(engine, job, schedule, outcome, moment, settings)
        report.jobs.append(job_report)
        if job_report.review:
            report.alerts_raised += len(job_report.review.alerts)
    with session_factory(engine).begin() as session:
        report.alerts_raised += len(tick(session, local(moment).date(), moment, settings))
        for _alert, error in alerts.deliver(session, settings.smtp, moment):
            if error:
                report.delivery_errors.append(error)
        yesterday = local(moment).date() - dt.timedelta(days=1)
        report.digests, errors = alerts.send_digests(session, yesterday, settings.smtp, moment)
        report.delivery_errors += errors
    return report
