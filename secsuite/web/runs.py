"""The run history and what changed between two runs, Chinese first: every run the principal may
see (kind, who, when, as-of date, status including abandoned, tool and guide versions), one run,
and its difference from a run of the same scope, computed by ``secsuite.app.runs.diff`` as
``secsuite diff`` does. A unit's staff see the runs that hold something of their unit, and only
their unit's part of each; another run is 404."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.app import runs as app_runs
from secsuite.monitor.delta import CHANGES, Item, NotComparable, last_comparable
from secsuite.store.models import FindingRecord, Run
from secsuite.web.deps import Business, Db
from secsuite.web.paging import paged, pager
from secsuite.web.render import page
from secsuite.web.scope import chosen_unit, runs_query, sees_run
from secsuite.web.sessions import Principal
from secsuite.web.views import FINDING_KINDS, visible_units

router = APIRouter(include_in_schema=False)
RUN_KINDS = (*FINDING_KINDS, "evaluate")
SECTIONS = (*CHANGES, "unchanged")
COMPARABLE_SHOWN = 20


def _run(session: Session, principal: Principal, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if not sees_run(session, principal, run):
        raise HTTPException(404, "no such run")
    assert run is not None
    return run


def _comparable(session: Session, principal: Principal, run: Run) -> list[Run]:
    """Earlier complete runs of the same kind and scope: the baselines a diff accepts, newest first."""
    if not run.scope_key:
        return []
    query = runs_query(principal).where(
        Run.kind == run.kind, Run.scope_key == run.scope_key, Run.complete.is_(True), Run.id < run.id)
    return list(session.scalars(query.limit(COMPARABLE_SHOWN)))


@router.get("/runs")
def runs(request: Request, principal: Business, session: Db) -> Response:
    kind = request.query_params.get("kind") or None
    unit = chosen_unit(request, session, principal)
    query = runs_query(principal, unit)
    if kind:
        query = query.where(Run.kind == kind)
    records, where = paged(session, request, query)
    counted = frozenset({unit}) if unit else principal.units
    return page(request, "runs.html.j2", rows=zip(records, app_runs.summaries(session, records, counted), strict=True),
                pager=where, kind=kind, kinds=RUN_KINDS, unit=unit, units=visible_units(session, principal))


@router.get("/runs/{run_id}")
def run(run_id: int, request: Request, principal: Business, session: Db) -> Response:
    record = _run(session, principal, run_id)
    summary = app_runs.detail(session, record, principal.units)
    return page(request, "run.html.j2", run=record, s=summary, kinds=RUN_KINDS,
                errors=summary.error_texts if principal.units is None else None,
                skipped=summary.skipped_files if principal.units is None else None,
                comparable=_comparable(session, principal, record))


def _visible(items: list[Item], principal: Principal) -> list[Item]:
    return [item for item in items if principal.units is None or item.unit in principal.units]


def _unchanged(session: Session, principal: Principal, run: Run, changed: set[str]) -> list[FindingRecord]:
    """The run's findings the diff does not name: the same in both runs."""
    query = select(FindingRecord).where(FindingRecord.run_id == run.id, FindingRecord.muted.is_(False))
    if principal.units is not None:
        query = query.where(FindingRecord.unit.in_(sorted(principal.units)))
    return [f for f in session.scalars(query.order_by(FindingRecord.id)) if f.finding_id not in changed]


@router.get("/runs/{run_id}/diff")
def run_diff(run_id: int, request: Request, principal: Business, session: Db) -> Response:
    record = _run(session, principal, run_id)
    given = request.query_params.get("baseline")
    if given:
        if not given.isdigit():
            raise HTTPException(400, "baseline must be a run id")
        baseline = _run(session, principal, int(given))
    else:
        baseline = last_comparable(session, record)
        if baseline is not None and not sees_run(session, principal, baseline):
            baseline = None
    section = request.query_params.get("change") or "new"
    if section not in SECTIONS:
        raise HTTPException(400, f"change must be one of {', '.join(SECTIONS)}")
    values: dict[str, Any] = {"run": record, "baseline": baseline, "sections": SECTIONS, "section": section,
                              "kinds": RUN_KINDS, "comparable": _comparable(session, principal, record)}
    if baseline is None:
        return page(request, "run_diff.html.j2", error=None, delta=None, **values)
    try:
        delta = app_runs.diff(session, baseline, record)
    except NotComparable as error:
        return page(request, "run_diff.html.j2", status_code=400, error=str(error), delta=None, **values)
    items = _visible(delta.items, principal)
    unchanged = _unchanged(session, principal, record, {i.fingerprint for i in delta.items if i.aspect == "finding"})
    by_section: dict[str, list[Any]] = {change: [i for i in items if i.change == change] for change in CHANGES}
    by_section["unchanged"] = unchanged
    shown = by_section[section]
    where = pager(request, len(shown))
    return page(request, "run_diff.html.j2", error=None, delta=delta, counts={k: len(v) for k, v in by_section.items()},
                rows=shown[where.offset:where.offset + where.size], pager=where, **values)
