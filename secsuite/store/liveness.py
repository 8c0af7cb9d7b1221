"""Runs that will never finish: a ``kill -9``, a power cut or a full disk leaves a run ``running``.

Each run records its host and process id and beats while it works (every dataset, error or
finding written). A ``running`` run is abandoned when its process is gone from this host, or when
it has not beaten for ``STALE_AFTER`` (a run on another host). Abandoned runs are marked so, and a
report says that a newer run never finished instead of silently using an older one.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from secsuite.store.models import Run

TZ = ZoneInfo("Asia/Shanghai")
STALE_AFTER = dt.timedelta(hours=1)
ABANDONED = "abandoned"


def now() -> dt.datetime:
    return dt.datetime.now(TZ)


def this_host() -> str:
    return socket.gethostname()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=TZ)  # SQLite keeps the local time, without zone


def is_abandoned(run: Run, at: dt.datetime | None = None) -> bool:
    if run.status != "running":
        return False
    ours = run.host == this_host() and run.pid is not None and run.pid != os.getpid()
    if ours and not _process_alive(run.pid or 0):
        return True
    last = run.heartbeat_at or run.started_at
    return last is not None and (at or now()) - _aware(last) > STALE_AFTER


def mark_abandoned(session: Session) -> list[int]:
    """Mark every abandoned run; the ids marked."""
    ids = [run.id for run in session.scalars(select(Run).where(Run.status == "running")) if is_abandoned(run)]
    if ids:
        session.execute(update(Run).where(Run.id.in_(ids)).values(status=ABANDONED))
    return ids
