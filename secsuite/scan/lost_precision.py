"""ID, phone and card numbers that Excel turned into numbers (4.40305E+16 as text in a CSV; a number
cell of 16 digits or more, which the workbook reader writes the same way): their last digits are gone,
so no detector can validate them and the column would silently look clean. Each such column is named
as a data-quality problem, never with a value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import polars as pl

from secsuite.errors import InputError
from secsuite.excel_numbers import MAX_EXPONENT, MIN_EXPONENT, SCIENTIFIC
from secsuite.sources.table import Table

LEADING_MANTISSA = r"^\s*[+-]?\d(?:\.\d+)?[eE]"


def lossy_cells(values: pl.Series) -> int:
    """How many cells of a (string) column hold a number Excel cut."""
    if values.dtype != pl.String:
        return 0
    maybe = values.str.contains(LEADING_MANTISSA)  # a cheap anchored test first: most columns hold none
    if not maybe.any():
        return 0
    exponents = values.filter(maybe).str.extract(SCIENTIFIC, 1).cast(pl.Int32, strict=False)
    return int(exponents.is_between(MIN_EXPONENT, MAX_EXPONENT).sum())


def watching(table: Table, batches: Iterable[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """The batches unchanged; once they are read, a warning on ``table`` per column with cut numbers."""
    counts: Counter[str] = Counter()
    for batch in batches:
        for name in batch.columns:
            counts[name] += lossy_cells(batch[name])
        yield batch
    table.warnings.extend(cut_number_errors(table.source, counts))


def cut_number_errors(source: str, counts: Mapping[str, int]) -> Iterator[InputError]:
    """One data-quality error per column with cut numbers, from per-column counts (the local engine
    counts batch by batch, the Spark executors partition by partition)."""
    for name, cells in counts.items():
        if cells:
            yield InputError(
                source,
                f"{cells:,} 个单元格是被 Excel 转成科学计数法的数字，末尾数字已丢失，无法核对 "
                f"({cells:,} cells are numbers Excel turned into scientific notation: digits lost, values cannot be checked)",
                field=name, expected="the column formatted as text (文本) before the numbers are typed or imported",
            )
