"""The run history: what ``secsuite runs`` lists and ``secsuite runs show ID`` prints, for the CLI
and the web alike. Read only; the arguments were stored without passwords."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from secsuite.app.run import open_store, store_missing
from secsuite.errors import StoreError
from secsuite.report.store_view import china_time
from secsuite.urls import display_url

SCOPE_KEYS = ("paths", "targets", "path", "inputs", "year", "from_xml", "units")


@dataclass
class RunSummary:
    id: int
    kind: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    as_of: dt.date
    trigger: str
    actor: str | None
    scope: str
    findings: int
    muted: int
    errors: int
    arguments: dict[str, Any] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=dict)
    error_texts: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)  # "source: reason", files holding no table

    def to_json(self) -> dict[str, Any]:
        document = {key: value for key, value in self.__dict__.items()}
        for key in ("started_at", "finished_at", "as_of"):
            document[key] = document[key].isoformat() if document[key] else None
        return document


def _scope(arguments: dict[str, Any]) -> str:
    """What the run covered, in a line: its inputs as given."""
    parts: list[str] = []
    for key in SCOPE_KEYS:
        value = arguments.get(key)
        if value:
            parts.extend(str(item) for item in value) if isinstance(value, list) else parts.append(str(value))
    return ", ".join(parts)


def _error_text(error: Any) -> str:
    where = ", ".join(part for part in (error.sheet, f"row {error.row}" if error.row else None, error.field) if part)
    return f"{error.source}{f' ({where})' if where else ''}: {error.message}"


def _engine(url: str):  # noqa: ANN202 - a sqlalchemy Engine, loaded on use
    if store_missing(url):
        raise StoreError(f"result store not found: {display_url(url)} (no run recorded yet; give --db)")
    return open_store(url)


def list_runs(url: str, kind: str | None = None, limit: int = 50) -> list[RunSummary]:
    """The latest ``limit`` runs, newest first, of one ``kind`` or all."""
    from sqlalchemy.orm import Session

    from secsuite.store.models import FindingRecord, Run, RunError

    with Session(_engine(url)) as session:
        query = select(Run).order_by(Run.id.desc()).limit(limit)
        if kind:
            query = query.where(Run.kind == kind)
        runs = list(session.scalars(query))
        ids = [run.id for run in runs]
        findings = Counter(dict(session.execute(
            select(FindingRecord.run_id, func.count()).where(FindingRecord.run_id.in_(ids)).group_by(FindingRecord.run_id)).all()))
        muted = Counter(dict(session.execute(
            select(FindingRecord.run_id, func.count()).where(FindingRecord.run_id.in_(ids), FindingRecord.muted)
            .group_by(FindingRecord.run_id)).all()))
        errors = Counter(dict(session.execute(
            select(RunError.run_id, func.count()).where(RunError.run_id.in_(ids)).group_by(RunError.run_id)).all()))
        return [RunSummary(run.id, run.kind, run.status, china_time(run.started_at), china_time(run.finished_at), run.as_of, run.trigger,
                           run.actor, _scope(run.arguments or {}), findings[run.id], muted[run.id], errors[run.id],
                           run.arguments or {}) for run in runs]


def show_run(url: str, run_id: int) -> RunSummary:
    """One run with its arguments, its findings by severity and its input errors (masked when stored)."""
    from sqlalchemy.orm import Session

    from secsuite.store.models import FindingRecord, Run, RunError, SkippedFile

    with Session(_engine(url)) as session:
        run = session.get(Run, run_id)
        if run is None:
            raise StoreError(f"run {run_id} is not in {display_url(url)} (see `secsuite runs`)")
        severities = Counter(session.scalars(select(FindingRecord.severity).where(FindingRecord.run_id == run_id)))
        muted = session.scalar(select(func.count()).where(FindingRecord.run_id == run_id, FindingRecord.muted)) or 0
        errors = [_error_text(error) for error in session.scalars(select(RunError).where(RunError.run_id == run_id))]
        skipped = [f"{file.source}: {file.reason}" for file in session.scalars(
            select(SkippedFile).where(SkippedFile.run_id == run_id).order_by(SkippedFile.id))]
        return RunSummary(run.id, run.kind, run.status, china_time(run.started_at), china_time(run.finished_at), run.as_of, run.trigger,
                          run.actor, _scope(run.arguments or {}), sum(severities.values()), muted, len(errors),
                          run.arguments or {}, dict(severities), errors, skipped)
