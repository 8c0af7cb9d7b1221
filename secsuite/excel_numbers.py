"""Numbers Excel cut: it keeps 15 significant digits and shows long numbers as 4.40305E+16, so an
ID, card or filing number typed into a number cell has lost its last digits and cannot be checked."""

from __future__ import annotations

import re
from typing import Any

SCIENTIFIC = r"^\s*[+-]?\d(?:\.\d+)?[eE]\+?(\d{1,3})\s*$"
MIN_EXPONENT = 10
"""From 11 digits on (a mobile number, an ID, a card number) a number in scientific notation has
lost digits; shorter numbers in that form are measurements, not identifiers."""
DIGITS_KEPT = 1e15
"""A number cell of 16 digits or more has been cut to Excel's 15 significant digits."""

_SCIENTIFIC = re.compile(SCIENTIFIC)


def is_cut_number(value: Any) -> bool:
    """Whether a cell holds a number Excel cut: scientific-notation text of 11+ digits, or a number of 16+ digits."""
    if isinstance(value, str):
        match = _SCIENTIFIC.match(value)
        return match is not None and int(match.group(1)) >= MIN_EXPONENT
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= DIGITS_KEPT
