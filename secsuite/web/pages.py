"""The pages of the business roles (auditor, unit staff, evaluator, operator), Chinese first, and
the sign-in pages everyone uses. Every query is scoped by the principal's units."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from secsuite.report.store_view import SEVERITIES
from secsuite.store.access import Review, UnitRecord, User
from secsuite.store.models import FindingRecord
from secsuite.web import paging, reviews, sessions, signoff, trends, views
from secsuite.web.accounts import AccountError, Accounts
from secsuite.web.deps import Business, Db, SignedIn, client_ip, now, visible_unit
from secsuite.web.exports import csv_stream, xlsx_stream
from secsuite.web.render import page, texts
from secsuite.web.security import LOGIN_COOKIE, SESSION_COOKIE
from secsuite.web.sessions import Principal
from secsuite.web.tokens import new_token

router = APIRouter(include_in_schema=False)


def _cookie_flags(request: Request) -> dict[str, object]:
    return {"httponly": True, "samesite": "strict", "secure": request.url.scheme == "https", "path": "/"}


def _home(principal: Principal) -> str:
    for role, path in (("sec_admin", "/admin/users"), ("audit_admin", "/admin/audit"), ("sys_admin", "/admin/system")):
        if role in principal.roles:
            return path
    return "/"


@router.get("/login")
def login_form(request: Request) -> Response:
    token = new_token()
    response = page(request, "login.html.j2", csrf=token, error=None)
    response.set_cookie(LOGIN_COOKIE, token, max_age=1800, **_cookie_flags(request))  # type: ignore[arg-type]
    return response


@router.post("/login")
def login(request: Request, session: Db, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", code: Annotated[str, Form()] = "") -> Response:
    result = sessions.login(session, request.app.state.audit, username.strip(), password, now(request),
                            client_ip(request), request.headers.get("user-agent"), code=code)
    session.commit()
    if result.token is None or result.user is None:
        token = new_token()
        t = texts(request)
        limited = result.retry_after is not None
        response = page(request, "login.html.j2", status_code=429 if limited else 401, csrf=token,
                        error=t("login_rate_limited", seconds=result.retry_after) if limited else t("login_failed"))
        if limited:
            response.headers["Retry-After"] = str(result.retry_after)
        response.set_cookie(LOGIN_COOKIE, token, max_age=1800, **_cookie_flags(request))  # type: ignore[arg-type]
        return response
    target = "/password" if result.user.must_change_pw else _home(sessions.principal_of(result.user, now(request)))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, result.token, **_cookie_flags(request))  # type: ignore[arg-type]
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, principal: SignedIn, session: Db) -> Response:
    sessions.logout(session, request.app.state.audit, request.cookies.get(SESSION_COOKIE), principal, now(request))
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password")
def password_form(request: Request, principal: SignedIn) -> Response:
    return page(request, "password.html.j2", error=None)


@router.post("/password")
def change_password(request: Request, principal: SignedIn, session: Db, current: Annotated[str, Form()] = "",
                    new: Annotated[str, Form()] = "", repeat: Annotated[str, Form()] = "") -> Response:
    t = texts(request)
    user = session.get(User, principal.user_id)
    assert user is not None
    if new != repeat:
        return page(request, "password.html.j2", status_code=400, error=t("password_mismatch"))
    try:
        Accounts(session, request.app.state.audit, principal.actor, now(request)).change_password(user, current, new)
    except AccountError as error:
        session.commit()  # the failed attempt stays in the audit log
        return page(request, "password.html.j2", status_code=400, error=str(error))
    session.commit()
    return RedirectResponse(_home(principal), status_code=303)


@router.get("/")
def dashboard(request: Request, principal: Business, session: Db) -> Response:
    moment = now(request)
    rows = views.unit_rows(session, principal, moment)
    return page(request, "dashboard.html.j2", rows=rows, vetoes=views.vetoes(session, principal),
                severities=SEVERITIES, runs=views.latest_runs(views.current_runs(session)), trend_days=trends.DAYS,
                trends=trends.unit_trends(session, (row.unit.name for row in rows), moment.date()))


@router.get("/units")
def units(request: Request, principal: Business, session: Db) -> Response:
    rows, shown = views.units_page(session, principal, now(request), paging.requested(request))
    return page(request, "units.html.j2", rows=rows, severities=SEVERITIES, shown=shown, query="")


@router.get("/units/{code}")
def unit(code: str, request: Request, principal: Business,
         session: Db) -> Response:
    return _unit_page(request, session, principal, visible_unit(code, session, principal))


def _unit_page(request: Request, session: Session, principal: Principal, record: UnitRecord, status_code: int = 200,
               error: str | None = None) -> Response:
    (row,) = views.unit_rows(session, replace(principal, units=frozenset({record.name})), now(request))
    return page(request, "unit.html.j2", status_code=status_code, unit=record, row=row, severities=SEVERITIES,
                datasets=views.unit_datasets(session, record), incidents=views.unit_incidents(session, record),
                signoff_state=signoff.state(session, row.evaluation) if row.evaluation else None, error=error,
                may_confirm=signoff.CONFIRMER in principal.roles, may_approve=signoff.APPROVER in principal.roles)


@router.post("/units/{code}/signoff")
def sign(code: str, request: Request, principal: Business, session: Db, action: Annotated[str, Form()] = "",
         comment: Annotated[str, Form()] = "") -> Response:
    record = visible_unit(code, session, principal)
    evaluation = next((r for r in views.evaluations(session, principal) if r.unit == record.name), None)
    if evaluation is None:
        raise HTTPException(404, "no evaluation of this unit")
    step = {"confirm": signoff.confirm, "approve": signoff.approve}.get(action)
    if step is None:
        raise HTTPException(400, "unknown action")
    try:
        step(session, request.app.state.audit, principal, evaluation, comment, now(request))
    except signoff.SignoffError as error:
        session.rollback()
        return _unit_page(request, session, principal, record, status_code=403, error=str(error))
    session.commit()
    return RedirectResponse(f"/units/{quote(record.code)}", status_code=303)


def _filter(request: Request, session: Session, principal: Principal) -> views.FindingFilter:
    given = views.FindingFilter(**{key: request.query_params.get(key) or None
                                   for key in ("unit", "severity", "rule", "status", "kind")})
    if given.unit is not None:
        given.unit = visible_unit(given.unit, session, principal).name
    return given


@router.get("/findings")
def findings(request: Request, principal: Business, session: Db) -> Response:
    given = _filter(request, session, principal)
    rows, shown = views.findings_page(session, principal, given, now(request), paging.requested(request))
    template = "findings_table.html.j2" if request.headers.get("hx-request") else "findings.html.j2"
    return page(request, template, rows=rows, shown=shown, given=given, query=urlencode(given.query_string()),
                units=views.visible_units(session, principal), rules=views.rule_choices(), severities=SEVERITIES,
                statuses=views.STATUSES, kinds=views.FINDING_KINDS,
                decided=reviews.states(session, [row.finding_id for row in rows], now(request)),
                status_of=views.status_of)


@router.get("/findings/export.{fmt}")
def export(fmt: str, request: Request, principal: Business,
           session: Db) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404, "csv or xlsx")
    given = _filter(request, session, principal)
    t = texts(request)
    request.app.state.audit.record(session, principal.actor, "export", object=f"findings.{fmt}", unit=given.unit,
                                   detail={"filter": given.query_string()}, at=now(request))
    session.commit()
    stream_session, at = request.app.state.sessions(), now(request)

    def rows():  # type: ignore[no-untyped-def]
        try:
            yield from views.findings_all(stream_session, principal, given, at)
        finally:
            stream_session.close()

    name = f"secsuite-findings.{fmt}"
    if fmt == "csv":
        body, media = csv_stream(rows(), t), "text/csv; charset=utf-8"
    else:
        body = xlsx_stream(rows(), t, t("sheet_findings"))
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return StreamingResponse(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/evaluations")
def evaluations(request: Request, principal: Business,
                session: Db) -> Response:
    return page(request, "evaluations.html.j2", groups=views.evaluation_groups(session, principal))


@router.get("/findings/{finding_id}")
def finding(finding_id: str, request: Request, principal: Business, session: Db) -> Response:
    record = views.current_finding(session, principal, finding_id)
    if record is None:
        raise HTTPException(404, "no such finding")
    return _finding_page(request, session, principal, record)


def _finding_page(request: Request, session: Session, principal: Principal, record: FindingRecord,
                  status_code: int = 200, error: str | None = None) -> Response:
    decided = reviews.states(session, [record.finding_id], now(request))
    return page(request, "finding.html.j2", status_code=status_code, f=record, error=error,
                status=views.status_of(record, decided), history=reviews.history(session, record.finding_id),
                may_propose=reviews.may_propose(principal, record.unit), may_decide=reviews.may_decide,
                decisions=reviews.DECISIONS, expires_on=reviews.expires_on)


@router.post("/findings/{finding_id}/review")
def propose_review(finding_id: str, request: Request, principal: Business, session: Db,
                   decision: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
                   until: Annotated[str, Form()] = "") -> Response:
    record = views.current_finding(session, principal, finding_id)
    if record is None:
        raise HTTPException(404, "no such finding")
    try:
        day = dt.date.fromisoformat(until)
        reviews.propose(session, request.app.state.audit, principal, record, decision, reason, day, now(request))
    except (ValueError, reviews.ReviewError) as error:
        session.rollback()
        message = str(error) if isinstance(error, reviews.ReviewError) else "日期格式应为 YYYY-MM-DD (date: YYYY-MM-DD)"
        return _finding_page(request, session, principal, record, status_code=400, error=message)
    session.commit()
    return RedirectResponse(f"/findings/{quote(finding_id)}", status_code=303)


@router.post("/reviews/{review_id}")
def decide_review(review_id: int, request: Request, principal: Business, session: Db,
                  approve: Annotated[str, Form()] = "") -> Response:
    review = session.get(Review, review_id)
    record = views.current_finding(session, principal, review.subject_key) if review else None
    if review is None or record is None:
        raise HTTPException(404, "no such review")
    try:
        reviews.decide(session, request.app.state.audit, principal, review, approve == "1", now(request))
    except reviews.ReviewError as error:
        session.rollback()
        return _finding_page(request, session, principal, record, status_code=403, error=str(error))
    session.commit()
    return RedirectResponse(f"/findings/{quote(record.finding_id)}", status_code=303)
