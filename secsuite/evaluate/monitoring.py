"""日常监测 as evidence: where a rubric scores a method by daily monitoring (包头's 日常监测, 60% of
each half), the evaluation cites what monitoring recorded for the unit in each half, from the
daily snapshots of ``secsuite monitor``: how many days were recorded and fully covered, the open
findings on the first and last recorded day, what was new and fixed, and the days with an SLA
breach. It changes no score (the scores are the assessors'); it shows what backs them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.i18n import Lang


@dataclass(frozen=True)
class Snapshot:
    """One unit's monitoring counts on one day (``monitor_unit_days``)."""

    day: dt.date
    open: int
    new: int
    fixed: int
    sla_breaches: int
    targets: int
    targets_covered: int


@dataclass(frozen=True)
class MonitoringHalf:
    half: str  # H1, H2
    start: dt.date
    end: dt.date  # the half's last day, or the as-of date when earlier
    recorded: int  # days with a snapshot
    covered: int  # days on which every target had a complete run
    open_first: int | None
    open_last: int | None
    new: int
    fixed: int
    breach_days: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_json(self) -> dict[str, Any]:
        return {"half": self.half, "start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days,
                "recorded": self.recorded, "covered": self.covered, "open_first": self.open_first,
                "open_last": self.open_last, "new": self.new, "fixed": self.fixed, "breach_days": self.breach_days}

    def sentence(self, lang: Lang) -> str:
        if lang == "zh":
            name = "上半年" if self.half == "H1" else "下半年"
            if not self.recorded:
                return f"{name}（{self.start}—{self.end}）：无日常监测记录"
            return (f"{name}（{self.start}—{self.end}）：{self.days} 天中 {self.recorded} 天有监测记录、"
                    f"{self.covered} 天全部目标完成；未关闭问题 {self.open_first} → {self.open_last}，"
                    f"新增 {self.new}、修复 {self.fixed}；{self.breach_days} 天有整改超期")
        if not self.recorded:
            return f"{self.half} ({self.start} – {self.end}): no monitoring recorded"
        return (f"{self.half} ({self.start} – {self.end}): {self.recorded} of {self.days} days recorded, "
                f"{self.covered} with every target run; open findings {self.open_first} → {self.open_last}, "
                f"{self.new} new, {self.fixed} fixed; {self.breach_days} days with an overdue remediation")


@dataclass(frozen=True)
class MonitoringEvidence:
    """The method scored by 日常监测 and, per half begun, what monitoring recorded for the unit."""

    method: str
    halves: tuple[MonitoringHalf, ...]

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "halves": [half.to_json() for half in self.halves]}


def stored_monitoring(session: Session, year: int) -> dict[str, tuple[Snapshot, ...]]:
    """Each unit's daily snapshots of ``year``, in day order."""
    from secsuite.monitor.models import UnitDay

    query = (select(UnitDay).where(UnitDay.day >= dt.date(year, 1, 1), UnitDay.day <= dt.date(year, 12, 31))
             .order_by(UnitDay.day))
    series: dict[str, list[Snapshot]] = {}
    for row in session.scalars(query):
        series.setdefault(row.unit, []).append(Snapshot(
            row.day, row.open_findings, row.new or 0, row.fixed or 0,
            row.sla_breaches or 0, row.targets or 0, row.targets_covered or 0))
    return {unit: tuple(days) for unit, days in series.items()}


def evidence_for(method: str, snapshots: tuple[Snapshot, ...], year: int, as_of: dt.date) -> MonitoringEvidence:
    """The halves of ``year`` that have begun by ``as_of``, each with what monitoring recorded in it."""
    halves = []
    for half, start, end in (("H1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
                             ("H2", dt.date(year, 7, 1), dt.date(year, 12, 31))):
        if start > as_of:
            continue
        end = min(end, as_of)
        inside = [s for s in snapshots if start <= s.day <= end]
        halves.append(MonitoringHalf(
            half, start, end, len(inside), sum(1 for s in inside if s.targets and s.targets_covered == s.targets),
            inside[0].open if inside else None, inside[-1].open if inside else None,
            sum(s.new for s in inside), sum(s.fixed for s in inside), sum(1 for s in inside if s.sla_breaches)))
    return MonitoringEvidence(method, tuple(halves))
