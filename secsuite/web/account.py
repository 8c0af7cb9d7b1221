"""The signed-in user's own security page: enrolling the optional TOTP second factor. The secret
is shown once, on the answer to the enrolment, and is active only after a first right code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from secsuite.store.access import User
from secsuite.web import deps, mfa
from secsuite.web.deps import Db, now
from secsuite.web.render import page, texts
from secsuite.web.sessions import Principal

router = APIRouter(prefix="/account", include_in_schema=False)
Me = Annotated[Principal, Depends(deps.user)]


def _me(session: Session, principal: Principal) -> User:
    user = session.get(User, principal.user_id)
    assert user is not None  # the session was resumed for this user a moment ago
    return user


@router.get("")
def account(request: Request, principal: Me, session: Db) -> Response:
    return page(request, "account.html.j2", user=_me(session, principal), enrolment=None, error=None)


@router.post("/mfa")
def enrol(request: Request, principal: Me, session: Db) -> Response:
    """A new secret, replacing any earlier one only once it is confirmed, so a stray click cannot
    lock out a user whose factor is active."""
    user = _me(session, principal)
    if user.mfa_enabled:
        return page(request, "account.html.j2", status_code=400, user=user, enrolment=None,
                    error=texts(request)("mfa_already"))
    enrolment = mfa.begin(user, request.app.state.audit)
    request.app.state.audit.record(session, principal.actor, "mfa.enrol", object=user.username, at=now(request))
    session.commit()
    return page(request, "account.html.j2", user=user, enrolment=enrolment, error=None)


@router.post("/mfa/confirm")
def confirm(request: Request, principal: Me, session: Db, code: Annotated[str, Form()] = "") -> Response:
    user = _me(session, principal)
    right = mfa.confirm(user, code, request.app.state.audit, now(request))
    request.app.state.audit.record(session, principal.actor, "mfa.enable", object=user.username, at=now(request),
                                   outcome="success" if right else "failure")
    session.commit()
    if not right:
        return page(request, "account.html.j2", status_code=400, user=user, enrolment=None,
                    error=texts(request)("mfa_wrong_code"))
    return RedirectResponse("/account", status_code=303)
