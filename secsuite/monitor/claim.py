"""Claiming work in the store so that two workers never run the same job: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL; on SQLite, which has no row locks, an immediate transaction that takes the
database's write lock before reading, so the second worker reads only after the first committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from secsuite.monitor.models import Job, Schedule
from secsuite.monitor.schedule import enqueue_due
from secsuite.monitor.times import stored


@contextmanager
def claim_transaction(engine: Engine) -> Iterator[Session]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        with Session(bind=connection, expire_on_commit=False) as session:
            try:
                yield session
                session.flush()
                connection.commit()
            except BaseException:
                connection.rollback()
                raise


def row_locks(engine: Engine) -> bool:
    return engine.dialect.name != "sqlite"


def enqueue(engine: Engine, moment: dt.datetime) -> list[Job]:
    with claim_transaction(engine) as session:
        return enqueue_due(session, moment, row_locks(engine))


def claim_next(engine: Engine, moment: dt.datetime, worker: str) -> tuple[Job, Schedule] | None:
    """The oldest runnable job, marked running by ``worker`` with its deadline: a pending job whose
    back-off is over, or a running one whose worker died past its deadline (counted as a timeout)."""
    at = stored(moment)
    with claim_transaction(engine) as session:
        query = (
            select(Job)
            .where(or_((Job.status == "pending") & (Job.not_before <= at),
                       (Job.status == "running") & (Job.deadline_at < at)))
            .order_by(Job.due_at, Job.id)
            .limit(1)
        )
        if row_locks(engine):
            query = query.with_for_update(skip_locked=True)
        job = session.scalar(query)
        if job is None:
            return None
        schedule = session.get(Schedule, job.schedule_id)
        assert schedule is not None
        if job.status == "running":  # its worker died or hung: that attempt timed out
            job.error = f"timed out: worker {job.claimed_by} did not finish by its deadline"
        job.status = "running"
        job.attempts += 1
        job.claimed_by = worker
        job.deadline_at = stored(moment + dt.timedelta(seconds=schedule.timeout_seconds))
        session.flush()
        return job, schedule
