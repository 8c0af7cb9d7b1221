"""CSV and TSV files, streamed through pyarrow's CSV reader (parallel, 4 MB blocks) with every
column read as text. Blocks are handed on in batches of about 48 MB: the scanner's cost per batch
is then a small share. When that reader cannot go on (a byte that is not text, a cell larger than a
block), a careful record-by-record reader takes over where it stopped: it names each bad record by
its physical line, skips it and keeps every good one.

The block size also bounds memory: the reader's I/O thread buffers up to 32 blocks ahead of the
scanner, so 16 MB blocks held the first 512 MB of every file in memory.

Every column is forced to String: identifiers such as 身份证号 must keep their leading zeros and
trailing X, which type inference would destroy.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from secsuite.errors import InputError
from secsuite.sources.encoding import detect_encoding
from secsuite.sources.header import TITLE_SEARCH_LINES, looks_like_data, positional_names, title_rows
from secsuite.sources.table import BATCH_ROWS, Table, blank_oversized, unique_names

BLOCK_BYTES = 4 << 20
BATCH_BYTES = 48 << 20
_DELIMITERS = ",\t;|"


def read_header(path: Path, encoding: str, source: str) -> tuple[list[str], str, int]:
    """The header row, the delimiter and how many title lines stand above the header."""
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        head = handle.read(64 * 1024)
    lines = head.splitlines()[:TITLE_SEARCH_LINES]
    sample = next((line for line in lines if any(d in line for d in _DELIMITERS)), lines[0] if lines else "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    records = list(itertools.islice(csv.reader(io.StringIO(head), delimiter=delimiter), TITLE_SEARCH_LINES))
    titles = title_rows(records)
    row = records[titles] if len(records) > titles else []
    if not any(cell.strip() for cell in row):
        raise InputError(source, "缺少表头 (no header row)", row=titles + 1, expected="a first row of column names")
    return row, delimiter, titles


def open_csv(path: Path, source: str, max_cell_bytes: int) -> Table:
    encoding = detect_encoding(path, source)
    raw_names, delimiter, titles = read_header(path, encoding, source)
    headerless = looks_like_data(raw_names)
    names = positional_names(len(raw_names), source) if headerless else unique_names(raw_names, source)
    table = Table(
        source=source, name=path.stem, format="csv", open_batches=lambda t: iter(()), columns=names,
        bytes_total=path.stat().st_size,
    )
    header_lines = titles + (0 if headerless else 1)
    table.open_batches = lambda t: _batches(t, path, encoding, delimiter, max_cell_bytes, header_lines)
    table.open_columns = lambda t, wanted: _batches(t, path, encoding, delimiter, max_cell_bytes, header_lines, wanted)
    return table


def _wrong_width_lines(path: Path, encoding: str, delimiter: str, expected: int, header_lines: int) -> list[int]:
    """Line numbers of records whose field count differs from the header's (error path only: the
    parallel parser does not know line numbers)."""
    csv.field_size_limit(BLOCK_BYTES)
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for _ in range(header_lines):
            next(reader, None)
        return [reader.line_num for record in reader if record and len(record) != expected]


class _CountingFile(io.FileIO):
    """The file as pyarrow reads it, counting the bytes handed over: the progress of a stream
    whose row count is unknown (the reader's read-ahead keeps it at most a few blocks early)."""

    consumed = 0

    def readinto(self, buffer: bytearray | memoryview) -> int | None:
        count = super().readinto(buffer)
        self.consumed += count or 0
        return count

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.consumed += len(data)
        return data


class _FastPathFailed(Exception):
    """The parallel parser met what it cannot get past (a byte that is not text, a cell larger
    than a block): the careful reader takes over from the record where it stopped."""


def _blocks(reader: pacsv.CSVStreamingReader) -> Iterator[pa.RecordBatch]:
    while True:
        try:
            block = reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise _FastPathFailed from exc
        yield block


def _grouped(blocks: Iterator[pa.RecordBatch]) -> Iterator[list[pa.RecordBatch]]:
    """Blocks in groups of about ``BATCH_BYTES``, the first block alone so that the scanner starts
    while the next ones are parsed; the group read before a failure is still given."""
    group: list[pa.RecordBatch] = []
    target = 0
    try:
        for block in blocks:
            group.append(block)
            if sum(b.nbytes for b in group) >= target:
                yield group
                group, target = [], BATCH_BYTES
    except _FastPathFailed:
        if group:
            yield group
        raise
    if group:
        yield group


def _batches(
    table: Table, path: Path, encoding: str, delimiter: str, max_cell_bytes: int, header_lines: int,
    wanted: list[str] | None = None,
) -> Iterator[pl.DataFrame]:
    """Every row; of the ``wanted`` columns only when given (pyarrow then converts just those)."""
    with _CountingFile(path) as counted:
        table.bytes_read = lambda: counted.consumed
        yield from _parsed(table, counted, path, encoding, delimiter, max_cell_bytes, header_lines, wanted)


def _parsed(
    table: Table, counted: _CountingFile, path: Path, encoding: str, delimiter: str, max_cell_bytes: int,
    header_lines: int, wanted: list[str] | None,
) -> Iterator[pl.DataFrame]:
    names = table.columns
    invalid: list[int] = []

    def invalid_row(row: pacsv.InvalidRow) -> str:
        invalid.append(row.actual_columns)
        return "skip"

    try:
        reader = pacsv.open_csv(
            counted,
            read_options=pacsv.ReadOptions(
                encoding=encoding, column_names=names, skip_rows=header_lines, block_size=BLOCK_BYTES,
                use_threads=True,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=invalid_row
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                include_columns=wanted,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):  # the first block is parsed on opening
        yield from _only(careful_batches(table, path, encoding, delimiter, max_cell_bytes, header_lines, 0), wanted)
        return
    first_row = header_lines + 1
    done = 0
    try:
        for blocks in _grouped(_blocks(reader)):
            frame = pl.from_arrow(pa.Table.from_batches(blocks))
            assert isinstance(frame, pl.DataFrame)
            yield blank_oversized(frame, table, first_row, max_cell_bytes)
            first_row += frame.height
            done += frame.height
    except _FastPathFailed:
        yield from _only(careful_batches(table, path, encoding, delimiter, max_cell_bytes, header_lines, done), wanted)
        return
    if invalid:
        for line in _wrong_width_lines(path, encoding, delimiter, len(names), header_lines):
            table.warnings.append(_wrong_width(table, line))


def _only(frames: Iterator[pl.DataFrame], wanted: list[str] | None) -> Iterator[pl.DataFrame]:
    return (frame.select(wanted) for frame in frames) if wanted else frames


def _wrong_width(table: Table, line: int) -> InputError:
    return InputError(
        table.source,
        "字段数与表头不符，已跳过该行 (wrong number of fields; row skipped)",
        row=line,
        expected=f"{len(table.columns)} fields as in the header",
    )


MAX_NAMED_LINES = 20


def careful_batches(
    table: Table, path: Path, encoding: str, delimiter: str, max_cell_bytes: int, header_lines: int, done: int
) -> Iterator[pl.DataFrame]:
    """Record by record with Python's csv module: a record that is not valid text or has the wrong
    number of fields is skipped and named by its physical line; every good record is kept. The
    first ``done`` good records were given by the fast path already. Slow, so only after a failure."""
    csv.field_size_limit(sys.maxsize)  # large cells are blanked and named by blank_oversized
    width = len(table.columns)
    good = 0
    skipped: list[tuple[int, str]] = []
    rows: list[list[str | None]] = []
    first_line = 0
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for _ in range(header_lines):
            next(reader, None)
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not record:
                continue
            if len(record) != width:
                skipped.append((start, "width"))
                continue
            if any(_SURROGATE.search(cell) for cell in record):
                skipped.append((start, "encoding"))
                continue
            good += 1
            if good <= done:
                continue
            if not rows:
                first_line = start
            rows.append([cell or None for cell in record])
            if len(rows) >= BATCH_ROWS:
                yield _careful_frame(rows, table, first_line, max_cell_bytes)
                rows = []
    if rows:
        yield _careful_frame(rows, table, first_line, max_cell_bytes)
    _name_skipped(table, skipped, encoding)


_SURROGATE = re.compile("[\udc80-\udcff]")
BATCH_ROWS_CAREFUL = 65_536


def _careful_frame(rows: list[list[str | None]], table: Table, first_line: int, max_cell_bytes: int) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={name: pl.String for name in table.columns}, orient="row")
    return blank_oversized(frame, table, first_line, max_cell_bytes)


def _name_skipped(table: Table, skipped: list[tuple[int, str]], encoding: str) -> None:
    for line, reason in skipped[:MAX_NAMED_LINES]:
        if reason == "width":
            table.warnings.append(_wrong_width(table, line))
        else:
            table.warnings.append(InputError(
                table.source, f"该行含有不是 {encoding} 文本的字节，已跳过 (bytes that are not {encoding} text; line skipped)",
                row=line, expected=f"{encoding} text throughout the file",
            ))
    if len(skipped) > MAX_NAMED_LINES:
        table.warnings.append(InputError(
            table.source,
            f"另有 {len(skipped) - MAX_NAMED_LINES} 行无法读取，已跳过；共跳过 {len(skipped)} 行 "
            f"({len(skipped) - MAX_NAMED_LINES} more lines skipped; {len(skipped)} in all)",
        ))
