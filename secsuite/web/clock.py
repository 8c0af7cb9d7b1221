"""The application's notion of now, injectable so lockouts and timeouts are tested without waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from secsuite.timeutil import DEFAULT_TZ

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(DEFAULT_TZ)

