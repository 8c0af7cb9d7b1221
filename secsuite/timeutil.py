""""Today" for every date-dependent check: Asia/Shanghai by default, fixed with ``--as-of``."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo(os.environ.get("SECSUITE_TZ", "Asia/Shanghai"))


def today() -> dt.date:
    return dt.datetime.now(DEFAULT_TZ).date()


def parse_as_of(value: str | None) -> dt.date:
    if not value:
        return today()
    try:
        return dt.date.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        raise ValueError(f"--as-of: expected a date YYYY-MM-DD, got {value!r}") from None


def year_as_of(value: str | None, year: int | None) -> dt.date:
    """``--as-of`` for a yearly audit: the given date, else today, but the year's last day when the
    year is over, so findings recorded after the year still belong to it."""
    if value or year is None:
        return parse_as_of(value)
    return min(today(), dt.date(year, 12, 31))
