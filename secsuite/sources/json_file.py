"""JSON (an array of records, or an object holding one) and JSON Lines files.

Nested values are kept as JSON text so identifiers inside them are still searched. A malformed
JSONL line is reported with its line number and skipped; the rest of the file is still scanned.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from secsuite.errors import InputError
from secsuite.sources.json_stream import JsonStream, JsonSyntaxError
from secsuite.sources.table import BATCH_ROWS, Table, blank_oversized, unique_names

RECORD_KEYS = ("data", "records", "rows", "items", "result", "list")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _loads(text: str) -> Any:
    """JSON with numbers kept as written: a 5,000-digit integer is not converted (Python refuses
    past 4,300 digits), and an 18-digit ID stored as a number keeps every digit."""
    return json.loads(text, parse_int=str, parse_float=str)


def _frame(records: list[dict], keys: list[str], table: Table, first_row: int, max_cell_bytes: int) -> pl.DataFrame:
    """Columns in key order, named as ``table.columns`` (keys made unique and masked)."""
    columns = {name: [_text(record.get(key)) for record in records] for key, name in zip(keys, table.columns, strict=True)}
    try:
        frame = pl.DataFrame(columns, schema={name: pl.String for name in table.columns})
    except UnicodeEncodeError:  # a lone surrogate (\ud800) decodes in JSON but is no text
        columns = {name: [_clean(v) for v in values] for name, values in columns.items()}
        frame = pl.DataFrame(columns, schema={name: pl.String for name in table.columns})
        table.warnings.append(InputError(table.source, "文本含孤立代理字符，已替换 (lone surrogate in text; replaced)",
                                         row=first_row, expected="valid Unicode text"))
    return blank_oversized(frame, table, first_row, max_cell_bytes)


def _clean(value: str | None) -> str | None:
    return None if value is None else value.encode("utf-8", "replace").decode("utf-8")


def _layout_error(source: str) -> InputError:
    return InputError(source, "JSON 结构无法识别 (unrecognised JSON layout)", expected="an array of objects")


def _skip(stream: JsonStream) -> None:
    """Pass over one value; an array item by item, so a long array never sits in memory."""
    if stream.peek() == "[":
        for _ in stream.items():
            pass
    else:
        stream.value()


def _object_layout(stream: JsonStream) -> str | dict:
    """Which key of a top-level object holds the records (the first of ``RECORD_KEYS`` whose value
    is an array), or the object itself as the only record."""
    arrays: set[str] = set()
    members: dict[str, Any] = {}
    for key in stream.members():
        if key in RECORD_KEYS and stream.peek() == "[":
            arrays.add(key)
            _skip(stream)
        else:
            members[key] = stream.value()
    stream.end()
    return next((key for key in RECORD_KEYS if key in arrays), members)


def _stream_records(path: Path, source: str) -> Iterator[dict]:
    """The file's records one at a time, read incrementally: memory is bounded by one record."""
    with path.open(encoding="utf-8-sig") as handle:
        stream = JsonStream(handle)
        first = stream.peek()
        if not first:
            raise InputError(source, "文件为空 (empty file)", expected="a JSON array of records")
        if first == "[":
            items = stream.items()
        elif first == "{":
            with path.open(encoding="utf-8-sig") as again:
                layout = _object_layout(JsonStream(again))
            if isinstance(layout, dict):
                yield layout
                return
            items = _items_under(stream, layout)
        else:
            stream.value()
            raise _layout_error(source)
        for item in items:
            if not isinstance(item, dict):
                raise _layout_error(source)
            yield item
        stream.end()


def _items_under(stream: JsonStream, chosen: str) -> Iterator[Any]:
    """The items of the array under ``chosen`` (its first occurrence); other members are skipped."""
    for key in stream.members():
        if key == chosen and stream.peek() == "[":
            yield from stream.items()
            chosen = ""
        else:
            _skip(stream)


def _records(path: Path, source: str) -> Iterator[dict]:
    """``_stream_records`` with JSON faults as input errors naming the line."""
    try:
        yield from _stream_records(path, source)
    except RecursionError:
        raise InputError(source, "JSON 嵌套过深 (JSON nested too deeply)", expected="records nested under 900 levels") from None
    except JsonSyntaxError as exc:
        raise InputError(
            source,
            f"JSON 格式错误，文件可能被截断 (invalid JSON: {exc.msg}, column {exc.column})",
            row=exc.line,
            expected="valid JSON",
        ) from None


def _keys(records: Iterable[dict]) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    return list(keys)


def _batches(numbered: Iterator[tuple[int, dict]], keys: list[str], table: Table, max_cell_bytes: int) -> Iterator[pl.DataFrame]:
    """Frames of ``BATCH_ROWS`` records, each knowing the number (record or line) of its first."""
    records: list[dict] = []
    first = 1
    for number, record in numbered:
        if not records:
            first = number
        records.append(record)
        if len(records) >= BATCH_ROWS:
            yield _frame(records, keys, table, first, max_cell_bytes)
            records = []
    if records:
        yield _frame(records, keys, table, first, max_cell_bytes)


def open_json(path: Path, source: str, max_cell_bytes: int) -> Table:
    """A first streaming pass finds every record's keys (and any fault); the batches re-read."""
    count = 0
    keys: dict[str, None] = {}
    for record in _records(path, source):
        count += 1
        keys.update(dict.fromkeys(record))
    if not count:
        raise InputError(source, "文件无数据记录 (no records)", expected="at least one record")
    names = list(keys)

    def batches(table: Table) -> Iterator[pl.DataFrame]:
        return _batches(enumerate(_records(path, source), start=1), names, table, max_cell_bytes)

    return Table(source, path.stem, "json", batches, columns=unique_names(names, source), rows_total=count)


def _jsonl_records(path: Path, table: Table) -> Iterator[tuple[int, dict]]:
    """Each line's record; a line that is not UTF-8, not JSON or too deep is named and skipped.
    The bytes consumed so far are the table's ``bytes_read``: progress with a time left."""
    consumed = 0
    table.bytes_read = lambda: consumed
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            consumed += len(raw)
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                table.warnings.append(
                    InputError(table.source, "该行不是有效的 UTF-8 文本，已跳过 (line is not valid UTF-8; skipped)",
                               row=number, expected="UTF-8 text")
                )
                continue
            if not line.strip():
                continue
            try:
                record = _loads(line)
            except RecursionError:
                table.warnings.append(InputError(table.source, "JSON 嵌套过深，已跳过 (nested too deeply; skipped)",
                                                 row=number, expected="records nested under 900 levels"))
                continue
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
    keys = _keys(head)

    def batches(table: Table) -> Iterator[pl.DataFrame]:
        return _batches(_jsonl_records(path, table), keys, table, max_cell_bytes)

    return Table(
        source, path.stem, "jsonl", batches, columns=unique_names(keys, source), bytes_total=path.stat().st_size
    )
