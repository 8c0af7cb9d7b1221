"""XLSX workbooks: every sheet is its own dataset (``book.xlsx#Sheet1``), read in read-only mode.

The header is the first non-empty row. A header with merged cells (a two-row title block, a
grouped header) cannot be mapped to columns reliably, so it is an error for that sheet.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

import polars as pl

from secsuite.errors import InputError
from secsuite.excel_numbers import DIGITS_KEPT
from secsuite.sources.header import TITLE_SEARCH_LINES, looks_like_data, positional_names, title_rows
from secsuite.sources.limits import check_workbook
from secsuite.sources.table import BATCH_ROWS, Table, blank_oversized, unique_names

_MERGE_TAG = re.compile(r"\}mergeCell$")


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        # Excel keeps 15 significant digits: a longer number (an ID, a card) is shown as Excel shows
        # it, 4.40305199001011E+17, not as digits that look whole, so the scan can name it as cut
        return f"{value:.15G}" if abs(value) >= DIGITS_KEPT else str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    with archive.open(sheet_path) as handle:
        return [
            element.attrib["ref"]
            for _, element in iterparse(handle)
            if _MERGE_TAG.search(element.tag) and "ref" in element.attrib
        ]


def open_workbook(path: Path, source: str, max_cell_bytes: int) -> Iterator[Table | InputError]:
    import openpyxl  # loaded on use: a scan without workbooks starts faster

    check_workbook(path, source)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        yield InputError(
            source,
            f"无法打开 Excel 工作簿，文件可能已损坏或被截断 (cannot open workbook, damaged or truncated: {type(exc).__name__})",
            expected="a complete .xlsx file",
        )
        return
    opened = _Workbook(path, book)
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in book.worksheets:
                yield _open_sheet(opened, sheet, archive, source, max_cell_bytes)
    finally:
        opened.book = None
        book.close()


@dataclass
class _Workbook:
    """A workbook loaded once for all its sheets: loading parses the whole shared-string table, so
    loading it again per sheet made a workbook of 400 sheets quadratic. A table read after its
    file's turn (a caller that collects the tables first) loads the workbook for itself."""

    path: Path
    book: Any | None

    @contextmanager
    def sheet(self, title: str) -> Iterator[Any]:
        if self.book is not None:
            yield self.book[title]
            return
        import openpyxl

        book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            yield book[title]
        finally:
            book.close()


def _open_sheet(opened: _Workbook, sheet, archive, source: str, max_cell_bytes: int) -> Table | InputError:
    sheet_source = f"{source}#{sheet.title}"
    header_row, header = _find_header(sheet)
    if header is None:
        return InputError(sheet_source, "工作表为空 (empty sheet)", sheet=None, expected="a header row")
    from openpyxl.utils.cell import range_boundaries

    for ref in _merged_ranges(archive, sheet._worksheet_path):
        _, min_row, _, max_row = range_boundaries(ref)
        if min_row <= header_row <= max_row:
            return InputError(
                sheet_source,
                f"表头含合并单元格 {ref} (merged cells in the header)",
                row=header_row,
                expected="one header row with one name per column; unmerge the header",
            )
    headerless = looks_like_data(header)
    names = positional_names(len(header), sheet_source) if headerless else unique_names(header, sheet_source)
    first_data_row = header_row if headerless else header_row + 1
    table = Table(source=sheet_source, name=sheet.title, format="xlsx", open_batches=lambda t: iter(()))
    table.columns = names
    table.open_batches = lambda t: _batches(t, opened, sheet.title, first_data_row, max_cell_bytes)
    table.rows_declared = _declared_rows(sheet, first_data_row)
    return table


def _declared_rows(sheet, first_data_row: int) -> int | None:
    """The data rows the sheet's dimension (``<dimension ref="A1:L100001"/>``) declares, so progress
    can show a time left; None when the writer left no dimension or a wrong one (``A1``)."""
    last = sheet.max_row
    return last - first_data_row + 1 if isinstance(last, int) and last > first_data_row else None


def _find_header(sheet) -> tuple[int, list[object] | None]:
    """The header row's number and cells: the first non-empty row below any title rows."""
    found: list[tuple[int, list[object]]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(_cell_text(value) is not None for value in row):
            last = max(i for i, value in enumerate(row) if _cell_text(value) is not None)
            found.append((number, list(row[: last + 1])))
        if len(found) >= TITLE_SEARCH_LINES or number > 50:
            break
    if not found:
        return 0, None
    return found[title_rows([row for _, row in found])]


def _batches(table: Table, opened: _Workbook, title: str, first_row: int, max_cell_bytes: int) -> Iterator[pl.DataFrame]:
    with opened.sheet(title) as worksheet:
        width = len(table.columns)
        rows: list[list[str | None]] = []
        for row in worksheet.iter_rows(min_row=first_row, values_only=True):
            cells = [_cell_text(value) for value in row[:width]]
            if any(cell is not None for cell in cells):
                rows.append(cells + [None] * (width - len(cells)))
            if len(rows) >= BATCH_ROWS:
                yield _frame(rows, table, first_row, max_cell_bytes)
                first_row += len(rows)
                rows = []
        if rows:
            yield _frame(rows, table, first_row, max_cell_bytes)


def _frame(rows: list[list[str | None]], table: Table, first_row: int, max_cell_bytes: int) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={name: pl.String for name in table.columns}, orient="row")
    return blank_oversized(frame, table, first_row, max_cell_bytes)
