"""Telling a header row from a data row (and from title rows above it), and naming the columns of
a table that has none.

An export without a header row is common (a query saved straight to CSV). Taking its first row as
the header would make a citizen's ID number, phone and card number column names, printed and
stored everywhere a column is named. A first row is data when one of its cells validates as an
identifier, or when every non-empty cell is a number or a date (a header is words, though a few
may be years); its columns are then named by position: 列1, 列2, ...
"""

from __future__ import annotations

import re

from secsuite.redact import is_sensitive
from secsuite.sources.limits import check_columns

_DATA_LIKE = re.compile(
    r"[+\-]?[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][+\-]?[0-9]+)?%?"  # numbers, 1,234.5, 4.40305E+16
    r"|[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?(?:[ T][0-9:.]+)?"  # dates, date-times
)


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def looks_like_data(cells: list[object]) -> bool:
    """Whether a would-be header row is really the first row of data."""
    texts = [t for t in map(_text, cells) if t]
    if not texts:
        return False
    if any(is_sensitive(t) for t in texts):
        return True
    numeric = [t for t in texts if _DATA_LIKE.fullmatch(t)]
    return len(numeric) == len(texts) and len(texts) > 1


TITLE_SEARCH_LINES = 10


def title_rows(rows: list[list[object]]) -> int:
    """How many title rows (one filled cell: “2025年人口信息表”, an export date) stand above a
    wider header within the first rows; 0 when the first row is already the widest kind."""
    filled = [sum(1 for cell in row if _text(cell)) for row in rows[:TITLE_SEARCH_LINES]]
    titles = 0
    while titles < len(filled) - 1 and filled[titles] <= 1 and max(filled[titles + 1 :]) > 1:
        titles += 1
    return titles


def positional_names(width: int, source: str) -> list[str]:
    check_columns(width, source)
    return [f"列{position}" for position in range(1, width + 1)]
