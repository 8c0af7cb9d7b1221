"""The findings an evaluation reads: those stored in the result store for the year, plus those of
the incident register given on the command line.

A finding is "of the year" when the run that produced it was as of a date in that year (run the
checks with ``--as-of 2025-12-31`` to audit 2025 after the year ends). A finding stored by several
runs counts once: the finding id is stable across runs, and the latest run's copy is kept. Muted
findings do not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from secsuite.evaluate.monitoring import Snapshot, stored_monitoring
from secsuite.findings import Finding, Severity
from secsuite.store.db import session_factory
from secsuite.store.models import FindingRecord, Run, SystemRecord


@dataclass(frozen=True)
class Fact:
    finding_id: str
    rule_id: str
    severity: Severity
    unit: str | None
    object_kind: str
    object_id: str
    message: str
    run_id: int | None  # None: found in this evaluation's own incident register


def from_finding(finding: Finding) -> Fact:
    return Fact(finding.id, finding.rule_id, finding.severity, finding.unit, finding.object.kind, finding.object.id,
                finding.message, None)


def stored_facts(engine: Engine, year: int) -> list[Fact]:
    """Unmuted findings of runs as of ``year``, the latest run's copy of each finding id."""
    query = (
        select(FindingRecord)
        .where(FindingRecord.as_of >= dt.date(year, 1, 1), FindingRecord.as_of <= dt.date(year, 12, 31),
               FindingRecord.muted.is_(False))
        .order_by(FindingRecord.run_id, FindingRecord.id)
    )
    latest: dict[str, Fact] = {}
    with session_factory(engine)() as session:
        for record in session.scalars(query):
            latest[record.finding_id] = Fact(
                record.finding_id, record.rule_id, Severity(record.severity), record.unit, record.object_kind,
                record.object_id, record.message, record.run_id)
    return list(latest.values())


@dataclass(frozen=True)
class Evidence:
    """Which inputs were checked for the year, so that "no finding" can be told from "not checked":
    the units whose systems a ``secsuite check`` run of the year read, and whether an incident
    register of the year was assessed (it lists every incident of every unit, so it covers them all);
    and each unit's daily monitoring snapshots, cited for a method scored by 日常监测."""

    checked_units: frozenset[str] = frozenset()
    incident_register: bool = False
    monitoring: Mapping[str, tuple[Snapshot, ...]] = field(default_factory=dict)  # 日常监测's daily series

    def covers(self, source: str, unit: str) -> bool:
        if source == "systems":
            return unit in self.checked_units
        return source == "incidents" and self.incident_register

    def merged(self, other: Evidence) -> Evidence:
        return Evidence(self.checked_units | other.checked_units, self.incident_register or other.incident_register,
                        {**self.monitoring, **other.monitoring})


def stored_evidence(engine: Engine, year: int, monitoring: bool = False) -> Evidence:
    """The checks of the year recorded in the store: units of checked systems inventories, and any
    incidents run; with ``monitoring``, each unit's daily monitoring series (only a rubric that
    cites 日常监测 needs it)."""
    in_year = (Run.as_of >= dt.date(year, 1, 1), Run.as_of <= dt.date(year, 12, 31))
    with session_factory(engine)() as session:
        units = session.scalars(select(SystemRecord.unit).join(Run, Run.id == SystemRecord.run_id)
                                .where(*in_year, Run.kind == "check").distinct())
        checked = frozenset(units)
        incidents = session.scalar(select(Run.id).where(*in_year, Run.kind == "incidents").limit(1)) is not None
        series = stored_monitoring(session, year) if monitoring else {}
    return Evidence(checked, incidents, series)


def merge_facts(stored: Iterable[Fact], fresh: Iterable[Fact]) -> list[Fact]:
    """Stored and fresh findings, once per finding id; the fresh copy wins."""
    merged = {fact.finding_id: fact for fact in stored}
    merged.update((fact.finding_id, fact) for fact in fresh)
    return sorted(merged.values(), key=lambda fact: (fact.rule_id, fact.object_id, fact.finding_id))
