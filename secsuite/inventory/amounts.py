"""Counts and amounts as auditors type them into a register: ``1200000``, ``1,200,000``, ``120万``,
``1.2亿``. Kept exact (Decimal), because thresholds such as 100万 people are compared with ≥."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_AMOUNT = re.compile(r"^([+\-]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|亿)?\s*(?:元|人|小时|h|次|个|分)?$")


def as_amount(value: Any, maximum: Decimal | None = None, signed: bool = False) -> Decimal | None:
    """The number in a cell, or None for an empty one; raises ValueError without echoing the cell.

    A count is never negative (unless ``signed``: a score, which the rubric bounds itself), and
    never above ``maximum`` (more people than China has): such a value is a typo, and a typo must
    not grade an incident 特别重大 or veto a unit."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("不是数字 (not a number)")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        match = _AMOUNT.match(unicodedata.normalize("NFKC", str(value)).strip())
        if not match:
            raise ValueError("不是数字 (not a number)")
        try:
            number = Decimal(match.group(2).replace(",", "")) * _MULTIPLIERS.get(match.group(3) or "", Decimal(1))
        except InvalidOperation:
            raise ValueError("不是数字 (not a number)") from None
        if match.group(1) == "-":
            number = -number
    if number < 0 and not signed:
        raise ValueError("不能为负数 (a count or amount cannot be negative)")
    if maximum is not None and number > maximum:
        raise ValueError(f"超出合理范围 (implausibly large: above {maximum:,})")
    return number
