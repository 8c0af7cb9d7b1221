"""What the pages and the API read from the store, every query scoped by what the principal sees.

The current picture is, per unit and kind (scan, check, netscan, incidents, evaluate), the latest
finished run that covered the unit, so a unit's upload or a data centre's push replaces what the
pages show of that unit only; findings are counted and listed in SQL, so a store of many units and
many findings answers a page without loading them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from secsuite.checks.registry import load_registry
from secsuite.evaluate.ranking import UNIT_TYPE_ORDER
from secsuite.findings import Severity
from secsuite.report.store_view import SEVERITIES, ranked_groups
from secsuite.store.access import Review, UnitRecord
from secsuite.store.current import CurrentRuns, current_runs
from secsuite.store.models import Dataset, EvaluationRecord, FindingRecord, IncidentRecord
from secsuite.web import reviews
from secsuite.web.paging import Page
from secsuite.web.sessions import Principal

FINDING_KINDS = ("scan", "check", "netscan", "incidents")
STATUSES = ("open", "accepted", "false_positive", "muted")
PAGE_SIZE = 50
UNITS_PAGE = 50
EXPORT_CHUNK = 1000
SLA_RULES = ("IR-RESPONSE-SLA-BREACH", "IR-HANDLING-SLA-BREACH")
SEVERITY_RANKS = {s.value: s.rank for s in Severity}


def latest_runs(current: CurrentRuns) -> dict[str, int]:
    """The newest current run of each kind, as the dashboard names them."""
    return {kind: run for kind in current.by_kind if (run := current.latest(kind)) is not None}


def _scoped(query: Select, column: Any, principal: Principal) -> Select:
    return query if principal.units is None else query.where(column.in_(sorted(principal.units)))


def visible_units(db: Session, principal: Principal) -> list[UnitRecord]:
    if not principal.business:
        return []
    units = db.scalars(_scoped(select(UnitRecord).where(UnitRecord.active.is_(True)), UnitRecord.name, principal))
    return sorted(units, key=_unit_order)


def _unit_order(unit: UnitRecord) -> tuple[int, str, str]:
    """Counties, functional areas, departments, then units of no type; by tier, then name."""
    kind = UNIT_TYPE_ORDER.index(unit.unit_type) if unit.unit_type in UNIT_TYPE_ORDER else len(UNIT_TYPE_ORDER)
    return kind, unit.tier or "", unit.name


def unit_named(db: Session, principal: Principal, code: str) -> UnitRecord | None:
    """The unit of a URL or query, or None when it does not exist or the principal may not see it
    (the same answer either way, so another unit's existence is not disclosed)."""
    unit = db.scalars(select(UnitRecord).where((UnitRecord.code == code) | (UnitRecord.name == code))).first()
    return unit if unit is not None and principal.sees(unit.name) else None


@dataclass
class FindingFilter:
    unit: str | None = None
    severity: str | None = None
    rule: str | None = None
    status: str | None = None
    kind: str | None = None

    def query_string(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value}


def findings_query(db: Session, principal: Principal, given: FindingFilter, now: dt.datetime) -> Select:
    """The current findings the principal sees, filtered; the status is the muting of a suppression
    file or an approved review in force at ``now``."""
    kinds = [given.kind] if given.kind in FINDING_KINDS else list(FINDING_KINDS)
    current = current_runs(db).clause(FindingRecord.run_id, FindingRecord.unit, kinds)
    query = _scoped(select(FindingRecord).where(current), FindingRecord.unit, principal)
    if given.unit:
        query = query.where(FindingRecord.unit == given.unit)
    if given.severity:
        query = query.where(FindingRecord.severity == given.severity)
    if given.rule:
        query = query.where(FindingRecord.rule_id == given.rule)
    reviewed = reviews.active(now)
    if given.status == "muted":
        query = query.where(FindingRecord.muted.is_(True))
    elif given.status == "open":
        query = query.where(FindingRecord.muted.is_(False),
                            FindingRecord.finding_id.not_in(reviewed.with_only_columns(Review.subject_key)))
    elif given.status in reviews.DECISIONS:
        query = query.where(FindingRecord.muted.is_(False), FindingRecord.finding_id.in_(
            reviewed.where(Review.decision == given.status).with_only_columns(Review.subject_key)))
    return query


def _buckets(db: Session, query: Select) -> list[tuple[str, int, int]]:
    """The list's (severity, run, count) buckets in its order: most severe first, then by run. Each
    is read along an index that starts (run_id, severity, …, id) or (run_id, rule_id, severity, id),
    so no request sorts the list, and the older runs' rows are never walked past (with the current
    runs as an IN list, ORDER BY id alone walks the primary key through them)."""
    bucket = (FindingRecord.severity, FindingRecord.run_id)
    counted = db.execute(query.order_by(None).with_only_columns(*bucket, func.count()).group_by(*bucket))
    return sorted(counted, key=lambda row: (-SEVERITY_RANKS.get(row[0], -1), row[1]))


def _in_bucket(query: Select, severity: str, run_id: int) -> Select:
    return query.where(FindingRecord.severity == severity, FindingRecord.run_id == run_id).order_by(FindingRecord.id)


def findings_page(db: Session, principal: Principal, given: FindingFilter, now: dt.datetime, asked: int,
                  size: int = PAGE_SIZE, clamp: bool = True) -> tuple[list[FindingRecord], Page]:
    """One page of the list, in recorded order within each (severity, run) bucket it spans.
    ``clamp``: a page past the end is the last page (the pages), or stays empty (the API, whose
    clients read until empty)."""
    query = findings_query(db, principal, given, now)
    buckets = _buckets(db, query)
    total = sum(n for _, _, n in buckets)
    page = Page.of(asked, size, total) if clamp else Page(asked, size, total)
    skip, rows = page.offset, []
    for severity, run_id, available in buckets:
        if skip >= available:
            skip -= available
            continue
        rows += db.scalars(_in_bucket(query, severity, run_id).offset(skip).limit(size - len(rows)))
        skip = 0
        if len(rows) == size:
            break
    return rows, page


def findings_all(db: Session, principal: Principal, given: FindingFilter,
                 now: dt.datetime) -> Iterator[tuple[FindingRecord, str]]:
    """Every finding the filter shows with its status, in the list's order, for an export: bucket
    by bucket in index order (the first rows leave at once, nothing is sorted), the decision in
    force looked up per row by the database, read a chunk at a time (a server-side cursor on
    PostgreSQL), so memory stays flat however many findings and reviews."""
    decision = reviews.active(now).where(Review.subject_key == FindingRecord.finding_id).with_only_columns(
        Review.decision).order_by(Review.id.desc()).limit(1).scalar_subquery()
    query = findings_query(db, principal, given, now)
    for severity, run_id, _ in _buckets(db, query):
        chunked = _in_bucket(query.add_columns(decision), severity, run_id).execution_options(yield_per=EXPORT_CHUNK)
        for record, decided in db.execute(chunked):
            yield record, "muted" if record.muted else decided or "open"


def status_of(record: FindingRecord, decided: dict[str, str]) -> str:
    """muted (suppression file), accepted or false_positive (approved review in force), else open."""
    return "muted" if record.muted else decided.get(record.finding_id, "open")


def current_finding(db: Session, principal: Principal, finding_id: str) -> FindingRecord | None:
    """The finding of that id in the current runs, if the principal sees its unit."""
    current = current_runs(db).clause(FindingRecord.run_id, FindingRecord.unit, FINDING_KINDS)
    record = db.scalars(select(FindingRecord).where(FindingRecord.finding_id == finding_id, current)).first()
    return record if record is not None and principal.sees(record.unit) else None


def rule_choices() -> list[str]:
    """Every rule id of the registry, for the list's filter (no scan of the findings)."""
    return sorted(load_registry().rules)


@dataclass
class UnitRow:
    unit: UnitRecord
    counts: dict[str, int] = field(default_factory=dict)
    muted: int = 0
    sla_breaches: int = 0
    evaluation: EvaluationRecord | None = None

    @property
    def open_total(self) -> int:
        return sum(self.counts.values())


def units_page(db: Session, principal: Principal, now: dt.datetime, asked: int,
               size: int = UNITS_PAGE) -> tuple[list[UnitRow], Page]:
    """One page of the visible units in the dashboard's order, counted for that page's units only."""
    units = visible_units(db, principal)
    page = Page.of(asked, size, len(units))
    return unit_rows(db, principal, now, units[page.offset:page.offset + size]), page


def unit_rows(db: Session, principal: Principal, now: dt.datetime,
              units: list[UnitRecord] | None = None) -> list[UnitRow]:
    """Each of ``units`` (default: every visible unit) with its open findings by severity, those
    muted or accepted after review, SLA breaches and evaluation."""
    shown = visible_units(db, principal) if units is None else units
    rows = {unit.name: UnitRow(unit, {s.value: 0 for s in SEVERITIES}) for unit in shown}
    if not rows:
        return []
    current = current_runs(db).clause(FindingRecord.run_id, FindingRecord.unit, FINDING_KINDS)
    if units is not None:
        current = current & FindingRecord.unit.in_(sorted(rows))
    by_unit = (FindingRecord.unit, FindingRecord.severity)
    open_ = FindingRecord.muted.is_(False)
    # Counts read from the indexes alone: per unit, severity and muting over (run_id, unit,
    # severity, muted, rule_id); the SLA breaches over (run_id, rule_id, …); the few findings under
    # an approved review, reached from the reviews by finding id, are then moved to "handled".
    # The GROUP BY does not start with the unit: SQLite would walk the whole table in the order of
    # the unit's own index to spare a sort, instead of searching the covering index by run.
    by_severity = (FindingRecord.severity, FindingRecord.unit, FindingRecord.muted)
    counted = _scoped(select(*by_severity, func.count()).where(current).group_by(*by_severity),
                      FindingRecord.unit, principal)
    by_rule = (FindingRecord.rule_id, FindingRecord.unit)
    breaches = _scoped(select(*by_rule, func.count()).where(current, open_, FindingRecord.rule_id.in_(SLA_RULES))
                       .group_by(*by_rule), FindingRecord.unit, principal)
    keys = reviews.active(now).with_only_columns(Review.subject_key).distinct().subquery()
    reviewed = _scoped(select(*by_unit, func.count(), func.sum(case((FindingRecord.rule_id.in_(SLA_RULES), 1), else_=0)))
                       .select_from(keys).join(FindingRecord, FindingRecord.finding_id == keys.c.subject_key)
                       .where(current, open_).group_by(*by_unit), FindingRecord.unit, principal)
    for severity, name, muted, n in db.execute(counted):
        if name in rows:
            if muted:
                rows[name].muted += n
            else:
                rows[name].counts[severity] = rows[name].counts.get(severity, 0) + n
    for _, name, n in db.execute(breaches):
        if name in rows:
            rows[name].sla_breaches += n
    for name, severity, n, handled_breaches in db.execute(reviewed):
        if name in rows:
            rows[name].counts[severity] -= n
            rows[name].muted += n
            rows[name].sla_breaches -= handled_breaches or 0
    for record in evaluations(db, principal):
        if record.unit in rows:
            rows[record.unit].evaluation = record
    return list(rows.values())


def evaluations(db: Session, principal: Principal, indicators: bool = False) -> list[EvaluationRecord]:
    """The current evaluation of each unit the principal sees; with the per-indicator breakdown
    loaded when the page shows it."""
    if not principal.business:
        return []
    current = current_runs(db).clause(EvaluationRecord.run_id, EvaluationRecord.unit, ("evaluate",))
    query = _scoped(select(EvaluationRecord).where(current), EvaluationRecord.unit, principal)
    if indicators:
        query = query.options(selectinload(EvaluationRecord.indicators))
    return list(db.scalars(query.order_by(EvaluationRecord.id)))


def evaluation_groups(db: Session, principal: Principal) -> list[tuple[tuple[str, str], list[EvaluationRecord]]]:
    return ranked_groups(evaluations(db, principal))


def vetoes(db: Session, principal: Principal) -> list[EvaluationRecord]:
    return [record for record in evaluations(db, principal) if record.vetoed]


def unit_datasets(db: Session, unit: UnitRecord) -> list[Dataset]:
    current = current_runs(db).clause(Dataset.run_id, Dataset.unit, ("scan",))
    return list(db.scalars(select(Dataset).where(current, Dataset.unit == unit.name)
                           .options(selectinload(Dataset.fields)).order_by(Dataset.name)))


def unit_incidents(db: Session, unit: UnitRecord) -> list[IncidentRecord]:
    current = current_runs(db).clause(IncidentRecord.run_id, IncidentRecord.unit, ("incidents",))
    return list(db.scalars(select(IncidentRecord).where(current, IncidentRecord.unit == unit.name)
                           .order_by(IncidentRecord.detected_at, IncidentRecord.incident_id)))


def finding_item(record: FindingRecord, status: str) -> dict[str, Any]:
    """A finding as the API gives it (evidence is stored masked)."""
    return {"id": record.finding_id, "rule_id": record.rule_id, "severity": record.severity,
            "status": status, "unit": record.unit,
            "object": {"kind": record.object_kind, "id": record.object_id}, "title": record.title,
            "message": record.message, "citation": record.citation, "as_of": record.as_of.isoformat(),
            "mute_reason": record.mute_reason}
