"""The run history: what ``secsuite runs`` lists and ``secsuite runs show ID`` prints, for the CLI
and the web alike. Read only; the arguments were stored without passwords."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from secsuite.app.run import open_store, store_missing
from secsuite.errors import StoreError
from secsuite.report.store_view import china_time
from secsuite.urls import display_url

if TYPE_CHECKING:
    from secsuite.monitor.delta import Delta

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


def _counts(session: Any, model: Any, ids: list[int], *where: Any) -> Counter[int]:
    return Counter(dict(session.execute(select(model.run_id, func.count()).where(model.run_id.in_(ids), *where)
                                        .group_by(model.run_id)).all()))


def shown_status(run: Any) -> str:
    """The run's status, ``abandoned`` for a run left ``running`` by a process that is gone."""
    from secsuite.store.liveness import ABANDONED, is_abandoned

    return ABANDONED if is_abandoned(run) else run.status


def summaries(session: Any, runs: list[Any], units: frozenset[str] | None = None) -> list[RunSummary]:
    """Each run with its findings, muted findings and input errors counted; only the findings of
    ``units`` when given (a unit's staff see their part of a run covering many units)."""
    from secsuite.store.models import FindingRecord, RunError

    ids = [run.id for run in runs]
    scoped = () if units is None else (FindingRecord.unit.in_(sorted(units)),)
    findings = _counts(session, FindingRecord, ids, *scoped)
    muted = _counts(session, FindingRecord, ids, FindingRecord.muted, *scoped)
    errors = _counts(session, RunError, ids)
    return [RunSummary(run.id, run.kind, shown_status(run), china_time(run.started_at), china_time(run.finished_at), run.as_of,
                       run.trigger, run.actor, _scope(run.arguments or {}), findings[run.id], muted[run.id],
                       errors[run.id], run.arguments or {}) for run in runs]


def detail(session: Any, run: Any, units: frozenset[str] | None = None) -> RunSummary:
    """One run with its findings by severity (of ``units`` when given), its input errors and the
    files it skipped."""
    from secsuite.store.models import FindingRecord, RunError, SkippedFile

    (summary,) = summaries(session, [run], units)
    query = select(FindingRecord.severity).where(FindingRecord.run_id == run.id)
    if units is not None:
        query = query.where(FindingRecord.unit.in_(sorted(units)))
    summary.severities = dict(Counter(session.scalars(query)))
    summary.error_texts = [_error_text(error) for error in session.scalars(
        select(RunError).where(RunError.run_id == run.id).order_by(RunError.id))]
    summary.skipped_files = [f"{file.source}: {file.reason}" for file in session.scalars(
        select(SkippedFile).where(SkippedFile.run_id == run.id).order_by(SkippedFile.id))]
    return summary


def list_runs(url: str, kind: str | None = None, limit: int = 50) -> list[RunSummary]:
    """The latest ``limit`` runs, newest first, of one ``kind`` or all."""
    from sqlalchemy.orm import Session

    from secsuite.store.models import Run

    with Session(_engine(url)) as session:
        query = select(Run).order_by(Run.id.desc()).limit(limit)
        if kind:
            query = query.where(Run.kind == kind)
        return summaries(session, list(session.scalars(query)))


def show_run(url: str, run_id: int) -> RunSummary:
    """One run with its arguments, its findings by severity and its input errors (masked when stored)."""
    from sqlalchemy.orm import Session

    from secsuite.store.models import Run

    with Session(_engine(url)) as session:
        run = session.get(Run, run_id)
        if run is None:
            raise StoreError(f"run {run_id} is not in {display_url(url)} (see `secsuite runs`)")
        return detail(session, run)


def diff(session: Any, baseline: Any, run: Any) -> Delta:
    """What changed from ``baseline`` to ``run`` (``secsuite diff`` and the web's run pages): findings
    new, fixed, reopened (fixed before, as the issue register knows) or changed, and the datasets,
    fields, services and certificates that came, went or changed. Raises NotComparable for runs of
    another kind or scope, or incomplete ones."""
    from secsuite.monitor import delta, register
    from secsuite.store.models import FindingRecord

    seen = set(session.scalars(select(FindingRecord.finding_id).where(FindingRecord.run_id == run.id)))
    return delta.compute(session, baseline, run, register.previously_fixed(session, seen))
