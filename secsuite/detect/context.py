"""Table context for columns whose name says nothing: birth dates in ``rq1`` or ``日期2``, passport
numbers in ``c11`` of a field-code export.

The strongest signal there is: the dates equal the birth dates inside the ID numbers of the same
rows (``id_birth_link``). Without ID numbers, dates of birth spread over decades while event dates
(办件日期, 签发日期, create_time, 有效期至) cluster in a few recent years or lie in the future
(``date_spread``), in a column whose name says nothing (入伍时间 spreads over decades, but names
its event). Either signal stands in for a name hint of the entities whose spec asks for it
(``decision.value_context``), unless the column's name says it holds something else (``not_zh``).
A third, weaker signal, ``person_table``: another column holds valid ID numbers, so the rows are
people, and numbers in the shape of a passport or a travel permit are theirs. Its twin,
``document_column``: the column itself holds valid ID numbers among other values (a 证件号码 column
under ``doc_no`` mixing ID numbers, passports and travel permits: the IDs say what the column is).
Each makes the entity's hint-only patterns usable, but the share of values needed stays the one
without a name (see ``ColumnScan``).

It is decided once per column, on the first rows of the first batch holding values, before the
column observes that batch: the reader calls ``apply_context`` for each batch, in both engines.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from secsuite.detect.column import ColumnScan
from secsuite.detect.hints import names_something_else, says_what_dates_are_of
from secsuite.detect.validators import birth_date, cn_resident_id, date_parts

CONTEXT_SIGNALS = frozenset({"id_birth_link", "date_spread", "person_table", "document_column"})  # see ``Decision.value_context``
LINK_ROWS = 4096
MIN_SHARE = 0.5  # of a column's non-empty values: dates, and dates equal to the IDs' birth dates
MIN_OWN_IDS = 0.1  # of a column's non-empty values: valid ID numbers that make it a column of documents
MIN_SPAN_YEARS = 40
MIN_SPREAD_YEARS = 15  # between the quartiles of the years (参保日期 1995-2025: about 14)
_ID18 = r"^[1-9][0-9]{5}((?:18|19|20)[0-9]{6})[0-9]{3}[0-9Xx]$"
_ID15 = r"^[1-9][0-9]{5}([0-9]{6})[0-9]{3}$"


def _date_keys(values: pl.Series, as_of: date) -> pl.Series:
    """yyyymmdd of each value that is a possible birth date, else null."""
    trimmed = values.str.strip_chars()
    frame = date_parts(trimmed)
    keys = frame["year"] * 10000 + frame["month"] * 100 + frame["day"]
    return keys.set(~birth_date(trimmed, as_of), None)


def _id_births(values: pl.Series, as_of: date) -> pl.Series:
    """yyyymmdd inside each valid 18- or 15-digit ID number (check character, area code, real date),
    else null: a project number made of an area code, a date and a sequence is no ID."""
    text = values.str.strip_chars()
    long = text.str.extract(_ID18, 1).cast(pl.Int64, strict=False)
    short = ("19" + text.str.extract(_ID15, 1)).cast(pl.Int64, strict=False)
    births = long.fill_null(short)
    return births.set(~cn_resident_id(text.fill_null(""), as_of), None)


def _spread(keys: pl.Series) -> bool:
    years = (keys.drop_nulls() // 10000).to_numpy()
    if years.size < 20:
        return False
    low, high = np.percentile(years, [25, 75])
    return years.max() - years.min() >= MIN_SPAN_YEARS and high - low >= MIN_SPREAD_YEARS


def apply_context(frame: pl.DataFrame, scans: dict[str, ColumnScan]) -> None:
    """Decide the context signals of the columns of ``frame`` not decided yet (see module doc)."""
    waiting = {name: scan for name, scan in scans.items() if not scan.context_decided and name in frame.columns
               and any(s.decision.value_context for s in scan.specs)}
    if not waiting:
        return
    head = frame.head(LINK_ROWS)
    as_of = next(iter(waiting.values())).as_of
    births: dict[str, pl.Series] = {}  # per column of ID numbers, the birth dates inside them
    documents: set[str] = set()  # columns holding ID numbers, maybe among other documents
    for name in head.columns:
        column = head[name].cast(pl.String)
        found = _id_births(column, as_of)
        if found.count() >= MIN_SHARE * max(column.count(), 1) and found.count():
            births[name] = found
        if found.count() >= max(MIN_OWN_IDS * column.count(), 1):
            documents.add(name)
    for name, scan in waiting.items():
        column = head[name].cast(pl.String)
        present = int((column.str.strip_chars().str.len_chars() > 0).sum())
        if not present:
            continue
        scan.context_decided = True
        if set(births) - {name}:
            _add_signal(scan, "person_table")
        if name in documents:
            _add_signal(scan, "document_column")
        keys = _date_keys(column, scan.as_of)
        if keys.count() < MIN_SHARE * present:
            continue
        linked = any(int((keys == b).sum()) >= MIN_SHARE * present for b in births.values())
        spread = not says_what_dates_are_of(scan.names) and _spread(keys)
        signal = "id_birth_link" if linked else "date_spread" if spread else None
        if signal:
            _add_signal(scan, signal)


def _add_signal(scan: ColumnScan, signal: str) -> None:
    """``signal`` for the entities of ``scan`` whose spec takes it, unless the name says otherwise."""
    for spec in scan.specs:
        if signal in spec.decision.value_context and not names_something_else(spec, scan.names):
            scan.add_context(spec.id, signal)
