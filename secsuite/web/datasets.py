"""Datasets and fields with their classification, Chinese first: the current scan's datasets of
the units the principal sees (level, the catalogue's share and open attributes, over-sharing
findings), and one dataset's fields with their entities, hit ratios, masked examples
and the signals behind each (never a raw value: examples are masked when detected)."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from secsuite.store.models import Dataset, FindingRecord
from secsuite.web.deps import Business, Db
from secsuite.web.paging import paged
from secsuite.web.render import page
from secsuite.web.scope import chosen_unit, scoped
from secsuite.web.views import current_runs, visible_units

router = APIRouter(include_in_schema=False)
# Findings that a dataset is shared or opened beyond what its level allows.
OVER_SHARING = ("DATA-SHARE-OVER-LEVEL", "DATA-OPEN-OVER-LEVEL", "DATA-OPEN-REIDENTIFIABLE")


def _findings(session: Session, run_id: int, sources: list[str], rules: tuple[str, ...] | None = None
              ) -> dict[str, list[FindingRecord]]:
    query = select(FindingRecord).where(FindingRecord.run_id == run_id, FindingRecord.object_kind == "dataset",
                                        FindingRecord.object_id.in_(sources))
    if rules:
        query = query.where(FindingRecord.rule_id.in_(rules))
    found: dict[str, list[FindingRecord]] = defaultdict(list)
    for record in session.scalars(query.order_by(FindingRecord.id)):
        found[record.object_id].append(record)
    return found


@router.get("/datasets")
def datasets(request: Request, principal: Business, session: Db) -> Response:
    unit = chosen_unit(request, session, principal)
    level = request.query_params.get("level") or None
    current = current_runs(session)
    shown = current.clause(Dataset.run_id, Dataset.unit, ("scan",))
    query = scoped(select(Dataset).where(shown), Dataset.unit, principal)
    if unit:
        query = query.where(Dataset.unit == unit)
    if level:
        query = query.where(Dataset.level == level)
    records, where = paged(session, request, query.order_by(Dataset.unit, Dataset.name, Dataset.id))
    found: dict[str, list[FindingRecord]] = {}
    for run_id in sorted({d.run_id for d in records}):
        found |= _findings(session, run_id, [d.source for d in records if d.run_id == run_id], OVER_SHARING)
    levels = sorted(set(session.scalars(select(Dataset.level).where(shown).distinct())))
    run_id = current.latest("scan")
    return page(request, "datasets.html.j2", rows=[(d, found.get(d.source, [])) for d in records],
                pager=where, run_id=run_id, unit=unit, level=level, levels=levels,
                units=visible_units(session, principal))


@router.get("/datasets/{dataset_id}")
def dataset(dataset_id: int, request: Request, principal: Business, session: Db) -> Response:
    record = session.scalar(select(Dataset).where(Dataset.id == dataset_id).options(selectinload(Dataset.fields)))
    if record is None or not principal.sees(record.unit):
        raise HTTPException(404, "no such dataset")
    findings = _findings(session, record.run_id, [record.source]).get(record.source, [])
    return page(request, "dataset.html.j2", d=record, findings=findings,
                over_sharing=OVER_SHARING)
