"""Composite cells cut into pieces: separators, labels stripped, pieces too short dropped."""

from __future__ import annotations

import polars as pl
import pytest

from secsuite.detect.cells import CELL_BUDGET, WORTH_CUTTING, distinct_pieces, pieces, written_after
from secsuite.detect.column import ColumnScan
from secsuite.detect.spec import load_specs

CASES = [
    ("name and mobile", "张三 13812345678", ["张三", "13812345678"]),
    ("name slash id", "李四/110105194912310021", ["李四", "110105194912310021"]),
    ("labelled parts", "王五,电话0755-83312456,住址北京市朝阳区人民路12号",
     ["王五", "0755-83312456", "北京市朝阳区人民路12号"]),
    ("labelled name", "联系人张三", []),  # no separator: not a composite cell
    ("label then name", "备注:联系人张三", ["备注", "张三"]),
    ("single characters dropped", "A 1 张", []),
]


@pytest.mark.parametrize(("case", "cell", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pieces(case, cell, expected):
    found, origin = pieces(pl.Series([cell]))
    assert found.to_list() == expected
    assert origin.tolist() == [0] * len(expected)


def test_pieces_written_after_a_character():
    """What stands before a piece can rule an entity out, as in text (``text_not_after``)."""
    cells = pl.Series(["Chrome/118.0.0.0 Safari/537.36", "李四/110105194912310021", "10.0.0.1;10.0.0.2"])
    found, origin = pieces(cells)
    after = written_after(cells.gather(origin), found, "/")
    assert [p for p, a in zip(found.to_list(), after.tolist(), strict=True) if a] == ["118.0.0.0", "537.36",
                                                                                       "110105194912310021"]
    assert not written_after(cells.gather(origin), found, "京沪").any()  # no separator: never before a piece


def test_distinct_pieces_map_back_to_every_piece():
    found = pl.Series(["张三", "13812345678", "张三", "李四", "13812345678"])
    distinct, inverse = distinct_pieces(found)
    assert distinct.to_list() == ["张三", "13812345678", "李四"]
    assert distinct.gather(inverse).to_list() == found.to_list()


WORTH = [
    ("name and mobile", "张三 13812345678", True),
    ("romanised name", "ZHANG Wei 2", True),
    ("two mobiles", "13812345678/13912345678", True),
    ("landline with area code", "0755-83312456 转 8", True),
    ("ip addresses", "10.0.0.1;10.0.0.2", True),
    ("timestamp", "2025-01-01 12:00:00", False),
    ("amounts and counts", "12.50 / 3", False),
    ("eight digits", "20250101 01", False),
]


@pytest.mark.parametrize(("case", "cell", "expected"), WORTH, ids=[w[0] for w in WORTH])
def test_only_cells_that_could_hold_an_entity_are_cut(case, cell, expected):
    assert pl.Series([cell]).str.contains(WORTH_CUTTING).item() is expected


SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋"


def _composite_column(plain: int, composite: int) -> pl.Series:
    """``plain`` distinct cells without an entity, then ``composite`` cells of a name and a mobile."""
    cells = [f"第{i + 1}组 {'综合科' if i % 2 else '财务科'}" for i in range(plain)]
    cells += [f"{SURNAMES[i % 10]}{GIVEN[i // 10 % 10]} 13{i % 10}{i:08d}" for i in range(composite)]
    return pl.Series("c", cells)


@pytest.mark.parametrize("every_cell", [True, False])
def test_a_full_scan_counts_composite_cells_in_every_cell(as_of, every_cell):
    """Composite cells only after the sample budget: a full scan cuts and counts each of them; a
    sampled scan cuts none past its budget, and finds the mobiles by the text search instead."""
    plain, composite = CELL_BUDGET + 1000, 3000
    scan = ColumnScan(["c"], load_specs(), as_of, every_cell=every_cell)
    column = _composite_column(plain, composite)
    for start in range(0, column.len(), 2500):  # batches, as a file is read
        scan.observe(column.slice(start, 2500))
    found = {v.type: v for v in scan.verdicts()}
    if every_cell:
        assert found["CN_MOBILE"].hits == composite and found["PERSON_NAME"].hits == composite
        assert found["CN_MOBILE"].ratio == round(composite / (plain + composite), 4)
        assert "sampled_cells" not in found["CN_MOBILE"].signals
    else:  # the pieces are past the sample budget, but the text search reads every cell for identifiers
        assert found["CN_MOBILE"].hits == composite and found["CN_MOBILE"].mode == "text"
