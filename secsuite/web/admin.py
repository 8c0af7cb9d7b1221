"""The three administrators' consoles (三员分立), each reachable by its own role only: the security
administrator manages users and grants, the audit administrator reads the audit log, the system
administrator sees the system's configuration. None of them shows business data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secsuite import __version__
from secsuite.store.access import AuditEvent, UnitRecord, User
from secsuite.urls import display_url
from secsuite.web import paging, views
from secsuite.web.accounts import AccountError, Accounts, describe
from secsuite.web.deps import AuditAdmin, Db, SecAdmin, SysAdmin, now
from secsuite.web.paging import Page
from secsuite.web.render import page
from secsuite.web.roles import ROLES
from secsuite.web.sessions import IDLE, IDLE_ADMIN, LOCK_FOR, MAX_FAILURES

router = APIRouter(prefix="/admin", include_in_schema=False)
AUDIT_PAGE = 100


def _users_page(request: Request, session: Session, status_code: int = 200, **values: object) -> Response:
    users = [describe(user) for user in session.scalars(select(User).order_by(User.username))]
    units = list(session.scalars(select(UnitRecord.name).order_by(UnitRecord.name)))
    return page(request, "admin_users.html.j2", status_code=status_code, users=users, roles=ROLES, units=units,
                **{"issued": None, "error": None} | values)


@router.get("/users")
def users(request: Request, principal: SecAdmin,
          session: Db) -> Response:
    return _users_page(request, session)


@router.post("/users")
def change_users(request: Request, principal: SecAdmin, session: Db, action: Annotated[str, Form()],
                 username: Annotated[str, Form()] = "", role_name: Annotated[str, Form()] = "",
                 unit: Annotated[str, Form()] = "", email: Annotated[str, Form()] = "") -> Response:
    accounts = Accounts(session, request.app.state.audit, principal.actor, now(request))
    issued = None
    try:
        if action == "add":
            issued = accounts.add(username, role_name, unit or None, email=email)
        elif action == "email":
            accounts.set_email(username, email)
        elif action == "mfa_reset":
            accounts.reset_mfa(username)
        elif action == "grant":
            accounts.grant(username, role_name, unit or None)
        elif action == "revoke":
            accounts.revoke(username, role_name, unit or None)
        elif action == "reset":
            issued = accounts.reset(username)
        elif action == "disable":
            accounts.disable(username)
        else:
            raise HTTPException(400, "unknown action")
    except AccountError as error:
        session.rollback()
        return _users_page(request, session, status_code=400, error=str(error))
    session.commit()
    if issued is None:
        return RedirectResponse("/admin/users", status_code=303)
    return _users_page(request, session, issued=issued)


@router.get("/audit")
def audit(request: Request, principal: AuditAdmin,
          session: Db) -> Response:
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    shown = Page.of(paging.requested(request), AUDIT_PAGE, total)
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())
                                  .offset(shown.offset).limit(AUDIT_PAGE)))
    # the rows not yet found intact by this server, and the rows shown (re-checked on every view)
    audit = request.app.state.audit
    problems = list(dict.fromkeys(audit.verify(session, resume=True) + audit.unsealed(events)))
    return page(request, "admin_audit.html.j2", events=events, total=total, shown=shown, problems=problems)


@router.get("/system")
def system(request: Request, principal: SysAdmin,
           session: Db) -> Response:
    settings = {
        "version": __version__, "store": display_url(str(session.get_bind().url)),
        "dialect": session.get_bind().dialect.name, "runs": len(views.current_runs(session).by_kind),
        "users": session.scalar(select(func.count()).select_from(User)),
        "units": session.scalar(select(func.count()).select_from(UnitRecord)),
        "idle": f"{int(IDLE_ADMIN.total_seconds() // 60)} / {int(IDLE.total_seconds() // 60)} min",
        "lockout": f"{MAX_FAILURES} × → {int(LOCK_FOR.total_seconds() // 60)} min",
    }
    return page(request, "admin_system.html.j2", settings=settings)
