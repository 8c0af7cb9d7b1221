"""Downloads of exactly what the findings list shows with its filters, as CSV or XLSX with the same
columns and values, streamed from the store a thousand rows at a time (each with the status the list
shows)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from secsuite.report.escape import FORMULA_START, spreadsheet, workbook
from secsuite.report.exports import FINDING_COLUMNS, finding_row
from secsuite.report.store_view import finding_of
from secsuite.report.xlsx import FINDING_LABELS
from secsuite.store.models import FindingRecord
from secsuite.web.render import WebTexts

CHUNK = 64 * 1024


def headers(t: WebTexts) -> list[str]:
    return [t(FINDING_LABELS[column]) for column in FINDING_COLUMNS]


def values(record: FindingRecord, t: WebTexts, status: str) -> list[Any]:
    """The report's finding columns; the ``muted`` column says the status the list shows."""
    finding = finding_of(record)
    row = finding_row(finding) | {"severity": t.severity(finding.severity.value), "muted": t(f"status_{status}")}
    return [row[column] for column in FINDING_COLUMNS]


Rows = Iterable[tuple[FindingRecord, str]]


def csv_stream(records: Rows, t: WebTexts) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers(t))
    for record, status in records:
        writer.writerow([spreadsheet(str(value)) for value in values(record, t, status)])
        if buffer.tell() > CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_stream(records: Rows, t: WebTexts, sheet_title: str) -> Iterator[bytes]:
    """A write-only workbook (inline strings, rows spooled to a temporary file by openpyxl), saved
    to another temporary file, then sent in chunks: memory stays flat however many rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    sheet.append(headers(t))
    for record, status in records:
        cells = []
        for value in values(record, t, status):
            cell = WriteOnlyCell(sheet, value=workbook(str(value)))
            cell.data_type = "s"  # text, never a formula
            if str(value).startswith(FORMULA_START):
                cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
