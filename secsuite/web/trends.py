"""Monitoring's daily series (日常监测) on the dashboard: per unit, the open findings of the last
days as a small line, drawn as SVG elements with presentation attributes only (no ``style``), so
the page's CSP (``default-src 'self'``, nothing inline) holds. A day without a snapshot is a gap in
the line, never a zero."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.models import UnitDay

DAYS = 30
WIDTH, HEIGHT, MARGIN = 120, 28, 2


@dataclass(frozen=True)
class Sparkline:
    """One unit's open findings per day: the SVG polylines (one per run of consecutive days) and
    the figures the caption and the screen reader need."""

    segments: tuple[str, ...]
    first: int
    last: int
    peak: int
    days_with_data: int
    days: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def change(self) -> int:
        return self.last - self.first


def sparkline(counts: list[int | None]) -> Sparkline | None:
    """The line of ``counts`` (one per day, None for a day without a snapshot); None when no day has one."""
    known = [count for count in counts if count is not None]
    if not known:
        return None
    peak = max(known)
    step = (WIDTH - 2 * MARGIN) / max(len(counts) - 1, 1)
    segments, current = [], []
    for index, count in enumerate(counts):
        if count is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        y = HEIGHT - MARGIN - (count / peak if peak else 0) * (HEIGHT - 2 * MARGIN)
        current.append(f"{MARGIN + index * step:.1f},{y:.1f}")
    if current:
        segments.append(" ".join(current))
    return Sparkline(tuple(segments), known[0], known[-1], peak, len(known), len(counts))


def unit_trends(session: Session, units: Iterable[str], today: dt.date, days: int = DAYS) -> dict[str, Sparkline]:
    """The last ``days`` days up to ``today`` of each of ``units`` that monitoring has snapshots of."""
    names = list(units)
    if not names:
        return {}
    start = today - dt.timedelta(days=days - 1)
    series: dict[str, dict[dt.date, int]] = {}
    for row in session.scalars(select(UnitDay).where(UnitDay.unit.in_(names), UnitDay.day >= start,
                                                      UnitDay.day <= today)):
        series.setdefault(row.unit, {})[row.day] = row.open_findings
    calendar = [start + dt.timedelta(days=n) for n in range(days)]
    lines = {unit: sparkline([by_day.get(day) for day in calendar]) for unit, by_day in series.items()}
    return {unit: line for unit, line in lines.items() if line is not None}
