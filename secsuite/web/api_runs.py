"""``POST /api/v1/runs/{scan,check,netscan,incidents}``: a data centre's secsuite sends the JSON
document its command printed (``--push URL``), and it is recorded here as a run of that kind.

The token must have been made to push (``secsuite users token NAME --push``: a token that only
reads cannot change what the centre shows), must see every unit the document names (another unit
answers 404, as for reading), and its owner must hold a role that answers for results (not an
evaluator's read-only one); else 403. A
document over the size limit is refused before it is read whole (413), one whose findings,
datasets or errors hold a person's raw identifier is refused naming where (400). Every push,
accepted or refused, is audited under the token's owner.
"""

import os
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Body, Depends, HTTPException, Request, Response
from fastapi.routing import APIRoute, APIRouter
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.app.ingest import DOCUMENTS, Origin, PushedDocument, raw_values, record_pushed
from secsuite.redact import mask_sensitive
from secsuite.store.access import ApiToken
from secsuite.web import views
from secsuite.web.api import Token, bearer
from secsuite.web.deps import Db, client_ip, now
from secsuite.web.sessions import Principal
from secsuite.web.tokens import digest

MAX_BYTES = 64 * 1024 * 1024
"""The largest document accepted (``$SECSUITE_PUSH_MAX_BYTES``): a scan of thousands of datasets."""
PUSH_ROLES = frozenset({"auditor", "operator", "unit_admin", "unit_user"})
HOST_HEADER = "x-secsuite-host"


def max_bytes() -> int:
    return int(os.environ.get("SECSUITE_PUSH_MAX_BYTES") or MAX_BYTES)


class _LimitedRequest(Request):
    """A request whose body is read up to the limit, then refused, whatever its Content-Length says."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            limit, size, chunks = max_bytes(), 0, []
            declared = self.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise HTTPException(413, f"document larger than {limit} bytes")
            async for chunk in self.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"document larger than {limit} bytes")
                chunks.append(chunk)
            self._body = b"".join(chunks)
        return self._body


class _LimitedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            return await handler(_LimitedRequest(request.scope, request.receive))

        return limited


router = APIRouter(prefix="/api/v1", tags=["v1"], route_class=_LimitedRoute)


class Pushed(BaseModel):
    """The run the document is recorded as; ``created`` false when this document was pushed before."""

    run_id: int
    created: bool
    kind: str
    findings: int
    units: list[str]


def _refuse(request: Request, session: Session, principal: Principal, kind: str, status: int, reason: str,
            unit: str | None = None) -> HTTPException:
    request.app.state.audit.record(session, principal.actor, "api.push", outcome="failure", object=kind, unit=unit,
                                   detail={"status": status, "reason": reason}, at=now(request))
    session.commit()
    return HTTPException(status, reason)


def _token(session: Session, credentials: HTTPAuthorizationCredentials | None) -> ApiToken | None:
    if credentials is None:
        return None
    return session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(credentials.credentials))).first()


def _push(document: PushedDocument, request: Request, response: Response, principal: Principal, session: Session,
          credentials: HTTPAuthorizationCredentials | None) -> dict[str, Any]:
    kind = document.kind
    token = _token(session, credentials)
    if token is None or "push" not in (token.permissions or []):
        raise _refuse(request, session, principal, kind, 403,
                      "the token may only read (`secsuite users token NAME --unit UNIT --push` makes one that pushes)")
    if not principal.roles & PUSH_ROLES:
        raise _refuse(request, session, principal, kind, 403, "the token's owner may not push results")
    named = {unit for unit in document.named() if unit}
    for unit in sorted(named):
        known = views.unit_named(session, principal, unit)
        if known is None or known.name != unit:  # by its code, it would be recorded under a name no one sees
            raise _refuse(request, session, principal, kind, 404, f"no such unit: {unit}", unit)
    where = raw_values(document)
    if where:
        shown = ", ".join(where[:5]) + (f" (+{len(where) - 5})" if len(where) > 5 else "")
        raise _refuse(request, session, principal, kind, 400,
                      f"未脱敏的标识符 (unmasked identifier) at {shown}: push masked results only")
    origin = Origin(actor=principal.username, token_id=token.id,
                    host=mask_sensitive(request.headers.get(HOST_HEADER) or "")[:255] or None, ip=client_ip(request),
                    at=now(request))
    recorded = record_pushed(request.app.state.engine, document, origin)
    units = sorted(named)
    request.app.state.audit.record(
        session, principal.actor, "api.push", object=f"run {recorded.run_id}", unit=units[0] if len(units) == 1 else None,
        detail={"kind": kind, "created": recorded.created, "units": units, "findings": len(document.findings),
                "host": origin.host, "tool_version": document.tool.version, "sha256": recorded.sha256},
        at=origin.at)
    session.commit()
    response.status_code = 201 if recorded.created else 200
    return {"run_id": recorded.run_id, "created": recorded.created, "kind": kind, "findings": len(document.findings),
            "units": units}


def _endpoint(model: type[PushedDocument]) -> Callable[..., dict[str, Any]]:
    def push(document: Annotated[model, Body()], request: Request, response: Response,  # type: ignore[valid-type]
             principal: Token, session: Db,
             credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> dict[str, Any]:
        return _push(document, request, response, principal, session, credentials)

    push.__doc__ = (f"Record the document of `secsuite {model.kind} --format json` (what `--push URL` sends) as "
                    f"a {model.kind} run; the same document again answers 200 with the run it was recorded as.")
    return push


for _kind, _model in DOCUMENTS.items():
    router.add_api_route(
        f"/runs/{_kind}", _endpoint(_model), methods=["POST"], response_model=Pushed, status_code=201,
        summary=f"Push a {_kind} run", name=f"push_{_kind}",
        responses={200: {"model": Pushed, "description": "this document was recorded before"},
                   400: {"description": "an unmasked identifier in the document"},
                   403: {"description": "a read-only token, or an owner who may not push results"},
                   404: {"description": "a unit the token may not see (or none of that name)"},
                   413: {"description": "the document is over the size limit"}})
