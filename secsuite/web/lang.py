"""The language of one request: ``?lang=zh|en`` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else the server's language (Chinese unless ``serve --lang en``).

Only zh and en exist; anything else is ignored rather than refused, so a browser asking for
French gets the server's default."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from secsuite.i18n import LANGUAGES, Lang

LANG_COOKIE = "secsuite_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600


def _known(value: str | None) -> Lang | None:
    if not value:
        return None
    base = value.strip().replace("_", "-").split("-")[0].lower()
    return LANGUAGES.get(base)


def accepted(header: str | None) -> Lang | None:
    """The first of zh and en in an Accept-Language header, by quality then order (RFC 9110 12.5.4)."""
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        lang = _known(tag)
        if lang and quality > 0:
            ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else None


def chosen(request: Request) -> Lang | None:
    """The language the query asks for, to be remembered."""
    return _known(request.query_params.get("lang"))


def request_lang(request: Request) -> Lang:
    return (chosen(request) or _known(request.cookies.get(LANG_COOKIE))
            or accepted(request.headers.get("accept-language")) or request.app.state.lang)


def remember(request: Request, response: Response) -> None:
    """Keep a language chosen with ``?lang=`` for the next pages."""
    lang = chosen(request)
    if lang is not None and lang != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")


def switch_url(request: Request, lang: Lang) -> str:
    """This page in another language: its path and query with ``lang`` replaced."""
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "lang"]
    return f"{request.url.path}?{urlencode([*query, ('lang', lang)])}"
