"""Writing a run to the store as it happens: each dataset, finding and error is committed when it
is produced, so a scan that is interrupted or crashes keeps everything it finished.

Every write is also the run's heartbeat (see ``secsuite.store.liveness``), and a write the store
refuses (a full disk, read-only media) is a ``StoreError`` that says so, not a driver traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, select, union, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from secsuite import __version__
from secsuite.errors import InputError, StoreError
from secsuite.findings import Finding
from secsuite.provenance import content
from secsuite.results import DatasetResult
from secsuite.store.db import session_factory
from secsuite.store.liveness import mark_abandoned, this_host
from secsuite.store.models import (
    Asset,
    Dataset,
    EvaluationIndicator,
    EvaluationRecord,
    Field,
    FindingRecord,
    IncidentRecord,
    Run,
    RunError,
    RunUnit,
    SkippedFile,
    SystemRecord,
)

if TYPE_CHECKING:  # a scan's run need not load the evaluation, incidents or netscan: start-up time
    from secsuite.evaluate.result import Evaluation
    from secsuite.incidents.case import IncidentCase
    from secsuite.inventory.systems import SystemEntry
    from secsuite.netscan.model import Asset as ScannedAsset
    from secsuite.sources.files import Skipped

TZ = ZoneInfo("Asia/Shanghai")


class RunRecorder:
    """One run: ``trigger`` (cli, scheduled, web, api, push) and ``actor`` say who started it, ``scope_key``
    what it covered; it is ``complete`` when it finished without a single input error."""

    def __init__(self, engine: Engine, kind: str, as_of: dt.date, arguments: dict[str, Any],
                 guide: tuple[str, str] | None = None, *, trigger: str = "cli", actor: str | None = None,
                 scope_key: str | None = None):
        self._sessions = session_factory(engine)
        self.input_errors = 0
        self.run_id = 0
        with self._write() as session:
            mark_abandoned(session)
            started = dt.datetime.now(TZ)
            run = Run(kind=kind, status="running", started_at=started, as_of=as_of,
                      guide_id=guide[0] if guide else None, guide_version=guide[1] if guide else None,
                      arguments=arguments, tool_version=__version__, trigger=trigger, actor=actor,
                      scope_key=scope_key, complete=False, host=this_host(), pid=os.getpid(), heartbeat_at=started)
            session.add(run)
            judged_by = content()  # the rule content in effect: secsuite.provenance
            run.content_sha256, run.content = judged_by["sha256"], {k: v for k, v in judged_by.items() if k != "sha256"}
            session.flush()
            self.run_id = run.id

    def judged_by(self, tool_version: str, content: dict[str, Any]) -> None:
        """A run judged by another secsuite (a pushed run): its version and rule content, not ours."""
        with self._write() as session:
            session.execute(update(Run).where(Run.id == self.run_id).values(
                tool_version=tool_version, content_sha256=content.get("sha256"),
                content={key: value for key, value in content.items() if key != "sha256"}))

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction that also beats the run's heartbeat; store faults become ``StoreError``."""
        try:
            with self._sessions.begin() as session:
                yield session
                if self.run_id:
                    session.execute(update(Run).where(Run.id == self.run_id).values(heartbeat_at=dt.datetime.now(TZ)))
        except OperationalError as exc:
            raise StoreError.from_driver(exc) from None

    def dataset(self, result: DatasetResult) -> None:
        with self._write() as session:
            session.add(Dataset(
                run_id=self.run_id, source=result.source, name=result.name, format=result.format,
                unit=result.unit, rows_scanned=result.rows_scanned, rows_total=result.rows_total,
                sampled=result.sampled, partial=result.partial, level=result.level,
                level_reasons=[reason.model_dump() for reason in result.level_reasons],
                reidentification=result.reidentification.model_dump(mode="json") if result.reidentification else None,
                share_attr=result.share_attr, open_attr=result.open_attr,
                label=result.label.model_dump() if result.label else None,
                fields=[Field(name=f.name, category=f.category, level=f.level,
                              entities=[e.model_dump() for e in f.entities],
                              label=f.label.model_dump() if f.label else None) for f in result.fields],
            ))

    def findings(self, findings: Iterable[Finding]) -> None:
        with self._write() as session:
            session.add_all(
                FindingRecord(
                    run_id=self.run_id, finding_id=f.id, rule_id=f.rule_id, severity=f.severity.value,
                    title=f.title, message=f.message, unit=f.unit, object_kind=f.object.kind,
                    object_id=f.object.id, evidence=f.to_json()["evidence"], citation=f.citation,
                    remediation=f.remediation, as_of=f.as_of, muted=f.muted, mute_reason=f.mute_reason,
                )
                for f in findings
            )

    def assets(self, assets: Iterable[ScannedAsset]) -> None:
        with self._write() as session:
            session.add_all(
                Asset(
                    run_id=self.run_id, asset_id=a.id, host=a.host, port=a.port, protocol=a.protocol, state=a.state,
                    service=a.service, product=a.product, version=a.version, tunnel=a.tunnel, unit=a.unit,
                    systems=[ref.model_dump() for ref in a.systems],
                    tls=a.tls.model_dump(mode="json") if a.tls else None,
                    tlcp=a.tlcp.model_dump(mode="json") if a.tlcp else None,
                )
                for a in assets
            )

    def systems(self, systems: Iterable[SystemEntry]) -> None:
        """The inventory rows a check read, so findings can be traced to the facts behind them. The
        optional obligation columns (risk assessment, CII assessment, 密评 filing dates) have no store
        column yet: their findings carry the dates as evidence."""
        stored = set(SystemRecord.__table__.columns.keys()) - {"algorithms", "hosts"}
        with self._write() as session:
            session.add_all(
                SystemRecord(run_id=self.run_id, **system.model_dump(include=stored),
                             algorithms=list(system.algorithms), hosts=list(system.hosts))
                for system in systems
            )

    def incidents(self, cases: Iterable[IncidentCase]) -> None:
        """The assessed incidents, so a later evaluation or report can trace each finding to its times,
        including the summary report and the notification of the affected people."""
        with self._write() as session:
            session.add_all(
                IncidentRecord(
                    run_id=self.run_id, incident_id=c.incident.incident_id, unit=c.incident.unit, unit_type=c.unit_type,
                    title=c.incident.title, category=c.incident.category, detected_at=c.incident.detected_at,
                    responded_at=c.incident.responded_at, coordinated_at=c.incident.coordinated_at,
                    resolved_at=c.incident.resolved_at, reported_at=c.incident.reported_at,
                    response_seconds=None if c.response is None else int(c.response.total_seconds()),
                    handling_seconds=None if c.handling is None else int(c.handling.total_seconds()),
                    grade=c.grade.value, operator_type=c.operator_type, report_required=c.report_required,
                    report_deadline=c.report_deadline, pi_people_affected=c.incident.pi_people_affected,
                    data_level=c.incident.data_level,
                    economic_loss_cny=None if c.incident.economic_loss_cny is None else float(c.incident.economic_loss_cny),
                    downtime_hours=None if c.incident.downtime_hours is None else float(c.incident.downtime_hours),
                    severe=c.incident.severe, summary_reported_at=c.incident.summary_reported_at,
                    pi_notified=c.incident.pi_notified, pi_notified_at=c.incident.pi_notified_at,
                    source=c.incident.source, row=c.incident.row,
                )
                for c in cases
            )

    def evaluation(self, evaluation: Evaluation) -> None:
        """Each unit's result with its per-indicator breakdown and the findings behind deductions."""
        from secsuite.evaluate.result import number  # the evaluation loads on use: start-up time of a scan

        with self._write() as session:
            session.add_all(
                EvaluationRecord(
                    run_id=self.run_id, year=evaluation.year, rubric_id=u.rubric.id, rubric_version=u.rubric.version,
                    unit=u.unit.unit, unit_type=u.unit.unit_type, tier=u.unit.tier, vetoed=u.vetoed,
                    veto_reason=u.veto_reason, veto_finding_ids=[fact.finding_id for fact in u.veto],
                    base_score=number(u.base), bonus_score=number(u.bonus), final_score=number(u.final), rank=u.rank,
                    complete=u.complete, incomplete_reasons=u.incomplete_reasons, warnings=u.warnings,
                    readings=u.readings(), methods=[method.to_json() for method in u.methods],
                    indicators=[
                        EvaluationIndicator(
                            indicator_id=item.indicator.id, name=item.indicator.name,
                            group_name=u.rubric.group_of(item.indicator).name, points=float(item.indicator.points),
                            score=number(item.score), missing=list(item.missing), status=item.status,
                            not_assessed=list(item.not_assessed), warnings=list(item.warnings),
                            deductions=[{"finding_id": d.finding_id, "rule_id": d.rule_id, "object_id": d.object_id,
                                         "points": number(d.points), "evidence": list(d.cited)}
                                        for d in item.deductions],
                        )
                        for item in u.indicators
                    ],
                )
                for u in evaluation.units
            )

    def error(self, error: InputError) -> None:
        self.input_errors += 1
        with self._write() as session:
            session.add(RunError(run_id=self.run_id, source=error.source, sheet=error.sheet, row=error.row,
                                 field=error.field, message=error.message, expected=error.expected))

    def skipped(self, skipped: Skipped) -> None:
        """A file of a folder that holds no table: named with the run, not counted as an error."""
        with self._write() as session:
            session.add(SkippedFile(run_id=self.run_id, source=skipped.source, reason=skipped.reason))

    def finish(self, status: str = "finished") -> None:
        with self._write() as session:
            run = session.get(Run, self.run_id)
            assert run is not None
            run.status = status
            run.finished_at = dt.datetime.now(TZ)
            run.complete = status == "finished" and not self.input_errors
            if status == "finished":
                covered = union(*(select(model.run_id, model.unit).where(model.run_id == self.run_id)
                                  for model in (FindingRecord, Dataset, SystemRecord, IncidentRecord, EvaluationRecord)))
                session.execute(insert(RunUnit).from_select(["run_id", "unit"], covered))
