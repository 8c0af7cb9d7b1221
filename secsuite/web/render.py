"""Pages from the Jinja2 templates of ``reports/templates/web/`` with the report's words and escaping.

Labels come from ``reports/labels.yaml`` and the web's label files (zh and en each, checked at
start-up); autoescape is on as in the report, so every value from the store is text, never markup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from secsuite import __version__
from secsuite.i18n import Lang
from secsuite.paths import reports_dir
from secsuite.report.html import environment
from secsuite.report.texts import LabelFile, Texts, _labels
from secsuite.schema import Text, load_yaml_model
from secsuite.web.lang import remember, request_lang, switch_url

WEB_LABEL_FILES = ("web_labels.yaml", "web_pages_labels.yaml")


@lru_cache(maxsize=1)
def _web_labels() -> dict[str, Text]:
    merged = dict(_labels())
    for name in WEB_LABEL_FILES:
        web = load_yaml_model(reports_dir() / name, LabelFile).root
        clash = sorted(set(web) & set(merged))
        if clash:
            raise ValueError(f"reports/{name} repeats labels of the report or the web: {', '.join(clash)}")
        merged |= web
    return merged


class WebTexts(Texts):
    """The report's labels and the web application's, in one language."""

    def __init__(self, lang: Lang):
        super().__init__(lang)
        self._labels = _web_labels()


@lru_cache(maxsize=1)
def web_environment() -> Environment:
    env = environment()
    env.globals["version"] = __version__
    return env


def texts(request: Request) -> WebTexts:
    """The words of this request's language (``secsuite.web.lang``)."""
    return WebTexts(request_lang(request))


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    t = texts(request)
    body = web_environment().get_template(f"web/{template}").render(
        t=t, lang=t.lang, request=request, role_names=lambda roles: "、".join(t(f"role_{r}") for r in sorted(roles)),
        principal=getattr(request.state, "principal", None), switch_url=lambda lang: switch_url(request, lang),
        **values)
    response = HTMLResponse(body, status_code=status_code)
    remember(request, response)
    return response
