"""Parquet files, read row group by row group; the row count comes from the footer.

Columns are renamed by position before polars sees them (a file may repeat a column name), and
text columns are checked for valid UTF-8 first: a writer can label any bytes as text, and polars
would panic on them. Invalid sequences are replaced and the field is named in a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from secsuite.errors import InputError
from secsuite.sources.table import BATCH_ROWS, Table, as_strings, blank_oversized, unique_names


def open_parquet(path: Path, source: str, max_cell_bytes: int) -> Table:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(
            source,
            f"无法读取 Parquet 文件，文件可能已损坏或被截断 (cannot read Parquet, damaged or truncated: {type(exc).__name__})",
            expected="a complete Parquet file",
        ) from None
    names = unique_names(parquet.schema_arrow.names, source)

    def batches(table: Table) -> Iterator[pl.DataFrame]:
        first = 1
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            batch = _valid_text(batch.rename_columns(names), table, first)
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = as_strings(frame)
            yield blank_oversized(frame, table, first, max_cell_bytes)
            first += frame.height

    return Table(source, path.stem, "parquet", batches, columns=names, rows_total=parquet.metadata.num_rows)


def _valid_text(batch: pa.RecordBatch, table: Table, first_row: int) -> pa.RecordBatch:
    """The batch with invalid UTF-8 in its text columns replaced (U+FFFD), each such field named once."""
    try:
        batch.validate(full=True)
        return batch
    except pa.ArrowInvalid:
        pass
    columns = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            try:
                column.validate(full=True)
            except pa.ArrowInvalid:
                raw = column.view(pa.large_binary() if pa.types.is_large_string(column.type) else pa.binary())
                column = pa.array([None if v is None else v.decode("utf-8", "replace") for v in raw.to_pylist()],
                                  type=column.type)
                table.warnings.append(InputError(
                    table.source, "文本含无效 UTF-8 字节，已替换 (invalid UTF-8 in text; replaced)",
                    row=first_row, field=name, expected="UTF-8 text",
                ))
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)
