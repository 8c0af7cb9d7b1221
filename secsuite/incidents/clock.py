"""The incident clocks of "5分钟应急响应、30分钟联动处置" (《2023年度湖州市一体化智能化公共数据平台建设工作要点》, (七)).

Both clocks start at discovery (发现时间): the seed does not say where they start, and 《国家网络安全
事件报告管理办法》 starts its reporting clock at "发现或获知", so the SLA uses the same instant. A limit
is met when the time taken is at most the limit: 5:00 meets five minutes, 5:01 breaches it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from secsuite.inventory.incidents import Incident
from secsuite.inventory.units import UnitType


class SlaParams(BaseModel):
    """The limit of one clock: ``minutes`` for every unit, unless its unit type has its own."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    minutes: Decimal = Field(gt=0)
    minutes_by_unit_type: dict[UnitType, Decimal] = {}

    def limit(self, unit_type: UnitType | None) -> dt.timedelta:
        minutes = self.minutes_by_unit_type.get(unit_type, self.minutes) if unit_type else self.minutes
        return dt.timedelta(seconds=float(minutes * 60))


def elapsed(start: dt.datetime | None, end: dt.datetime | None) -> dt.timedelta | None:
    return None if start is None or end is None else end - start


def response_time(incident: Incident) -> dt.timedelta | None:
    """From discovery to the emergency response (应急响应)."""
    return elapsed(incident.detected_at, incident.responded_at)


def handling_time(incident: Incident) -> dt.timedelta | None:
    """From discovery to coordinated handling (联动处置)."""
    return elapsed(incident.detected_at, incident.coordinated_at)


def breached(taken: dt.timedelta | None, limit: dt.timedelta) -> bool:
    return taken is not None and taken > limit


def clock_text(duration: dt.timedelta) -> str:
    """``5:01`` (minutes:seconds) under an hour, ``2:00:05`` from an hour on."""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


ClockState = Literal["met", "breached", "running", "overdue", "untimed"]


def state(started: dt.datetime | None, stopped: dt.datetime | None, limit: dt.timedelta,
          at: dt.datetime) -> tuple[ClockState, dt.timedelta | None]:
    """Where a clock stands at ``at``, and the time left while it runs: met or breached once it has
    stopped, running or overdue while it has not (an unanswered incident breaches the limit as soon
    as the limit passes, before the register records any answer), untimed without a discovery time."""
    if started is None:
        return "untimed", None
    if stopped is not None:
        return ("breached" if breached(stopped - started, limit) else "met"), None
    left = started + limit - at
    return ("running", left) if left >= dt.timedelta(0) else ("overdue", None)
