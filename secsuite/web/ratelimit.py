"""Rate limits on guessing, on top of the lock after five wrong passwords (GB/T 22239-2019 8.1.4.1 b
asks to limit login attempts): failed sign-ins and failed API tokens are counted per account and
per client address over a sliding window kept in the store, so every worker behind a proxy counts
the same attempts. Past a limit the answer is 429 with ``Retry-After``, the seconds until the
oldest counted failure leaves the window, whether or not the next guess would be right."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from secsuite.report.store_view import china_time
from secsuite.store.access import AuthAttempt

WINDOW = dt.timedelta(minutes=15)
ACCOUNT_LIMIT = 10  # failures of one account name, from anywhere (a lock stops the guesses, not the load)
ADDRESS_LIMIT = 30  # failures from one client address, across accounts (password spraying)
LOGIN, TOKEN = "login", "token"


class RateLimited(Exception):
    """Too many failures: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"失败尝试过多，请 {retry_after} 秒后再试 (too many failed attempts; retry after {retry_after} s)")
        self.retry_after = retry_after


def _stored(value: str | None) -> str | None:
    """As the column holds it: a longer name counts with every name sharing its first 64 characters."""
    return value[:64] if value is not None else None


def retry_after(db: Session, kind: str, account: str | None, address: str | None, now: dt.datetime) -> int | None:
    """Seconds to wait when the account or the address is at its limit, else None."""
    waits = []
    for column, value, limit in ((AuthAttempt.account, _stored(account), ACCOUNT_LIMIT),
                                 (AuthAttempt.address, _stored(address), ADDRESS_LIMIT)):
        if value is None:
            continue
        recent = list(db.scalars(select(AuthAttempt.at).where(AuthAttempt.kind == kind, column == value,
                                                              AuthAttempt.at > now - WINDOW)
                                 .order_by(AuthAttempt.at.desc()).limit(limit)))
        if len(recent) >= limit:
            oldest = china_time(recent[-1])
            waits.append(max(1, math.ceil((oldest + WINDOW - now).total_seconds())))  # type: ignore[operator]
    return max(waits, default=None)


def check(db: Session, kind: str, account: str | None, address: str | None, now: dt.datetime) -> None:
    """Raise RateLimited when the account or the address is at its limit."""
    wait = retry_after(db, kind, account, address, now)
    if wait is not None:
        raise RateLimited(wait)


def failed(db: Session, kind: str, account: str | None, address: str | None, now: dt.datetime) -> None:
    """Count one failure (and forget those that left the window); the caller commits."""
    db.execute(delete(AuthAttempt).where(AuthAttempt.at <= now - WINDOW))
    db.add(AuthAttempt(at=now, kind=kind, account=_stored(account), address=_stored(address)))
    db.flush()
