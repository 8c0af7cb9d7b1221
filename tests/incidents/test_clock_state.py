"""Where a clock and the statutory report stand at a moment: the boundaries are the rules' own
(5:00 meets five minutes, a report exactly at the deadline is on time)."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.incidents.clock import state
from secsuite.incidents.reporting import report_state
from secsuite.timeutil import DEFAULT_TZ

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=DEFAULT_TZ)
LIMIT = dt.timedelta(minutes=5)


def at(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(("started", "stopped", "now", "expected"), [
    (START, at(5), at(60), ("met", None)),
    (START, at(5) + dt.timedelta(seconds=1), at(60), ("breached", None)),
    (START, None, at(2), ("running", dt.timedelta(minutes=3))),
    (START, None, at(5), ("running", dt.timedelta(0))),
    (START, None, at(5) + dt.timedelta(seconds=1), ("overdue", None)),
    (None, at(3), at(60), ("untimed", None)),
])
def test_clock_state(started, stopped, now, expected):
    assert state(started, stopped, LIMIT, now) == expected


DEADLINE = at(240)


@pytest.mark.parametrize(("required", "deadline", "reported", "now", "expected"), [
    (False, None, None, at(999), ("not_required", None)),
    (True, None, None, at(1), ("untimed", None)),
    (True, DEADLINE, DEADLINE, at(999), ("on_time", None)),
    (True, DEADLINE, at(241), at(999), ("late", None)),
    (True, DEADLINE, None, at(60), ("pending", dt.timedelta(hours=3))),
    (True, DEADLINE, None, at(241), ("overdue", None)),
])
def test_report_state(required, deadline, reported, now, expected):
    assert report_state(required, deadline, reported, now) == expected
