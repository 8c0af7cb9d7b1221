"""What a principal may see of the stores' runs and of the new pages' lists: the ``?unit=`` filter
(another unit's is 404, as one that does not exist) and the runs that hold something of a unit."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import Select, select, union
from sqlalchemy.orm import Session

from secsuite.store.models import Asset, Dataset, EvaluationRecord, FindingRecord, IncidentRecord, Run, SystemRecord
from secsuite.web import views
from secsuite.web.deps import visible_unit
from secsuite.web.sessions import Principal

UNIT_MODELS = (FindingRecord, Dataset, IncidentRecord, EvaluationRecord, Asset, SystemRecord)


def scoped(query: Select, column: Any, principal: Principal) -> Select:
    """``query`` narrowed to the principal's units, as the dashboard and findings lists narrow theirs."""
    return views._scoped(query, column, principal)


def chosen_unit(request: Request, session: Session, principal: Principal) -> str | None:
    """The unit name of ``?unit=`` (code or name), or None for every unit the principal sees."""
    given = request.query_params.get("unit")
    return visible_unit(given, session, principal).name if given else None


def runs_query(principal: Principal, unit: str | None = None) -> Select:
    """Runs the principal sees, newest first: every run for one who sees every unit, else the runs
    holding a finding, dataset, incident, evaluation, asset or system of one of its units (of
    ``unit`` alone when given, a unit the principal sees)."""
    query = select(Run).order_by(Run.id.desc())
    units = {unit} if unit else principal.units
    if units is None:
        return query
    names = sorted(units)
    holding = union(*(select(model.run_id).where(model.unit.in_(names)) for model in UNIT_MODELS))
    return query.where(Run.id.in_(select(holding.subquery().c.run_id)))


def sees_run(session: Session, principal: Principal, run: Run | None) -> bool:
    if run is None or not principal.business:
        return False
    if principal.units is None:
        return True
    return session.scalar(runs_query(principal).where(Run.id == run.id)) is not None
