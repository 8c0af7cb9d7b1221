"""Masking: the only form in which a detected value may leave the detection engine.

secsuite must never become a leak itself, so evidence keeps just enough of a value for a person
to recognise it (``1101**********123X``, ``138****5678``, ``张*``) and hides at least a third of it and at least four characters (the common ``138****5678`` form
of GB/T 35273 examples), whatever the spec asks for.
"""

from __future__ import annotations

from typing import Literal

MaskStyle = Literal["chars", "name", "email", "address"]
STAR = "*"


def mask_chars(value: str, keep_start: int, keep_end: int) -> str:
    """Keep the ends, star the middle; never show more than the hiding minimum allows."""
    length = len(value)
    if length <= 2:
        return STAR * length
    budget = length - max(length // 3, min(4, length - 1))
    if keep_start + keep_end > budget:
        keep_start = min(keep_start, (budget + 1) // 2)
        keep_end = min(keep_end, budget - keep_start)
    hidden = length - keep_start - keep_end
    return value[:keep_start] + STAR * hidden + (value[length - keep_end :] if keep_end else "")


def mask_name(value: str) -> str:
    """Personal names keep the surname's first character only: 张三 → 张*, 欧阳修 → 欧**."""
    return value[:1] + STAR * (len(value) - 1) if len(value) > 1 else STAR


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    if not domain:
        return mask_chars(value, 1, 0)
    return f"{local[:1]}{STAR * 3}@{domain}"


def mask_address(value: str) -> str:
    """Addresses keep the administrative prefix (province/city) and hide street and house number."""
    keep = min(6, len(value) // 2)
    return value[:keep] + STAR * 4


def mask(value: str, style: MaskStyle = "chars", keep_start: int = 3, keep_end: int = 4) -> str:
    if style == "name":
        return mask_name(value)
    if style == "email":
        return mask_email(value)
    if style == "address":
        return mask_address(value)
    return mask_chars(value, keep_start, keep_end)
