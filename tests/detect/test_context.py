"""Table context for birth dates without a telling name: the IDs of the same rows, or a spread over
decades; event-date names rule it out."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest
from stdnum.cn import ric

from secsuite.detect.context import apply_context
from secsuite.detect.spec import load_specs
from secsuite.scan.dataset import column_scans

AS_OF = date(2025, 12, 31)
rng = random.Random(11)


def _day(low: int, high: int) -> date:
    return date(low, 1, 1) + timedelta(days=rng.randint(0, (date(high, 12, 31) - date(low, 1, 1)).days))


BORN = [_day(1960, 2000) for _ in range(200)]  # 40 years: no spread on their own
IDS = [body + ric.calc_check_digit(body + "0") for body in (f"110105{d:%Y%m%d}{rng.randint(0, 999):03d}" for d in BORN)]
LEGACY = [f"110105{d:%y%m%d}{rng.randint(0, 999):03d}" for d in BORN]

CASES = [
    # (case, columns of the table, column judged, expected signals for BIRTH_DATE)
    ("dates equal the IDs' birth dates", {"zjhm": IDS, "rq1": [f"{d:%Y%m%d}" for d in BORN]}, "rq1", ["id_birth_link"]),
    ("loose dates equal legacy IDs", {"sfz": LEGACY, "日期2": [f"{d.year}/{d.month}/{d.day}" for d in BORN]}, "日期2",
     ["id_birth_link"]),
    ("other dates in a table with IDs", {"zjhm": IDS, "rq2": [f"{_day(2016, 2025):%Y-%m-%d}" for _ in BORN]}, "rq2", []),
    ("birth dates spread over decades", {"d3": [f"{_day(1930, 2020):%Y-%m-%d}" for _ in BORN]}, "d3", ["date_spread"]),
    ("event name rules it out", {"zjhm": IDS, "签发日期": [f"{d:%Y%m%d}" for d in BORN]}, "签发日期", []),
    ("event dates over thirty years", {"cbrq": [f"{_day(1995, 2025):%Y%m%d}" for _ in BORN]}, "cbrq", []),
    ("future dates", {"yxq": [f"{_day(2026, 2090):%Y-%m-%d}" for _ in BORN]}, "yxq", []),
]


@pytest.mark.parametrize(("case", "columns", "judged", "signals"), CASES, ids=[c[0] for c in CASES])
def test_birth_date_context(case, columns, judged, signals):
    frame = pl.DataFrame(columns)
    scans = column_scans(list(columns), {}, load_specs(), AS_OF, "fast")
    apply_context(frame, scans)
    assert scans[judged].context.get("BIRTH_DATE", []) == signals
    scans[judged].observe(frame[judged])
    found = {v.type for v in scans[judged].verdicts()}
    assert ("BIRTH_DATE" in found) is bool(signals)
