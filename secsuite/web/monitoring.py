"""Monitoring targets and their schedules, read only: what each unit has under watch, the cron of
each schedule, its next run and its last job and run. Auditors see every unit's, a unit's staff and
operators their units'; evaluators none (they score, they do not watch). Targets and schedules are
added with ``secsuite monitor add``: an edit flow here would also need the approval of new ranges
that netscan requires, which is left to a later change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from secsuite.monitor.models import Job, Schedule, Target
from secsuite.monitor.times import local
from secsuite.web.deps import Business, Db
from secsuite.web.paging import paged
from secsuite.web.render import page
from secsuite.web.scope import chosen_unit, scoped
from secsuite.web.sessions import Principal
from secsuite.web.views import visible_units

WATCHERS = ("auditor", "unit_admin", "unit_user", "operator")


def watcher(principal: Business) -> Principal:
    if not principal.roles & set(WATCHERS):
        raise HTTPException(403, "monitoring: auditors, unit staff and operators only")
    return principal


Watcher = Annotated[Principal, Depends(watcher)]
router = APIRouter(include_in_schema=False)


@router.get("/monitoring")
def monitoring(request: Request, session: Db, principal: Watcher) -> Response:
    unit = chosen_unit(request, session, principal)
    query = scoped(select(Target).options(selectinload(Target.schedules)), Target.unit, principal)
    if unit:
        query = query.where(Target.unit == unit)
    targets, where = paged(session, request, query.order_by(Target.unit, Target.name))
    schedule_ids = [s.id for target in targets for s in target.schedules]
    latest = select(func.max(Job.id)).where(Job.schedule_id.in_(schedule_ids)).group_by(Job.schedule_id)
    jobs = {job.schedule_id: job for job in session.scalars(select(Job).where(Job.id.in_(latest)))}
    return page(request, "monitoring.html.j2", targets=targets, jobs=jobs, pager=where, unit=unit,
                units=visible_units(session, principal), local=local, schedule_order=_order)


def _order(schedules: list[Schedule]) -> list[Schedule]:
    return sorted(schedules, key=lambda s: s.id)
