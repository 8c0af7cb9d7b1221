"""What a year's report shows, read from the result store once, for every output format alike.

For each kind of run (scan, check, netscan, incidents, evaluate) the latest finished run as of a
date in the year is taken, so a re-run replaces what it re-checked instead of doubling it; the
findings of those runs are kept once per finding id (the id is stable across runs). Rule titles
and remediation are taken in the report's language and suppressions are applied here, so the HTML,
the workbook, the CSV, the JSON and the SARIF agree on what they say and on what is muted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from secsuite.checks.registry import load_registry
from secsuite.classify.guide import load_guide
from secsuite.errors import ConfigError
from secsuite.evaluate.ranking import UNIT_TYPE_ORDER
from secsuite.filters import FindingFilter, select_findings
from secsuite.findings import Finding, ObjectRef, Severity
from secsuite.i18n import Lang, pick
from secsuite.monitor.models import UnitDay
from secsuite.report.texts import Texts
from secsuite.store.db import session_factory
from secsuite.store.models import (
    Asset,
    Dataset,
    EvaluationRecord,
    FindingRecord,
    IncidentRecord,
    Run,
    SystemRecord,
)
from secsuite.suppress import Expired, Suppressions

KINDS = ("scan", "check", "netscan", "incidents", "evaluate")
SEVERITIES = sorted(Severity, key=lambda s: -s.rank)
CHINA = ZoneInfo("Asia/Shanghai")


def china_time(value: dt.datetime | None) -> dt.datetime | None:
    """Store times are China time; SQLite hands them back without their offset."""
    if value is None:
        return None
    return value.replace(tzinfo=CHINA) if value.tzinfo is None else value.astimezone(CHINA)


def finding_of(record: FindingRecord) -> Finding:
    return Finding(id=record.finding_id, rule_id=record.rule_id, severity=Severity(record.severity),
                   title=record.title, message=record.message, unit=record.unit,
                   object=ObjectRef(kind=record.object_kind, id=record.object_id),  # type: ignore[arg-type]
                   evidence=record.evidence or {}, citation=record.citation, remediation=record.remediation or "",
                   as_of=record.as_of, muted=record.muted, mute_reason=record.mute_reason)


def severity_order(finding: Finding) -> tuple[int, str, str, str]:
    return -finding.severity.rank, finding.rule_id, finding.object.id, finding.id


@dataclass
class UnitView:
    """One unit's share of the report: what its own page shows."""

    name: str | None
    unit_type: str | None
    evaluation: EvaluationRecord | None
    findings: list[Finding]
    datasets: list[Dataset]
    systems: list[SystemRecord]
    assets: list[Asset]
    incidents: list[IncidentRecord]

    def severity_counts(self) -> dict[Severity, tuple[int, int]]:
        """(active, muted) per severity."""
        active = Counter(f.severity for f in self.findings if not f.muted)
        muted = Counter(f.severity for f in self.findings if f.muted)
        return {severity: (active[severity], muted[severity]) for severity in SEVERITIES}

    def findings_on(self, kind: str, object_id: str) -> list[Finding]:
        return [f for f in self.findings if f.object.kind == kind and f.object.id == object_id]


