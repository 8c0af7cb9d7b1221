"""Request dependencies: a store session per request, who is asking, and the role checks of each
console. A page of another unit answers 404 as a unit that does not exist does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from secsuite.store.access import UnitRecord
from secsuite.web import sessions, views
from secsuite.web.security import SESSION_COOKIE
from secsuite.web.sessions import Principal


class LoginRequired(Exception):
    """No live session: the handler sends the browser to the login page."""


class PasswordChangeRequired(Exception):
    """A one-time password is in use: nothing but the change-password page until it is changed."""


def db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def now(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.clock()


def signed_in(request: Request, session: Annotated[Session, Depends(db)]) -> Principal:
    """The principal of the session cookie, even one that must still change its password."""
    principal = sessions.resume(session, request.app.state.audit, request.cookies.get(SESSION_COOKIE),
                                now(request), client_ip(request), request.headers.get("user-agent"))
    session.commit()
    if principal is None:
        raise LoginRequired()
    request.state.principal = principal
    return principal


def user(principal: Annotated[Principal, Depends(signed_in)]) -> Principal:
    if principal.must_change_pw:
        raise PasswordChangeRequired()
    return principal


def business(principal: Annotated[Principal, Depends(user)]) -> Principal:
    """Business pages: the administrators (三员) see no business data."""
    if not principal.business:
        raise HTTPException(403, "no business role")
    return principal


def role(name: str):  # type: ignore[no-untyped-def]
    def check(principal: Annotated[Principal, Depends(user)]) -> Principal:
        if name not in principal.roles:
            raise HTTPException(403, f"{name} only")
        return principal

    return check


def visible_unit(code: str, session: Session, principal: Principal) -> UnitRecord:
    unit = views.unit_named(session, principal, code)
    if unit is None:
        raise HTTPException(404, "no such unit")
    return unit


Db = Annotated[Session, Depends(db)]
SignedIn = Annotated[Principal, Depends(signed_in)]
Business = Annotated[Principal, Depends(business)]
SecAdmin = Annotated[Principal, Depends(role("sec_admin"))]
AuditAdmin = Annotated[Principal, Depends(role("audit_admin"))]
SysAdmin = Annotated[Principal, Depends(role("sys_admin"))]
