"""Monitoring's clock. Every instant is stored in UTC (SQLite keeps no offset, so one zone for all
rows keeps comparisons in SQL right) and shown in Asia/Shanghai; "now" is injectable everywhere."""

from __future__ import annotations

import datetime as dt

from secsuite.timeutil import DEFAULT_TZ

UTC = dt.timezone.utc


def now() -> dt.datetime:
    return dt.datetime.now(UTC)


def stored(moment: dt.datetime) -> dt.datetime:
    """The instant as written to the store: UTC."""
    return moment.astimezone(UTC)


def loaded(moment: dt.datetime) -> dt.datetime:
    """An instant read back: SQLite returns it naive (it was written in UTC), PostgreSQL aware."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local(moment: dt.datetime) -> dt.datetime:
    return loaded(moment).astimezone(DEFAULT_TZ)


def parse_now(value: str | None) -> dt.datetime:
    """``--now``: an ISO date-time read in Asia/Shanghai unless it names its offset; a bare date is
    its midnight. Without a value: the real clock."""
    if not value:
        return now()
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--now: expected YYYY-MM-DDTHH:MM (Asia/Shanghai), got {value!r}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=DEFAULT_TZ)).astimezone(UTC)


def parse_since(value: str, moment: dt.datetime) -> dt.datetime:
    """``--since``: ``7d``, ``12h``, ``30m`` before ``moment``, or a date (its midnight in Asia/Shanghai)."""
    text = value.strip().lower()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if text[-1:] in units and text[:-1].isdigit():
        return moment - dt.timedelta(**{units[text[-1]]: int(text[:-1])})
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--since: expected 7d, 12h, 30m or YYYY-MM-DD, got {value!r}") from None
    return dt.datetime.combine(day, dt.time(), DEFAULT_TZ).astimezone(UTC)
