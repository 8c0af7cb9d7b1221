"""Cron schedules read in Asia/Shanghai, and turning due firings into jobs.

A schedule whose firings were missed (the machine was off) becomes one job for the latest missed
firing, marked with how many it stands for: a missed schedule runs once, not N times.
"""

from __future__ import annotations

import datetime as dt

from croniter import croniter
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.models import Job, Schedule
from secsuite.monitor.times import UTC, loaded, stored
from secsuite.timeutil import DEFAULT_TZ

MAX_MISSED_COUNTED = 10_000  # a schedule off for years: count no further, it still runs once


def check_cron(expression: str) -> None:
    if not croniter.is_valid(expression):
        raise ValueError(f"not a cron expression (minute hour day month weekday): {expression!r}")


def next_after(expression: str, moment: dt.datetime) -> dt.datetime:
    """The first firing strictly after ``moment``, as an instant in UTC."""
    return croniter(expression, moment.astimezone(DEFAULT_TZ)).get_next(dt.datetime).astimezone(UTC)


def _firings_until(expression: str, first: dt.datetime, moment: dt.datetime) -> tuple[dt.datetime, int]:
    """The latest firing at or before ``moment`` starting from the due ``first``, and how many there were."""
    latest, count = first, 1
    runner = croniter(expression, first.astimezone(DEFAULT_TZ))
    while count < MAX_MISSED_COUNTED:
        following = runner.get_next(dt.datetime).astimezone(UTC)
        if following > moment:
            break
        latest, count = following, count + 1
    return latest, count


def enqueue_due(session: Session, moment: dt.datetime, locked: bool) -> list[Job]:
    """Jobs for every enabled schedule due at ``moment``, each schedule advanced past it. The caller
    holds the claim transaction; ``locked``: lock the schedule rows (PostgreSQL), skipping locked ones."""
    query = select(Schedule).where(Schedule.enabled.is_(True), Schedule.next_run_at <= stored(moment))
    if locked:
        query = query.with_for_update(skip_locked=True)
    jobs = []
    for schedule in session.scalars(query):
        due, count = _firings_until(schedule.cron, loaded(schedule.next_run_at), moment)
        job = Job(schedule_id=schedule.id, due_at=stored(due), missed=count - 1, status="pending", attempts=0,
                  not_before=stored(due))
        session.add(job)
        jobs.append(job)
        schedule.next_run_at = stored(next_after(schedule.cron, moment))
    session.flush()
    return jobs
