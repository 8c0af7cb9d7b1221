"""Deadlines counted as Chinese law counts periods (《民法典》第二百零一条、第二百零二条).

A period of days starts the day after the event, so "within 30 days of 1 March" ends at the end of
31 March: filing on day 30 is on time, on day 31 late. A period of months or years ends on the
corresponding day of the last month, or on that month's last day when it has none: one year
after 2024-02-29 is 2025-02-28. Working days skip weekends and the configured public holidays,
and count the configured make-up working days (调休上班).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from secsuite.errors import ConfigError
from secsuite.inventory.tabular import as_date

DAY_TYPES = ("calendar", "working")


def add_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months starting ``start``."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last_day))


@dataclass(frozen=True)
class DayCount:
    """How a period of days is counted: calendar days, or working days under a holiday calendar."""

    working: bool = False
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_params(cls, rule_id: str, params: dict[str, Any]) -> DayCount:
        """Read ``day_type``, ``holidays`` and ``workdays`` of a rule's settings."""
        day_type = str(params.get("day_type", "calendar"))
        if day_type not in DAY_TYPES:
            raise ConfigError(f"{rule_id}.day_type: expected one of {', '.join(DAY_TYPES)}, got {day_type!r}")
        return cls(working=day_type == "working", holidays=_dates(rule_id, "holidays", params.get("holidays")),
                   workdays=_dates(rule_id, "workdays", params.get("workdays")))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def last_day(self, start: dt.date, days: int) -> dt.date:
        """The last day of a period of ``days`` days after ``start`` (the day of the event)."""
        if not self.working:
            return start + dt.timedelta(days=days)
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            counted += self.is_working_day(day)
        return day


def _dates(rule_id: str, name: str, values: Iterable[Any] | None) -> frozenset[dt.date]:
    try:
        return frozenset(day for day in (as_date(value) for value in values or ()) if day is not None)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{rule_id}.{name}: expected a list of dates ({exc})") from None
