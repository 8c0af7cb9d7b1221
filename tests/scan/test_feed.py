"""Feeding batches to column scans on all cores gives what one thread gives, and fails cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import polars as pl
import pytest

from secsuite.detect.spec import load_specs
from secsuite.errors import InputError
from secsuite.scan.dataset import column_scans
from secsuite.scan.feed import observe_all

AS_OF = date(2025, 12, 31)


def _mobile(n: int) -> str:
    return f"139{n:08d}"


def _batches(count: int, rows: int) -> list[pl.DataFrame]:
    return [
        pl.DataFrame(
            {
                "手机号码": [_mobile(b * rows + i) for i in range(rows)],
                "备注": [f"第{b}批，联系电话{_mobile(i)}" if i % 3 == 0 else "无" for i in range(rows)],
                "金额": [f"{i}.50" for i in range(rows)],
            }
        )
        for b in range(count)
    ]


def _scan(batches: list[pl.DataFrame]) -> dict:
    scans = column_scans(list(batches[0].columns), {}, load_specs(), AS_OF, "fast")
    rows = observe_all(scans, batches)
    return {"rows": rows, **{name: [v.to_json() for v in scan.verdicts()] for name, scan in scans.items()}}


def test_parallel_feeding_equals_one_batch_at_a_time() -> None:
    batches = _batches(count=12, rows=500)
    fed = _scan(batches)
    one_by_one = {"rows": 0}
    scans = column_scans(list(batches[0].columns), {}, load_specs(), AS_OF, "fast")
    for batch in batches:
        for name, scan in scans.items():
            scan.observe(batch[name])
        one_by_one["rows"] += batch.height
    one_by_one |= {name: [v.to_json() for v in scan.verdicts()] for name, scan in scans.items()}
    assert fed == one_by_one
    assert fed["rows"] == 6000
    mobile = fed["手机号码"][0]
    assert (mobile["type"], mobile["hits"]) == ("CN_MOBILE", 6000)
    assert mobile["examples"][0].startswith("139")  # the first values seen, masked


def test_a_worker_error_reaches_the_caller_without_hanging_the_scan() -> None:
    good = _batches(count=3, rows=50)
    bad = pl.DataFrame({"手机号码": [[1, 2]] * 50, "备注": ["无"] * 50, "金额": ["1.00"] * 50})
    scans = column_scans(list(good[0].columns), {}, load_specs(), AS_OF, "fast")
    with pytest.raises(pl.exceptions.PolarsError):
        observe_all(scans, [*good, bad, *good])
    # Work stops once a column fails: the last batch is fed only after the failing one has ended
    # (at most three in flight), so no column scanned everything.
    assert all(scan.non_empty < 350 for scan in scans.values())


def test_a_reader_error_half_way_keeps_what_was_fed() -> None:
    def batches() -> Iterator[pl.DataFrame]:
        yield from _batches(count=2, rows=40)
        raise InputError("data.csv", "CSV 解析失败 (CSV parse error)", row=81)

    scans = column_scans(["手机号码", "备注", "金额"], {}, load_specs(), AS_OF, "fast")
    with pytest.raises(InputError):
        observe_all(scans, batches())
    assert scans["手机号码"].non_empty == 80
