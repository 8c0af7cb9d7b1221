"""The contract between readers and the scanner: a table yields string-typed batches.

Readers never load a whole table at once; the scanner samples or streams the batches. Problems
that do not stop a table (a malformed JSONL line, a wrong field count, an oversized cell) are
reported as ``InputError`` warnings beside the batches, never with the offending value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from secsuite.errors import InputError
from secsuite.redact import mask_sensitive
from secsuite.sources.limits import check_columns

BATCH_ROWS = 65_536
READ_FAULTS: tuple[type[BaseException], ...] = (Exception, pl.exceptions.PanicException)
"""What reading one dataset may raise that must not stop the others: any error, and a panic of
polars' Rust code (which Python sees as a BaseException)."""
DEFAULT_MAX_CELL_BYTES = 1 << 20


@dataclass
class Table:
    source: str
    name: str
    format: str
    open_batches: Callable[[Table], Iterator[pl.DataFrame]]
    columns: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)
    rows_total: int | None = None
    warnings: list[InputError] = field(default_factory=list)
    # what the engine's statistics say about the table's writes (None: nothing reliable), so an
    # unchanged table's last result can be reused by a re-scan
    statistics: dict[str, Any] | None = None
    open_columns: Callable[[Table, list[str]], Iterator[pl.DataFrame]] | None = None
    # a file read as a stream whose row count is unknown up front (CSV, JSONL): its size, and how
    # many of its bytes the current read has consumed, so progress can show a time left
    bytes_total: int | None = None
    bytes_read: Callable[[], int] | None = None
    # rows a workbook sheet declares (its dimension), for progress only: blank rows are skipped and
    # the declaration may be wrong, so it is never a row count of the result
    rows_declared: int | None = None

    def batches(self) -> Iterator[pl.DataFrame]:
        return self.open_batches(self)

    def full_batches(self, columns: list[str]) -> Iterator[pl.DataFrame]:
        """Every row of some columns, even when ``batches`` yields a sample (a database table):
        what measures over the whole table (k-anonymity) read."""
        if self.open_columns is not None:
            return self.open_columns(self, columns)
        return (batch.select(columns) for batch in self.batches())


def unique_names(names: list[object], source: str) -> list[str]:
    """Header names as strings, blanks named by position, duplicates suffixed (列3, 姓名_2), and any
    part that validates as an identifier masked: a name is shown and stored everywhere."""
    check_columns(len(names), source)
    seen: dict[str, int] = {}
    result: list[str] = []
    for position, raw in enumerate(names, start=1):
        name = mask_sensitive(str(raw).strip()) if raw is not None else ""
        if not name:
            name = f"列{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        result.append(name)
    return result


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _json_list(values: pl.Series) -> str:
    """A list cell as JSON text, so its items can be judged as a sub-column (``phones[]``)."""
    return _json_text(values.to_list())


def as_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast every column to String; nested values become JSON text so they can be searched."""
    casts = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Struct):
            casts.append(column.struct.json_encode())
        elif isinstance(dtype, pl.List | pl.Array):
            casts.append(column.map_elements(_json_list, return_dtype=pl.String))
        elif dtype.is_nested() or dtype == pl.Object:  # maps and whatever else a writer invents
            casts.append(column.map_elements(_json_text, return_dtype=pl.String, skip_nulls=True))
        else:
            casts.append(column.cast(pl.String))
    return frame.select(casts)


def blank_oversized(
    frame: pl.DataFrame, table: Table, first_row: int, max_cell_bytes: int
) -> pl.DataFrame:
    """Blank cells larger than the limit (a 50 MB cell is an export fault, not data) and say where."""
    replacements = []
    for name in frame.columns:
        sizes = frame[name].str.len_bytes()
        over = (sizes > max_cell_bytes).fill_null(False)
        if over.any():
            for index in over.arg_true().head(5).to_list():
                table.warnings.append(
                    InputError(
                        source=table.source,
                        row=first_row + index,
                        field=name,
                        message=f"单元格大小 {sizes[index]:,} 字节超过上限，已跳过 (cell exceeds the size limit; skipped)",
                        expected=f"at most {max_cell_bytes:,} bytes (--max-cell-bytes)",
                    )
                )
            replacements.append(pl.when(over).then(None).otherwise(pl.col(name)).alias(name))
    return frame.with_columns(replacements) if replacements else frame
