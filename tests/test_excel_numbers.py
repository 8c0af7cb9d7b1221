"""Which cells hold a number Excel cut (digits lost), and which hold numbers or text it left whole."""

from __future__ import annotations

import pytest

from secsuite.excel_numbers import is_cut_number


@pytest.mark.parametrize(
    ("value", "cut"),
    [
        ("4.40305E+16", True), ("4.40305e17", True), (" 6.2E+10 ", True), (4.40305199001011e17, True),
        (3213004300100002, True), (-1e15, True),
        ("1.5E+3", False), ("3.0E+9", False), ("2.1e-05", False), ("440305199001011234", False),
        (13812345678, False), (999999999999999, False), (True, False), (None, False), ("E+16", False),
        # hexadecimal codes (a cell's location area code) and numbers longer than any identifier
        ("2E10", False), ("7E53", False), ("7E+53", False), ("1E+15", True),
    ],
)
def test_is_cut_number(value, cut):
    assert is_cut_number(value) is cut
