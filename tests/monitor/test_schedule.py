"""Cron in Asia/Shanghai, firings turned into jobs once, a missed schedule caught up once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from secsuite.monitor.claim import claim_next, enqueue
from secsuite.monitor.models import Job
from secsuite.monitor.schedule import next_after
from secsuite.monitor.targets import TargetSpec, add_target
from secsuite.monitor.times import UTC, loaded, parse_now
from secsuite.store.db import open_engine, session_factory
from secsuite.timeutil import DEFAULT_TZ


def _cst(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=DEFAULT_TZ)


@pytest.mark.parametrize(
    ("cron", "after", "expected"),
    [
        ("0 2 * * *", "2026-12-07T01:59", "2026-12-07T02:00"),  # 02:00 China time is 18:00 UTC the day before
        ("0 2 * * *", "2026-12-07T02:00", "2026-12-08T02:00"),  # strictly after
        ("*/15 * * * *", "2026-12-07T10:07", "2026-12-07T10:15"),
        ("0 9 * * 1", "2026-12-07T10:00", "2026-12-14T09:00"),  # 2026-12-07 is a Monday
        ("0 0 1 * *", "2026-12-31T23:59", "2027-01-01T00:00"),
    ],
)
def test_next_firing_is_read_in_china_time(cron, after, expected):
    assert next_after(cron, _cst(after)) == _cst(expected).astimezone(UTC)


def _target(store_url: str, cron: str, created: str):
    engine = open_engine(store_url)
    with session_factory(engine).begin() as session:
        add_target(session, TargetSpec(name="t", unit="市大数据局", kind="files", cron=cron, paths=["/data"]),
                   parse_now(created))
    return engine


def test_a_firing_becomes_one_job_however_often_run_due_looks(store_url):
    engine = _target(store_url, "0 2 * * *", "2026-12-07T01:00")
    assert enqueue(engine, parse_now("2026-12-07T01:59")) == []
    jobs = enqueue(engine, parse_now("2026-12-07T02:00"))
    assert [(loaded(j.due_at), j.missed) for j in jobs] == [(_cst("2026-12-07T02:00").astimezone(UTC), 0)]
    assert enqueue(engine, parse_now("2026-12-07T02:00")) == []
    assert enqueue(engine, parse_now("2026-12-07T02:01")) == []


def test_a_schedule_missed_for_days_runs_once_for_the_latest_firing(store_url):
    engine = _target(store_url, "0 * * * *", "2026-12-01T00:30")  # hourly, then the machine was off
    jobs = enqueue(engine, parse_now("2026-12-04T12:10"))
    assert len(jobs) == 1
    assert loaded(jobs[0].due_at) == _cst("2026-12-04T12:00").astimezone(UTC)
    assert jobs[0].missed == 83  # the hourly firings 12-01 01:00 … 12-04 12:00 are 84: one runs
    with session_factory(engine)() as session:
        assert list(session.scalars(select(Job.id))) == [jobs[0].id]


def test_a_claimed_job_is_not_claimed_again_until_its_deadline_passes(store_url):
    engine = _target(store_url, "0 2 * * *", "2026-12-07T01:00")
    moment = parse_now("2026-12-07T02:00")
    enqueue(engine, moment)
    first = claim_next(engine, moment, "w1")
    assert first is not None and first[0].attempts == 1
    assert claim_next(engine, moment + dt.timedelta(minutes=59), "w2") is None  # default timeout: an hour
    again = claim_next(engine, moment + dt.timedelta(hours=1, minutes=1), "w2")
    assert again is not None and again[0].id == first[0].id and again[0].attempts == 2
    assert "w1" in (again[0].error or "")
