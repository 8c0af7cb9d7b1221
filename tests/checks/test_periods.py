"""Periods as Chinese law counts them: days from the next day, months to the corresponding day."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.checks.periods import DayCount, add_months
from secsuite.errors import ConfigError

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2024, 12, 31), 12, D(2025, 12, 31)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # no corresponding day: the month's last day
        (D(2023, 2, 28), 12, D(2024, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 7, 15), 6, D(2026, 1, 15)),
        (D(2025, 12, 31), 24, D(2027, 12, 31)),
    ],
)
def test_add_months(start, months, end):
    assert add_months(start, months) == end


def test_calendar_days_start_the_next_day():
    assert DayCount().last_day(D(2025, 1, 31), 30) == D(2025, 3, 2)
    assert DayCount().last_day(D(2024, 1, 31), 30) == D(2024, 3, 1)


def test_working_days_skip_weekends_and_holidays_and_count_make_up_days():
    count = DayCount.from_params("R", {"day_type": "working", "holidays": ["2025-01-01"], "workdays": ["2025/1/26"]})
    assert count.is_working_day(D(2025, 1, 26)) and not count.is_working_day(D(2025, 1, 1))
    assert not count.is_working_day(D(2025, 1, 4))  # a Saturday
    assert count.last_day(D(2024, 12, 31), 1) == D(2025, 1, 2)
    assert count.last_day(D(2025, 1, 24), 1) == D(2025, 1, 26)  # Friday → the Sunday worked


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"day_type": "workday"}, "R.day_type"),
        ({"day_type": "working", "holidays": ["2025-02-30"]}, "R.holidays"),
        ({"day_type": "working", "workdays": ["soon"]}, "R.workdays"),
    ],
)
def test_bad_calendar_settings_are_config_errors(params, problem):
    with pytest.raises(ConfigError, match=problem):
        DayCount.from_params("R", params)
