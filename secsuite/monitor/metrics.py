"""Daily metrics per unit: absolute counts ("snapshots, not deltas"), recomputed whole for a day, so
a missed run or a re-run can never corrupt the series. The evidence of 日常监测 (daily monitoring).
Findings of no unit count under the unit "" (empty)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secsuite.monitor.alerts import CERT_DEFAULT_THRESHOLDS
from secsuite.monitor.delta import days_left
from secsuite.monitor.models import Issue, Job, Schedule, Target, UnitDay
from secsuite.monitor.register import ACTIVE, breached
from secsuite.store.models import Asset, Run

SEVERITIES = ("critical", "high", "medium", "low", "info")


def _latest_netscan(session: Session, day: dt.date) -> Run | None:
    return session.scalar(select(Run).where(Run.kind == "netscan", Run.complete.is_(True), Run.as_of <= day)
                          .order_by(Run.as_of.desc(), Run.id.desc()).limit(1))


def _expiring_by_unit(session: Session, day: dt.date) -> dict[str, int]:
    run = _latest_netscan(session, day)
    counts: dict[str, int] = {}
    if run is None:
        return counts
    for asset in session.scalars(select(Asset).where(Asset.run_id == run.id, Asset.tls.is_not(None))):
        leaves = [c for c in (asset.tls or {}).get("certificates", []) if c.get("role") == "leaf"]
        if any(days_left(c["not_after"], day) <= max(CERT_DEFAULT_THRESHOLDS) for c in leaves):
            counts[asset.unit or ""] = counts.get(asset.unit or "", 0) + 1
    return counts


def _covered(session: Session, day: dt.date) -> dict[str, tuple[int, int]]:
    """Per unit: its targets, and how many had a complete scheduled run that day."""
    counts: dict[str, tuple[int, int]] = {}
    for target in session.scalars(select(Target)):
        runs = select(func.count()).select_from(Job).join(Schedule, Schedule.id == Job.schedule_id).join(
            Run, Run.id == Job.run_id).where(Schedule.target_id == target.id, Run.complete.is_(True), Run.as_of == day)
        total, covered = counts.get(target.unit, (0, 0))
        counts[target.unit] = (total + 1, covered + (1 if (session.scalar(runs) or 0) else 0))
    return counts


def record_day(session: Session, day: dt.date) -> list[UnitDay]:
    """Recompute every unit's row for ``day`` from the register, the runs and the targets."""
    issues = list(session.scalars(select(Issue)))
    units = {i.unit or "" for i in issues}
    expiring = _expiring_by_unit(session, day)
    covered = _covered(session, day)
    units |= set(expiring) | set(covered)
    rows = []
    for unit in sorted(units):
        mine = [i for i in issues if (i.unit or "") == unit]
        row = session.get(UnitDay, (unit, day)) or UnitDay(unit=unit, day=day)
        for severity in SEVERITIES:
            setattr(row, f"open_{severity}", sum(1 for i in mine if i.status in ACTIVE and i.severity == severity))
        row.new = sum(1 for i in mine if i.first_seen_on == day)
        row.fixed = sum(1 for i in mine if i.status == "fixed" and i.closed_on == day)
        row.sla_breaches = sum(1 for i in mine if breached(i, day))
        row.certs_expiring = expiring.get(unit, 0)
        row.targets, row.targets_covered = covered.get(unit, (0, 0))
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def series(session: Session, since: dt.date, until: dt.date, unit: str | None = None) -> list[UnitDay]:
    query = select(UnitDay).where(UnitDay.day >= since, UnitDay.day <= until)
    if unit is not None:
        query = query.where(UnitDay.unit == unit)
    return list(session.scalars(query.order_by(UnitDay.unit, UnitDay.day)))
