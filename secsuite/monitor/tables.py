"""Monitoring's lists (changes, issues, alerts) in the four forms auditors ask for: a terminal
table, JSON, CSV and XLSX, with the same columns in CSV and XLSX. Cells pass through the escaping of
their sink: markup and controls in the terminal, formulas in spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from secsuite.report.escape import spreadsheet, terminal


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def csv_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet(str(_flat(row.get(c)))) for c in columns])
    return "\ufeff" + buffer.getvalue()  # a BOM, so Excel opens the Chinese correctly


def emit(title: str, columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: ListFormat,
         output: Path | None, document: Any = None) -> None:
    """Write ``rows`` (or ``document`` for JSON, when the JSON has a contract of its own)."""
    if fmt is ListFormat.xlsx:
        from secsuite.report.xlsx import table_xlsx  # openpyxl loads only for a workbook

        if output is None:
            raise ValueError("--format xlsx needs --output FILE")
        data = table_xlsx(title, list(columns), [[_flat(row.get(c)) for c in columns] for row in rows])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        return
    if fmt is ListFormat.table:
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(terminal(_flat(row.get(c))) for c in columns))
        if output is None:
            Console().print(table)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=200).print(table)
        return
    text = (json.dumps(document if document is not None else list(rows), ensure_ascii=False, indent=2, default=str)
            + "\n") if fmt is ListFormat.json else csv_text(columns, rows)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
