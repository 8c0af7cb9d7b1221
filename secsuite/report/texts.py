"""The words of the HTML report and of the exports, from ``reports/labels.yaml``.

They live beside the templates so an auditor can read and correct them without Python; every
label must have both a ``zh`` and an ``en`` form, checked when loaded, so a missing translation
fails at start-up instead of leaving a hole in a report.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import RootModel

from secsuite.i18n import Lang
from secsuite.paths import reports_dir
from secsuite.schema import Text, load_yaml_model


class LabelFile(RootModel[dict[str, Text]]):
    pass


@lru_cache(maxsize=1)
def _labels() -> dict[str, Text]:
    return load_yaml_model(reports_dir() / "labels.yaml", LabelFile).root


class Texts:
    """``texts("key", name=...)``: a label in one language, formatted when arguments are given."""

    def __init__(self, lang: Lang):
        self.lang = lang
        self._labels = _labels()

    def __call__(self, key: str, /, **values: object) -> str:
        text = getattr(self._labels[key], self.lang)
        return text.format(**values) if values else text

    def severity(self, severity: str) -> str:
        return self(f"severity_{severity}")

    def unit_type(self, unit_type: str | None) -> str:
        return self(f"unit_type_{unit_type}") if unit_type else ""

    def unit_name(self, name: str | None) -> str:
        return name or self("no_unit")
