"""JSON (an array of records, or an object holding one) and JSON Lines files.

Nested values are kept as JSON text so identifiers inside them are still searched. A malformed
JSONL line is reported with its line number and skipped; the rest of the file is still scanned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from secsuite.errors import InputError
from secsuite.sources.table import BATCH_ROWS, Table, blank_oversized, unique_names

RECORD_KEYS = ("data", "records", "rows", "items", "result", "list")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _frame(records: list[dict], names: list[str], table: Table, first_row: int, max_cell_bytes: int) -> pl.DataFrame:
    columns = {name: [_text(record.get(name)) for record in records] for name in names}
    frame = pl.DataFrame(columns, schema={name: pl.String for name in names})
    return blank_oversized(frame, table, first_row, max_cell_bytes)


def _records_of(document: Any, source: str) -> list[dict]:
    if isinstance(document, dict):
        for key in RECORD_KEYS:
            if isinstance(document.get(key), list):
                document = document[key]
                break
        else:
            document = [document]
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise InputError(source, "JSON 结构无法识别 (unrecognised JSON layout)", expected="an array of objects")
    if not document:
        raise InputError(source, "文件无数据记录 (no records)", expected="at least one record")
    return document


def _names(records: list[dict], source: str) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    return unique_names(list(keys), source)


def open_json(path: Path, source: str, max_cell_bytes: int) -> Table:
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        raise InputError(source, "文件为空 (empty file)", expected="a JSON array of records")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            source,
            f"JSON 格式错误，文件可能被截断 (invalid JSON: {exc.msg}, column {exc.colno})",
            row=exc.lineno,
            expected="valid JSON",
        ) from None
    records = _records_of(document, source)
    names = _names(records, source)

    def batches(table: Table) -> Iterator[pl.DataFrame]:
        for start in range(0, len(records), BATCH_ROWS):
            yield _frame(records[start : start + BATCH_ROWS], names, table, start + 1, max_cell_bytes)

    return Table(source, path.stem, "json", batches, columns=names, rows_total=len(records))


def _jsonl_records(path: Path, table: Table) -> Iterator[tuple[int, dict]]:
    with path.open("r", encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                table.warnings.append(
                    InputError(table.source, f"JSON 行格式错误，已跳过 (invalid JSON line: {exc.msg})", row=number,
                               expected="one JSON object per line")
                )
                continue
            if not isinstance(record, dict):
                table.warnings.append(
                    InputError(table.source, "该行不是 JSON 对象，已跳过 (line is not an object)", row=number,
                               expected="one JSON object per line")
                )
                continue
            yield number, record


def open_jsonl(path: Path, source: str, max_cell_bytes: int) -> Table:
    probe = Table(source, path.stem, "jsonl", lambda t: iter(()))
    head: list[dict] = []
    for _, record in _jsonl_records(path, probe):
        head.append(record)
        if len(head) >= 1000:
            break
    if not head:
        raise InputError(source, "文件无有效 JSON 行 (no valid JSON lines)", expected="one JSON object per line")
    names = _names(head, source)

    def batches(table: Table) -> Iterator[pl.DataFrame]:
        records: list[dict] = []
        first = 1
        for number, record in _jsonl_records(path, table):
            if not records:
                first = number
            records.append(record)
            if len(records) >= BATCH_ROWS:
                yield _frame(records, names, table, first, max_cell_bytes)
                records = []
        if records:
            yield _frame(records, names, table, first, max_cell_bytes)

    return Table(source, path.stem, "jsonl", batches, columns=names)
