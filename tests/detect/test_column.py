"""How a column scan spends its work: repeated values are judged once and counted as often as they occur."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from secsuite.detect.column import PROBE_ROWS, ColumnScan, _deduplicated, spread_sample
from secsuite.detect.spec import load_specs

AS_OF = date(2025, 12, 31)
COMMON = "材料齐全，已按规定受理并转交相关科室办理"


def every_tenth_differs(rows: int) -> pl.Series:
    """A 备注 column whose every tenth note names a caller's mobile and whose other notes are one stock phrase."""
    return pl.Series("备注", [f"已电话联系1{3_800_000_000 + i}，材料齐全" if i % 10 == 0 else COMMON for i in range(rows)])


# Batch lengths whose fixed stride (len // 16384, len // 1024) is a multiple of ten, and others.
@pytest.mark.parametrize("rows", [10 * PROBE_ROWS, 20 * PROBE_ROWS, 10 * PROBE_ROWS + 7, 3 * PROBE_ROWS])
def test_a_column_whose_every_tenth_value_differs_is_judged_once_per_distinct_value(rows: int) -> None:
    column = every_tenth_differs(rows)
    values, weights = _deduplicated(column)
    distinct = column.n_unique()
    assert values.len() == distinct < rows // 5
    assert int(weights.sum()) == rows
    assert dict(zip(values.to_list(), weights.tolist(), strict=True))[COMMON] == rows - (rows + 9) // 10


def test_a_column_of_unique_values_is_left_as_it_is() -> None:
    column = pl.Series("编号", [f"A{i:08d}" for i in range(10 * PROBE_ROWS)])
    values, weights = _deduplicated(column)
    assert values is column
    assert np.array_equal(weights, np.ones(column.len(), dtype=np.int64))


@pytest.mark.parametrize("rows,count", [(100, 1024), (1024, 1024), (2047, 1024), (163_840, 1024), (1_000_003, 16384)])
def test_a_spread_sample_takes_one_row_from_each_stretch_the_same_on_every_run(rows: int, count: int) -> None:
    column = pl.Series("n", np.arange(rows))
    sample = spread_sample(column, count)
    assert sample.equals(spread_sample(column, count))
    stride = rows // count
    if stride <= 1:
        assert sample.len() == rows
        return
    assert sample.len() == count
    assert (sample.to_numpy() // stride == np.arange(count)).all()  # one row per stretch, in order


def test_deduplication_changes_no_count() -> None:
    column = every_tenth_differs(10 * PROBE_ROWS)
    scan = ColumnScan(["备注"], load_specs(), AS_OF, every_cell=True)
    scan.observe(column)
    mobile = next(v for v in scan.verdicts() if v.type == "CN_MOBILE")
    assert scan.non_empty == column.len()
    assert mobile.hits == (column.len() + 9) // 10
