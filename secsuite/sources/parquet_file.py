"""Parquet files, read row group by row group; the row count comes from the footer."""

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
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = as_strings(frame.rename(dict(zip(frame.columns, names, strict=True))))
            yield blank_oversized(frame, table, first, max_cell_bytes)
            first += frame.height

    return Table(source, path.stem, "parquet", batches, columns=names, rows_total=parquet.metadata.num_rows)
