""""Today" for every date-dependent check: Asia/Shanghai by default, fixed with ``--as-of``."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo(os.environ.get("SECSUITE_TZ", "Asia/Shanghai"))


def today() -> dt.date:
    return dt.datetime.now(DEFAULT_TZ).date()


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of`` of every command, in the grammar of the inventories' date cells (2025-12-31,
    2025/12/31, 2025年12月31日, 20251231, an instant with an offset taken by its date in Asia/Shanghai;
    6/5/2025 refused with its two readings); today in Asia/Shanghai by default."""
    if not value:
        return today()
    from secsuite.inventory.tabular import as_date  # the one date grammar; it imports this module

    try:
        day = as_date(value)
    except ValueError as exc:
        raise ValueError(f"--as-of {value!r}: {exc}; expected a date such as 2025-12-31 or 2025年12月31日") from None
    assert day is not None
    return day


def year_as_of(value: str | None, year: int | None) -> dt.date:
    """``--as-of`` for a yearly audit: the given date, else today, but the year's last day when the
    year is over, so findings recorded after the year still belong to it."""
    if value or year is None:
        return parse_as_of(value)
    return min(today(), dt.date(year, 12, 31))
