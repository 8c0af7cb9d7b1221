"""The browser-facing defences every response and every state change gets.

Headers: a CSP of ``default-src 'self'`` with no inline script or style and ``frame-ancestors
'none'``, no sniffing, no referrer beyond the origin, no caching of pages. State changes (any method
but GET/HEAD/OPTIONS) from a browser must come from our own origin (Origin, else Referer) and carry
the session's synchronizer token (form field ``csrf_token`` or header ``X-CSRF-Token``); the login
form, which has no session yet, uses a random cookie it echoes (double submit). Requests that bear
an API token and no session cookie are not a browser's and need neither.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import HTTPException
from sqlalchemy import select
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from secsuite.store.access import WebSession
from secsuite.web.tokens import digest

SESSION_COOKIE = "secsuite_session"
LOGIN_COOKIE = "secsuite_login"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SecurityHeaders:
    """ASGI middleware: the headers above on every response; no-store on all but static files;
    HSTS when served over HTTPS (directly or through a proxy uvicorn trusts)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


def _sent_origin(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}"
    return None


async def csrf_protect(request: Request) -> None:
    """FastAPI dependency of the whole application: refuse a cross-site or token-less state change."""
    if request.method in SAFE_METHODS:
        return
    session_cookie = request.cookies.get(SESSION_COOKIE)
    if not session_cookie and (request.headers.get("authorization") or request.url.path.startswith("/api/")):
        return  # no ambient credential to abuse: the API answers 401 itself without a bearer token
    if _sent_origin(request) != own_origin(request):
        raise HTTPException(403, "cross-origin request refused")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf_token")  # type: ignore[assignment]
    if request.url.path == "/login":
        expected = request.cookies.get(LOGIN_COOKIE)
    elif session_cookie:
        with request.app.state.sessions() as db:
            expected = db.scalar(select(WebSession.csrf_token).where(
                WebSession.token_hash == digest(session_cookie), WebSession.revoked_at.is_(None)))
    else:
        expected = None
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "missing or wrong CSRF token")
