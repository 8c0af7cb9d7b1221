"""The FastAPI application of ``secsuite serve``: routers, middleware, error pages and state.

``create_app`` takes the store's engine, the audit key and a clock, so tests drive lockouts and
timeouts with a clock they move and run the app in-process over ASGI or under a real uvicorn.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from secsuite import __version__
from secsuite.i18n import Lang
from secsuite.paths import reports_dir
from secsuite.store.db import session_factory
from secsuite.web import account, admin, api, datasets, incidents, labels, monitoring, pages, ranges, runs, uploads
from secsuite.web import api_runs as pushed_runs
from secsuite.web.audit import Actor, AuditLog, load_key
from secsuite.web.clock import Clock, system_clock
from secsuite.web.deps import LoginRequired, PasswordChangeRequired, client_ip
from secsuite.web.ratelimit import RateLimited
from secsuite.web.render import page
from secsuite.web.security import SecurityHeaders, csrf_protect

STATIC_FILES = ("htmx.min.js", "web.css")


def _redirect(request: Request, target: str) -> Response:
    """A plain redirect, or HX-Redirect for an htmx request, which would otherwise swap the target in."""
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _error(request: Request, status: int, detail: Any) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=status)
    return page(request, "error.html.j2", status_code=status, status=status)


class _Static(StaticFiles):
    """Only the application's own static files, never whatever else sits in the folder."""

    async def get_response(self, path: str, scope: Any) -> Response:
        if path not in STATIC_FILES:
            return Response(status_code=404)
        return await super().get_response(path, scope)


def create_app(engine: Engine, *, audit_key: bytes | None = None, clock: Clock = system_clock,
               lang: Lang = "zh") -> FastAPI:
    app = FastAPI(title="secsuite", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json", dependencies=[Depends(csrf_protect)],
                  description="政务/公共数据安全合规套件 API: units and findings, scoped by the token's units; "
                              "runs pushed by `secsuite scan|check|netscan|incidents --push URL`.")
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.audit = AuditLog(audit_key if audit_key is not None else load_key())
    app.state.clock = clock
    app.state.lang = lang
    app.add_middleware(SecurityHeaders)
    app.mount("/static", _Static(directory=reports_dir() / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(admin.router)
    app.include_router(ranges.router)
    app.include_router(labels.router)
    app.include_router(account.router)
    app.include_router(api.router)
    app.include_router(runs.router)
    app.include_router(datasets.router)
    app.include_router(incidents.router)
    app.include_router(monitoring.router)
    app.include_router(uploads.router)
    app.include_router(pushed_runs.router)

    @app.get("/api/v1/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        """The API reference drawn from the OpenAPI document on the server: no CDN, no script."""
        return page(request, "api_docs.html.j2", spec=app.openapi())

    @app.exception_handler(LoginRequired)
    def login_required(request: Request, _exc: LoginRequired) -> Response:
        return _redirect(request, "/login")

    @app.exception_handler(PasswordChangeRequired)
    def password_change(request: Request, _exc: PasswordChangeRequired) -> Response:
        return _redirect(request, "/password")

    @app.exception_handler(RateLimited)
    def rate_limited(request: Request, exc: RateLimited) -> Response:
        """An API token guessed too often from this address (or for this owner): audited, 429."""
        with app.state.sessions() as session:
            app.state.audit.record(session, Actor(None, None, "api", client_ip(request), request.headers.get("user-agent")),
                                   "api.token", outcome="refused", at=clock(),
                                   detail={"reason": "rate limited", "retry_after": exc.retry_after})
            session.commit()
        response = _error(request, 429, str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error(request, exc.status_code, exc.detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors()])

    return app
