"""Label review pages (人工确认/人工打标): a dataset's fields as the scan graded them, the labels
locked by review, what the scan detected beside them, and the proposals waiting for a second
person. A dataset of a unit the user may not see answers 404, as one that does not exist."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session, selectinload

from secsuite.app.labels import read_locks
from secsuite.classify.guide import Guide, load_guide
from secsuite.classify.locks import dataset_key, field_key
from secsuite.errors import ConfigError
from secsuite.store.access import Review
from secsuite.store.models import Dataset, Run
from secsuite.web import reviews
from secsuite.web.deps import Business, Db, now
from secsuite.web.render import page
from secsuite.web.sessions import Principal

router = APIRouter(prefix="/labels", include_in_schema=False)


def visible_dataset(session: Session, principal: Principal, dataset_id: int) -> Dataset:
    dataset = session.get(Dataset, dataset_id, options=[selectinload(Dataset.fields)])
    if dataset is None or not principal.sees(dataset.unit):
        raise HTTPException(404, "no such dataset")
    return dataset


def _guide(session: Session, dataset: Dataset) -> Guide:
    """The guide the dataset was graded by, whose levels and entities a label must use."""
    run = session.get(Run, dataset.run_id)
    try:
        return load_guide(run.guide_id if run else None)
    except (ConfigError, OSError, ValueError) as error:
        raise reviews.ReviewError(f"无法读取定级指南 (cannot load the grading guide) {run.guide_id if run else ''}: "
                                  f"{error}") from None


def _labels_page(request: Request, session: Session, principal: Principal, dataset: Dataset,
                 status_code: int = 200, error: str | None = None) -> Response:
    keys = {None: dataset_key(dataset.source, dataset.name)} | {
        f.name: field_key(dataset.source, dataset.name, f.name) for f in dataset.fields}
    locks = read_locks(session, list(keys.values()))
    in_force = {name: (locks.fields if name else locks.datasets).get(key) for name, key in keys.items()}
    try:
        guide: Guide | None = _guide(session, dataset)
    except reviews.ReviewError as problem:
        guide, error = None, error or str(problem)
    return page(request, "labels.html.j2", status_code=status_code, dataset=dataset, error=error, guide=guide,
                in_force=in_force, history=reviews.label_history(session, list(keys.values())),
                may_propose=reviews.may_propose(principal, dataset.unit), may_decide=reviews.may_decide,
                decisions=reviews.LABEL_DECISIONS)


@router.get("/{dataset_id}")
def labels(dataset_id: int, request: Request, principal: Business, session: Db) -> Response:
    return _labels_page(request, session, principal, visible_dataset(session, principal, dataset_id))


@router.post("/{dataset_id}")
def propose(dataset_id: int, request: Request, principal: Business, session: Db,
            target: Annotated[str, Form()] = "", decision: Annotated[str, Form()] = "",
            entity: Annotated[str, Form()] = "", level: Annotated[str, Form()] = "",
            reason: Annotated[str, Form()] = "") -> Response:
    dataset = visible_dataset(session, principal, dataset_id)
    field = next((f for f in dataset.fields if f.name == target), None)
    if target and field is None:
        raise HTTPException(404, "no such field")
    try:
        reviews.propose_label(session, request.app.state.audit, principal, dataset, field, decision, entity, level,
                              reason, _guide(session, dataset), now(request))
    except reviews.ReviewError as error:
        session.rollback()
        return _labels_page(request, session, principal, dataset, status_code=400, error=str(error))
    session.commit()
    return RedirectResponse(f"/labels/{dataset.id}", status_code=303)


@router.post("/reviews/{review_id}")
def decide(review_id: int, request: Request, principal: Business, session: Db,
           approve: Annotated[str, Form()] = "") -> Response:
    review = session.get(Review, review_id)
    if review is None or review.subject_kind not in reviews.LABEL_KINDS or not principal.sees(review.unit):
        raise HTTPException(404, "no such review")
    dataset = visible_dataset(session, principal, int(review.proposed["dataset_id"]))
    try:
        reviews.decide(session, request.app.state.audit, principal, review, approve == "1", now(request))
    except reviews.ReviewError as error:
        session.rollback()
        return _labels_page(request, session, principal, dataset, status_code=403, error=str(error))
    session.commit()
    return RedirectResponse(f"/labels/{dataset.id}", status_code=303)
