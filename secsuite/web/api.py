"""``/api/v1``: bearer-token access for scripts and other servers, scoped like the pages: a token
sees what its owner may see, narrowed to the token's unit; another unit answers 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from secsuite.web import reviews, sessions, views
from secsuite.web.deps import Db, client_ip, now
from secsuite.web.sessions import Principal

router = APIRouter(prefix="/api/v1", tags=["v1"])
bearer = HTTPBearer(auto_error=False, description="API token from `secsuite users token NAME`")
MAX_PAGE = 1000


def token_principal(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                    session: Db) -> Principal:
    principal = sessions.api_principal(session, credentials.credentials if credentials else None, now(request),
                                       client_ip(request))
    session.commit()
    if principal is None:
        raise HTTPException(401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"})
    return principal


Token = Annotated[Principal, Depends(token_principal)]


class UnitItem(BaseModel):
    code: str
    name: str
    unit_type: str | None
    tier: str | None


class Units(BaseModel):
    items: list[UnitItem]


class FindingObject(BaseModel):
    kind: str
    id: str


class FindingItem(BaseModel):
    id: str
    rule_id: str
    severity: str
    status: str
    unit: str | None
    object: FindingObject
    title: str
    message: str
    citation: str
    as_of: str
    mute_reason: str | None


class Findings(BaseModel):
    items: list[FindingItem]
    total: int
    page: int
    size: int


@router.get("/units", response_model=Units, summary="The units the token may see")
def units(principal: Token, session: Db) -> dict[str, Any]:
    return {"items": [{"code": u.code, "name": u.name, "unit_type": u.unit_type, "tier": u.tier}
                      for u in views.visible_units(session, principal)]}


@router.get("/findings", response_model=Findings, summary="Current findings, optionally of one unit",
            responses={404: {"description": "a unit the token may not see (or none of that name)"}})
def findings(request: Request, principal: Token, session: Db,
             unit: Annotated[str | None, Query(description="unit code or name")] = None,
             severity: str | None = None, rule: str | None = None, status: str | None = None,
             page: Annotated[int, Query(ge=1)] = 1,
             size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = views.PAGE_SIZE) -> dict[str, Any]:
    given = views.FindingFilter(severity=severity, rule=rule, status=status)
    if unit is not None:
        record = views.unit_named(session, principal, unit)
        if record is None:
            raise HTTPException(404, "no such unit")
        given.unit = record.name
    rows, shown = views.findings_page(session, principal, given, now(request), page, size, clamp=False)
    decided = reviews.states(session, [row.finding_id for row in rows], now(request))
    request.app.state.audit.record(session, principal.actor, "api.findings", unit=given.unit,
                                   detail={"page": page, "size": size, "items": len(rows)}, at=now(request))
    session.commit()
    return {"items": [views.finding_item(row, views.status_of(row, decided)) for row in rows], "total": shown.total, "page": page, "size": size}
