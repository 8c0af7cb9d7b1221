"""CSV and TSV files, streamed through pyarrow's CSV reader (parallel, 4 MB blocks) with every
column read as text. A row larger than a block is an input error naming its line. Blocks are
handed on in batches of about 48 MB: the scanner's cost per batch is then a small share.

The block size also bounds memory: the reader's I/O thread buffers up to 32 blocks ahead of the
scanner, so 16 MB blocks held the first 512 MB of every file in memory.

Every column is forced to String: identifiers such as 身份证号 must keep their leading zeros and
trailing X, which type inference would destroy.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from secsuite.errors import InputError
from secsuite.sources.encoding import detect_encoding
from secsuite.sources.table import Table, blank_oversized, unique_names

BLOCK_BYTES = 4 << 20
BATCH_BYTES = 48 << 20
_DELIMITERS = ",\t;|"


def read_header(path: Path, encoding: str, source: str) -> tuple[list[str], str]:
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        head = handle.read(64 * 1024)
    first_line = head.splitlines()[0] if head else ""
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    row = next(csv.reader(io.StringIO(head), delimiter=delimiter), [])
    if not any(cell.strip() for cell in row):
        raise InputError(source, "缺少表头 (no header row)", row=1, expected="a first row of column names")
    return row, delimiter


def _locate_oversized_row(path: Path, encoding: str, delimiter: str) -> int | None:
    """Find the line holding a cell too large to parse, for the error message."""
    csv.field_size_limit(BLOCK_BYTES)
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for _ in reader:
                pass
        except csv.Error:
            return reader.line_num
    return None


def open_csv(path: Path, source: str, max_cell_bytes: int) -> Table:
    encoding = detect_encoding(path, source)
    raw_names, delimiter = read_header(path, encoding, source)
    names = unique_names(raw_names, source)
    table = Table(source=source, name=path.stem, format="csv", open_batches=lambda t: iter(()), columns=names)
    table.open_batches = lambda t: _batches(t, path, encoding, delimiter, max_cell_bytes)
    table.open_columns = lambda t, wanted: _batches(t, path, encoding, delimiter, max_cell_bytes, wanted)
    return table


def _wrong_width_lines(path: Path, encoding: str, delimiter: str, expected: int) -> list[int]:
    """Line numbers of records whose field count differs from the header's (error path only: the
    parallel parser does not know line numbers)."""
    csv.field_size_limit(BLOCK_BYTES)
    with path.open("r", encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        return [reader.line_num for record in reader if record and len(record) != expected]


def _blocks(
    reader: pacsv.CSVStreamingReader, table: Table, path: Path, encoding: str, delimiter: str
) -> Iterator[pa.RecordBatch]:
    """The parsed blocks; a parse error names the first line of the block that failed."""
    first_row = 2
    while True:
        try:
            block = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) or "block" in str(exc):
                raise InputError(
                    table.source,
                    "某行或单元格过大，无法解析 (a row or cell is too large to parse)",
                    row=_locate_oversized_row(path, encoding, delimiter),
                    expected=f"rows under {BLOCK_BYTES >> 20} MB",
                ) from None
            raise InputError(table.source, "CSV 解析失败 (CSV parse error)", row=first_row) from None
        yield block
        first_row += block.num_rows


def _grouped(blocks: Iterator[pa.RecordBatch]) -> Iterator[list[pa.RecordBatch]]:
    """Blocks in groups of about ``BATCH_BYTES``, the first block alone so that the scanner starts
    while the next ones are parsed; the group read before an error is still given."""
    group: list[pa.RecordBatch] = []
    target = 0
    try:
        for block in blocks:
            group.append(block)
            if sum(b.nbytes for b in group) >= target:
                yield group
                group, target = [], BATCH_BYTES
    except InputError:
        if group:
            yield group
        raise
    if group:
        yield group


def _batches(
    table: Table, path: Path, encoding: str, delimiter: str, max_cell_bytes: int, wanted: list[str] | None = None
) -> Iterator[pl.DataFrame]:
    """Every row; of the ``wanted`` columns only when given (pyarrow then converts just those)."""
    names = table.columns
    invalid: list[int] = []

    def invalid_row(row: pacsv.InvalidRow) -> str:
        invalid.append(row.actual_columns)
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding=encoding, column_names=names, skip_rows=1, block_size=BLOCK_BYTES, use_threads=True
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
    first_row = 2
    for blocks in _grouped(_blocks(reader, table, path, encoding, delimiter)):
        frame = pl.from_arrow(pa.Table.from_batches(blocks))
        assert isinstance(frame, pl.DataFrame)
        yield blank_oversized(frame, table, first_row, max_cell_bytes)
        first_row += frame.height
    if invalid:
        for line in _wrong_width_lines(path, encoding, delimiter, len(names)):
            table.warnings.append(
                InputError(
                    table.source,
                    "字段数与表头不符，已跳过该行 (wrong number of fields; row skipped)",
                    row=line,
                    expected=f"{len(names)} fields as in the header",
                )
            )
