"""Incidents with their SLA clocks, Chinese first: the current incident run's incidents of the
units the principal sees, each with its grade, the 5-minute response and 30-minute handling clocks
(the limits of IR-RESPONSE-SLA-BREACH and IR-HANDLING-SLA-BREACH) and the statutory reporting
deadline, as they stand at ``?as_of=`` (a date means its end, China time) or the server's clock;
computed by ``secsuite.app.incidents.clocks_at`` with the limits each incidents run recorded (its
config's settings), so the clocks agree with the run's findings."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select

from secsuite.app.incidents import clocks_at
from secsuite.i18n import Lang
from secsuite.incidents.clock import clock_text
from secsuite.incidents.grading import Grade
from secsuite.incidents.pipeline import recorded_sla_limits
from secsuite.inventory.tabular import as_date, as_datetime
from secsuite.store.models import IncidentRecord, Run
from secsuite.timeutil import DEFAULT_TZ
from secsuite.web.deps import Business, Db, now
from secsuite.web.paging import paged
from secsuite.web.render import page
from secsuite.web.scope import chosen_unit, scoped
from secsuite.web.views import current_runs, visible_units

router = APIRouter(include_in_schema=False)


def moment(request: Request) -> dt.datetime:
    """``?as_of=``: a date and time (China time unless it names its offset) or a date (its last
    second, China time), in the grammar of the CLI's ``--as-of`` and the registers' cells
    (2026-03-02T09:00, 2026年3月2日 9时, 2026/3/2, 20260302); without it, the server's clock. 400
    for anything else."""
    given = (request.query_params.get("as_of") or "").strip()
    if not given:
        return now(request)
    try:
        instant = as_datetime(given)  # a date alone is refused here: read as a date below
    except ValueError:
        try:
            day = as_date(given)
        except ValueError as exc:
            raise HTTPException(400, f"as_of: {exc}; expected a date such as 2026-03-02 or a date and time "
                                     f"such as 2026-03-02T09:00") from None
        return dt.datetime.combine(day, dt.time(23, 59, 59), DEFAULT_TZ)
    assert instant is not None
    return instant


@router.get("/incidents")
def incidents(request: Request, principal: Business, session: Db) -> Response:
    unit = chosen_unit(request, session, principal)
    at = moment(request)
    current = current_runs(session)
    run_id = current.latest("incidents")
    shown = current.clause(IncidentRecord.run_id, IncidentRecord.unit, ("incidents",))
    query = scoped(select(IncidentRecord).where(shown), IncidentRecord.unit, principal)
    if unit:
        query = query.where(IncidentRecord.unit == unit)
    records, where = paged(session, request, query.order_by(IncidentRecord.detected_at.desc(), IncidentRecord.id))
    runs = session.scalars(select(Run).where(Run.id.in_({record.run_id for record in records})))
    limits = {run.id: recorded_sla_limits(run.arguments, {}) for run in runs}
    return page(request, "incidents.html.j2", rows=clocks_at(records, at, limits), pager=where, run_id=run_id, unit=unit,
                at=at, as_of=request.query_params.get("as_of") or "", units=visible_units(session, principal),
                duration=clock_text, grade_name=grade_name)


def grade_name(value: str, lang: Lang) -> str:
    """The stored grade (一般, 较大 …) in the page's language."""
    try:
        return Grade(value).label(lang)
    except ValueError:
        return value
