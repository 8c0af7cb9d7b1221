"""The security administrator's page of approved scan ranges: monitoring runs nmap only inside a
range approved for the target's unit (secsuite.monitor.ranges), so whoever may add a target cannot
turn the server into a scanner of arbitrary networks. Every approval and revocation is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.monitor.ranges import approve, approved, revoke
from secsuite.monitor.times import local
from secsuite.store.access import UnitRecord
from secsuite.web.deps import Db, SecAdmin, now
from secsuite.web.render import page

router = APIRouter(prefix="/admin", include_in_schema=False)


def _ranges_page(request: Request, session: Session, status_code: int = 200, error: str | None = None) -> Response:
    units = list(session.scalars(select(UnitRecord.name).order_by(UnitRecord.name)))
    shown = [{"id": row.id, "unit": row.unit, "spec": row.spec, "approved_by": row.approved_by,
              "approved_at": local(row.approved_at), "reason": row.reason} for row in approved(session)]
    return page(request, "admin_ranges.html.j2", status_code=status_code, ranges=shown, units=units, error=error)


@router.get("/ranges")
def ranges(request: Request, principal: SecAdmin, session: Db) -> Response:
    return _ranges_page(request, session)


@router.post("/ranges")
def change_ranges(request: Request, principal: SecAdmin, session: Db, action: Annotated[str, Form()],
                  spec: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
                  reason: Annotated[str, Form()] = "", range_id: Annotated[int, Form()] = 0) -> Response:
    moment, audit = now(request), request.app.state.audit
    try:
        if action == "approve":
            row = approve(session, spec, unit, principal.username, reason, moment)
            audit.record(session, principal.actor, "range.approve", object=row.spec, unit=row.unit,
                         detail={"range": row.id, "reason": row.reason}, at=moment)
        elif action == "revoke":
            row = revoke(session, range_id, principal.username, moment)
            audit.record(session, principal.actor, "range.revoke", object=row.spec, unit=row.unit,
                         detail={"range": row.id}, at=moment)
        else:
            raise HTTPException(400, "unknown action")
    except ValueError as error:
        session.rollback()
        return _ranges_page(request, session, status_code=400, error=str(error))
    session.commit()
    return RedirectResponse("/admin/ranges", status_code=303)
