"""Monitoring's daily series on the dashboard: one small line per unit the user sees, gaps where a
day has no snapshot, drawn without inline style so the CSP holds, and another unit's line never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete

from secsuite.monitor.models import UnitDay
from secsuite.web.trends import DAYS, sparkline
from tests.web.conftest import UNIT_A, UNIT_B


@pytest.mark.parametrize(("counts", "segments", "figures"), [
    ([None, None], None, None),
    ([3], 1, (3, 3, 3, 1)),
    ([4, 2, 0, 1], 1, (4, 1, 4, 4)),
    ([5, None, None, 7, 6], 2, (5, 6, 7, 3)),     # a gap, never a zero
    ([0, 0, 0], 1, (0, 0, 0, 3)),                 # a flat line at the bottom, not a division by zero
])
def test_sparkline(counts, segments, figures):
    line = sparkline(counts)
    if segments is None:
        assert line is None
        return
    assert len(line.segments) == segments
    assert (line.first, line.last, line.peak, line.days_with_data) == figures
    points = [point for segment in line.segments for point in segment.split()]
    assert len(points) == line.days_with_data
    assert all(0 <= float(x) <= line.width and 0 <= float(y) <= line.height
               for x, y in (point.split(",") for point in points))


@pytest.fixture
def monitored_days(site):
    today = site.clock().date()
    days = [today - dt.timedelta(days=n) for n in range(DAYS + 5)]  # five days before the window too
    with site.sessions().begin() as session:
        for number, day in enumerate(days):
            if number != 3:  # one day without a snapshot
                session.add(UnitDay(unit=UNIT_A, day=day, open_high=number % 7, open_low=1))
        session.add(UnitDay(unit=UNIT_B, day=today, open_critical=9))
    yield
    with site.sessions().begin() as session:
        session.execute(delete(UnitDay))


def test_the_dashboard_shows_each_visible_units_line(clients, monitored_days):
    body = clients["auditor"].get("/").text
    assert body.count('class="sparkline"') == 2 and body.count("<polyline") == 3  # A: two segments around the gap
    assert f"{DAYS} 天中 {DAYS - 1} 天有记录" in body and "style=" not in body.split("<svg", 1)[1].split("</svg>")[0]
    own = clients["unit_a"].get("/").text
    assert own.count('class="sparkline"') == 1 and "首日 9 个" not in own  # B's line (9 critical) is not A's
    assert "首日 9 个" in clients["unit_b"].get("/").text


def test_a_unit_without_snapshots_says_so(clients):
    assert "无监测记录" in clients["auditor"].get("/").text