@dataclass
class ReportData:
    year: int
    as_of: dt.date
    unit: str | None
    runs: dict[str, Run]
    findings: list[Finding]
    datasets: list[Dataset]
    systems: list[SystemRecord]
    assets: list[Asset]
    incidents: list[IncidentRecord]
    evaluations: list[EvaluationRecord]
    levels: list[str] = field(default_factory=list)
    expired: list[Expired] = field(default_factory=list)
    suppression_source: str | None = None
    trends: list[UnitDay] = field(default_factory=list)  # monitoring's daily snapshots in the year
    unfinished: list[tuple[Run, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.runs

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def incident(self, incident_id: str) -> IncidentRecord | None:
        return next((i for i in self.incidents if i.incident_id == incident_id), None)

    def groups(self) -> list[tuple[tuple[str, str], list[EvaluationRecord]]]:
        return ranked_groups(self.evaluations)

    def vetoed(self) -> list[EvaluationRecord]:
        return [record for _, members in self.groups() for record in members if record.vetoed]

    def unit_names(self) -> list[str | None]:
        """Evaluated units in ranking order, then any other unit by name, then findings of no unit."""
        ranked = [record.unit for _, members in self.groups() for record in members]
        others: set[str | None] = {f.unit for f in self.findings}
        others |= {d.unit for d in self.datasets} | {s.unit for s in self.systems} | {i.unit for i in self.incidents}
        others |= {u for a in self.assets for u in asset_units(a)}
        rest = sorted(name for name in others - set(ranked) if name)
        tail: list[str | None] = [None] if None in others or "" in others else []
        return [*ranked, *rest, *tail]

    def view(self, name: str | None) -> UnitView:
        evaluation = next((r for r in self.evaluations if r.unit == name), None)
        unit_type = evaluation.unit_type if evaluation else next(
            (s.unit_type for s in self.systems if s.unit == name and s.unit_type), None)
        return UnitView(
            name=name, unit_type=unit_type, evaluation=evaluation,
            findings=[f for f in self.findings if (f.unit or None) == name],
            datasets=[d for d in self.datasets if (d.unit or None) == name],
            systems=[s for s in self.systems if s.unit == name],
            assets=[a for a in self.assets if name in asset_units(a)],
            incidents=[i for i in self.incidents if i.unit == name],
        )

    def views(self) -> list[UnitView]:
        return [self.view(name) for name in self.unit_names()]


def ranked_groups(evaluations: Iterable[EvaluationRecord]) -> list[tuple[tuple[str, str], list[EvaluationRecord]]]:
    """Evaluated units by unit type and tier, each group by rank (vetoed units last)."""
    grouped: dict[tuple[str, str], list[EvaluationRecord]] = {}
    for record in evaluations:
        grouped.setdefault((record.unit_type, record.tier or ""), []).append(record)

    def order(key: tuple[str, str]) -> tuple[int, str]:
        kind = UNIT_TYPE_ORDER.index(key[0]) if key[0] in UNIT_TYPE_ORDER else len(UNIT_TYPE_ORDER)
        return kind, key[1]

    return [(key, sorted(grouped[key], key=lambda r: (r.rank or 0, r.unit))) for key in sorted(grouped, key=order)]


def asset_units(asset: Asset) -> set[str | None]:
    """The unit the scan assigned and every unit whose system lists the host; none: unassigned."""
    units = {asset.unit} | {ref.get("unit") for ref in asset.systems or []}
    named = {unit for unit in units if unit}
    return named or {None}


def _latest_runs(session: Session, year: int, as_of: dt.date) -> dict[str, Run]:
    start, end = dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))
    runs: dict[str, Run] = {}
    for kind in KINDS:
        run = session.scalars(select(Run).where(Run.kind == kind, Run.status == "finished", Run.as_of >= start,
                                                Run.as_of <= end).order_by(Run.id.desc()).limit(1)).first()
        if run is not None:
            runs[kind] = run
    return runs


def _unfinished_runs(session: Session, year: int, as_of: dt.date, used: dict[str, Run]) -> list[tuple[Run, str]]:
    """Runs of the year newer than the one used for their kind that never finished (still running,
    failed, or abandoned by a process that died), each with its status as the report tells it; the
    report reads the store only, so an abandoned run is recognised here, not marked."""
    from secsuite.store.liveness import ABANDONED, is_abandoned  # loaded on use

    start, end = dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))
    newer = session.scalars(select(Run).where(Run.status != "finished", Run.as_of >= start, Run.as_of <= end)
                            .order_by(Run.id)).all()
    return [(run, ABANDONED if is_abandoned(run) else run.status) for run in newer
            if run.kind in KINDS and (run.kind not in used or run.id > used[run.kind].id)]


def _findings(session: Session, run_ids: Iterable[int]) -> list[Finding]:
    latest: dict[str, Finding] = {}
    query = select(FindingRecord).where(FindingRecord.run_id.in_(list(run_ids))).order_by(FindingRecord.run_id,
                                                                                          FindingRecord.id)
    for record in session.scalars(query):
        latest[record.finding_id] = finding_of(record)
    return sorted(latest.values(), key=severity_order)


