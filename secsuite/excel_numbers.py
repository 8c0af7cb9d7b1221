"""Numbers Excel cut: it keeps 15 significant digits and shows long numbers as 4.40305E+16, so an
ID, card or filing number typed into a number cell has lost its last digits and cannot be checked."""

from __future__ import annotations

import re
from typing import Any

SCIENTIFIC = r"^\s*[+-]?\d(?:\.\d+[eE]\+?|[eE]\+)(\d{1,3})\s*$"
"""A mantissa with decimals (4.40305E+16, 4.40305e17), or one digit and a signed exponent (1E+15):
number formatters always write one or the other, while hexadecimal codes (a cell's location area
code 2E10, 7E53) are a digit, an E and digits."""
MIN_EXPONENT = 10
"""From 11 digits on (a mobile number, an ID, a card number) a number in scientific notation has
lost digits; shorter numbers in that form are measurements, not identifiers."""
MAX_EXPONENT = 19
"""Up to 20 digits (an ICCID, the longest identifier we check): larger numbers are no identifiers."""
DIGITS_KEPT = 1e15
"""A number cell of 16 digits or more has been cut to Excel's 15 significant digits."""

_SCIENTIFIC = re.compile(SCIENTIFIC)


def is_cut_number(value: Any) -> bool:
    """Whether a cell holds a number Excel cut: scientific-notation text of 11+ digits, or a number of 16+ digits."""
    if isinstance(value, str):
        match = _SCIENTIFIC.match(value)
        return match is not None and MIN_EXPONENT <= int(match.group(1)) <= MAX_EXPONENT
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= DIGITS_KEPT
