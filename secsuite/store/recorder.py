"""Writing a run to the store as it happens: each dataset, finding and error is committed when it
is produced, so a scan that is interrupted or crashes keeps everything it finished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from secsuite import __version__
from secsuite.errors import InputError
from secsuite.findings import Finding
from secsuite.results import DatasetResult
from secsuite.store.db import session_factory
from secsuite.store.models import Dataset, Field, FindingRecord, Run, RunError

TZ = ZoneInfo("Asia/Shanghai")


class RunRecorder:
    def __init__(self, engine: Engine, kind: str, as_of: dt.date, arguments: dict[str, Any],
                 guide: tuple[str, str] | None = None):
        self._sessions = session_factory(engine)
        with self._sessions.begin() as session:
            run = Run(kind=kind, status="running", started_at=dt.datetime.now(TZ), as_of=as_of,
                      guide_id=guide[0] if guide else None, guide_version=guide[1] if guide else None,
                      arguments=arguments, tool_version=__version__)
            session.add(run)
            session.flush()
            self.run_id = run.id

    def dataset(self, result: DatasetResult) -> None:
        with self._sessions.begin() as session:
            session.add(Dataset(
                run_id=self.run_id, source=result.source, name=result.name, format=result.format,
                unit=result.unit, rows_scanned=result.rows_scanned, rows_total=result.rows_total,
                sampled=result.sampled, partial=result.partial, level=result.level,
                level_reasons=[reason.model_dump() for reason in result.level_reasons],
                fields=[Field(name=f.name, category=f.category, level=f.level,
                              entities=[e.model_dump() for e in f.entities]) for f in result.fields],
            ))

    def findings(self, findings: Iterable[Finding]) -> None:
        with self._sessions.begin() as session:
            session.add_all(
                FindingRecord(
                    run_id=self.run_id, finding_id=f.id, rule_id=f.rule_id, severity=f.severity.value,
                    title=f.title, message=f.message, unit=f.unit, object_kind=f.object.kind,
                    object_id=f.object.id, evidence=f.to_json()["evidence"], citation=f.citation,
                    remediation=f.remediation, as_of=f.as_of, muted=f.muted, mute_reason=f.mute_reason,
                )
                for f in findings
            )

    def error(self, error: InputError) -> None:
        with self._sessions.begin() as session:
            session.add(RunError(run_id=self.run_id, source=error.source, sheet=error.sheet, row=error.row,
                                 field=error.field, message=error.message, expected=error.expected))

    def finish(self, status: str = "finished") -> None:
        with self._sessions.begin() as session:
            run = session.get(Run, self.run_id)
            assert run is not None
            run.status = status
            run.finished_at = dt.datetime.now(TZ)
