"""What happens when a run ends, and on every tick of the scheduler: the delta against the run's
baseline, the issue register brought up to date, alerts raised, and the day's metrics recomputed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.config import MonitorConfig
from secsuite.monitor import alerts, delta, metrics, register
from secsuite.monitor.models import Alert
from secsuite.store.models import FindingRecord, Run


@dataclass
class Review:
    run_id: int
    delta: delta.Delta | None
    changes: register.RegisterChanges
    alerts: list[Alert] = field(default_factory=list)


def review_run(session: Session, run_id: int, moment: dt.datetime, settings: MonitorConfig) -> Review:
    """The delta is computed once, here, and only between complete runs of the same scope."""
    run = session.get(Run, run_id)
    if run is None:
        raise LookupError(f"run {run_id} not found")
    baseline = delta.last_comparable(session, run) if run.complete else None
    found = None
    if baseline is not None:
        seen = set(session.scalars(select(FindingRecord.finding_id).where(FindingRecord.run_id == run.id)))
        found = delta.compute(session, baseline, run, register.previously_fixed(session, seen))
        delta.store(session, found, moment)
    changes = register.record_run(session, run, settings.sla_days)
    candidates = alerts.finding_candidates(session, run, changes) + alerts.exposure_candidates(found)
    candidates += alerts.certificate_candidates(session, run)
    raised = alerts.raise_all(session, candidates, moment)
    metrics.record_day(session, run.as_of)
    return Review(run.id, found, changes, raised)


def tick(session: Session, today: dt.date, moment: dt.datetime, settings: MonitorConfig) -> list[Alert]:
    """What the date alone changes: accepted risks past their date reopen, overdue issues alert,
    and today's metrics are recomputed."""
    register.reopen_expired(session, today, settings.sla_days)
    raised = alerts.raise_all(session, alerts.sla_candidates(session, today), moment)
    metrics.record_day(session, today)
    return raised