def _levels(run: Run | None, datasets: list[Dataset]) -> list[str]:
    """The scan guide's levels, lowest first; the levels seen, by name, if the guide is gone."""
    seen = {d.level for d in datasets} | {f.level for d in datasets for f in d.fields}
    if run is not None and run.guide_id:
        try:
            guide = load_guide(run.guide_id)
        except ConfigError:
            pass
        else:
            ordered = [level.id for level in guide.levels]
            return ordered + sorted(seen - set(ordered))
    return sorted(seen)


def _in_language(findings: list[Finding], lang: Lang) -> list[Finding]:
    """Titles and remediation from the rule metadata in the report's language (a run stored them in
    its own); the message was formatted by the run and stays as stored."""
    rules = load_registry().rules
    return [f.model_copy(update={"title": pick(rules[f.rule_id].meta.title, lang),
                                 "remediation": pick(rules[f.rule_id].meta.remediation, lang)})
            if f.rule_id in rules else f for f in findings]


def _trends(session: Session, year: int, as_of: dt.date) -> list[UnitDay]:
    start, end = dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))
    query = select(UnitDay).where(UnitDay.day >= start, UnitDay.day <= end).order_by(UnitDay.unit, UnitDay.day)
    return list(session.scalars(query))


def load_report(engine: Engine, year: int, as_of: dt.date, suppressions: Suppressions, lang: Lang,
                unit: str | None = None, keep: FindingFilter | None = None) -> ReportData:
    """Everything the report of ``year`` shows, as of ``as_of``; only ``unit``'s share when given."""
    with session_factory(engine)() as session:
        runs = _latest_runs(session, year, as_of)
        data = _collect(session, runs, year, as_of, unit)
        data.trends = _trends(session, year, as_of)
        data.unfinished = _unfinished_runs(session, year, as_of, runs)
    _select(data, suppressions, lang, keep)
    if unit is not None:
        _only(data, unit)
    return data


def load_run(engine: Engine, run_id: int, suppressions: Suppressions, lang: Lang,
             keep: FindingFilter | None = None) -> ReportData:
    """What one run recorded, shown as a report of its own (``report --run ID``, and every format
    of scan, check, netscan, incidents and evaluate); raises ConfigError for an unknown run."""
    with session_factory(engine)() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise ConfigError(f"run {run_id} is not in the store (see `secsuite runs`)")
        data = _collect(session, {run.kind: run}, run.as_of.year, run.as_of, None)
    _select(data, suppressions, lang, keep)
    return data


def _collect(session: Session, runs: dict[str, Run], year: int, as_of: dt.date, unit: str | None) -> ReportData:
    def rows(model: Any, kind: str) -> list[Any]:
        run = runs.get(kind)
        if run is None:
            return []
        query = select(model).where(model.run_id == run.id).order_by(model.id)
        if model is Dataset:
            query = query.options(selectinload(Dataset.fields))
        if model is EvaluationRecord:
            query = query.options(selectinload(EvaluationRecord.indicators))
        return list(session.scalars(query))

    findings = _findings(session, [run.id for kind, run in runs.items() if kind != "evaluate"])
    data = ReportData(year=year, as_of=as_of, unit=unit, runs=runs, findings=findings,
                      datasets=rows(Dataset, "scan"), systems=rows(SystemRecord, "check"),
                      assets=rows(Asset, "netscan"), incidents=rows(IncidentRecord, "incidents"),
                      evaluations=[r for r in rows(EvaluationRecord, "evaluate") if r.year == year])
    data.levels = _levels(runs.get("scan"), data.datasets)
    return data


def _select(data: ReportData, suppressions: Suppressions, lang: Lang, keep: FindingFilter | None) -> None:
    selection = select_findings(_in_language(data.findings, lang), data.as_of, suppressions,
                                keep or FindingFilter(), Texts(lang)("mute_until"))
    data.findings, data.expired, data.suppression_source = selection.findings, selection.expired, selection.source


def _only(data: ReportData, unit: str) -> None:
    known = {name for name in data.unit_names() if name}
    if unit not in known:
        raise ConfigError(f"unit {unit!r} is not in the store for {data.year}; known units: "
                          f"{', '.join(sorted(known)) or 'none'}")
    view = data.view(unit)
    data.findings, data.datasets, data.systems = view.findings, view.datasets, view.systems
    data.assets, data.incidents = view.assets, view.incidents
    data.trends = [day for day in data.trends if day.unit == unit]
    data.evaluations = [view.evaluation] if view.evaluation else []
