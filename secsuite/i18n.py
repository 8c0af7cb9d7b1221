"""User-facing text, Chinese first. Every message has a ``zh`` and an ``en`` form."""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["zh", "en"]


def current_lang(explicit: str | None = None) -> Lang:
    value = (explicit or os.environ.get("SECSUITE_LANG") or "zh").lower()
    return "en" if value.startswith("en") else "zh"


def pick(text: dict[str, str] | object, lang: Lang) -> str:
    """Choose the language from a ``{zh, en}`` mapping or a model with those attributes."""
    if isinstance(text, dict):
        return text.get(lang) or text.get("zh") or ""
    return getattr(text, lang, None) or getattr(text, "zh", "")
