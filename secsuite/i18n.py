"""User-facing text, Chinese first. Every message has a ``zh`` and an ``en`` form."""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["zh", "en"]


LANGUAGES: dict[str, Lang] = {"zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh", "en": "en", "english": "en"}


def current_lang(explicit: str | None = None) -> Lang:
    """``--lang`` / $SECSUITE_LANG / the config's ``lang``: zh (default) or en, with a region
    (zh-CN, en_US.UTF-8) allowed; any other language is refused rather than silently shown in Chinese."""
    value = (explicit or os.environ.get("SECSUITE_LANG") or "zh").strip()
    base = value.replace("_", "-").split("-")[0].split(".")[0].lower()
    if base not in LANGUAGES:
        raise ValueError(f"--lang: 不支持的语言 {value!r}，可选 zh（中文，默认）或 en "
                         f"(unsupported language {value!r}; choose zh or en)")
    return LANGUAGES[base]


def pick(text: dict[str, str] | object, lang: Lang) -> str:
    """Choose the language from a ``{zh, en}`` mapping or a model with those attributes."""
    if isinstance(text, dict):
        return text.get(lang) or text.get("zh") or ""
    return getattr(text, lang, None) or getattr(text, "zh", "")
