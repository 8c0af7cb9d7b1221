"""Pages from the Jinja2 templates of ``reports/templates/web/`` with the report's words and escaping.

Labels come from ``reports/labels.yaml`` and ``reports/web_labels.yaml`` (zh and en each, checked at
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


@lru_cache(maxsize=1)
def _web_labels() -> dict[str, Text]:
    web = load_yaml_model(reports_dir() / "web_labels.yaml", LabelFile).root
    clash = sorted(set(web) & set(_labels()))
    if clash:
        raise ValueError(f"reports/web_labels.yaml repeats labels of reports/labels.yaml: {', '.join(clash)}")
    return _labels() | web


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


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    state = request.app.state
    t = WebTexts(state.lang)
    body = web_environment().get_template(f"web/{template}").render(
        t=t, lang=state.lang, request=request, role_names=lambda roles: "、".join(t(f"role_{r}") for r in sorted(roles)),
        principal=getattr(request.state, "principal", None), **values)
    return HTMLResponse(body, status_code=status_code)
