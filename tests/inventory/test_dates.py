"""``as_date``: every form of a date auditors type or spreadsheets hold, read as a China date."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.inventory.tabular import as_date

D = dt.date
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-01", D(2025, 3, 1)),
        ("2025-3-1", D(2025, 3, 1)),
        ("2025/3/1", D(2025, 3, 1)),
        ("2025.03.01", D(2025, 3, 1)),
        ("20250301", D(2025, 3, 1)),
        (20250301, D(2025, 3, 1)),  # typed into a number cell
        ("2025年3月1日", D(2025, 3, 1)),
        ("2025 年 3 月 1 日", D(2025, 3, 1)),
        ("２０２５年３月１日", D(2025, 3, 1)),  # full-width digits
        ("2025年3月1号", D(2025, 3, 1)),
        ("2025/3/1 10:30", D(2025, 3, 1)),  # a time of day without a zone is local
        (45717, D(2025, 3, 1)),  # an Excel serial in a number cell
        (45717.99, D(2025, 3, 1)),  # ... with a time of day
        ("45717", D(2025, 3, 1)),
        (D(2024, 2, 29), D(2024, 2, 29)),
        (dt.datetime(2025, 3, 1, 23, 59), D(2025, 3, 1)),  # an Excel date cell (naive datetime)
        (dt.datetime(2025, 2, 28, 16, 0, tzinfo=UTC), D(2025, 3, 1)),  # midnight in Beijing
        (dt.datetime(2025, 2, 28, 15, 59, 59, tzinfo=UTC), D(2025, 2, 28)),
        ("2025-02-28T16:00:00Z", D(2025, 3, 1)),
        ("2025-02-28T15:59:59+00:00", D(2025, 2, 28)),
        ("2025-03-01T00:30:00+09:00", D(2025, 2, 28)),
        ("13/5/2025", D(2025, 5, 13)),  # only one reading is a date: day/month
        ("5/13/2025", D(2025, 5, 13)),  # ... month/day
        ("5/5/2025", D(2025, 5, 5)),  # both readings agree
        (None, None),
    ],
)
def test_forms_of_a_date(value, expected):
    assert as_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "日期不存在"),
        ("2023-02-29", "日期不存在"),  # not a leap year
        ("2025-13-01", "日期不存在"),
        ("2025年2月30日", "日期不存在"),
        ("2025-03", "不是日期"),
        ("上月", "不是日期"),
        (True, "不是日期"),
        (123, "数字不是日期"),
        (20251301, "日期不存在"),  # YYYYMMDD typed as a number, with no 13th month
        ("6/5/2025", "2025-06-05（月/日/年）或 2025-05-06（日/月/年）"),  # two readings: both named
        ("13/13/2025", "日期不存在"),
    ],
)
def test_impossible_or_unreadable_dates(value, message):
    with pytest.raises(ValueError, match=message):
        as_date(value)
