"""A job that fails is recorded with its error and retried with back-off, then counted as failed
with one ``run_failed`` alert; a job whose worker died is taken over after its deadline. The jobs
fail for real: a database target whose password variable is not set."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from secsuite.config import MonitorConfig
from secsuite.monitor.models import Alert, Job
from secsuite.monitor.runner import backoff, run_due
from secsuite.monitor.targets import TargetSpec, add_target
from secsuite.monitor.times import parse_now
from secsuite.store.db import open_engine, session_factory

SETTINGS = MonitorConfig(backoff_minutes=5)


def test_backoff_doubles():
    assert [backoff(n, SETTINGS) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (5, 10, 20)]


def test_a_failing_job_is_retried_with_backoff_then_fails_with_one_alert(store_url, monkeypatch):
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    engine = open_engine(store_url)
    with session_factory(engine).begin() as session:
        add_target(session, TargetSpec(name="人口库", unit="市公安局", kind="db", cron="0 2 * * *",
                                       url="postgresql+psycopg://scan@127.0.0.1/none", password_env="NO_SUCH_PASSWORD",
                                       max_attempts=3), parse_now("2026-12-07T01:00"))

    def look(at: str) -> list[tuple[str, int]]:
        report = run_due(engine, store_url, parse_now(at), "w", SETTINGS)
        return [(job.status, job.attempts) for job in report.jobs]

    assert look("2026-12-07T02:00") == [("pending", 1)]
    assert look("2026-12-07T02:04") == []  # backing off
    assert look("2026-12-07T02:05") == [("pending", 2)]
    assert look("2026-12-07T02:14") == []
    assert look("2026-12-07T02:15") == [("failed", 3)]
    assert look("2026-12-07T03:00") == []
    with session_factory(engine)() as session:
        job = session.scalars(select(Job)).one()
        assert "NO_SUCH_PASSWORD" in (job.error or "") and job.run_id is None
        alerts = [(a.kind, a.unit) for a in session.scalars(select(Alert))]
    assert alerts == [("run_failed", "市公安局")]


def test_a_job_error_never_keeps_a_password():
    from secsuite.monitor.execute import describe

    error = ConnectionError("cannot reach postgresql+psycopg://scan:S3cret@10.1.2.3/rk (timeout)")
    assert describe(error) == "ConnectionError: cannot reach postgresql+psycopg://scan@10.1.2.3/rk (timeout)"
